#include "checksum/cdbhash.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <string>

namespace gpparity::checksum {

namespace {

// ---- reading send-format (network byte order) values ----------------------------------------

[[noreturn]] void malformed(HashType type, std::string_view what) {
    throw PlacementHashError("cannot hash a " + std::string(to_string(type)) +
                             " value for placement: " + std::string(what));
}

void expect_size(HashType type, std::string_view bytes, std::size_t size) {
    if (bytes.size() != size) {
        malformed(type, "expected " + std::to_string(size) + " send-format bytes, got " +
                            std::to_string(bytes.size()));
    }
}

std::uint8_t byte_at(std::string_view bytes, std::size_t at) noexcept {
    return static_cast<std::uint8_t>(bytes[at]);
}

std::uint16_t be16(std::string_view bytes, std::size_t at) noexcept {
    return static_cast<std::uint16_t>((byte_at(bytes, at) << 8) | byte_at(bytes, at + 1));
}

std::uint32_t be32(std::string_view bytes, std::size_t at) noexcept {
    return (std::uint32_t{byte_at(bytes, at)} << 24) |
           (std::uint32_t{byte_at(bytes, at + 1)} << 16) |
           (std::uint32_t{byte_at(bytes, at + 2)} << 8) | std::uint32_t{byte_at(bytes, at + 3)};
}

std::uint64_t be64(std::string_view bytes, std::size_t at) noexcept {
    return (std::uint64_t{be32(bytes, at)} << 32) | be32(bytes, at + 4);
}

std::uint32_t le32(const unsigned char* p) noexcept {
    return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
           (std::uint32_t{p[3]} << 24);
}

// Appends `value` in x86-64 memory order (little-endian), the layout the server hashes.
template <typename Unsigned> void append_le(std::string& out, Unsigned value) {
    for (std::size_t i = 0; i < sizeof(Unsigned); ++i) {
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(value >> (8 * i))));
    }
}

// ---- lookup3 as in PostgreSQL's hash_any ----------------------------------------------------

struct Lookup3 {
    std::uint32_t a;
    std::uint32_t b;
    std::uint32_t c;

    void mix() noexcept {
        a -= c;
        a ^= std::rotl(c, 4);
        c += b;
        b -= a;
        b ^= std::rotl(a, 6);
        a += c;
        c -= b;
        c ^= std::rotl(b, 8);
        b += a;
        a -= c;
        a ^= std::rotl(c, 16);
        c += b;
        b -= a;
        b ^= std::rotl(a, 19);
        a += c;
        c -= b;
        c ^= std::rotl(b, 4);
        b += a;
    }
    void final() noexcept {
        c ^= b;
        c -= std::rotl(b, 14);
        a ^= c;
        a -= std::rotl(c, 11);
        b ^= a;
        b -= std::rotl(a, 25);
        c ^= b;
        c -= std::rotl(b, 16);
        a ^= c;
        a -= std::rotl(c, 4);
        b ^= a;
        b -= std::rotl(a, 14);
        c ^= b;
        c -= std::rotl(b, 24);
    }
};

constexpr std::uint32_t k_golden_ratio = 0x9e3779b9U;
// PostgreSQL's hash_any adds this constant to the initial state (hashfunc.c).
constexpr std::uint32_t k_pg_initval = 3923095U;

// ---- the default opclasses' functions -------------------------------------------------------

std::uint32_t hash_int8_value(std::int64_t value) noexcept {
    // hashint8 folds the high half into the low half (complemented for negatives) so that equal
    // int2/int4/int8 values hash alike.
    auto bits = static_cast<std::uint64_t>(value);
    auto low = static_cast<std::uint32_t>(bits);
    auto high = static_cast<std::uint32_t>(bits >> 32);
    low ^= value >= 0 ? high : ~high;
    return hash_uint32(low);
}

std::uint32_t hash_double_bits(std::uint64_t bits) noexcept {
    std::string le;
    append_le(le, bits);
    return hash_any(le);
}

