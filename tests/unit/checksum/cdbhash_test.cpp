#include "checksum/cdbhash.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace gpparity::checksum;

namespace {

std::string be(std::uint64_t value, int bytes) {
    std::string out;
    for (int i = bytes - 1; i >= 0; --i) {
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(value >> (8 * i))));
    }
    return out;
}
std::string int2_send(std::int16_t v) {
    return be(static_cast<std::uint16_t>(v), 2);
}
std::string int4_send(std::int32_t v) {
    return be(static_cast<std::uint32_t>(v), 4);
}
std::string int8_send(std::int64_t v) {
    return be(static_cast<std::uint64_t>(v), 8);
}
std::string float8_send(double v) {
    return be(std::bit_cast<std::uint64_t>(v), 8);
}
std::string float4_send(float v) {
    return be(std::bit_cast<std::uint32_t>(v), 4);
}
std::string interval_send(std::int64_t us, std::int32_t days, std::int32_t months) {
    return int8_send(us) + int4_send(days) + int4_send(months);
}
// numeric_send: ndigits, weight, sign, dscale, base-10000 digits.
std::string numeric_send(std::int16_t weight, std::uint16_t sign, std::int16_t dscale,
                         const std::vector<std::int16_t>& digits) {
    std::string out = int2_send(static_cast<std::int16_t>(digits.size())) + int2_send(weight) +
                      be(sign, 2) + int2_send(dscale);
    for (auto d : digits) {
        out += int2_send(d);
    }
    return out;
}

std::int32_t placement(std::int32_t key, int numsegments, bool legacy) {
    CdbHash h(numsegments, legacy);
    h.add(HashType::int4, int4_send(key));
    return h.segment();
}

} // namespace

TEST(CdbHash, JumpConsistentHashMatchesGuavaGoldenValues) {
    // Guava's HashingTest.testConsistentHash_linearCongruentialGeneratorCompatibility: golden
    // values shared by implementations of Lamping & Veach's algorithm across languages.
    const std::int32_t golden100[] = {0,  55, 62, 8,  45, 59, 86, 97, 82, 59,
                                      73, 37, 17, 56, 86, 21, 90, 37, 38, 83};
    for (std::uint64_t i = 0; i < 20; ++i) {
        EXPECT_EQ(jump_consistent_hash(i, 100), golden100[i]) << "key " << i;
    }
    EXPECT_EQ(jump_consistent_hash(10863919174838991ULL, 11), 6);
    EXPECT_EQ(jump_consistent_hash(2016238256797177309ULL, 11), 3);
    EXPECT_EQ(jump_consistent_hash(1673758223894951030ULL, 11), 5);
    EXPECT_EQ(jump_consistent_hash(2, 100001), 80343);
    EXPECT_EQ(jump_consistent_hash(2201, 100001), 22152);
    EXPECT_EQ(jump_consistent_hash(2202, 100001), 15018);
}

TEST(CdbHash, JumpConsistentHashIsConsistentAndBounded) {
    EXPECT_EQ(jump_consistent_hash(12345, 0), -1);
    EXPECT_EQ(jump_consistent_hash(12345, -3), -1);
    for (std::uint64_t key : {0ULL, 1ULL, 0xFFFFFFFFULL, 0xDEADBEEFCAFEULL, ~0ULL}) {
        EXPECT_EQ(jump_consistent_hash(key, 1), 0);
        std::int32_t previous = 0;
        for (std::int32_t n = 2; n <= 300; ++n) {
            std::int32_t bucket = jump_consistent_hash(key, n);
            ASSERT_GE(bucket, 0);
            ASSERT_LT(bucket, n);
            // Growing from n-1 to n buckets either keeps the key or moves it to the new one.
            EXPECT_TRUE(bucket == previous || bucket == n - 1) << key << " " << n;
            previous = bucket;
        }
    }
}

