#include "checksum/bucket_key.hpp"

#include "checksum/cdbhash.hpp"

#include <xxhash.h>

namespace gpparity::checksum {

namespace {

bool text_like(ValueClass c) noexcept {
    return c == ValueClass::text || c == ValueClass::enum_label;
}

// A field's value bytes (nullopt: NULL, whose encoding is its lone tag).
std::optional<std::string_view> value_of(std::string_view field) {
    if (field.size() <= 1) {
        return std::nullopt;
    }
    return field.substr(5);
}

// The value of bucket column `column`. With a key, bucket columns are key columns, and the key
// bytes hold the key columns' encodings in key order: a few fields to walk, not the row.
// Without one, the row's fields up to `column` (ignored columns encode nothing).
std::optional<std::string_view> bucket_value(const RowCodec& codec, std::string_view row,
                                             std::string_view key, std::size_t column) {
    std::size_t pos = 0;
    if (!codec.key_columns.empty()) {
        for (std::size_t k : codec.key_columns) {
            std::string_view field = next_field(key, pos);
            if (k == column) {
                return value_of(field);
            }
        }
        throw DecodeError("bucket: column " + std::to_string(column) + " is not a key column");
    }
    if (codec.columns[column].wire == Wire::ignore) {
        return std::nullopt;
    }
    std::string_view field;
    for (std::size_t i = 0; i <= column; ++i) {
        if (codec.columns[i].wire != Wire::ignore) {
            field = next_field(row, pos);
        }
    }
    return value_of(field);
}

// One column's hash: what its SQL twin in column_sql_hash() returns, as uint32.
std::uint32_t column_hash(ValueClass c, std::string_view v) {
    switch (c) {
    case ValueClass::integer:
    case ValueClass::timestamp:
    case ValueClass::timestamptz:
        return hash_datum(HashType::int8, v); // 8 bytes, big-endian: hashint8 / timestamp_hash
    case ValueClass::floating:
        return hash_datum(HashType::float8, v, FloatNan::canonical);
    case ValueClass::numeric:
        return hash_any(v); // hashtext of numeric_out
    case ValueClass::boolean:
        return hash_uint32(v.empty() ? 0U : static_cast<std::uint8_t>(v[0]));
    case ValueClass::date:
        if (v.size() != 4) {
            throw DecodeError("bucket: date is not 4 bytes");
        }
        return hash_uint32(read_u32(v.data())); // hashint4 of the day number
    case ValueClass::uuid:
        return hash_datum(HashType::uuid, v);
    case ValueClass::text:
    case ValueClass::enum_label: {
        // hashtext(rtrim(x, ' ')): char(n) pads, and its cast to text trims the padding.
        std::size_t end = v.size();
        while (end > 0 && v[end - 1] == ' ') {
            --end;
        }
        return hash_any(v.substr(0, end));
    }
    default:
        throw DecodeError("bucket: value class has no server hash");
    }
}

// The SQL twin of column_hash over the expression `x` (already parenthesised), as int4.
std::string column_sql_hash(ValueClass c, const std::string& x) {
    switch (c) {
    case ValueClass::integer:
        return "pg_catalog.hashint8(" + x + "::pg_catalog.int8)";
    case ValueClass::timestamp:
        return "pg_catalog.timestamp_hash(" + x + "::pg_catalog.timestamp)";
    case ValueClass::timestamptz:
        // AT TIME ZONE 'UTC' keeps the stored microseconds whatever the session's time zone.
        return "pg_catalog.timestamp_hash(" + x + "::pg_catalog.timestamptz AT TIME ZONE 'UTC')";
    case ValueClass::floating: {
        // Greenplum 6 hashes a NaN's stored bits; gpparity (like PostgreSQL 12+) the standard
        // quiet NaN, which 'NaN'::float8 is.
        std::string f = x + "::pg_catalog.float8";
        return "pg_catalog.hashfloat8(CASE WHEN " + f +
               " = 'NaN'::pg_catalog.float8 THEN 'NaN'::pg_catalog.float8 ELSE " + f + " END)";
    }
    case ValueClass::numeric:
        return "pg_catalog.hashtext(" + x + "::pg_catalog.numeric::pg_catalog.text)";
    case ValueClass::boolean:
        return "pg_catalog.hashint4(" + x + "::pg_catalog.int4)";
    case ValueClass::date: {
        // A date's hash is hashint4 of its day number since 2000-01-01; ±infinity are the
        // int4 extremes, which date subtraction refuses.
        std::string d = x + "::pg_catalog.date";
        return "pg_catalog.hashint4(CASE WHEN " + d +
               " = 'infinity'::pg_catalog.date THEN 2147483647 WHEN " + d +
               " = '-infinity'::pg_catalog.date THEN (-2147483647 - 1) ELSE " + d +
               " - '2000-01-01'::pg_catalog.date END)";
    }
    case ValueClass::uuid:
        return "pg_catalog.uuid_hash(" + x + "::pg_catalog.uuid)";
    case ValueClass::text:
    case ValueClass::enum_label:
        // "C": a nondeterministic column collation would hash a sort key, not the bytes.
        return "pg_catalog.hashtext(pg_catalog.rtrim(" + x +
               "::pg_catalog.text, ' ') COLLATE pg_catalog.\"C\")";
    default:
        throw DecodeError("bucket: value class has no server hash");
    }
}

constexpr std::uint32_t k_combine = 16777619U; // the FNV-1 32-bit prime

} // namespace

bool server_hashable(ValueClass value_class) noexcept {
    switch (value_class) {
    case ValueClass::integer:
    case ValueClass::floating:
    case ValueClass::numeric:
    case ValueClass::boolean:
    case ValueClass::text:
    case ValueClass::enum_label:
    case ValueClass::date:
    case ValueClass::timestamp:
    case ValueClass::timestamptz:
    case ValueClass::uuid:
        return true;
    default:
        return false;
    }
}

std::vector<std::size_t> choose_bucket_columns(const RowCodec& source, const RowCodec& target) {
    auto eligible = [&](std::size_t i) {
        if (i >= source.columns.size() || i >= target.columns.size()) {
            return false;
        }
        const Codec& s = source.columns[i];
        const Codec& t = target.columns[i];
        return s.wire != Wire::ignore && t.wire != Wire::ignore && s.value_class == t.value_class &&
               server_hashable(s.value_class);
    };
    std::vector<std::size_t> out;
    if (!source.key_columns.empty()) {
        for (std::size_t k : source.key_columns) {
            if (eligible(k)) {
                out.push_back(k);
            }
        }
        return out;
    }
    for (std::size_t i = 0; i < source.columns.size() && out.size() < k_keyless_bucket_columns;
         ++i) {
        if (eligible(i) && source.columns[i].value_class != ValueClass::boolean) {
            out.push_back(i);
        }
    }
    return out;
}

std::uint32_t bucket_hash(const RowCodec& codec, std::string_view row_bytes,
                          std::string_view key_bytes, std::uint64_t row_low64) {
    if (codec.bucket_columns.empty()) {
        return static_cast<std::uint32_t>(codec.key_columns.empty()
                                              ? row_low64
                                              : XXH3_64bits(key_bytes.data(), key_bytes.size()));
    }
    std::uint32_t h = 0;
    for (std::size_t column : codec.bucket_columns) {
        std::optional<std::string_view> value = bucket_value(codec, row_bytes, key_bytes, column);
        h = (h * k_combine) ^
            (value ? column_hash(codec.columns[column].value_class, *value) : k_null_bucket_hash);
    }
    return hash_uint32(h); // hashint8 of a value in [0, 2^32) is hash_uint32 of its low half
}

std::string bucket_sql(const RowCodec& codec, const std::vector<std::string>& column_sql) {
    if (codec.bucket_columns.empty()) {
        return {};
    }
    std::string h = "0::pg_catalog.int8";
    for (std::size_t column : codec.bucket_columns) {
        std::string term =
            "COALESCE(" +
            column_sql_hash(codec.columns[column].value_class, "(" + column_sql.at(column) + ")") +
            "::pg_catalog.int8 & 4294967295, " + std::to_string(k_null_bucket_hash) + ")";
        // h = (((h * k_combine) # term) & 4294967295)
        h.insert(0, "(((");
        h += " * ";
        h += std::to_string(k_combine);
        h += ") # ";
        h += term;
        h += ") & 4294967295)";
    }
    return "pg_catalog.hashint8(" + h + ")";
}

bool bucket_sql_usable(const RowCodec& codec, std::string_view server_encoding) {
    if (server_encoding == "UTF8" || server_encoding == "SQL_ASCII") {
        return true;
    }
    for (std::size_t column : codec.bucket_columns) {
        if (text_like(codec.columns[column].value_class)) {
            return false;
        }
    }
    return true;
}

} // namespace gpparity::checksum
