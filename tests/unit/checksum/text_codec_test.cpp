// The c1 encoding from COPY CSV text: every value class gives the bytes encode_field() gives
// for the same value's hand-built send bytes.
#include "checksum/text_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <limits>
#include <string>

using namespace gpparity::checksum;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) {
        out.push_back(static_cast<char>(v));
    }
    return out;
}

std::string be16(std::uint16_t v) {
    return bytes({v >> 8, v & 0xFF});
}

std::string be32(std::uint32_t v) {
    return bytes({static_cast<int>(v >> 24), static_cast<int>((v >> 16) & 0xFF),
                  static_cast<int>((v >> 8) & 0xFF), static_cast<int>(v & 0xFF)});
}

std::string be32s(std::int32_t v) {
    return be32(static_cast<std::uint32_t>(v));
}

std::string be64(std::uint64_t v) {
    return be32(static_cast<std::uint32_t>(v >> 32)) + be32(static_cast<std::uint32_t>(v));
}

std::string be64s(std::int64_t v) {
    return be64(static_cast<std::uint64_t>(v));
}

std::string hex(const std::string& s) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xF]);
    }
    return out;
}

Codec scalar(ValueClass c, Wire w) {
    return Codec{c, w, {}};
}

std::string from_send(const Codec& codec, const std::optional<std::string>& send) {
    std::string out;
    FieldView field = send ? FieldView{send->data(), static_cast<std::int32_t>(send->size())}
                           : FieldView{nullptr, -1};
    encode_field(codec, field, out);
    return hex(out);
}

std::string from_text(const Codec& codec, std::optional<std::string_view> text) {
    std::string out;
    encode_text_field(codec, text, out);
    return hex(out);
}

// The text form must encode exactly as the send form.
#define EXPECT_SAME(codec, text, send)                                                             \
    EXPECT_EQ(from_text(codec, text), from_send(codec, send)) << "text: " << (text)

std::string numeric_send(const std::vector<int>& digits, int weight, int sign, int dscale) {
    std::string out =
        be16(static_cast<std::uint16_t>(digits.size())) + be16(static_cast<std::uint16_t>(weight)) +
        be16(static_cast<std::uint16_t>(sign)) + be16(static_cast<std::uint16_t>(dscale));
    for (int d : digits) {
        out += be16(static_cast<std::uint16_t>(d));
    }
    return out;
}

// array_send: ndim, has-null, element OID, (length, lower bound) per dimension, elements.
std::string array_send(const std::vector<std::pair<int, int>>& dims,
                       const std::vector<std::optional<std::string>>& elements) {
    std::string out = be32(static_cast<std::uint32_t>(dims.size())) + be32(0) + be32(23);
    for (auto [length, lower] : dims) {
        out += be32s(length) + be32s(lower);
    }
    for (const auto& e : elements) {
        out += e ? be32(static_cast<std::uint32_t>(e->size())) + *e : be32s(-1);
    }
    return out;
}

// record_send: field count, then (type OID, length or -1, bytes) per field.
std::string record_send(const std::vector<std::optional<std::string>>& fields) {
    std::string out = be32(static_cast<std::uint32_t>(fields.size()));
    for (const auto& f : fields) {
        out += be32(25) + (f ? be32(static_cast<std::uint32_t>(f->size())) + *f : be32s(-1));
    }
    return out;
}

std::string f8(double v) {
    return be64(std::bit_cast<std::uint64_t>(v));
}

std::string f4(float v) {
    return be32(std::bit_cast<std::uint32_t>(v));
}