// The NaN that PostgreSQL's get_float8_nan() returns on x86-64: (double) NAN.
constexpr std::uint64_t k_standard_nan_bits = 0x7ff8000000000000ULL;

std::uint32_t hash_float8_value(double value, FloatNan nan) noexcept {
    // hashfloat8: +0 and -0 compare equal, so both hash to 0. NaNs compare equal too; newer
    // servers hash them all as the standard NaN, Greenplum 6 hashes their stored bits.
    if (value == 0.0) {
        return 0;
    }
    if (std::isnan(value) && nan == FloatNan::canonical) {
        return hash_double_bits(k_standard_nan_bits);
    }
    return hash_double_bits(std::bit_cast<std::uint64_t>(value));
}

// Interval's comparison value in microseconds, low 64 bits: time + (month * 30 + day) days.
// interval_cmp_value computes it in 128 bits and interval_hash keeps the low 64, which is the
// same as wrapping 64-bit arithmetic.
std::int64_t interval_span_low64(std::int64_t time_us, std::int32_t days, std::int32_t months) {
    constexpr std::uint64_t k_usecs_per_day = 86'400'000'000ULL;
    std::int64_t total_days = std::int64_t{months} * 30 + days;
    std::uint64_t span = static_cast<std::uint64_t>(time_us) +
                         static_cast<std::uint64_t>(total_days) * k_usecs_per_day;
    return static_cast<std::int64_t>(span);
}

struct NumericSend {
    std::uint16_t ndigits = 0;
    std::int16_t weight = 0;
    std::uint16_t sign = 0;
    std::string_view digits; // ndigits big-endian int16s
};

constexpr std::uint16_t k_numeric_pos = 0x0000;
constexpr std::uint16_t k_numeric_neg = 0x4000;
constexpr std::uint16_t k_numeric_nan = 0xC000;
constexpr std::uint16_t k_numeric_pinf = 0xD000; // PostgreSQL 14+ only
constexpr std::uint16_t k_numeric_ninf = 0xF000; // PostgreSQL 14+ only

NumericSend parse_numeric(std::string_view bytes) {
    if (bytes.size() < 8) {
        malformed(HashType::numeric, "header shorter than 8 bytes");
    }
    NumericSend n;
    n.ndigits = be16(bytes, 0);
    n.weight = static_cast<std::int16_t>(be16(bytes, 2));
    n.sign = be16(bytes, 4);
    if (bytes.size() != 8 + 2 * std::size_t{n.ndigits}) {
        malformed(HashType::numeric, "length does not match its digit count");
    }
    if (n.sign != k_numeric_pos && n.sign != k_numeric_neg && n.sign != k_numeric_nan &&
        n.sign != k_numeric_pinf && n.sign != k_numeric_ninf) {
        malformed(HashType::numeric, "unknown sign word");
    }
    n.digits = bytes.substr(8);
    return n;
}

std::uint32_t hash_numeric_send(std::string_view bytes) {
    NumericSend n = parse_numeric(bytes);
    // NaN (and, on PostgreSQL 14+, ±Infinity) hash to 0 without looking at the digits.
    if (n.sign != k_numeric_pos && n.sign != k_numeric_neg) {
        return 0;
    }
    // Leading and trailing zero digits are skipped (weight drops by one per leading zero), the
    // scale and the sign are not hashed, and a value without non-zero digits hashes to -1.
    std::size_t first = 0;
    std::size_t last = n.ndigits;
    int weight = n.weight;
    while (first < last && be16(n.digits, 2 * first) == 0) {
        ++first;
        --weight;
    }
    if (first == last) {
        return 0xFFFFFFFFU;
    }
    while (last > first && be16(n.digits, 2 * (last - 1)) == 0) {
        --last;
    }
    std::string le;
    le.reserve(2 * (last - first));
    for (std::size_t i = first; i < last; ++i) {
        append_le(le, be16(n.digits, 2 * i));
    }
    return hash_any(le) ^ static_cast<std::uint32_t>(weight);
}

