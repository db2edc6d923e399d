// Canonical row encoding c1: the test vectors of docs/encoding.md.
#include "checksum/row_codec.hpp"

#include "checksum/digest.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

using namespace gpparity::checksum;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) {
        out.push_back(static_cast<char>(v));
    }
    return out;
}

std::string be32(std::uint32_t v) {
    return bytes({static_cast<int>(v >> 24), static_cast<int>((v >> 16) & 0xFF),
                  static_cast<int>((v >> 8) & 0xFF), static_cast<int>(v & 0xFF)});
}

std::string be64(std::uint64_t v) {
    return be32(static_cast<std::uint32_t>(v >> 32)) + be32(static_cast<std::uint32_t>(v));
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

std::string encode(const Codec& codec, const std::optional<std::string>& send) {
    std::string out;
    FieldView field = send ? FieldView{send->data(), static_cast<std::int32_t>(send->size())}
                           : FieldView{nullptr, -1};
    encode_field(codec, field, out);
    return hex(out);
}

// numeric_send of (digits in base 10000, weight, sign, dscale).
std::string numeric_send(std::vector<int> digits, int weight, int sign, int dscale) {
    std::string out = bytes({0, static_cast<int>(digits.size())}) +
                      bytes({(weight >> 8) & 0xFF, weight & 0xFF}) +
                      bytes({sign >> 8, sign & 0xFF}) + bytes({dscale >> 8, dscale & 0xFF});
    for (int d : digits) {
        out += bytes({d >> 8, d & 0xFF});
    }
    return out;
}

const Codec k_int4 = scalar(ValueClass::integer, Wire::int4);
const Codec k_int8 = scalar(ValueClass::integer, Wire::int8);
const Codec k_int2 = scalar(ValueClass::integer, Wire::int2);
const Codec k_float4 = scalar(ValueClass::floating, Wire::float4);
const Codec k_float8 = scalar(ValueClass::floating, Wire::float8);
const Codec k_text = scalar(ValueClass::text, Wire::text);
const Codec k_numeric = scalar(ValueClass::numeric, Wire::numeric);

} // namespace

TEST(RowCodec, IntegersEncodeByValueWhateverTheirWidth) {
    EXPECT_EQ(encode(k_int4, be32(42)), "0100000008000000000000002a");
    EXPECT_EQ(encode(k_int8, be64(42)), "0100000008000000000000002a");
    EXPECT_EQ(encode(k_int2, bytes({0, 42})), "0100000008000000000000002a");
    EXPECT_EQ(encode(k_int4, be32(static_cast<std::uint32_t>(-1))), "0100000008ffffffffffffffff");
    EXPECT_EQ(encode(k_int2, bytes({0xFF, 0xFE})), "0100000008fffffffffffffffe");
}

TEST(RowCodec, FloatsAreComparedByIeeeBitsAfterSqlEquality) {
    EXPECT_EQ(encode(k_float8, be64(0x3FF0000000000000ULL)), "02000000083ff0000000000000");
    // float4 widened exactly: 1.0f and 1.0 are the same value.
    EXPECT_EQ(encode(k_float4, be32(0x3F800000U)), "02000000083ff0000000000000");
    // One ulp is a difference.
    EXPECT_EQ(encode(k_float8, be64(0x3FF0000000000001ULL)), "02000000083ff0000000000001");
    EXPECT_EQ(encode(k_float4, be32(0x3F800001U)), "02000000083ff0000020000000");
    // All NaNs are one value, -0 = +0.
    for (std::uint64_t nan :
         {0x7FF8000000000000ULL, 0xFFF8000000000000ULL, 0x7FF0000000000001ULL}) {
        EXPECT_EQ(encode(k_float8, be64(nan)), "02000000087ff8000000000000");
    }
    EXPECT_EQ(encode(k_float4, be32(0xFFC00000U)), "02000000087ff8000000000000");
    EXPECT_EQ(encode(k_float8, be64(0x8000000000000000ULL)), "02000000080000000000000000");
    EXPECT_EQ(encode(k_float4, be32(0x80000000U)), "02000000080000000000000000");
    EXPECT_EQ(encode(k_float8, be64(0x7FF0000000000000ULL)), "02000000087ff0000000000000");
    EXPECT_EQ(encode(k_float8, be64(0xFFF0000000000000ULL)), "0200000008fff0000000000000");
}