const Codec k_int2 = scalar(ValueClass::integer, Wire::int2);
const Codec k_int4 = scalar(ValueClass::integer, Wire::int4);
const Codec k_int8 = scalar(ValueClass::integer, Wire::int8);
const Codec k_float4 = scalar(ValueClass::floating, Wire::float4);
const Codec k_float8 = scalar(ValueClass::floating, Wire::float8);
const Codec k_numeric = scalar(ValueClass::numeric, Wire::numeric);
const Codec k_money = scalar(ValueClass::numeric, Wire::money);
const Codec k_text = scalar(ValueClass::text, Wire::text);
const Codec k_enum = scalar(ValueClass::enum_label, Wire::text);
constexpr std::int64_t k_second = 1000000;

} // namespace

TEST(TextCodec, IntegersAndNull) {
    EXPECT_SAME(k_int2, "-32768", be16(0x8000));
    EXPECT_SAME(k_int4, "42", be32(42));
    EXPECT_SAME(k_int4, "-1", be32s(-1));
    EXPECT_SAME(k_int8, "-9223372036854775808", be64s(std::numeric_limits<std::int64_t>::min()));
    EXPECT_EQ(from_text(k_int4, std::nullopt), from_send(k_int4, std::nullopt));
    EXPECT_THROW(from_text(k_int2, "32768"), DecodeError);
    EXPECT_THROW(from_text(k_int4, "1.0"), DecodeError);
    EXPECT_THROW(from_text(k_int4, ""), DecodeError);
}

TEST(TextCodec, FloatsParseToTheExactValueGp6AndGp7Print) {
    EXPECT_SAME(k_float8, "0.100000000000000006", f8(0.1)); // GP6, extra_float_digits 3
    EXPECT_SAME(k_float8, "0.1", f8(0.1));                  // GP7: shortest exact
    EXPECT_SAME(k_float8, "1.00000000000000022", be64(0x3ff0000000000001ULL));
    EXPECT_SAME(k_float8, "4.94065645841246544e-324", be64(1));
    EXPECT_SAME(k_float8, "1.79769313486231571e+308", f8(std::numeric_limits<double>::max()));
    EXPECT_SAME(k_float8, "NaN", be64(0xfff8000000000000ULL));
    EXPECT_SAME(k_float8, "-0", be64(0x8000000000000000ULL));
    EXPECT_SAME(k_float8, "Infinity", f8(std::numeric_limits<double>::infinity()));
    EXPECT_SAME(k_float8, "-Infinity", f8(-std::numeric_limits<double>::infinity()));
    // float4: rounded to float first, then widened, like the send path.
    EXPECT_SAME(k_float4, "1.00000012", be32(0x3f800001));
    EXPECT_SAME(k_float4, "0.100000001", f4(0.1F));
    EXPECT_SAME(k_float4, "0.1", f4(0.1F));
    EXPECT_SAME(k_float4, "1.40129846e-45", be32(1));
    EXPECT_SAME(k_float4, "3.40282347e+38", be32(0x7f7fffff));
    EXPECT_SAME(k_float4, "NaN", be32(0x7fc00000));
    EXPECT_SAME(k_float4, "-0", be32(0x80000000));
    EXPECT_SAME(k_float4, "-Infinity", f4(-std::numeric_limits<float>::infinity()));
    EXPECT_NE(from_text(k_float4, "0.1"), from_text(k_float8, "0.1"));
    EXPECT_THROW(from_text(k_float8, "1.5x"), DecodeError);
}

TEST(TextCodec, NumericIsItsNumericOutText) {
    EXPECT_SAME(k_numeric, "-123456.780", numeric_send({12, 3456, 7800}, 1, 0x4000, 3));
    EXPECT_SAME(k_numeric, "1.50", numeric_send({1, 5000}, 0, 0, 2));
    EXPECT_SAME(k_numeric, "0.000", numeric_send({}, 0, 0, 3));
    EXPECT_SAME(k_numeric, "0.0001", numeric_send({1}, -1, 0, 4));
    EXPECT_SAME(k_numeric, "NaN", numeric_send({}, 0, 0xC000, 0));
    EXPECT_THROW(from_text(k_numeric, "1e5"), DecodeError);
    EXPECT_THROW(from_text(k_numeric, "1."), DecodeError);
}