// inet_send: family, bits, is_cidr, address length, address. The server hashes family, bits
// and the address (inet_struct without the cidr flag).
std::string inet_key(std::string_view bytes) {
    if (bytes.size() < 4) {
        malformed(HashType::inet, "header shorter than 4 bytes");
    }
    std::uint8_t family = byte_at(bytes, 0);
    std::size_t address_size = 0;
    if (family == 2) { // PGSQL_AF_INET
        address_size = 4;
    } else if (family == 3) { // PGSQL_AF_INET6
        address_size = 16;
    } else {
        malformed(HashType::inet, "unknown address family " + std::to_string(family));
    }
    if (byte_at(bytes, 3) != address_size || bytes.size() != 4 + address_size) {
        malformed(HashType::inet, "address length does not match its family");
    }
    std::string key;
    key.push_back(bytes[0]);
    key.push_back(bytes[1]);
    key.append(bytes.substr(4));
    return key;
}

std::string_view strip_trailing_blanks(std::string_view text) noexcept {
    std::size_t length = text.size();
    while (length > 0 && text[length - 1] == ' ') {
        --length;
    }
    return text.substr(0, length);
}

// Greenplum's legacy ignoreblanks(): trailing blanks go, but never the first character, and
// values of one character are left alone.
std::string_view legacy_strip_blanks(std::string_view text) noexcept {
    std::size_t length = text.size();
    if (length <= 1) {
        return text;
    }
    while (text[length - 1] == ' ') {
        --length;
        if (length == 1) {
            break;
        }
    }
    return text.substr(0, length);
}

// Signed one-byte value as on x86-64, where `char` is signed.
std::int32_t signed_byte(std::string_view bytes) noexcept {
    return static_cast<std::int8_t>(byte_at(bytes, 0));
}

} // namespace

std::string_view to_string(HashType type) noexcept {
    switch (type) {
    case HashType::int2:
        return "int2";
    case HashType::int4:
        return "int4";
    case HashType::int8:
        return "int8";
    case HashType::oid:
        return "oid";
    case HashType::float4:
        return "float4";
    case HashType::float8:
        return "float8";
    case HashType::numeric:
        return "numeric";
    case HashType::text:
        return "text";
    case HashType::name:
        return "name";
    case HashType::bpchar:
        return "bpchar";
    case HashType::char_:
        return "char";
    case HashType::bool_:
        return "bool";
    case HashType::bytea:
        return "bytea";
    case HashType::date:
        return "date";
    case HashType::time:
        return "time";
    case HashType::timetz:
        return "timetz";
    case HashType::timestamp:
        return "timestamp";
    case HashType::timestamptz:
        return "timestamptz";
    case HashType::interval:
        return "interval";
    case HashType::uuid:
        return "uuid";
    case HashType::inet:
        return "inet";
    case HashType::macaddr:
        return "macaddr";
    }
    return "unknown";
}