TEST(CdbHash, HashAnyMatchesPostgresValues) {
    // hashtext(...) on PostgreSQL 15.18 (x86-64), as uint32: lengths 0, 1, 3, 12 (one full
    // block), 13 and 43 cover every tail length class and the block loop.
    EXPECT_EQ(hash_any(""), 2817148525U);
    EXPECT_EQ(hash_any("a"), 1075015857U);
    EXPECT_EQ(hash_any("abc"), 3509578647U);
    EXPECT_EQ(hash_any("hello world!"), 1400155871U);
    EXPECT_EQ(hash_any("hello world!!"), 2176858744U);
    EXPECT_EQ(hash_any("The quick brown fox jumps over the lazy dog"), 3467537095U);
    EXPECT_EQ(hash_datum(HashType::text, "abc"), 3509578647U);
    // hashint4 / hashint8 on the same server.
    EXPECT_EQ(hash_uint32(0), 4022255791U);
    EXPECT_EQ(hash_uint32(1), 2389907270U);
    EXPECT_EQ(hash_datum(HashType::int4, int4_send(-1)), 385747274U);
    EXPECT_EQ(hash_datum(HashType::int4, int4_send(2147483647)), 4198209043U);
    EXPECT_EQ(hash_datum(HashType::int8, int8_send(4294967296LL)), 2389907270U);
    EXPECT_EQ(hash_datum(HashType::int8, int8_send(-4294967297LL)), 3052876417U);
}

TEST(CdbHash, EqualValuesOfDifferentWidthsHashAlike) {
    // PostgreSQL makes cross-type hash joins work: int2/int4/int8 and float4/float8 of equal
    // value hash alike; so do dates and int4 day numbers.
    for (std::int32_t v : {0, 1, -1, 32767, -32768}) {
        auto h4 = hash_datum(HashType::int4, int4_send(v));
        EXPECT_EQ(hash_datum(HashType::int2, int2_send(static_cast<std::int16_t>(v))), h4);
        EXPECT_EQ(hash_datum(HashType::int8, int8_send(v)), h4);
        EXPECT_EQ(hash_datum(HashType::date, int4_send(v)), h4);
    }
    EXPECT_EQ(hash_datum(HashType::float4, float4_send(1.5F)),
              hash_datum(HashType::float8, float8_send(1.5)));
    EXPECT_EQ(hash_datum(HashType::float8, float8_send(-0.0)), 0U);
    EXPECT_EQ(hash_datum(HashType::float4, float4_send(-0.0F)), 0U);
    EXPECT_EQ(hash_datum(HashType::time, int8_send(123)),
              hash_datum(HashType::int8, int8_send(123)));
}

TEST(CdbHash, FloatNanRuleIsSelectable) {
    // PostgreSQL 15.18: hashfloat8('NaN') and hashfloat8('Infinity' - 'Infinity') (a NaN with
    // the sign bit set) are both 3019202456: all NaNs hash as the standard one. Greenplum 6's
    // hashfloat8 hashes the stored bits instead (hashfunc.c of 6.24.3 has no NaN branch).
    std::string nan = be(0x7ff8000000000000ULL, 8);
    std::string minus_nan = be(0xfff8000000000000ULL, 8);
    std::string signalling = be(0x7ff0000000000001ULL, 8);
    EXPECT_EQ(hash_datum(HashType::float8, nan), 3019202456U);
    EXPECT_EQ(hash_datum(HashType::float8, minus_nan), 3019202456U);
    EXPECT_EQ(hash_datum(HashType::float8, signalling), 3019202456U);
    EXPECT_EQ(hash_datum(HashType::float4, be(0xffc00000U, 4)), 3019202456U);
    EXPECT_EQ(hash_datum(HashType::float8, nan, FloatNan::as_stored), 3019202456U);
    EXPECT_EQ(hash_datum(HashType::float8, minus_nan, FloatNan::as_stored),
              hash_any(std::string("\0\0\0\0\0\0\xf8\xff", 8)));
    EXPECT_NE(hash_datum(HashType::float8, minus_nan, FloatNan::as_stored), 3019202456U);
    // float4 NaNs are widened first (x86-64 keeps the sign and payload, sets the quiet bit).
    EXPECT_EQ(hash_datum(HashType::float4, be(0xffc00000U, 4), FloatNan::as_stored),
              hash_datum(HashType::float8, minus_nan, FloatNan::as_stored));
    CdbHash gp6(2, false, FloatNan::as_stored);
    gp6.add(HashType::float8, minus_nan);
    EXPECT_EQ(gp6.hash(), hash_datum(HashType::float8, minus_nan, FloatNan::as_stored));
}