TEST(TextCodec, MoneyTextBecomesNumericWithScaleTwo) {
    // Top level, read live as c::numeric.
    EXPECT_SAME(k_numeric, "$1,234.56", numeric_send({1234, 5600}, 0, 0, 2));
    EXPECT_SAME(k_numeric, "-$1.00", numeric_send({1}, 0, 0x4000, 2));
    EXPECT_SAME(k_numeric, "($1,234.56)", numeric_send({1234, 5600}, 0, 0x4000, 2));
    EXPECT_SAME(k_numeric, "$0.00", numeric_send({}, 0, 0, 2));
    // Nested, decoded live from cash_send's int64 cents.
    EXPECT_SAME(k_money, "$123.45", be64(12345));
    EXPECT_SAME(k_money, "-$0.05", be64s(-5));
    EXPECT_SAME(k_money, "-$92,233,720,368,547,758.08",
                be64s(std::numeric_limits<std::int64_t>::min()));
    EXPECT_SAME(k_money, "$92,233,720,368,547,758.07",
                be64s(std::numeric_limits<std::int64_t>::max()));
    EXPECT_THROW(from_text(k_money, "€1,00"), DecodeError);
    EXPECT_THROW(from_text(k_money, "$1.5"), DecodeError);
    EXPECT_THROW(from_text(k_money, "1.50"), DecodeError);
}

TEST(TextCodec, BooleansTextEnumsJsonAndJsonb) {
    const Codec boolean = scalar(ValueClass::boolean, Wire::boolean);
    EXPECT_SAME(boolean, "t", bytes({1}));
    EXPECT_SAME(boolean, "f", bytes({0}));
    EXPECT_THROW(from_text(boolean, "true"), DecodeError);
    EXPECT_SAME(k_text, "", std::string());
    EXPECT_SAME(k_text, "NULL", std::string("NULL"));
    EXPECT_SAME(k_text, "ü€ \n,\"", std::string("ü€ \n,\""));
    EXPECT_SAME(k_enum, "ok", std::string("ok"));
    EXPECT_SAME(scalar(ValueClass::json, Wire::json), "{\"a\" : 1}", std::string("{\"a\" : 1}"));
    EXPECT_SAME(scalar(ValueClass::jsonb, Wire::jsonb), "{\"a\": 1}", "\1{\"a\": 1}");
    EXPECT_SAME(scalar(ValueClass::xml, Wire::text), "<a>x</a>", std::string("<a>x</a>"));
}

TEST(TextCodec, ByteaInHexAndEscapeForms) {
    const Codec bytea = scalar(ValueClass::bytea, Wire::bytea);
    const std::string raw = bytes({0, 0xff, '\\', 'a', ' ', 0x7f, '\n'});
    EXPECT_SAME(bytea, "\\x00ff5c61207f0a", raw);
    EXPECT_SAME(bytea, "\\000\\377\\\\a \\177\\012", raw);
    EXPECT_SAME(bytea, "\\x", std::string());
    EXPECT_SAME(bytea, "", std::string());
    EXPECT_THROW(from_text(bytea, "\\x0"), DecodeError);
    EXPECT_THROW(from_text(bytea, "\\9"), DecodeError);
}

TEST(TextCodec, DatesIncludingInfinityAndBc) {
    const Codec date = scalar(ValueClass::date, Wire::date);
    EXPECT_SAME(date, "2000-01-01", be32(0));
    EXPECT_SAME(date, "1999-12-31", be32s(-1));
    EXPECT_SAME(date, "2020-03-01", be32s(7365));
    EXPECT_SAME(date, "0001-01-01", be32s(-730119));
    EXPECT_SAME(date, "0001-12-31 BC", be32s(-730120)); // year 0, a leap year
    EXPECT_SAME(date, "0001-01-01 BC", be32s(-730485));
    EXPECT_SAME(date, "infinity", be32s(std::numeric_limits<std::int32_t>::max()));
    EXPECT_SAME(date, "-infinity", be32s(std::numeric_limits<std::int32_t>::min()));
    EXPECT_THROW(from_text(date, "01/02/2000"), DecodeError);
}