namespace {

std::string_view without_catalog_prefix(std::string_view name) noexcept {
    constexpr std::string_view k_prefix = "pg_catalog.";
    if (name.substr(0, k_prefix.size()) == k_prefix) {
        name.remove_prefix(k_prefix.size());
    }
    return name;
}

// format_type puts type modifiers in parentheses, sometimes mid-name ("timestamp(3) with time
// zone"); drop them and normalise the spacing that remains.
std::string without_typmod(std::string_view name) {
    std::string out;
    int depth = 0;
    for (char ch : name) {
        if (ch == '(') {
            ++depth;
        } else if (ch == ')') {
            --depth;
        } else if (depth == 0) {
            if (ch == ' ' && (out.empty() || out.back() == ' ')) {
                continue;
            }
            out.push_back(ch);
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

struct NamedType {
    std::string_view name;
    HashType type;
};

// pg_type.typname spellings first, then format_type's SQL spellings.
constexpr std::array k_type_names{
    NamedType{"int2", HashType::int2},
    NamedType{"int4", HashType::int4},
    NamedType{"int8", HashType::int8},
    NamedType{"oid", HashType::oid},
    NamedType{"float4", HashType::float4},
    NamedType{"float8", HashType::float8},
    NamedType{"numeric", HashType::numeric},
    NamedType{"text", HashType::text},
    NamedType{"varchar", HashType::text},
    NamedType{"name", HashType::name},
    NamedType{"bpchar", HashType::bpchar},
    NamedType{"char", HashType::char_},
    NamedType{"bool", HashType::bool_},
    NamedType{"bytea", HashType::bytea},
    NamedType{"date", HashType::date},
    NamedType{"time", HashType::time},
    NamedType{"timetz", HashType::timetz},
    NamedType{"timestamp", HashType::timestamp},
    NamedType{"timestamptz", HashType::timestamptz},
    NamedType{"interval", HashType::interval},
    NamedType{"uuid", HashType::uuid},
    NamedType{"inet", HashType::inet},
    NamedType{"cidr", HashType::inet},
    NamedType{"macaddr", HashType::macaddr},
    NamedType{"smallint", HashType::int2},
    NamedType{"integer", HashType::int4},
    NamedType{"bigint", HashType::int8},
    NamedType{"real", HashType::float4},
    NamedType{"double precision", HashType::float8},
    NamedType{"character varying", HashType::text},
    NamedType{"character", HashType::bpchar},
    NamedType{"\"char\"", HashType::char_},
    NamedType{"boolean", HashType::bool_},
    NamedType{"time without time zone", HashType::time},
    NamedType{"time with time zone", HashType::timetz},
    NamedType{"timestamp without time zone", HashType::timestamp},
    NamedType{"timestamp with time zone", HashType::timestamptz},
};

// Hash opclass names (pg_opclass.opcname, access method hash) without any "cdbhash_" prefix.
constexpr std::array k_opclass_names{
    NamedType{"int2_ops", HashType::int2},
    NamedType{"int4_ops", HashType::int4},
    NamedType{"int8_ops", HashType::int8},
    NamedType{"oid_ops", HashType::oid},
    NamedType{"float4_ops", HashType::float4},
    NamedType{"float8_ops", HashType::float8},
    NamedType{"numeric_ops", HashType::numeric},
    NamedType{"text_ops", HashType::text},
    NamedType{"varchar_ops", HashType::text},
    NamedType{"text_pattern_ops", HashType::text},
    NamedType{"varchar_pattern_ops", HashType::text},
    NamedType{"name_ops", HashType::name},
    NamedType{"bpchar_ops", HashType::bpchar},
    NamedType{"bpchar_pattern_ops", HashType::bpchar},
    NamedType{"char_ops", HashType::char_},
    NamedType{"bool_ops", HashType::bool_},
    NamedType{"bytea_ops", HashType::bytea},
    NamedType{"date_ops", HashType::date},
    NamedType{"time_ops", HashType::time},
    NamedType{"timetz_ops", HashType::timetz},
    NamedType{"timestamp_ops", HashType::timestamp},
    NamedType{"timestamptz_ops", HashType::timestamptz},
    NamedType{"interval_ops", HashType::interval},
    NamedType{"uuid_ops", HashType::uuid},
    NamedType{"inet_ops", HashType::inet},
    NamedType{"cidr_ops", HashType::inet},
    NamedType{"macaddr_ops", HashType::macaddr},
};

// The legacy opclasses that exist (GP6 pg_opclass.h, GP7 pg_opclass.dat): no pattern or cidr
// variants; cdbhash_varchar_ops only in GP6 (same function as cdbhash_text_ops).
constexpr std::array<std::string_view, 23> k_legacy_opclasses{
    "int2_ops",        "int4_ops",     "int8_ops",    "oid_ops",  "float4_ops",  "float8_ops",
    "numeric_ops",     "text_ops",     "varchar_ops", "name_ops", "bpchar_ops",  "char_ops",
    "bool_ops",        "bytea_ops",    "date_ops",    "time_ops", "timetz_ops",  "timestamp_ops",
    "timestamptz_ops", "interval_ops", "uuid_ops",    "inet_ops", "macaddr_ops",
};

} // namespace

std::optional<HashType> hash_type_from_type_name(std::string_view type_name) {
    std::string name = without_typmod(without_catalog_prefix(type_name));
    // "interval year to month" and the like: the field restriction is a type modifier.
    if (name.rfind("interval ", 0) == 0) {
        name = "interval";
    }
    for (const auto& entry : k_type_names) {
        if (entry.name == name) {
            return entry.type;
        }
    }
    return std::nullopt;
}

std::optional<HashOpclass> hash_opclass_from_name(std::string_view opclass_name) {
    std::string_view name = without_catalog_prefix(opclass_name);
    constexpr std::string_view k_legacy_prefix = "cdbhash_";
    bool legacy = name.substr(0, k_legacy_prefix.size()) == k_legacy_prefix;
    if (legacy) {
        name.remove_prefix(k_legacy_prefix.size());
        bool exists = false;
        for (auto legacy_name : k_legacy_opclasses) {
            exists = exists || legacy_name == name;
        }
        if (!exists) {
            return std::nullopt;
        }
    }
    for (const auto& entry : k_opclass_names) {
        if (entry.name == name) {
            return HashOpclass{entry.type, legacy};
        }
    }
    return std::nullopt;
}

std::uint32_t hash_any(std::string_view bytes) noexcept {
    const auto* k = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t length = bytes.size();
    std::uint32_t init = k_golden_ratio + static_cast<std::uint32_t>(length) + k_pg_initval;
    Lookup3 s{init, init, init};
    // Unlike Jenkins' original, PostgreSQL mixes every full 12-byte block, including a last
    // one, and always runs the final mix (also for empty input).
    while (length >= 12) {
        s.a += le32(k);
        s.b += le32(k + 4);
        s.c += le32(k + 8);
        s.mix();
        k += 12;
        length -= 12;
    }
    // The last 0..11 bytes, little-endian; the lowest byte of c stays for the length.
    for (std::size_t i = 0; i < length; ++i) {
        std::uint32_t byte = k[i];
        if (i < 4) {
            s.a += byte << (8 * i);
        } else if (i < 8) {
            s.b += byte << (8 * (i - 4));
        } else {
            s.c += byte << (8 * (i - 7));
        }
    }
    s.final();
    return s.c;
}

std::uint32_t hash_uint32(std::uint32_t value) noexcept {
    std::uint32_t init = k_golden_ratio + 4U + k_pg_initval;
    Lookup3 s{init + value, init, init};
    s.final();
    return s.c;
}

std::uint32_t hash_datum(HashType type, std::string_view b, FloatNan nan) {
    switch (type) {
    case HashType::int2:
        expect_size(type, b, 2);
        return hash_uint32(static_cast<std::uint32_t>(
            static_cast<std::int32_t>(static_cast<std::int16_t>(be16(b, 0)))));
    case HashType::int4:
    case HashType::oid:
    case HashType::date:
        expect_size(type, b, 4);
        return hash_uint32(be32(b, 0));
    case HashType::int8:
    case HashType::time:
    case HashType::timestamp:
    case HashType::timestamptz:
        expect_size(type, b, 8);
        return hash_int8_value(static_cast<std::int64_t>(be64(b, 0)));
    case HashType::float4: {
        expect_size(type, b, 4);
        // hashfloat4 widens to float8 so equal float4 and float8 values hash alike.
        auto value = std::bit_cast<float>(be32(b, 0));
        return hash_float8_value(static_cast<double>(value), nan);
    }
    case HashType::float8:
        expect_size(type, b, 8);
        return hash_float8_value(std::bit_cast<double>(be64(b, 0)), nan);
    case HashType::numeric:
        return hash_numeric_send(b);
    case HashType::text:
    case HashType::name:
    case HashType::bytea:
        return hash_any(b);
    case HashType::bpchar:
        return hash_any(strip_trailing_blanks(b));
    case HashType::char_:
    case HashType::bool_:
        expect_size(type, b, 1);
        return hash_uint32(static_cast<std::uint32_t>(signed_byte(b)));
    case HashType::timetz: {
        expect_size(type, b, 12);
        std::uint32_t time_hash = hash_int8_value(static_cast<std::int64_t>(be64(b, 0)));
        return time_hash ^ hash_uint32(be32(b, 8));
    }
    case HashType::interval: {
        expect_size(type, b, 16);
        auto time_us = static_cast<std::int64_t>(be64(b, 0));
        auto days = static_cast<std::int32_t>(be32(b, 8));
        auto months = static_cast<std::int32_t>(be32(b, 12));
        return hash_int8_value(interval_span_low64(time_us, days, months));
    }
    case HashType::uuid:
        expect_size(type, b, 16);
        return hash_any(b);
    case HashType::inet:
        return hash_any(inet_key(b));
    case HashType::macaddr:
        expect_size(type, b, 6);
        return hash_any(b);
    }
    malformed(type, "unknown type");
}

std::uint32_t fnv1_32(std::string_view bytes, std::uint32_t basis) noexcept {
    constexpr std::uint32_t k_fnv_32_prime = 0x01000193U;
    std::uint32_t h = basis;
    for (char ch : bytes) {
        h *= k_fnv_32_prime;
        h ^= static_cast<std::uint8_t>(ch);
    }
    return h;
}

std::uint32_t legacy_hash_null(std::uint32_t basis) noexcept {
    // NULL hashes as the constant 0xF0F0F0F1 in memory order.
    std::string le;
    append_le(le, std::uint32_t{0xF0F0F0F1U});
    return fnv1_32(le, basis);
}

// NOLINTNEXTLINE(readability-function-size): a flat switch over the hash types
std::uint32_t legacy_hash_datum(HashType type, std::string_view b, std::uint32_t basis) {
    // Every legacy function hashes the value's in-memory representation; integers of every
    // width (and oid) are widened to an int64 first.
    std::string le;
    switch (type) {
    case HashType::int2:
        expect_size(type, b, 2);
        append_le(le, static_cast<std::uint64_t>(
                          static_cast<std::int64_t>(static_cast<std::int16_t>(be16(b, 0)))));
        return fnv1_32(le, basis);
    case HashType::int4:
    case HashType::oid:
        // cdblegacyhash_oid reads its argument as int32: oids above 2^31 sign-extend.
        expect_size(type, b, 4);
        append_le(le, static_cast<std::uint64_t>(
                          static_cast<std::int64_t>(static_cast<std::int32_t>(be32(b, 0)))));
        return fnv1_32(le, basis);
    case HashType::int8:
    case HashType::time:
    case HashType::timestamp:
    case HashType::timestamptz:
        expect_size(type, b, 8);
        append_le(le, be64(b, 0));
        return fnv1_32(le, basis);
    case HashType::date:
        expect_size(type, b, 4);
        append_le(le, be32(b, 0));
        return fnv1_32(le, basis);
    case HashType::float4: {
        // -0 becomes +0; not widened; NaN bits as stored.
        expect_size(type, b, 4);
        std::uint32_t bits = be32(b, 0);
        if (std::bit_cast<float>(bits) == 0.0F) {
            bits = 0;
        }
        append_le(le, bits);
        return fnv1_32(le, basis);
    }
    case HashType::float8: {
        expect_size(type, b, 8);
        std::uint64_t bits = be64(b, 0);
        if (std::bit_cast<double>(bits) == 0.0) {
            bits = 0;
        }
        append_le(le, bits);
        return fnv1_32(le, basis);
    }
    case HashType::numeric: {
        NumericSend n = parse_numeric(b);
        if (n.sign == k_numeric_nan) {
            append_le(le, std::uint32_t{0xE0E0E0E1U});
            return fnv1_32(le, basis);
        }
        if (n.sign != k_numeric_pos && n.sign != k_numeric_neg) {
            malformed(type, "numeric infinity does not exist in Greenplum 6 or 7");
        }
        // Only the stored base-10000 digits are hashed: not the weight, sign or scale.
        for (std::size_t i = 0; i < n.ndigits; ++i) {
            append_le(le, be16(n.digits, 2 * i));
        }
        return fnv1_32(le, basis);
    }
    case HashType::text:
    case HashType::bpchar:
        // cdblegacyhash_text serves text, varchar and bpchar alike.
        return fnv1_32(legacy_strip_blanks(b), basis);
    case HashType::name: {
        // The whole NAMEDATALEN (64) buffer, NUL padding included (the last byte is always NUL,
        // so no blank is ever stripped).
        constexpr std::size_t k_namedatalen = 64;
        if (b.size() >= k_namedatalen) {
            malformed(type, "name longer than 63 bytes");
        }
        le.assign(b);
        le.resize(k_namedatalen, '\0');
        return fnv1_32(le, basis);
    }
    case HashType::bytea:
        return fnv1_32(b, basis);
    case HashType::char_:
    case HashType::bool_:
        expect_size(type, b, 1);
        return fnv1_32(b, basis);
    case HashType::timetz:
        // TimeTzADT in memory: int64 time, int32 zone.
        expect_size(type, b, 12);
        append_le(le, be64(b, 0));
        append_le(le, be32(b, 8));
        return fnv1_32(le, basis);
    case HashType::interval:
        // cdblegacyhash_interval hashes sizeof(time) + sizeof(month) = 12 bytes from the start
        // of struct Interval {int64 time; int32 day; int32 month;}: time and day, never month.
        expect_size(type, b, 16);
        append_le(le, be64(b, 0));
        append_le(le, be32(b, 8));
        return fnv1_32(le, basis);
    case HashType::uuid:
        expect_size(type, b, 16);
        return fnv1_32(b, basis);
    case HashType::inet:
        return fnv1_32(inet_key(b), basis);
    case HashType::macaddr:
        expect_size(type, b, 6);
        return fnv1_32(b, basis);
    }
    malformed(type, "unknown type");
}

std::int32_t jump_consistent_hash(std::uint64_t key, std::int32_t num_buckets) noexcept {
    // Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014), with the
    // same floating-point expression as cdbhash.c so rounding matches bit for bit.
    std::int64_t bucket = -1;
    std::int64_t next = 0;
    while (next < num_buckets) {
        bucket = next;
        key = key * 2862933555777941757ULL + 1;
        next = static_cast<std::int64_t>(
            static_cast<double>(bucket + 1) *
            (static_cast<double>(std::int64_t{1} << 31) / static_cast<double>((key >> 33) + 1)));
    }
    return static_cast<std::int32_t>(bucket);
}

CdbHash::CdbHash(int numsegments, bool legacy, FloatNan nan)
    : m_numsegments(numsegments), m_legacy(legacy), m_nan(nan), m_hash(0) {
    if (numsegments < 1) {
        throw PlacementHashError("numsegments must be at least 1, got " +
                                 std::to_string(numsegments));
    }
    reset();
}

void CdbHash::reset() noexcept {
    m_hash = m_legacy ? k_fnv1_32_init : 0U;
}

void CdbHash::add(HashType type, const std::optional<std::string_view>& send_bytes) {
    if (m_legacy) {
        // The legacy functions continue the FNV-1 hash of the previous columns.
        m_hash =
            send_bytes ? legacy_hash_datum(type, *send_bytes, m_hash) : legacy_hash_null(m_hash);
        return;
    }
    m_hash = std::rotl(m_hash, 1);
    if (send_bytes) {
        m_hash ^= hash_datum(type, *send_bytes, m_nan);
    }
}

int CdbHash::segment() const noexcept {
    if (!m_legacy) {
        return jump_consistent_hash(m_hash, m_numsegments);
    }
    auto segments = static_cast<std::uint32_t>(m_numsegments);
    if ((segments & (segments - 1)) == 0) {
        return static_cast<int>(m_hash & (segments - 1));
    }
    return static_cast<int>(m_hash % segments);
}

} // namespace gpparity::checksum