TEST(RowCodec, NullEmptyAndSeparatorsNeverCollide) {
    EXPECT_EQ(encode(k_text, std::nullopt), "00");
    EXPECT_EQ(encode(k_text, std::string()), "0500000000");
    EXPECT_EQ(encode(k_text, std::string("NULL")), "05000000044e554c4c");
    // ("a", "") and ("", "a") and ("a") differ.
    RowCodec two{{k_text, k_text}, false, {}, {}};
    auto row = [&](std::vector<std::optional<std::string>> values) {
        std::vector<FieldView> fields;
        for (const auto& v : values) {
            fields.push_back(v ? FieldView{v->data(), static_cast<std::int32_t>(v->size())}
                               : FieldView{nullptr, -1});
        }
        std::string out, key;
        encode_row(two, fields, 0, out, key);
        return hash_bytes(out);
    };
    EXPECT_NE(row({"a", ""}), row({"", "a"}));
    EXPECT_NE(row({"a", std::nullopt}), row({"a", ""}));
    EXPECT_NE(row({std::nullopt, std::nullopt}), row({"", ""}));
    EXPECT_EQ(row({"a", "b"}), row({"a", "b"}));
}

TEST(RowCodec, NumericKeepsItsScaleAndPrintsLikeNumericOut) {
    EXPECT_EQ(numeric_send_to_text(numeric_send({1, 5000}, 0, 0, 2)), "1.50");
    EXPECT_EQ(numeric_send_to_text(numeric_send({1, 5000}, 0, 0, 1)), "1.5");
    EXPECT_EQ(numeric_send_to_text(numeric_send({}, 0, 0, 3)), "0.000");
    EXPECT_EQ(numeric_send_to_text(numeric_send({12, 3456, 7800}, 1, 0x4000, 3)), "-123456.780");
    EXPECT_EQ(numeric_send_to_text(numeric_send({1}, -2, 0, 8)), "0.00000001");
    EXPECT_EQ(numeric_send_to_text(numeric_send({1}, 2, 0, 0)), "100000000");
    EXPECT_EQ(numeric_send_to_text(numeric_send({}, 0, 0xC000, 0)), "NaN");
    EXPECT_EQ(numeric_send_to_text(numeric_send({}, 0, 0xD000, 0)), "Infinity");
    EXPECT_EQ(numeric_send_to_text(numeric_send({}, 0, 0xF000, 0)), "-Infinity");
    EXPECT_EQ(encode(k_numeric, numeric_send({1, 5000}, 0, 0, 2)), "0300000004312e3530");
    EXPECT_THROW((void)numeric_send_to_text("\x01"), DecodeError);
}

TEST(RowCodec, MoneyNestedPrintsAsNumericWithScaleTwo) {
    Codec money = scalar(ValueClass::numeric, Wire::money);
    EXPECT_EQ(encode(money, be64(12345)), encode(k_numeric, numeric_send({123, 4500}, 0, 0, 2)));
    EXPECT_EQ(encode(money, be64(static_cast<std::uint64_t>(-5))), "03000000052d302e3035");
}

TEST(RowCodec, ArraysIgnoreElementOidsAndEncodeElementsByClass) {
    // int4[] {1,NULL} as array_send writes it, element OID 23; and int8[] with OID 20.
    std::string int4_array =
        be32(1) + be32(1) + be32(23) + be32(2) + be32(1) + be32(4) + be32(1) + be32(0xFFFFFFFFU);
    std::string int8_array =
        be32(1) + be32(1) + be32(20) + be32(2) + be32(1) + be32(8) + be64(1) + be32(0xFFFFFFFFU);
    Codec a4{ValueClass::array, Wire::array, {k_int4}};
    Codec a8{ValueClass::array, Wire::array, {k_int8}};
    EXPECT_EQ(encode(a4, int4_array), encode(a8, int8_array));
    EXPECT_EQ(encode(a4, int4_array), "150000001a"
                                      "00000001"
                                      "00000002"
                                      "00000001"
                                      "0100000008"
                                      "0000000000000001"
                                      "00");
    // Floats inside arrays follow the float rules.
    std::string nan_array =
        be32(1) + be32(0) + be32(701) + be32(1) + be32(1) + be32(8) + be64(0xFFF8000000000000ULL);
    Codec af{ValueClass::array, Wire::array, {k_float8}};
    EXPECT_EQ(encode(af, nan_array), "1500000019"
                                     "00000001"
                                     "00000001"
                                     "00000001"
                                     "0200000008"
                                     "7ff8000000000000");
    EXPECT_THROW((void)encode(a4, be32(1)), DecodeError);
}