TEST(TextCodec, TimesAndTimestampsWithAnyOffset) {
    const Codec time = scalar(ValueClass::time, Wire::time);
    const Codec timetz = scalar(ValueClass::timetz, Wire::timetz);
    const Codec ts = scalar(ValueClass::timestamp, Wire::timestamp);
    const Codec tstz = scalar(ValueClass::timestamptz, Wire::timestamptz);
    EXPECT_SAME(time, "00:00:00.000001", be64s(1));
    EXPECT_SAME(time, "24:00:00", be64s(86400 * k_second));
    EXPECT_SAME(time, "10:11:12.5", be64s((36672 * k_second) + 500000));
    EXPECT_SAME(timetz, "10:00:00+03", be64s(36000 * k_second) + be32s(-10800));
    EXPECT_SAME(timetz, "10:00:00-05:30:15", be64s(36000 * k_second) + be32s(19815));
    EXPECT_SAME(ts, "2000-01-01 00:00:01.5", be64s(1500000));
    EXPECT_SAME(ts, "1999-12-31 23:59:59.999999", be64s(-1));
    EXPECT_SAME(ts, "infinity", be64s(std::numeric_limits<std::int64_t>::max()));
    EXPECT_SAME(ts, "-infinity", be64s(std::numeric_limits<std::int64_t>::min()));
    EXPECT_SAME(ts, "0001-12-31 23:00:00 BC",
                be64s((std::int64_t{-730120} * 86400 + std::int64_t{23} * 3600) * k_second));
    EXPECT_SAME(tstz, "2000-01-01 05:30:00+05:30", be64s(0));
    EXPECT_SAME(tstz, "1999-12-31 21:00:00-03", be64s(0));
    EXPECT_SAME(tstz, "2000-01-01 00:00:15+00:00:15", be64s(0));
    EXPECT_SAME(tstz, "2000-01-01 00:00:00.25+00", be64s(250000));
    EXPECT_SAME(tstz, "0001-12-31 23:00:00+01 BC",
                be64s((std::int64_t{-730120} * 86400 + std::int64_t{22} * 3600) * k_second));
    EXPECT_SAME(tstz, "-infinity", be64s(std::numeric_limits<std::int64_t>::min()));
    EXPECT_THROW(from_text(tstz, "2000-01-01 00:00:00"), DecodeError);
    EXPECT_THROW(from_text(ts, "2000-01-01 00:00:00+00"), DecodeError);
}

TEST(TextCodec, IntervalsInPostgresStyle) {
    const Codec interval = scalar(ValueClass::interval, Wire::interval);
    auto send = [](std::int64_t usecs, std::int32_t days, std::int32_t months) {
        return be64s(usecs) + be32s(days) + be32s(months);
    };
    EXPECT_SAME(interval, "1 year 2 mons -3 days +04:05:06.789",
                send((4 * 3600 + 5 * 60 + 6) * k_second + 789000, -3, 14));
    EXPECT_SAME(interval, "-00:00:01", send(-k_second, 0, 0));
    EXPECT_SAME(interval, "00:00:00", send(0, 0, 0));
    EXPECT_SAME(interval, "-1 years -2 mons", send(0, 0, -14));
    EXPECT_SAME(interval, "1 day", send(0, 1, 0));
    EXPECT_SAME(interval, "1 mon 30 days 24:00:00", send(86400 * k_second, 30, 1));
    EXPECT_SAME(interval, "-2562047788:00:54.775808",
                send(std::numeric_limits<std::int64_t>::min(), 0, 0));
    EXPECT_THROW(from_text(interval, "@ 1 day"), DecodeError);
    EXPECT_THROW(from_text(interval, "P1D"), DecodeError);
}

