#include "checksum/row_codec.hpp"

#include "checksum/big_endian.hpp"

#include <bit>
#include <cmath>
#include <cstring>

namespace gpparity::checksum {

namespace {

using big_endian::patch_u32;
using big_endian::put_u32;
using big_endian::put_u64;

[[noreturn]] void bad(const char* what, std::size_t length) {
    throw DecodeError(std::string("cannot decode a ") + what + " value of " +
                      std::to_string(length) + " bytes");
}

void need(std::string_view bytes, std::size_t size, const char* what) {
    if (bytes.size() != size) {
        bad(what, bytes.size());
    }
}

// Writes the value part (after the tag and length) of one non-NULL field.
void encode_value(const Codec& codec, std::string_view b, std::string& out);

// The canonical length of a value whose length is known before encoding it (the hot path:
// most columns), or 0 for the variable ones (numeric, money, arrays, composites).
std::size_t known_length(Wire wire, std::size_t send_length) noexcept {
    switch (wire) {
    case Wire::int2:
    case Wire::int4:
    case Wire::int8:
    case Wire::float4:
    case Wire::float8:
        return 8;
    case Wire::text:
    case Wire::bytea:
    case Wire::json:
    case Wire::date:
    case Wire::time:
    case Wire::timestamp:
    case Wire::timestamptz:
    case Wire::timetz:
    case Wire::interval:
    case Wire::uuid:
    case Wire::macaddr:
    case Wire::macaddr8:
    case Wire::inet:
    case Wire::bit:
        return send_length;
    case Wire::boolean:
        return 1;
    case Wire::jsonb:
        return send_length == 0 ? 0 : send_length - 1;
    default:
        return 0;
    }
}

void encode_nested(const Codec& codec, std::string_view bytes, bool is_null, std::string& out) {
    if (is_null) {
        out.push_back(static_cast<char>(ValueClass::null));
        return;
    }
    std::size_t length = known_length(codec.wire, bytes.size());
    if (length != 0) {
        char header[5] = {static_cast<char>(codec.value_class), static_cast<char>(length >> 24),
                          static_cast<char>((length >> 16) & 0xFF),
                          static_cast<char>((length >> 8) & 0xFF),
                          static_cast<char>(length & 0xFF)};
        out.append(header, 5);
        std::size_t before = out.size();
        encode_value(codec, bytes, out);
        if (out.size() - before != length) {
            throw DecodeError("internal: canonical length mismatch");
        }
        return;
    }
    out.push_back(static_cast<char>(codec.value_class));
    std::size_t length_at = out.size();
    out.append(4, '\0');
    encode_value(codec, bytes, out);
    patch_u32(out, length_at, static_cast<std::uint32_t>(out.size() - length_at - 4));
}

void encode_array(const Codec& codec, std::string_view b, std::string& out) {
    // array_send: ndim, has-null flag, element type OID (differs per cluster: ignored), then
    // (length, lower bound) per dimension, then each element as (length or -1, bytes).
    if (b.size() < 12 || codec.children.size() != 1) {
        bad("array", b.size());
    }
    const char* p = b.data();
    std::uint32_t ndim = read_u32(p);
    if (ndim > 6) {
        bad("array", b.size());
    }
    std::size_t pos = 12;
    if (b.size() < pos + 8 * static_cast<std::size_t>(ndim)) {
        bad("array", b.size());
    }
    put_u32(out, ndim);
    std::uint64_t elements = ndim == 0 ? 0 : 1;
    for (std::uint32_t d = 0; d < ndim; ++d) {
        std::uint32_t length = read_u32(p + pos);
        put_u32(out, length);
        put_u32(out, read_u32(p + pos + 4));
        elements *= length;
        pos += 8;
    }
    const Codec& element = codec.children.front();
    for (std::uint64_t i = 0; i < elements; ++i) {
        if (b.size() - pos < 4) {
            bad("array", b.size());
        }
        auto length = static_cast<std::int32_t>(read_u32(p + pos));
        pos += 4;
        if (length < 0) {
            encode_nested(element, {}, true, out);
            continue;
        }
        auto n = static_cast<std::size_t>(length);
        if (b.size() - pos < n) {
            bad("array", b.size());
        }
        encode_nested(element, b.substr(pos, n), false, out);
        pos += n;
    }
    if (pos != b.size()) {
        bad("array", b.size());
    }
}

void encode_record(const Codec& codec, std::string_view b, std::string& out) {
    // record_send: field count, then (type OID, length or -1, bytes) per non-dropped field.
    // The OIDs differ per cluster; the codec (built from each side's own catalog) decides.
    if (b.size() < 4) {
        bad("composite", b.size());
    }
    const char* p = b.data();
    std::uint32_t count = read_u32(p);
    if (count != codec.children.size()) {
        throw DecodeError("composite value has " + std::to_string(count) + " fields, expected " +
                          std::to_string(codec.children.size()));
    }
    put_u32(out, count);
    std::size_t pos = 4;
    for (const Codec& field : codec.children) {
        if (b.size() - pos < 8) {
            bad("composite", b.size());
        }
        auto length = static_cast<std::int32_t>(read_u32(p + pos + 4));
        pos += 8;
        if (length < 0) {
            encode_nested(field, {}, true, out);
            continue;
        }
        auto n = static_cast<std::size_t>(length);
        if (b.size() - pos < n) {
            bad("composite", b.size());
        }
        encode_nested(field, b.substr(pos, n), false, out);
        pos += n;
    }
    if (pos != b.size()) {
        bad("composite", b.size());
    }
}

// NOLINTNEXTLINE(readability-function-size): a flat switch over the wire types
void encode_value(const Codec& codec, std::string_view b, std::string& out) {
    switch (codec.wire) {
    case Wire::int2:
        need(b, 2, "int2");
        put_u64(out, static_cast<std::uint64_t>(
                         static_cast<std::int64_t>(static_cast<std::int16_t>(read_u16(b.data())))));
        return;
    case Wire::int4:
        need(b, 4, "int4");
        put_u64(out, static_cast<std::uint64_t>(
                         static_cast<std::int64_t>(static_cast<std::int32_t>(read_u32(b.data())))));
        return;
    case Wire::int8:
        need(b, 8, "int8");
        out.append(b);
        return;
    case Wire::float4: {
        need(b, 4, "float4");
        float f = std::bit_cast<float>(read_u32(b.data()));
        put_u64(out, canonical_float_bits(static_cast<double>(f)));
        return;
    }
    case Wire::float8:
        need(b, 8, "float8");
        put_u64(out, canonical_float_bits(std::bit_cast<double>(read_u64(b.data()))));
        return;
    case Wire::numeric:
        append_numeric_text(b, out);
        return;
    case Wire::money: {
        // cash_send: int64 in hundredths under lc_monetary=C (2 fraction digits), printed as
        // numeric with scale 2, the same text `c::numeric` gives at the top level.
        need(b, 8, "money");
        auto cents = static_cast<std::int64_t>(read_u64(b.data()));
        bool negative = cents < 0;
        std::uint64_t magnitude =
            negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
        std::string digits = std::to_string(magnitude / 100);
        std::uint64_t fraction = magnitude % 100;
        if (negative) {
            out.push_back('-');
        }
        out.append(digits).push_back('.');
        out.push_back(static_cast<char>('0' + fraction / 10));
        out.push_back(static_cast<char>('0' + fraction % 10));
        return;
    }
    case Wire::boolean:
        need(b, 1, "boolean");
        out.push_back(b[0] != 0 ? '\1' : '\0');
        return;
    case Wire::date:
        need(b, 4, "date");
        out.append(b);
        return;
    case Wire::time:
    case Wire::timestamp:
    case Wire::timestamptz:
        need(b, 8, "time/timestamp");
        out.append(b);
        return;
    case Wire::timetz:
        need(b, 12, "timetz");
        out.append(b);
        return;
    case Wire::interval:
        need(b, 16, "interval");
        out.append(b);
        return;
    case Wire::uuid:
        need(b, 16, "uuid");
        out.append(b);
        return;
    case Wire::macaddr:
        need(b, 6, "macaddr");
        out.append(b);
        return;
    case Wire::macaddr8:
        need(b, 8, "macaddr8");
        out.append(b);
        return;
    case Wire::jsonb:
        // jsonb_send: version byte 1, then the text form (same on GP6, GP7, PostgreSQL).
        if (b.empty() || b[0] != 1) {
            bad("jsonb", b.size());
        }
        out.append(b.substr(1));
        return;
    case Wire::inet:
        if (b.size() < 4 ||
            b.size() != 4 + static_cast<std::size_t>(static_cast<unsigned char>(b[3]))) {
            bad("inet", b.size());
        }
        out.append(b);
        return;
    case Wire::bit:
        if (b.size() < 4 ||
            b.size() != 4 + (static_cast<std::size_t>(read_u32(b.data())) + 7) / 8) {
            bad("bit", b.size());
        }
        out.append(b);
        return;
    case Wire::array:
        encode_array(codec, b, out);
        return;
    case Wire::record:
        encode_record(codec, b, out);
        return;
    case Wire::text:
    case Wire::bytea:
    case Wire::json:
    case Wire::ignore:
        out.append(b);
        return;
    }
}

} // namespace

std::uint64_t canonical_float_bits(double value) noexcept {
    // SQL equality first: every NaN is one value (float8_eq treats NaNs as equal) and -0 = +0.
    if (std::isnan(value)) {
        return 0x7FF8000000000000ULL;
    }
    if (value == 0.0) {
        return 0;
    }
    return std::bit_cast<std::uint64_t>(value);
}

std::string numeric_send_to_text(std::string_view send) {
    std::string out;
    append_numeric_text(send, out);
    return out;
}

void append_numeric_text(std::string_view send, std::string& out) {
    // numeric_send: int16 ndigits, int16 weight, uint16 sign, uint16 dscale, then ndigits
    // base-10000 digits. Printed as numeric_out's get_str_from_var does.
    if (send.size() < 8) {
        bad("numeric", send.size());
    }
    const char* p = send.data();
    auto ndigits = static_cast<std::int16_t>(read_u16(p));
    auto weight = static_cast<std::int16_t>(read_u16(p + 2));
    std::uint16_t sign = read_u16(p + 4);
    std::uint16_t dscale = read_u16(p + 6);
    if (ndigits < 0 || send.size() != 8 + 2 * static_cast<std::size_t>(ndigits)) {
        bad("numeric", send.size());
    }
    if (sign == 0xC000) {
        out.append("NaN");
        return;
    }
    if (sign == 0xD000) {
        out.append("Infinity");
        return;
    }
    if (sign == 0xF000) {
        out.append("-Infinity");
        return;
    }
    if (sign != 0x0000 && sign != 0x4000) {
        bad("numeric", send.size());
    }
    auto digit = [&](int i) -> unsigned {
        if (i < 0 || i >= ndigits) {
            return 0;
        }
        unsigned d = read_u16(p + 8 + 2 * static_cast<std::size_t>(i));
        if (d > 9999) {
            bad("numeric", send.size());
        }
        return d;
    };
    if (sign == 0x4000) {
        out.push_back('-');
    }
    if (weight < 0) {
        out.push_back('0');
    } else {
        for (int i = 0; i <= weight; ++i) {
            unsigned d = digit(i);
            char buf[5];
            buf[0] = static_cast<char>('0' + d / 1000);
            buf[1] = static_cast<char>('0' + (d / 100) % 10);
            buf[2] = static_cast<char>('0' + (d / 10) % 10);
            buf[3] = static_cast<char>('0' + d % 10);
            if (i == 0) {
                int skip = 0;
                while (skip < 3 && buf[skip] == '0') {
                    ++skip;
                }
                out.append(buf + skip, static_cast<std::size_t>(4 - skip));
            } else {
                out.append(buf, 4);
            }
        }
    }
    if (dscale > 0) {
        out.push_back('.');
        std::size_t written = 0;
        for (int i = weight + 1; written < dscale; ++i) {
            unsigned d = digit(i);
            char buf[4] = {static_cast<char>('0' + d / 1000),
                           static_cast<char>('0' + (d / 100) % 10),
                           static_cast<char>('0' + (d / 10) % 10), static_cast<char>('0' + d % 10)};
            std::size_t take = std::min<std::size_t>(4, dscale - written);
            out.append(buf, take);
            written += take;
        }
    }
}

void encode_field(const Codec& codec, const FieldView& field, std::string& out) {
    encode_nested(codec, field.bytes(), field.is_null(), out);
}

void encode_row(const RowCodec& codec, const std::vector<FieldView>& fields, std::size_t first,
                std::string& out, std::string& key) {
    out.clear();
    key.clear();
    std::size_t n = codec.columns.size();
    if (fields.size() != first + n) {
        throw DecodeError("row has " + std::to_string(fields.size() - first) +
                          " columns, expected " + std::to_string(n));
    }
    if (codec.key_columns.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (codec.columns[i].wire != Wire::ignore) {
                encode_field(codec.columns[i], fields[first + i], out);
            }
        }
        return;
    }
    // Remember where each field starts so the key can be cut out of the row encoding.
    std::size_t starts[64];
    bool small = n < 64;
    for (std::size_t i = 0; i < n; ++i) {
        if (small) {
            starts[i] = out.size();
        }
        if (codec.columns[i].wire != Wire::ignore) {
            encode_field(codec.columns[i], fields[first + i], out);
        }
    }
    for (std::size_t k : codec.key_columns) {
        if (small) {
            std::size_t end = k + 1 < n ? starts[k + 1] : out.size();
            key.append(out, starts[k], end - starts[k]);
        } else {
            encode_field(codec.columns[k], fields[first + k], key);
        }
    }
}

std::string_view next_field(std::string_view row, std::size_t& pos) {
    if (pos >= row.size()) {
        throw DecodeError("row encoding ends before a field");
    }
    std::size_t start = pos;
    if (row[pos] == static_cast<char>(ValueClass::null)) {
        ++pos;
        return row.substr(start, 1);
    }
    if (row.size() - pos < 5) {
        throw DecodeError("truncated field header in a row encoding");
    }
    std::size_t length = read_u32(row.data() + pos + 1);
    if (row.size() - pos - 5 < length) {
        throw DecodeError("truncated field in a row encoding");
    }
    pos += 5 + length;
    return row.substr(start, 5 + length);
}

std::vector<std::string_view> split_row(const RowCodec& codec, std::string_view row) {
    std::vector<std::string_view> out;
    out.reserve(codec.columns.size());
    std::size_t pos = 0;
    for (const Codec& column : codec.columns) {
        out.push_back(column.wire == Wire::ignore ? std::string_view() : next_field(row, pos));
    }
    if (pos != row.size()) {
        throw DecodeError("row encoding has more fields than the codec's columns");
    }
    return out;
}

} // namespace gpparity::checksum