TEST(CdbHash, TextLikeTypes) {
    EXPECT_EQ(hash_datum(HashType::bpchar, "ab   "), hash_any("ab"));
    EXPECT_EQ(hash_datum(HashType::bpchar, "   "), hash_any(""));
    EXPECT_NE(hash_datum(HashType::text, "ab "), hash_any("ab")) << "text keeps its blanks";
    EXPECT_EQ(hash_datum(HashType::bytea, std::string("\0\1", 2)),
              hash_any(std::string("\0\1", 2)));
}

TEST(CdbHash, NumericIgnoresScaleAndZeroDigits) {
    // 1.5 as (weight 0, digits 1, 5000) with scales 1 and 4 hash alike; padding zero digits on
    // either side (which the server never stores, but hash_numeric tolerates) changes nothing.
    auto a = hash_datum(HashType::numeric, numeric_send(0, 0x0000, 1, {1, 5000}));
    EXPECT_EQ(hash_datum(HashType::numeric, numeric_send(0, 0x0000, 4, {1, 5000})), a);
    EXPECT_EQ(hash_datum(HashType::numeric, numeric_send(1, 0x0000, 1, {0, 1, 5000, 0})), a);
    // Sign is not hashed; zero is -1 whatever the scale; NaN is 0.
    EXPECT_EQ(hash_datum(HashType::numeric, numeric_send(0, 0x4000, 1, {1, 5000})), a);
    EXPECT_EQ(hash_datum(HashType::numeric, numeric_send(0, 0x0000, 3, {})), 0xFFFFFFFFU);
    EXPECT_EQ(hash_datum(HashType::numeric, numeric_send(0, 0xC000, 0, {})), 0U);
    // weight is xor-ed in: 1 and 10000 differ only by weight.
    EXPECT_EQ(hash_datum(HashType::numeric, numeric_send(0, 0, 0, {1})) ^
                  hash_datum(HashType::numeric, numeric_send(1, 0, 0, {1})),
              1U);
}