TEST(TextCodec, UuidNetworkMacAndBits) {
    const Codec uuid = scalar(ValueClass::uuid, Wire::uuid);
    EXPECT_SAME(uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                bytes({0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd,
                       0x38, 0x0a, 0x11}));
    const Codec inet = scalar(ValueClass::inet, Wire::inet);
    Codec cidr = inet;
    cidr.is_cidr = true;
    EXPECT_SAME(inet, "10.0.0.1", bytes({2, 32, 0, 4, 10, 0, 0, 1}));
    EXPECT_SAME(inet, "10.0.0.1/24", bytes({2, 24, 0, 4, 10, 0, 0, 1}));
    EXPECT_SAME(cidr, "10.0.0.0/8", bytes({2, 8, 1, 4, 10, 0, 0, 0}));
    EXPECT_NE(from_text(inet, "10.0.0.0/8"), from_text(cidr, "10.0.0.0/8"));
    EXPECT_SAME(inet, "::ffff:1.2.3.4/120",
                bytes({3, 120, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4}));
    EXPECT_SAME(cidr, "2001:db8::/32",
                bytes({3, 32, 1, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_THROW(from_text(inet, "10.0.0.1/33"), DecodeError);
    EXPECT_SAME(scalar(ValueClass::macaddr, Wire::macaddr), "08:00:2b:01:02:ff",
                bytes({8, 0, 0x2b, 1, 2, 0xff}));
    EXPECT_SAME(scalar(ValueClass::macaddr8, Wire::macaddr8), "08:00:2b:01:02:03:04:05",
                bytes({8, 0, 0x2b, 1, 2, 3, 4, 5}));
    const Codec bit = scalar(ValueClass::bit, Wire::bit);
    EXPECT_SAME(bit, "101", be32(3) + bytes({0xa0}));
    EXPECT_SAME(bit, "111111111", be32(9) + bytes({0xff, 0x80}));
    EXPECT_SAME(bit, "", be32(0));
    EXPECT_THROW(from_text(bit, "102"), DecodeError);
}

TEST(TextCodec, ArraysWithNullsQuotingBoundsAndDimensions) {
    const Codec int4s{ValueClass::array, Wire::array, {k_int4}};
    const Codec texts{ValueClass::array, Wire::array, {k_text}};
    const Codec floats{ValueClass::array, Wire::array, {k_float8}};
    EXPECT_SAME(int4s, "{1,NULL}", array_send({{2, 1}}, {be32(1), std::nullopt}));
    EXPECT_SAME(int4s, "{}", be32(0) + be32(0) + be32(23));
    EXPECT_SAME(int4s, "[0:1]={1,2}", array_send({{2, 0}}, {be32(1), be32(2)}));
    EXPECT_SAME(int4s, "[-2:-1][3:4]={{1,2},{3,4}}",
                array_send({{2, -2}, {2, 3}}, {be32(1), be32(2), be32(3), be32(4)}));
    EXPECT_SAME(int4s, "{{1,2},{3,4}}",
                array_send({{2, 1}, {2, 1}}, {be32(1), be32(2), be32(3), be32(4)}));
    EXPECT_SAME(
        texts, R"({"a,b","NULL",NULL,"c\"d","","x\\y",plain,"{}"," s "})",
        array_send({{9, 1}}, {std::string("a,b"), std::string("NULL"), std::nullopt,
                              std::string("c\"d"), std::string(), std::string("x\\y"),
                              std::string("plain"), std::string("{}"), std::string(" s ")}));
    EXPECT_SAME(floats, "{NaN,-0,0.100000000000000006,-Infinity}",
                array_send({{4, 1}}, {f8(std::numeric_limits<double>::quiet_NaN()), f8(-0.0),
                                      f8(0.1), f8(-std::numeric_limits<double>::infinity())}));
    EXPECT_THROW(from_text(int4s, "{{1,2},{3}}"), DecodeError);
    EXPECT_THROW(from_text(int4s, "{1,2"), DecodeError);
    EXPECT_THROW(from_text(int4s, "[1:3]={1,2}"), DecodeError);
}

TEST(TextCodec, CompositesWithNullsEmptyStringsAndNesting) {
    const Codec pair{ValueClass::composite, Wire::record, {k_float8, k_text, k_enum}};
    EXPECT_SAME(pair, "(1.5,\"a b\",ok)",
                record_send({f8(1.5), std::string("a b"), std::string("ok")}));
    EXPECT_SAME(pair, "(,\"\",)", record_send({std::nullopt, std::string(), std::nullopt}));
    EXPECT_SAME(pair, "(-0,\"x\"\"y\\\\z\",sad)",
                record_send({f8(-0.0), std::string("x\"y\\z"), std::string("sad")}));
    const Codec pairs{ValueClass::array, Wire::array, {pair}};
    EXPECT_SAME(
        pairs, "{\"(0.5,,ok)\",\"(,\\\"a,\\\"\\\"b\\\",)\",NULL}",
        array_send({{3, 1}}, {record_send({f8(0.5), std::nullopt, std::string("ok")}),
                              record_send({std::nullopt, std::string("a,\"b"), std::nullopt}),
                              std::nullopt}));
    const Codec nested{ValueClass::composite, Wire::record, {k_int4, pairs, k_money}};
    EXPECT_SAME(
        nested, "(7,\"{\"\"(1,x,ok)\"\"}\",\"$1,000.00\")",
        record_send(
            {be32(7),
             array_send({{1, 1}}, {record_send({f8(1), std::string("x"), std::string("ok")})}),
             be64(100000)}));
    EXPECT_THROW(from_text(pair, "(1,a)"), DecodeError);
    EXPECT_THROW(from_text(pair, "(1,a,ok,x)"), DecodeError);
    EXPECT_THROW(from_text(pair, "(1,\"a,ok)"), DecodeError);
}

TEST(TextCodec, RowsAndKeysAsEncodeRow) {
    RowCodec codec;
    codec.columns = {k_int4, scalar(ValueClass::null, Wire::ignore), k_text};
    codec.key_columns = {0};
    std::string out;
    std::string key;
    encode_text_row(codec, {"7", "ignored", "seven"}, out, key);
    std::string send7 = be32(7);
    std::string seven = "seven";
    std::string ignored = "x";
    std::vector<FieldView> fields = {FieldView{send7.data(), 4}, FieldView{ignored.data(), 1},
                                     FieldView{seven.data(), 5}};
    std::string expected_out;
    std::string expected_key;
    encode_row(codec, fields, 0, expected_out, expected_key);
    EXPECT_EQ(hex(out), hex(expected_out));
    EXPECT_EQ(hex(key), hex(expected_key));
    EXPECT_THROW(encode_text_row(codec, {"7", std::nullopt}, out, key), DecodeError);
}

TEST(TextCodec, OutOfRangeAndCutShortTextThrows) {
    const Codec ts = scalar(ValueClass::timestamp, Wire::timestamp);
    const Codec date = scalar(ValueClass::date, Wire::date);
    const Codec interval = scalar(ValueClass::interval, Wire::interval);
    const Codec texts{ValueClass::array, Wire::array, {k_text}};
    EXPECT_THROW(from_text(ts, "99999999-01-01 00:00:00"), DecodeError);
    EXPECT_THROW(from_text(date, "99999999-01-01"), DecodeError);
    EXPECT_THROW(from_text(interval, "999999999999999999 years"), DecodeError);
    EXPECT_THROW(from_text(interval, "2147483648 days"), DecodeError);
    EXPECT_THROW(from_text(texts, "{\"a\\"), DecodeError);
    EXPECT_THROW(from_text(texts, "{\"a\\\""), DecodeError);
}