TEST(RowCodec, CompositesDecodeFieldsByTheirOwnClusterCodecs) {
    // record_send: 2 fields (float8 -0, text "x"), with cluster-specific OIDs.
    std::string record_gp6 =
        be32(2) + be32(701) + be32(8) + be64(0x8000000000000000ULL) + be32(25) + be32(1) + "x";
    std::string record_gp7 =
        be32(2) + be32(99999) + be32(8) + be64(0) + be32(88888) + be32(1) + "x";
    Codec record{ValueClass::composite, Wire::record, {k_float8, k_text}};
    EXPECT_EQ(encode(record, record_gp6), encode(record, record_gp7));
    Codec wrong{ValueClass::composite, Wire::record, {k_float8}};
    EXPECT_THROW((void)encode(wrong, record_gp6), DecodeError);
}

TEST(RowCodec, OtherClassesKeepTheirSendBytesUnderTheirTag) {
    EXPECT_EQ(encode(scalar(ValueClass::boolean, Wire::boolean), bytes({1})), "040000000101");
    EXPECT_EQ(encode(scalar(ValueClass::jsonb, Wire::jsonb), bytes({1}) + "{}"), "0f000000027b7d");
    EXPECT_THROW((void)encode(scalar(ValueClass::jsonb, Wire::jsonb), bytes({2}) + "{}"),
                 DecodeError);
    EXPECT_EQ(encode(scalar(ValueClass::date, Wire::date), be32(1)), "070000000400000001");
    EXPECT_EQ(encode(scalar(ValueClass::timestamptz, Wire::timestamptz), be64(1)),
              "0b000000080000000000000001");
    EXPECT_EQ(encode(scalar(ValueClass::enum_label, Wire::text), std::string("ok")),
              "14000000026f6b");
    // Same bytes, different class: a text 'ok' is not the enum label 'ok'.
    EXPECT_NE(encode(k_text, std::string("ok")),
              encode(scalar(ValueClass::enum_label, Wire::text), std::string("ok")));
    EXPECT_THROW((void)encode(k_int4, bytes({1, 2})), DecodeError);
}

TEST(RowCodec, KeyBytesAreTheKeyColumnsEncodings) {
    RowCodec codec{{k_int4, k_text}, false, {0}, {}};
    std::string id = be32(7);
    std::string v = "seven";
    std::vector<FieldView> fields{{id.data(), 4}, {v.data(), 5}};
    std::string row, key;
    encode_row(codec, fields, 0, row, key);
    EXPECT_EQ(hex(key), "01000000080000000000000007");
    EXPECT_EQ(hex(row), "01000000080000000000000007"
                        "0500000005736576656e");
    EXPECT_EQ(row.substr(0, key.size()), key);
}

TEST(RowCodec, SplitRowCutsTheEncodingIntoItsFields) {
    const RowCodec codec{
        {scalar(ValueClass::integer, Wire::int4), scalar(ValueClass::null, Wire::ignore),
         scalar(ValueClass::text, Wire::text), scalar(ValueClass::text, Wire::text)},
        false,
        {},
        {}};
    const std::string one = be32(1);
    const std::string ab = "ab";
    std::vector<FieldView> fields{{one.data(), 4}, {nullptr, -1}, {nullptr, -1}, {ab.data(), 2}};
    std::string row;
    std::string key;
    encode_row(codec, fields, 0, row, key);
    const std::vector<std::string_view> parts = split_row(codec, row);
    ASSERT_EQ(parts.size(), 4U);
    EXPECT_EQ(hex(std::string(parts[0])), "0100000008" + hex(be64(1)));
    EXPECT_TRUE(parts[1].empty()) << "an ignored column encodes nothing";
    EXPECT_EQ(hex(std::string(parts[2])), "00") << "a NULL is its lone tag";
    EXPECT_EQ(hex(std::string(parts[3])), "05000000026162");
    EXPECT_THROW((void)split_row(codec, row + "x"), DecodeError);
    EXPECT_THROW((void)split_row(codec, row.substr(0, row.size() - 1)), DecodeError);
}
