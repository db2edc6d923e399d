#include "checksum/server_digest.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

namespace {

Codec leaf(ValueClass c, Wire w) {
    return Codec{c, w, {}};
}

} // namespace

TEST(ServerDigest, DescriptorNamesEveryColumnsClassAndWire) {
    std::vector<Codec> columns = {
        leaf(ValueClass::integer, Wire::int4), leaf(ValueClass::text, Wire::text),
        leaf(ValueClass::floating, Wire::float4), leaf(ValueClass::text_form, Wire::text),
        leaf(ValueClass::null, Wire::ignore)};
    EXPECT_EQ(codec_descriptor(columns), "c1:01i05t02f18t00-");
    EXPECT_EQ(codec_descriptor({}), "c1:");
}

TEST(ServerDigest, DescriptorNestsArraysAndRecords) {
    Codec array{ValueClass::array, Wire::array, {leaf(ValueClass::numeric, Wire::money)}};
    Codec record{ValueClass::composite,
                 Wire::record,
                 {leaf(ValueClass::floating, Wire::float8), array,
                  leaf(ValueClass::timestamptz, Wire::timestamptz)}};
    EXPECT_EQ(codec_descriptor({record, leaf(ValueClass::jsonb, Wire::jsonb)}),
              "c1:16r(02F15a(03M)0bS)0fJ");
}

TEST(ServerDigest, EveryWireHasItsOwnLetter) {
    std::string letters;
    for (int w = 0; w <= static_cast<int>(Wire::ignore); ++w) {
        std::string d = codec_descriptor({leaf(ValueClass::text, static_cast<Wire>(w))});
        ASSERT_GE(d.size(), 6u) << d;
        char letter = d[5];
        EXPECT_EQ(letters.find(letter), std::string::npos) << "letter " << letter << " reused";
        letters.push_back(letter);
    }
}

TEST(ServerDigest, SqlOnPostgresIsOneRowAndANoColumnTableStillCounts) {
    PushdownRelation relation;
    relation.relation = "\"s\".\"t\"";
    relation.greenplum = false;
    EXPECT_EQ(server_digest_sql(relation, "\"x\".c1_digest",
                                {leaf(ValueClass::integer, Wire::int8)}, {"\"id\""}),
              "SELECT -1, pg_catalog.encode(\"x\".c1_digest('c1:01l'::pg_catalog.text, "
              "\"id\"), 'hex') FROM ONLY \"s\".\"t\"");
    EXPECT_EQ(
        server_digest_sql(relation, "\"x\".c1_digest", {leaf(ValueClass::null, Wire::ignore)}, {}),
        "SELECT -1, pg_catalog.encode(\"x\".c1_digest('c1:00-'::pg_catalog.text, "
        "NULL::pg_catalog.int4), 'hex') FROM ONLY \"s\".\"t\"");
}

TEST(ServerDigest, ParsesTheExtensionsResult) {
    auto d = parse_server_digest("0000000000000003"
                                 "0123456789abcdef"
                                 "fedcba9876543210");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->count, 3u);
    EXPECT_EQ(d->sum, (Hash128{0x0123456789abcdefULL, 0xfedcba9876543210ULL}));
    auto empty = parse_server_digest("");
    ASSERT_TRUE(empty) << "NULL: a segment without rows";
    EXPECT_EQ(empty->count, 0u);
    EXPECT_FALSE(parse_server_digest("00"));
    EXPECT_FALSE(parse_server_digest(std::string(47, '0') + "g"));
    EXPECT_FALSE(parse_server_digest(std::string(48, 'F'))) << "hex is lowercase";
}