TEST(CdbHash, IntervalHashesItsSpan) {
    // interval_hash hashes time + (months * 30 + days) days in microseconds, so '1 mon' equals
    // '30 days' equals '720 hours'.
    auto month = hash_datum(HashType::interval, interval_send(0, 0, 1));
    EXPECT_EQ(hash_datum(HashType::interval, interval_send(0, 30, 0)), month);
    EXPECT_EQ(hash_datum(HashType::interval, interval_send(30LL * 86'400'000'000LL, 0, 0)), month);
    EXPECT_EQ(month, hash_datum(HashType::int8, int8_send(30LL * 86'400'000'000LL)));
}

TEST(CdbHash, RotateXorCombinationAndNullSkipping) {
    std::string a = int4_send(7);
    std::string b = "seven";
    std::uint32_t ha = hash_datum(HashType::int4, a);
    std::uint32_t hb = hash_datum(HashType::text, b);

    CdbHash h(4, false);
    h.add(HashType::int4, a);
    EXPECT_EQ(h.hash(), ha);
    h.add(HashType::text, b);
    EXPECT_EQ(h.hash(), std::rotl(ha, 1) ^ hb);
    EXPECT_EQ(h.segment(), jump_consistent_hash(std::rotl(ha, 1) ^ hb, 4));

    h.reset();
    h.add(HashType::int4, std::nullopt);
    h.add(HashType::text, b);
    EXPECT_EQ(h.hash(), hb) << "a NULL contributes nothing but the rotation of 0";

    h.reset();
    h.add(HashType::int4, a);
    h.add(HashType::text, std::nullopt);
    EXPECT_EQ(h.hash(), std::rotl(ha, 1));

    h.reset();
    h.add(HashType::int4, std::nullopt);
    EXPECT_EQ(h.hash(), 0U);
    EXPECT_EQ(h.segment(), 0);

    // Rotation wraps the top bit around.
    EXPECT_EQ(std::rotl(0x80000001U, 1), 0x00000003U);
}

TEST(CdbHash, MatchesGreenplumRegressionPlacement) {
    // Greenplum 6.24.3 src/test/regress/expected/bfv_partition_plans.out: r_part distributed by
    // its int column a on 3 segments, rows 1..8 land on content ids:
    const int expected[] = {1, 0, 0, 0, 2, 2, 0, 0};
    for (int key = 1; key <= 8; ++key) {
        EXPECT_EQ(placement(key, 3, false), expected[key - 1]) << "key " << key;
    }
}

TEST(CdbHash, MatchesGreenplumExpandTableCounts) {
    // Greenplum 6.24.3 src/test/regress/expected/expand_table.out: rows per content id before
    // and after `ALTER TABLE ... EXPAND TABLE` from 1 or 2 to 3 segments.
    auto counts = [](int numsegments, const std::vector<std::vector<std::optional<int>>>& rows) {
        std::vector<int> per_segment(static_cast<std::size_t>(numsegments), 0);
        for (const auto& row : rows) {
            CdbHash h(numsegments, false);
            for (const auto& value : row) {
                if (value) {
                    h.add(HashType::int4, int4_send(*value));
                } else {
                    h.add(HashType::int4, std::nullopt);
                }
            }
            ++per_segment[static_cast<std::size_t>(h.segment())];
        }
        return per_segment;
    };
    std::vector<std::vector<std::optional<int>>> by_a;
    std::vector<std::vector<std::optional<int>>> by_a_b;
    for (int i = 1; i <= 100; ++i) {
        by_a.push_back({i});
        by_a_b.push_back({i, i});
    }
    // t1 (a int) distributed by (a), i = 1..100.
    EXPECT_EQ(counts(2, by_a), (std::vector<int>{53, 47}));
    EXPECT_EQ(counts(3, by_a), (std::vector<int>{38, 37, 25}));
    // t1 distributed by (a, b) with a = b = i.
    EXPECT_EQ(counts(3, by_a_b), (std::vector<int>{33, 30, 37}));
    // "Test NULLs": distributed by (a, b, c).
    std::optional<int> null;
    std::vector<std::vector<std::optional<int>>> with_nulls{
        {1, 1, 1},       {null, 2, 2},    {3, null, 3},    {4, 4, null},
        {null, null, 5}, {null, 6, null}, {7, null, null}, {null, null, null}};
    EXPECT_EQ(counts(2, with_nulls), (std::vector<int>{4, 4}));
    EXPECT_EQ(counts(3, with_nulls), (std::vector<int>{3, 1, 4}));
}

TEST(CdbHash, Fnv1MatchesPublishedVectors) {
    // FNV-1 32-bit reference values (Noll's test vectors).
    EXPECT_EQ(fnv1_32("", k_fnv1_32_init), 0x811c9dc5U);
    EXPECT_EQ(fnv1_32("a", k_fnv1_32_init), 0x050c5d7eU);
    EXPECT_EQ(fnv1_32("foo", k_fnv1_32_init), 0x408f5e13U);
    EXPECT_EQ(fnv1_32("foobar", k_fnv1_32_init), 0x31f0b262U);
    EXPECT_EQ(fnv1_32("chongo w", k_fnv1_32_init), 0x846d619eU);
    // Continuing from a basis is hashing the concatenation.
    EXPECT_EQ(fnv1_32("bar", fnv1_32("foo", k_fnv1_32_init)), 0x31f0b262U);
}

TEST(CdbHash, LegacyMatchesGreenplumRegressionPlacement) {
    // Greenplum 6.24.3 src/test/regress/expected/gpdist_legacy_opclasses.out: legacy_data_reorg
    // (c1 int, cdbhash_int4_ops) on 3 segments, rows 1..10 land on content ids:
    const int expected[] = {0, 0, 1, 1, 1, 1, 1, 2, 2, 2};
    for (int key = 1; key <= 10; ++key) {
        EXPECT_EQ(placement(key, 3, true), expected[key - 1]) << "key " << key;
    }
}

TEST(CdbHash, LegacyHashesInMemoryRepresentation) {
    // Integers of every width (and oid, read as int32) become a little-endian int64.
    std::string minus_one_le(8, '\xff');
    std::uint32_t expected = fnv1_32(minus_one_le, k_fnv1_32_init);
    EXPECT_EQ(legacy_hash_datum(HashType::int2, int2_send(-1)), expected);
    EXPECT_EQ(legacy_hash_datum(HashType::int4, int4_send(-1)), expected);
    EXPECT_EQ(legacy_hash_datum(HashType::int8, int8_send(-1)), expected);
    EXPECT_EQ(legacy_hash_datum(HashType::oid, be(0xFFFFFFFFU, 4)), expected);
    EXPECT_EQ(legacy_hash_datum(HashType::int4, int4_send(1)),
              fnv1_32(std::string("\x01\0\0\0\0\0\0\0", 8), k_fnv1_32_init));
    // Dates stay 4 bytes.
    EXPECT_EQ(legacy_hash_datum(HashType::date, int4_send(1)),
              fnv1_32(std::string("\x01\0\0\0", 4), k_fnv1_32_init));
    // Floats: -0 is +0, float4 is not widened.
    EXPECT_EQ(legacy_hash_datum(HashType::float8, float8_send(-0.0)),
              fnv1_32(std::string(8, '\0'), k_fnv1_32_init));
    EXPECT_EQ(legacy_hash_datum(HashType::float4, float4_send(-0.0F)),
              fnv1_32(std::string(4, '\0'), k_fnv1_32_init));
    // Text, varchar and bpchar: trailing blanks go, but never the first character.
    EXPECT_EQ(legacy_hash_datum(HashType::text, "ab  "), fnv1_32("ab", k_fnv1_32_init));
    EXPECT_EQ(legacy_hash_datum(HashType::bpchar, "ab  "), fnv1_32("ab", k_fnv1_32_init));
    EXPECT_EQ(legacy_hash_datum(HashType::text, "   "), fnv1_32(" ", k_fnv1_32_init));
    EXPECT_EQ(legacy_hash_datum(HashType::text, " "), fnv1_32(" ", k_fnv1_32_init));
    EXPECT_EQ(legacy_hash_datum(HashType::text, ""), k_fnv1_32_init);
    EXPECT_EQ(legacy_hash_datum(HashType::bytea, "ab  "), fnv1_32("ab  ", k_fnv1_32_init));
    // Numeric: the stored digits only (1 and 10000 collide; NaN is a constant).
    EXPECT_EQ(legacy_hash_datum(HashType::numeric, numeric_send(0, 0, 0, {1})),
              legacy_hash_datum(HashType::numeric, numeric_send(1, 0x4000, 2, {1})));
    EXPECT_EQ(legacy_hash_datum(HashType::numeric, numeric_send(0, 0xC000, 0, {})),
              fnv1_32(std::string("\xe1\xe0\xe0\xe0", 4), k_fnv1_32_init));
    EXPECT_THROW((void)legacy_hash_datum(HashType::numeric, numeric_send(0, 0xD000, 0, {})),
                 PlacementHashError);
    // Interval: time and day, never month.
    EXPECT_EQ(legacy_hash_datum(HashType::interval, interval_send(5, 6, 7)),
              legacy_hash_datum(HashType::interval, interval_send(5, 6, 99)));
    EXPECT_NE(legacy_hash_datum(HashType::interval, interval_send(5, 6, 7)),
              legacy_hash_datum(HashType::interval, interval_send(5, 7, 7)));
    // name: the NUL-padded 64-byte buffer.
    EXPECT_EQ(legacy_hash_datum(HashType::name, "ab"),
              fnv1_32(std::string("ab") + std::string(62, '\0'), k_fnv1_32_init));
    // inet: family, bits, address; the cidr flag is not hashed.
    std::string inet = std::string("\x02\x18\x00\x04", 4) + std::string("\x0a\x01\x02\x00", 4);
    std::string cidr = std::string("\x02\x18\x01\x04", 4) + std::string("\x0a\x01\x02\x00", 4);
    EXPECT_EQ(legacy_hash_datum(HashType::inet, inet),
              fnv1_32(std::string("\x02\x18\x0a\x01\x02\x00", 6), k_fnv1_32_init));
    EXPECT_EQ(legacy_hash_datum(HashType::inet, cidr), legacy_hash_datum(HashType::inet, inet));
    EXPECT_EQ(hash_datum(HashType::inet, cidr), hash_datum(HashType::inet, inet));
}

TEST(CdbHash, LegacyChainsColumnsAndNulls) {
    std::string a = int4_send(7);
    CdbHash h(3, true);
    EXPECT_EQ(h.hash(), k_fnv1_32_init);
    h.add(HashType::int4, a);
    std::uint32_t first = legacy_hash_datum(HashType::int4, a);
    EXPECT_EQ(h.hash(), first);
    h.add(HashType::text, "x");
    EXPECT_EQ(h.hash(), fnv1_32("x", first)) << "continues FNV-1 from the running hash";
    h.add(HashType::text, std::nullopt);
    EXPECT_EQ(h.hash(), fnv1_32(std::string("\xf1\xf0\xf0\xf0", 4), fnv1_32("x", first)));
    EXPECT_EQ(h.segment(), static_cast<int>(h.hash() % 3U));
}

TEST(CdbHash, LegacyReductionIsBitmaskForPowersOfTwo) {
    for (int numsegments : {1, 2, 4, 8, 64}) {
        CdbHash h(numsegments, true);
        h.add(HashType::text, "some key");
        EXPECT_EQ(h.segment(),
                  static_cast<int>(h.hash() & static_cast<std::uint32_t>(numsegments - 1)));
    }
    for (int numsegments : {3, 5, 6, 7, 100}) {
        CdbHash h(numsegments, true);
        h.add(HashType::text, "some key");
        EXPECT_EQ(h.segment(),
                  static_cast<int>(h.hash() % static_cast<std::uint32_t>(numsegments)));
    }
}

TEST(CdbHash, RejectsMalformedSendBytes) {
    EXPECT_THROW((void)hash_datum(HashType::int4, "abc"), PlacementHashError);
    EXPECT_THROW((void)hash_datum(HashType::int8, int4_send(1)), PlacementHashError);
    EXPECT_THROW((void)hash_datum(HashType::uuid, "short"), PlacementHashError);
    EXPECT_THROW((void)hash_datum(HashType::numeric, std::string("\0\2\0\0\0\0\0\0\0\1", 10)),
                 PlacementHashError)
        << "two digits announced, one present";
    EXPECT_THROW((void)hash_datum(HashType::numeric, numeric_send(0, 0x1234, 0, {1})),
                 PlacementHashError);
    EXPECT_THROW((void)hash_datum(HashType::inet, std::string("\x07\x20\x00\x04\1\2\3\4", 8)),
                 PlacementHashError);
    EXPECT_THROW((void)hash_datum(HashType::inet, std::string("\x02\x20\x00\x10\1\2\3\4", 8)),
                 PlacementHashError);
    EXPECT_THROW((void)legacy_hash_datum(HashType::name, std::string(64, 'n')), PlacementHashError);
    EXPECT_THROW(CdbHash(0, false), PlacementHashError);
    CdbHash h(2, false);
    EXPECT_THROW(h.add(HashType::bool_, ""), PlacementHashError);
    try {
        (void)hash_datum(HashType::timetz, "x");
        FAIL() << "no exception";
    } catch (const gpparity::catalog::Error& e) {
        EXPECT_NE(std::string(e.what()).find("timetz"), std::string::npos) << e.what();
    }
}

TEST(CdbHash, TypeNamesFromCatalog) {
    EXPECT_EQ(hash_type_from_type_name("integer"), HashType::int4);
    EXPECT_EQ(hash_type_from_type_name("int4"), HashType::int4);
    EXPECT_EQ(hash_type_from_type_name("pg_catalog.int8"), HashType::int8);
    EXPECT_EQ(hash_type_from_type_name("character varying(20)"), HashType::text);
    EXPECT_EQ(hash_type_from_type_name("varchar"), HashType::text);
    EXPECT_EQ(hash_type_from_type_name("character(5)"), HashType::bpchar);
    EXPECT_EQ(hash_type_from_type_name("bpchar"), HashType::bpchar);
    EXPECT_EQ(hash_type_from_type_name("\"char\""), HashType::char_);
    EXPECT_EQ(hash_type_from_type_name("char"), HashType::char_) << "typname char is \"char\"";
    EXPECT_EQ(hash_type_from_type_name("numeric(12,2)"), HashType::numeric);
    EXPECT_EQ(hash_type_from_type_name("timestamp(3) with time zone"), HashType::timestamptz);
    EXPECT_EQ(hash_type_from_type_name("timestamp without time zone"), HashType::timestamp);
    EXPECT_EQ(hash_type_from_type_name("time(0) without time zone"), HashType::time);
    EXPECT_EQ(hash_type_from_type_name("time with time zone"), HashType::timetz);
    EXPECT_EQ(hash_type_from_type_name("interval year to month"), HashType::interval);
    EXPECT_EQ(hash_type_from_type_name("interval(3)"), HashType::interval);
    EXPECT_EQ(hash_type_from_type_name("double precision"), HashType::float8);
    EXPECT_EQ(hash_type_from_type_name("real"), HashType::float4);
    EXPECT_EQ(hash_type_from_type_name("boolean"), HashType::bool_);
    EXPECT_EQ(hash_type_from_type_name("cidr"), HashType::inet);
    EXPECT_EQ(hash_type_from_type_name("integer[]"), std::nullopt);
    EXPECT_EQ(hash_type_from_type_name("money"), std::nullopt);
    EXPECT_EQ(hash_type_from_type_name("mood"), std::nullopt);
    EXPECT_EQ(hash_type_from_type_name("jsonb"), std::nullopt);
}

TEST(CdbHash, OpclassNamesFromCatalog) {
    EXPECT_EQ(hash_opclass_from_name("int4_ops"), (HashOpclass{HashType::int4, false}));
    EXPECT_EQ(hash_opclass_from_name("pg_catalog.text_ops"), (HashOpclass{HashType::text, false}));
    EXPECT_EQ(hash_opclass_from_name("varchar_ops"), (HashOpclass{HashType::text, false}));
    EXPECT_EQ(hash_opclass_from_name("bpchar_pattern_ops"), (HashOpclass{HashType::bpchar, false}));
    EXPECT_EQ(hash_opclass_from_name("cidr_ops"), (HashOpclass{HashType::inet, false}));
    EXPECT_EQ(hash_opclass_from_name("cdbhash_int4_ops"), (HashOpclass{HashType::int4, true}));
    EXPECT_EQ(hash_opclass_from_name("cdbhash_text_ops"), (HashOpclass{HashType::text, true}));
    EXPECT_EQ(hash_opclass_from_name("cdbhash_varchar_ops"), (HashOpclass{HashType::text, true}))
        << "GP6 only; GP7 uses cdbhash_text_ops for varchar";
    EXPECT_EQ(hash_opclass_from_name("cdbhash_bpchar_ops"), (HashOpclass{HashType::bpchar, true}));
    EXPECT_EQ(hash_opclass_from_name("cdbhash_interval_ops"),
              (HashOpclass{HashType::interval, true}));
    EXPECT_EQ(hash_opclass_from_name("cdbhash_text_pattern_ops"), std::nullopt);
    EXPECT_EQ(hash_opclass_from_name("cdbhash_cidr_ops"), std::nullopt);
    EXPECT_EQ(hash_opclass_from_name("cdbhash_enum_ops"), std::nullopt);
    EXPECT_EQ(hash_opclass_from_name("enum_ops"), std::nullopt);
    EXPECT_EQ(hash_opclass_from_name("array_ops"), std::nullopt);
    EXPECT_EQ(hash_opclass_from_name("int4_minmax_ops"), std::nullopt);
}
