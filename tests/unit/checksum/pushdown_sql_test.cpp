#include "checksum/pushdown_sql.hpp"

#include "checksum/count_compare.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

namespace {

// What Connection::quote_ident does (PQescapeIdentifier always quotes).
std::string quote(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

const QuoteIdent k_quote = quote;

TypeRegistry registry() {
    TypeRegistry r;
    auto builtin = [&](std::uint32_t oid, const char* name, char category = 'N',
                       std::uint32_t element = 0) {
        r[oid] = TypeInfo{oid, "pg_catalog", name, 'b', category, 0, element, {}, 0, {}};
    };
    builtin(21, "int2");
    builtin(23, "int4");
    builtin(20, "int8");
    builtin(700, "float4");
    builtin(701, "float8");
    builtin(1700, "numeric");
    builtin(25, "text", 'S');
    builtin(1043, "varchar", 'S');
    builtin(790, "money");
    builtin(791, "_money", 'A', 790);
    builtin(1184, "timestamptz", 'D');
    builtin(26, "oid");
    builtin(2205, "regclass");
    builtin(1007, "_int4", 'A', 23);
    builtin(1016, "_int8", 'A', 20);
    builtin(1021, "_float4", 'A', 700);
    builtin(1022, "_float8", 'A', 701);
    builtin(600, "point", 'G');
    builtin(702, "abstime", 'D');
    builtin(704, "tinterval", 'T');
    builtin(2249, "record", 'P');
    r[2249].typtype = 'p';
    r[3904] = TypeInfo{3904, "pg_catalog", "int4range", 'r', 'R', 0, 0, {}, 23, {}};
    r[50000] = TypeInfo{50000, "public", "mood", 'e', 'E', 0, 0, {}, 0, {}};
    r[50001] = TypeInfo{50001, "public", "_mood", 'b', 'A', 0, 50000, {}, 0, {}};
    r[50002] = TypeInfo{50002, "public", "measure", 'd', 'N', 701, 0, {}, 0, {}};
    r[50003] = TypeInfo{50003, "public", "pair", 'c', 'C', 0, 0, {701, 25, 50000}, 0, {}};
    r[50004] = TypeInfo{50004, "public", "_pair", 'b', 'A', 0, 50003, {}, 0, {}};
    r[50005] = TypeInfo{50005, "public", "label", 'c', 'C', 0, 0, {25, 23}, 0, {}};
    r[50006] = TypeInfo{50006, "public", "ids", 'c', 'C', 0, 0, {23, 26}, 0, {}};
    r[50007] = TypeInfo{50007, "public", "nest", 'c', 'C', 0, 0, {50003, 1022}, 0, {}};
    r[50008] = TypeInfo{50008, "public", "_measure", 'b', 'A', 0, 50002, {}, 0, {}};
    return r;
}

CompositeFields fields() {
    return {{50003, {"x", "la\"bel", "m"}},
            {50005, {"a", "b"}},
            {50006, {"i", "o"}},
            {50007, {"p", "fs"}}};
}

PushdownColumn plan(std::uint32_t oid, const std::string& column = "\"c\"") {
    static const TypeRegistry types = registry();
    static const CompositeFields names = fields();
    return plan_pushdown_column(types, names, oid, column, k_quote);
}

} // namespace

TEST(PushdownSql, IntegersAndTextRenderAsThemselvesWithTheStreamValueClasses) {
    for (std::uint32_t oid : {21u, 23u, 20u}) {
        auto c = plan(oid);
        ASSERT_TRUE(c.sql);
        EXPECT_EQ(*c.sql, "\"c\"");
        EXPECT_EQ(c.value_class, "i"); // int4 -> int8 compares
    }
    EXPECT_EQ(plan(25).value_class, "t");
    EXPECT_EQ(plan(1043).value_class, "t");
    EXPECT_EQ(plan(1700).value_class, "n");
    EXPECT_EQ(*plan(1184).sql, "\"c\""); // timestamptz text in the pinned UTC session
}

TEST(PushdownSql, FloatsHashTheirSendFormAfterFoldingNaNAndNegativeZero) {
    auto f8 = plan(701);
    ASSERT_TRUE(f8.sql);
    EXPECT_EQ(
        *f8.sql,
        "pg_catalog.float8send(CASE WHEN (\"c\")::pg_catalog.float8 = 'NaN'::pg_catalog.float8 "
        "THEN 'NaN'::pg_catalog.float8 WHEN (\"c\")::pg_catalog.float8 = 0::pg_catalog.float8 "
        "THEN 0::pg_catalog.float8 ELSE (\"c\")::pg_catalog.float8 END)");
    EXPECT_EQ(f8.value_class, "f");
    // float4 widens to float8 exactly, so real -> double precision compares.
    EXPECT_EQ(*plan(700).sql, *f8.sql);
    // A domain over float8 is a float.
    EXPECT_EQ(*plan(50002).sql, *f8.sql);
    EXPECT_EQ(plan(50002).value_class, "f");
}

TEST(PushdownSql, FloatArraysAreSentAsFloat8ArraysAfterArrayReplace) {
    auto a = plan(1022);
    ASSERT_TRUE(a.sql);
    EXPECT_NE(a.sql->find("pg_catalog.array_send(pg_catalog.array_replace(pg_catalog.array_replace("
                          "(\"c\")::pg_catalog.float8[]"),
              std::string::npos)
        << *a.sql;
    EXPECT_EQ(a.value_class, "a(f)");
    EXPECT_EQ(*plan(1021).sql, *a.sql);
    EXPECT_EQ(*plan(50008).sql, *a.sql); // array of a float domain
    EXPECT_EQ(plan(1007).value_class, "a(i)");
    EXPECT_EQ(*plan(1007).sql, "\"c\"");
    EXPECT_EQ(plan(1016).value_class, "a(i)");
}

TEST(PushdownSql, MoneyAndRemovedGp6TypesAreCast) {
    // money through its text, not `c::numeric` (lossy on GP7 near INT64_MAX).
    EXPECT_EQ(*plan(790).sql,
              "pg_catalog.translate((\"c\")::pg_catalog.text, '$,', '')::pg_catalog.numeric");
    EXPECT_EQ(plan(790).value_class, "n");
    EXPECT_EQ(*plan(791).sql, "pg_catalog.regexp_replace((\"c\")::pg_catalog.text, "
                              "'[$]|,(?=[0-9])', '', 'g')::pg_catalog.numeric[]");
    EXPECT_EQ(plan(791).value_class, "a(n)");
    EXPECT_EQ(*plan(702).sql, "(\"c\")::pg_catalog.timestamptz");
    EXPECT_FALSE(plan(704).sql);
    EXPECT_NE(plan(704).excluded_reason.find("tinterval"), std::string::npos);
}

TEST(PushdownSql, CompositesWithFloatsAreRebuiltFieldByFieldWithQuotedNames) {
    auto c = plan(50003);
    ASSERT_TRUE(c.sql) << c.excluded_reason;
    EXPECT_EQ(c.value_class, "c(f,t,e)");
    EXPECT_EQ(
        c.sql->rfind("CASE WHEN \"c\" IS NULL AND (\"c\")::pg_catalog.text IS NULL THEN NULL "
                     "ELSE ROW(pg_catalog.float8send(CASE WHEN ((\"c\").\"x\")::pg_catalog.float8",
                     0),
        0u)
        << *c.sql;
    EXPECT_NE(c.sql->find("(\"c\").\"la\"\"bel\", (\"c\").\"m\")::pg_catalog.text END"),
              std::string::npos)
        << *c.sql;
    // Nested: a composite holding that composite and a float array.
    auto nest = plan(50007);
    ASSERT_TRUE(nest.sql) << nest.excluded_reason;
    EXPECT_NE(nest.sql->find("((\"c\").\"p\").\"x\""), std::string::npos) << *nest.sql;
    EXPECT_NE(nest.sql->find("((\"c\").\"fs\")::pg_catalog.float8[]"), std::string::npos)
        << *nest.sql;
    // Without floats the record's own text is used.
    EXPECT_EQ(*plan(50005).sql, "\"c\"");
    EXPECT_EQ(plan(50005).value_class, "c(t,i)");
}

TEST(PushdownSql, WhatCannotBeRenderedExactlyIsExcludedWithAReason) {
    EXPECT_NE(plan(26).excluded_reason.find("oid/reg*"), std::string::npos);
    EXPECT_NE(plan(2205).excluded_reason.find("oid/reg*"), std::string::npos);
    EXPECT_NE(plan(50006).excluded_reason.find("oid/reg*"), std::string::npos);
    // Arrays of composites with floats: no version-independent text, no send form without OIDs.
    auto arr = plan(50004);
    EXPECT_FALSE(arr.sql);
    EXPECT_NE(arr.excluded_reason.find("array of pair holds floating-point"), std::string::npos)
        << arr.excluded_reason;
    EXPECT_FALSE(plan(600).sql); // geometric: floats inside
    EXPECT_FALSE(plan(2249).sql);
    EXPECT_FALSE(plan(99999).sql);
    EXPECT_NE(plan(99999).excluded_reason.find("not found"), std::string::npos);
    // Ranges and enum arrays without floats: text.
    EXPECT_EQ(plan(3904).value_class, "tf");
    EXPECT_EQ(plan(50001).value_class, "a(e)");
}

TEST(PushdownSql, GreenplumQueryGroupsBySegmentAndReadsReplicatedCopiesWithGpDistRandom) {
    PushdownRelation rel{"\"s\".\"T x\"", "'\"s\".\"T x\"'", true, false, true};
    std::string sql = pushdown_digest_sql(rel, {"\"a\"", "\"b\""});
    EXPECT_EQ(
        sql,
        "SELECT x.seg, pg_catalog.count(*), "
        "pg_catalog.sum(('x' || pg_catalog.substr(x.h, 1, 16))::bit(64)::bigint), "
        "pg_catalog.sum(('x' || pg_catalog.substr(x.h, 17, 16))::bit(64)::bigint) "
        "FROM (SELECT gp_segment_id AS seg, pg_catalog.md5(ROW(\"a\", \"b\")::pg_catalog.text) "
        "AS h FROM ONLY \"s\".\"T x\") x GROUP BY x.seg");
    rel.replicated = true;
    // A replicated table has no gp_segment_id column on real GP6/GP7: its rows are tagged with
    // the segment executing the scan.
    std::string replicated = pushdown_digest_sql(rel, {"\"a\""});
    EXPECT_NE(replicated.find("FROM gp_dist_random('\"s\".\"T x\"')"), std::string::npos);
    EXPECT_NE(replicated.find("SELECT gp_execution_segment() AS seg"), std::string::npos);
    EXPECT_EQ(replicated.find("gp_segment_id"), std::string::npos);
    EXPECT_EQ(pushdown_count_sql(rel), "SELECT gp_execution_segment(), pg_catalog.count(*) FROM "
                                       "gp_dist_random('\"s\".\"T x\"') GROUP BY 1");
    rel.replicated = false;
    EXPECT_EQ(pushdown_count_sql(rel), "SELECT gp_segment_id, pg_catalog.count(*) FROM ONLY "
                                       "\"s\".\"T x\" GROUP BY 1");
}

TEST(PushdownSql, PostgresQueryHasOneSegmentAndAFence) {
    PushdownRelation rel{"\"public\".\"t\"", "'\"public\".\"t\"'", false, false, true};
    EXPECT_EQ(pushdown_digest_sql(rel, {}),
              "SELECT -1, pg_catalog.count(*), pg_catalog.sum(x.b::bit(64)::bigint), "
              "pg_catalog.sum((x.b << 64)::bit(64)::bigint) FROM (SELECT ('x' || "
              "pg_catalog.md5(ROW()::pg_catalog.text))::bit(128) AS b FROM ONLY \"public\".\"t\" "
              "OFFSET 0) x");
    EXPECT_EQ(pushdown_count_sql(rel), "SELECT -1, pg_catalog.count(*) FROM ONLY \"public\".\"t\"");
    rel.utf8 = false;
    EXPECT_NE(
        pushdown_digest_sql(rel, {"\"a\""})
            .find("pg_catalog.md5(pg_catalog.convert_to(ROW(\"a\")::pg_catalog.text, 'UTF8'))"),
        std::string::npos);
}

TEST(PushdownSql, DecimalSumsReduceModTwoTo128) {
    EXPECT_EQ(decimal_mod_2_128("0"), (Hash128{0, 0}));
    EXPECT_EQ(decimal_mod_2_128("18446744073709551617"), (Hash128{1, 1}));
    EXPECT_EQ(decimal_mod_2_128("-1"), (Hash128{~0ULL, ~0ULL}));
    // 2^128 + 5 wraps to 5.
    EXPECT_EQ(decimal_mod_2_128("340282366920938463463374607431768211461"), (Hash128{0, 5}));
    EXPECT_FALSE(decimal_mod_2_128(""));
    EXPECT_FALSE(decimal_mod_2_128("1.5"));
    EXPECT_FALSE(decimal_mod_2_128("-"));
    EXPECT_FALSE(decimal_mod_2_128("1e5"));
}

TEST(PushdownSql, DigestIsAdditiveOverAnySplitOfRowsAndTaggedBySignature) {
    // Two "rows" with halves (h1, h2): (5, -3) and (-7, 2^63 - 1).
    auto whole = pushdown_digest(2, "-2", "9223372036854775804", "p1:i");
    auto first = pushdown_digest(1, "5", "-3", "p1:i");
    auto second = pushdown_digest(1, "-7", "9223372036854775807", "p1:i");
    ASSERT_TRUE(whole && first && second);
    MultisetDigest sum = *first;
    sum += *second;
    EXPECT_EQ(sum, *whole);
    // Same sums under another class signature: different digest.
    auto other = pushdown_digest(2, "-2", "9223372036854775804", "p1:t");
    ASSERT_TRUE(other);
    EXPECT_NE(other->sum, whole->sum);
    // No rows: sums are NULL (empty), the digest is zero.
    auto empty = pushdown_digest(0, "", "", "p1:i");
    ASSERT_TRUE(empty);
    EXPECT_EQ(*empty, MultisetDigest{});
    EXPECT_FALSE(pushdown_digest(1, "x", "1", "p1:i"));
    EXPECT_EQ(pushdown_signature({"i", "t", "a(f)"}), "p1:i,t,a(f)");
}

TEST(CountCompare, CountsOnlyAndNeverMatch) {
    auto side = [](std::initializer_list<std::pair<int, std::uint64_t>> counts) {
        SideDigests s;
        for (auto [content, n] : counts) {
            s.segments[content].total.count = n;
            s.segments[content].total.sum = Hash128{n, content < 0 ? 1u : 2u}; // ignored
        }
        return s;
    };
    PlacementDecision per_segment{PlacementDecision::Mode::per_segment, "same policy"};
    PlacementDecision totals{PlacementDecision::Mode::totals, "random"};
    TableResult r;
    compare_counts(side({{0, 5}, {1, 3}}), side({{0, 5}, {1, 3}}), per_segment, r);
    EXPECT_EQ(r.status, TableStatus::count_match);
    ASSERT_EQ(r.segments.size(), 2u);
    EXPECT_EQ(r.segments[0].status, TableStatus::count_match);

    compare_counts(side({{0, 5}, {1, 3}}), side({{0, 4}, {1, 4}}), per_segment, r);
    EXPECT_EQ(r.status, TableStatus::placement_mismatch);
    compare_counts(side({{0, 5}, {1, 3}}), side({{0, 4}, {1, 4}}), totals, r);
    EXPECT_EQ(r.status, TableStatus::count_match);

    compare_counts(side({{-1, 100}}), side({{-1, 99}}), totals, r);
    EXPECT_EQ(r.status, TableStatus::count_mismatch);
    EXPECT_EQ(r.source_rows, 100u);
    EXPECT_EQ(r.target_rows, 99u);
    EXPECT_EQ(r.segments[0].status, TableStatus::count_mismatch);
}
