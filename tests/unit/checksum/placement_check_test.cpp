// The target-side placement check (checksum/placement_check.hpp): planning from a policy, the
// per-row check on hand-made rows whose placement Greenplum's own regression suite prints
// (docs/placement-hash.md), and the stream engine running it. No server.
#include "checksum/placement_check.hpp"

#include "checksum/engine.hpp"
#include "checksum/placement.hpp"
#include "checksum/table_spec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <optional>
#include <string>
#include <vector>

using namespace gpparity::checksum;
using gpparity::catalog::Flavor;

namespace {

std::string int4_send(std::int32_t v) {
    auto u = static_cast<std::uint32_t>(v);
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>((u >> (24 - 8 * i)) & 0xFF);
    }
    return out;
}

std::string int8_send(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    return int4_send(static_cast<std::int32_t>(u >> 32)) +
           int4_send(static_cast<std::int32_t>(u & 0xFFFFFFFFU));
}

// A registry with the types the tests use.
TypeRegistry registry() {
    TypeRegistry types;
    auto add = [&](std::uint32_t oid, const char* schema, const char* name, char typtype,
                   std::uint32_t base = 0, std::uint32_t element = 0) {
        TypeInfo t;
        t.oid = oid;
        t.schema = schema;
        t.name = name;
        t.typtype = typtype;
        t.base_type = base;
        t.element_type = element;
        types[oid] = t;
    };
    add(23, "pg_catalog", "int4", 'b');
    add(20, "pg_catalog", "int8", 'b');
    add(25, "pg_catalog", "text", 'b');
    add(1043, "pg_catalog", "varchar", 'b');
    add(790, "pg_catalog", "money", 'b');
    add(1007, "pg_catalog", "_int4", 'b', 0, 23);
    add(16400, "public", "mood", 'e');
    types[16400].enum_oids = {{"sad", 16401}, {"ok", 16402}, {"happy", 16403}};
    add(16500, "public", "positive", 'd', 23);
    add(16600, "public", "mood_domain", 'd', 16400);
    return types;
}

TableSpec hashed(std::vector<std::pair<std::string, std::uint32_t>> columns,
                 std::vector<std::pair<std::string, std::string>> keys, int numsegments) {
    TableSpec spec;
    spec.schema = "public";
    spec.name = "t";
    spec.identity = "public.t";
    for (const auto& [name, oid] : columns) {
        spec.columns.push_back(ColumnSpec{name, oid, "type " + std::to_string(oid)});
    }
    spec.policy.kind = DistributionPolicy::Kind::hash;
    spec.policy.numsegments = numsegments;
    for (const auto& [column, opclass] : keys) {
        spec.policy.key_columns.push_back(column);
        spec.policy.key_opclasses.push_back(opclass);
        spec.policy.keys.push_back(column + " " + opclass);
    }
    return spec;
}

// A check over int4 key fields 0..n-1.
PlacementCheck int4_check(std::size_t keys, int numsegments, bool legacy = false) {
    PlacementCheck check;
    check.numsegments = numsegments;
    check.legacy = legacy;
    for (std::size_t i = 0; i < keys; ++i) {
        check.keys.push_back(PlacementKey{"c" + std::to_string(i), HashType::int4, i, {}});
    }
    return check;
}

// Row fields over owned bytes (nullopt = NULL).
struct Row {
    std::vector<std::optional<std::string>> values;
    std::vector<FieldView> fields() const {
        std::vector<FieldView> out;
        for (const auto& v : values) {
            out.push_back(v ? FieldView{v->data(), static_cast<std::int32_t>(v->size())}
                            : FieldView{});
        }
        return out;
    }
};

// Every row of `rows` placed on `on_segment`: the findings.
PlacementFindings check_all(const PlacementCheck& check,
                            const std::vector<std::vector<std::optional<int>>>& rows,
                            int on_segment) {
    PlacementChecker checker(check);
    PlacementFindings findings;
    for (const auto& values : rows) {
        Row row;
        for (const auto& v : values) {
            row.values.push_back(v ? std::optional<std::string>(int4_send(*v)) : std::nullopt);
        }
        checker.check_row(row.fields(), 0, on_segment, findings);
    }
    return findings;
}

std::vector<std::vector<std::optional<int>>> ints(int from, int to) {
    std::vector<std::vector<std::optional<int>>> out;
    for (int i = from; i <= to; ++i) {
        out.push_back({i});
    }
    return out;
}

} // namespace

TEST(PlacementCheck, PlansDefaultOpclassKeys) {
    TypeRegistry types = registry();
    TableSpec spec = hashed({{"v", 25}, {"id", 23}},
                            {{"id", "pg_catalog.int4_ops"}, {"v", "pg_catalog.text_ops"}}, 3);
    PlacementCheckPlan plan = plan_placement_check(spec, types, Flavor::gp7);
    ASSERT_EQ(plan.kind, PlacementCheckPlan::Kind::hash) << plan.note;
    ASSERT_TRUE(plan.check);
    EXPECT_EQ(plan.check->numsegments, 3);
    EXPECT_FALSE(plan.check->legacy);
    EXPECT_EQ(plan.check->nan, FloatNan::canonical);
    ASSERT_EQ(plan.check->keys.size(), 2u);
    EXPECT_EQ(plan.check->keys[0].column, "id");
    EXPECT_EQ(plan.check->keys[0].type, HashType::int4);
    EXPECT_EQ(plan.check->keys[1].type, HashType::text);
    EXPECT_NE(plan.note.find("over 3 segments"), std::string::npos) << plan.note;
    // Greenplum 6 hashes float NaNs as stored.
    EXPECT_EQ(plan_placement_check(spec, types, Flavor::gp6).check->nan, FloatNan::as_stored);
}

TEST(PlacementCheck, PlansLegacyDomainAndVarcharKeys) {
    TypeRegistry types = registry();
    // A domain hashes as its base type; GP6's cdbhash_varchar_ops and GP7's cdbhash_text_ops.
    TableSpec spec =
        hashed({{"d", 16500}, {"v", 1043}},
               {{"d", "pg_catalog.cdbhash_int4_ops"}, {"v", "pg_catalog.cdbhash_varchar_ops"}}, 2);
    PlacementCheckPlan plan = plan_placement_check(spec, types, Flavor::gp6);
    ASSERT_EQ(plan.kind, PlacementCheckPlan::Kind::hash) << plan.note;
    EXPECT_TRUE(plan.check->legacy);
    EXPECT_EQ(plan.check->keys[0].type, HashType::int4);
    EXPECT_EQ(plan.check->keys[1].type, HashType::text);
}

TEST(PlacementCheck, AnEnumKeyHashesItsLabelsOidInTheCheckedCluster) {
    TypeRegistry types = registry();
    // A domain over the enum hashes as the enum.
    for (std::uint32_t type : {16400u, 16600u}) {
        TableSpec spec = hashed({{"m", type}, {"id", 23}},
                                {{"m", "pg_catalog.enum_ops"}, {"id", "pg_catalog.int4_ops"}}, 3);
        spec.policy.enum_key = true;
        PlacementCheckPlan plan = plan_placement_check(spec, types, Flavor::gp7);
        ASSERT_EQ(plan.kind, PlacementCheckPlan::Kind::hash) << plan.note;
        ASSERT_EQ(plan.check->keys.size(), 2u);
        EXPECT_EQ(plan.check->keys[0].type, HashType::oid);
        EXPECT_EQ(plan.check->keys[0].enum_oids.at("ok"), 16402u);
        plan.check->keys[0].field = 0;
        plan.check->keys[1].field = 1;
        // hashenum(label) is hashoid(the label's OID): the same segment as the OID itself.
        PlacementCheck by_oid = *plan.check;
        by_oid.keys[0].enum_oids.clear();
        PlacementChecker checker(*plan.check);
        PlacementChecker reference(by_oid);
        for (const auto& [label, oid] : types[16400].enum_oids) {
            for (int id = 0; id < 50; ++id) {
                Row with_label{{label, int4_send(id)}};
                std::string oid_bytes = int4_send(static_cast<int>(oid));
                Row with_oid{{oid_bytes, int4_send(id)}};
                EXPECT_EQ(checker.segment_of(with_label.fields(), 0),
                          reference.segment_of(with_oid.fields(), 0))
                    << label << " " << id;
            }
        }
        Row unknown{{std::string("angry"), int4_send(1)}};
        EXPECT_THROW((void)checker.segment_of(unknown.fields(), 0), DecodeError);
    }
}

TEST(PlacementCheck, SaysWhyATableIsNotChecked) {
    TypeRegistry types = registry();
    auto note_of = [&](const TableSpec& spec) {
        PlacementCheckPlan plan = plan_placement_check(spec, types, Flavor::gp7);
        EXPECT_EQ(plan.kind, PlacementCheckPlan::Kind::not_checked);
        EXPECT_FALSE(plan.check);
        return plan.note;
    };
    TableSpec legacy_enum = hashed({{"m", 16400}}, {{"m", "pg_catalog.cdbhash_enum_ops"}}, 2);
    legacy_enum.policy.enum_key = true;
    EXPECT_NE(note_of(legacy_enum).find("cdbhash_enum_ops"), std::string::npos);
    EXPECT_NE(note_of(hashed({{"m", 790}}, {{"m", "pg_catalog.cdbhash_cash_ops"}}, 2))
                  .find("cdbhash_cash_ops"),
              std::string::npos);
    EXPECT_NE(note_of(hashed({{"a", 1007}}, {{"a", "pg_catalog.array_ops"}}, 2)).find("array_ops"),
              std::string::npos);
    EXPECT_NE(
        note_of(hashed({{"a", 23}, {"b", 25}},
                       {{"a", "pg_catalog.cdbhash_int4_ops"}, {"b", "pg_catalog.text_ops"}}, 2))
            .find("mixes legacy"),
        std::string::npos);
    EXPECT_NE(note_of(hashed({{"a", 20}}, {{"a", "pg_catalog.int4_ops"}}, 2)).find("another type"),
              std::string::npos);
    // An opclass of the right name outside pg_catalog may hash anything: not trusted.
    EXPECT_NE(note_of(hashed({{"a", 23}}, {{"a", "myschema.int4_ops"}}, 2)).find("myschema"),
              std::string::npos);

    TableSpec random;
    random.policy.kind = DistributionPolicy::Kind::random;
    EXPECT_EQ(plan_placement_check(random, types, Flavor::gp7).kind,
              PlacementCheckPlan::Kind::random);
    TableSpec replicated;
    replicated.policy.kind = DistributionPolicy::Kind::replicated;
    EXPECT_EQ(plan_placement_check(replicated, types, Flavor::gp7).kind,
              PlacementCheckPlan::Kind::replicated);
    TableSpec none;
    EXPECT_EQ(plan_placement_check(none, types, Flavor::postgres).kind,
              PlacementCheckPlan::Kind::not_checked);
}

TEST(PlacementCheck, FindsRowsOffTheirGreenplumRegressionSegments) {
    // bfv_partition_plans.out: int key 1..8 on 3 segments lands on {1,0,0,0,2,2,0,0}. All rows
    // read from segment 0: keys 1, 5 and 6 are misplaced.
    PlacementFindings findings = check_all(int4_check(1, 3), ints(1, 8), 0);
    EXPECT_EQ(findings.rows_checked, 8u);
    EXPECT_EQ(findings.misplaced_rows, 3u);
    ASSERT_EQ(findings.examples.size(), 3u);
    EXPECT_EQ(findings.examples[0].key, (std::vector<std::optional<std::string>>{"1"}));
    EXPECT_EQ(findings.examples[0].on_segment, 0);
    EXPECT_EQ(findings.examples[0].belongs_to, 1);
    EXPECT_EQ(findings.examples[1].key, (std::vector<std::optional<std::string>>{"5"}));
    EXPECT_EQ(findings.examples[1].belongs_to, 2);
    EXPECT_EQ(findings.examples[2].key, (std::vector<std::optional<std::string>>{"6"}));
    EXPECT_EQ(findings.examples[2].belongs_to, 2);
    EXPECT_EQ(findings.misplaced_by_segment, (std::map<int, std::uint64_t>{{0, 3}}));
    // The same rows read from segment 2: everything but 5 and 6 is misplaced.
    EXPECT_EQ(check_all(int4_check(1, 3), ints(1, 8), 2).misplaced_rows, 6u);
}

TEST(PlacementCheck, CountsMatchGreenplumExpandTableOnTwoAndThreeSegments) {
    // expand_table.out: a (int) 1..100 is 53/47 on 2 segments and 38/37/25 on 3.
    EXPECT_EQ(check_all(int4_check(1, 2), ints(1, 100), 0).misplaced_rows, 47u);
    EXPECT_EQ(check_all(int4_check(1, 2), ints(1, 100), 1).misplaced_rows, 53u);
    EXPECT_EQ(check_all(int4_check(1, 3), ints(1, 100), 0).misplaced_rows, 62u);
    EXPECT_EQ(check_all(int4_check(1, 3), ints(1, 100), 1).misplaced_rows, 63u);
    EXPECT_EQ(check_all(int4_check(1, 3), ints(1, 100), 2).misplaced_rows, 75u);
    // (a, b) with a = b: 33/30/37 on 3 segments.
    std::vector<std::vector<std::optional<int>>> pairs;
    for (int i = 1; i <= 100; ++i) {
        pairs.push_back({i, i});
    }
    EXPECT_EQ(check_all(int4_check(2, 3), pairs, 2).misplaced_rows, 63u);
    // Three-column keys with NULLs everywhere: 4/4 on 2 segments, 3/1/4 on 3.
    std::optional<int> null;
    std::vector<std::vector<std::optional<int>>> with_nulls{
        {1, 1, 1},       {null, 2, 2},    {3, null, 3},    {4, 4, null},
        {null, null, 5}, {null, 6, null}, {7, null, null}, {null, null, null}};
    EXPECT_EQ(check_all(int4_check(3, 2), with_nulls, 0).misplaced_rows, 4u);
    EXPECT_EQ(check_all(int4_check(3, 3), with_nulls, 1).misplaced_rows, 7u);
    PlacementFindings on_zero = check_all(int4_check(3, 3), with_nulls, 0);
    EXPECT_EQ(on_zero.misplaced_rows, 5u);
    for (const auto& example : on_zero.examples) {
        EXPECT_EQ(example.key.size(), 3u);
    }
}

TEST(PlacementCheck, FourSegmentsAgreeWithCdbHash) {
    // No published vectors for 4 segments: the checker must agree with CdbHash (whose jump hash
    // is checked against Guava's golden values) row by row, bigint key, rows read from 3.
    PlacementCheck check;
    check.numsegments = 4;
    check.keys.push_back(PlacementKey{"k", HashType::int8, 0, {}});
    PlacementChecker checker(check);
    PlacementFindings findings;
    std::uint64_t expected = 0;
    std::vector<int> per_segment(4, 0);
    for (std::int64_t k = -500; k <= 500; ++k) {
        Row row{{int8_send(k * 7919)}};
        CdbHash h(4, false);
        h.add(HashType::int8, int8_send(k * 7919));
        ++per_segment[static_cast<std::size_t>(h.segment())];
        expected += h.segment() == 3 ? 0U : 1U;
        checker.check_row(row.fields(), 0, 3, findings);
    }
    EXPECT_EQ(findings.misplaced_rows, expected);
    for (int count : per_segment) {
        EXPECT_GT(count, 150) << "every segment gets rows";
    }
    EXPECT_EQ(findings.examples.size(), k_misplaced_examples);
}

TEST(PlacementCheck, LegacyOpclassesUseModuloPlacement) {
    // gpdist_legacy_opclasses.out: cdbhash_int4_ops, 1..10 on 3 segments -> {0,0,1,1,1,1,1,2,2,2}.
    PlacementFindings findings = check_all(int4_check(1, 3, true), ints(1, 10), 1);
    EXPECT_EQ(findings.misplaced_rows, 5u);
    EXPECT_EQ(findings.examples[0].key, (std::vector<std::optional<std::string>>{"1"}));
    EXPECT_EQ(findings.examples[0].belongs_to, 0);
    EXPECT_EQ(findings.examples[2].key, (std::vector<std::optional<std::string>>{"8"}));
    EXPECT_EQ(findings.examples[2].belongs_to, 2);
}

TEST(PlacementCheck, ReadsKeysAfterALeadingSegmentIdAndAtTheirFields) {
    // A coordinator stream: gp_segment_id first, then (v text, id int); the key is id.
    PlacementCheck check;
    check.numsegments = 3;
    check.keys.push_back(PlacementKey{"id", HashType::int4, 0, {}});
    EXPECT_TRUE(bind_key_fields(check, {"v", "id"}).empty());
    EXPECT_EQ(check.keys[0].field, 1u);
    PlacementChecker checker(check);
    PlacementFindings findings;
    for (int id = 1; id <= 8; ++id) {
        Row row{{int4_send(0), std::string("x"), int4_send(id)}};
        checker.check_row(row.fields(), 1, 0, findings);
    }
    EXPECT_EQ(findings.misplaced_rows, 3u);
    // A key nobody reads raw is reported missing.
    EXPECT_EQ(bind_key_fields(check, {"v", ""}), (std::vector<std::string>{"id"}));
    // Malformed key bytes are a decode error of the stream.
    Row bad{{int4_send(0), std::string("x"), std::string("abc")}};
    EXPECT_THROW(checker.check_row(bad.fields(), 1, 0, findings), DecodeError);
}

TEST(PlacementCheck, PrepareAppendsKeysNotReadRawWithoutChangingTheEncoding) {
    TypeRegistry types = registry();
    TableSpec spec = hashed({{"id", 23}, {"m", 790}, {"v", 25}},
                            {{"v", "pg_catalog.text_ops"}, {"id", "pg_catalog.int4_ops"}}, 3);
    PlacementCheck check = *plan_placement_check(spec, types, Flavor::gp7).check;
    // The compared columns are id and m (money is read through a cast); v is not compared.
    std::string select = "\"id\", \"m\"::pg_catalog.numeric";
    RowCodec codec;
    codec.columns = {Codec{ValueClass::integer, Wire::int4, {}},
                     Codec{ValueClass::numeric, Wire::numeric, {}}};
    auto quote = [](const std::string& n) { return "\"" + n + "\""; };
    prepare_key_fields(check, spec, types, {"id", "m"}, quote, select, codec);
    EXPECT_EQ(select, "\"id\", \"m\"::pg_catalog.numeric, \"v\"");
    ASSERT_EQ(codec.columns.size(), 3u);
    EXPECT_EQ(codec.columns[2].wire, Wire::ignore);
    EXPECT_EQ(check.keys[0].field, 2u); // v
    EXPECT_EQ(check.keys[1].field, 0u); // id
    // The appended field is not part of the row's encoding.
    RowCodec compared;
    compared.columns = {codec.columns[0]};
    std::string id = int4_send(7);
    std::string text = "seven";
    std::vector<FieldView> with_key{FieldView{id.data(), 4}, FieldView{},
                                    FieldView{text.data(), 5}};
    std::vector<FieldView> without{FieldView{id.data(), 4}, FieldView{}};
    RowCodec two;
    two.columns = {codec.columns[0], codec.columns[1]};
    std::string a, b, key;
    encode_row(codec, with_key, 0, a, key);
    encode_row(two, without, 0, b, key);
    EXPECT_EQ(a, b);
}

TEST(PlacementCheck, StreamEngineChecksEveryRowWithoutChangingTheDigest) {
    RowCodec codec;
    codec.columns = {Codec{ValueClass::integer, Wire::int4, {}}};
    PlacementCheck check = int4_check(1, 3);
    std::string bytes = copy_binary_header();
    for (int id = 1; id <= 8; ++id) {
        append_copy_binary_row(bytes, {int4_send(id)});
    }
    bytes += copy_binary_trailer();
    ScanOutcome plain;
    ScanOutcome checked;
    {
        StreamDigester d(codec, 0, plain);
        d.feed(bytes);
        d.finish();
    }
    {
        StreamDigester d(codec, 0, checked, &check);
        for (std::size_t at = 0; at < bytes.size(); at += 5) {
            d.feed(std::string_view(bytes).substr(at, 5));
        }
        d.finish();
    }
    EXPECT_FALSE(plain.placement);
    ASSERT_TRUE(checked.placement);
    EXPECT_EQ(checked.placement->rows_checked, 8u);
    EXPECT_EQ(checked.placement->misplaced_rows, 3u);
    EXPECT_EQ(checked.segments.at(0).total.count, plain.segments.at(0).total.count);
    EXPECT_EQ(checked.segments.at(0).total.sum, plain.segments.at(0).total.sum);
}

TEST(PlacementCheck, FindingsAddUpAndKeepFewExamples) {
    PlacementFindings a = check_all(int4_check(1, 2), ints(1, 100), 0);
    PlacementFindings b = check_all(int4_check(1, 2), ints(1, 100), 1);
    a += b;
    EXPECT_EQ(a.rows_checked, 200u);
    EXPECT_EQ(a.misplaced_rows, 100u);
    EXPECT_EQ(a.misplaced_by_segment, (std::map<int, std::uint64_t>{{0, 47}, {1, 53}}));
    EXPECT_EQ(a.examples.size(), k_misplaced_examples);
}

TEST(PlacementCheck, AppliesFindingsToTheTableResult) {
    PlacementCheckPlan plan{PlacementCheckPlan::Kind::hash, int4_check(1, 3), "placement checked"};
    TableResult result;
    result.status = TableStatus::match;
    result.segments = {SegmentResult{0, std::nullopt, 8, TableStatus::match},
                       SegmentResult{1, std::nullopt, 0, TableStatus::match}};
    PlacementFindings findings = check_all(int4_check(1, 3), ints(1, 8), 0);
    apply_placement_check(plan, findings, {}, result);
    EXPECT_EQ(result.status, TableStatus::placement_mismatch);
    EXPECT_TRUE(result.placement_compared);
    EXPECT_EQ(result.misplaced_rows, 3u);
    EXPECT_EQ(result.misplaced_examples.size(), 3u);
    EXPECT_EQ(result.segments[0].status, TableStatus::placement_mismatch);
    EXPECT_EQ(result.segments[1].status, TableStatus::match);
    EXPECT_EQ(result.placement_note, "placement checked");

    // Nothing misplaced: still a match, and the count (0) says the check ran.
    TableResult clean;
    apply_placement_check(plan, PlacementFindings{8, 0, {}, {}}, {}, clean);
    EXPECT_EQ(clean.status, TableStatus::match);
    EXPECT_EQ(clean.misplaced_rows, 0u);

    // A worse status stays; an error is left alone.
    TableResult counted;
    counted.status = TableStatus::count_mismatch;
    apply_placement_check(plan, findings, {}, counted);
    EXPECT_EQ(counted.status, TableStatus::count_mismatch);
    EXPECT_EQ(counted.misplaced_rows, 3u);
    TableResult failed;
    failed.status = TableStatus::error;
    apply_placement_check(plan, findings, {}, failed);
    EXPECT_FALSE(failed.misplaced_rows);

    // Not checked: the reason is added to the note, nothing else changes.
    TableResult skipped;
    skipped.placement_note = "same policy";
    apply_placement_check({PlacementCheckPlan::Kind::not_checked, std::nullopt, "enum key"},
                          std::nullopt, {}, skipped);
    EXPECT_EQ(skipped.placement_note, "same policy; enum key");
    EXPECT_EQ(skipped.status, TableStatus::match);
    EXPECT_FALSE(skipped.placement_compared);
}

TEST(PlacementCheck, ReplicatedSegmentsMustHoldTheSameRows) {
    PlacementCheckPlan plan{PlacementCheckPlan::Kind::replicated, std::nullopt, "replicated"};
    std::map<int, SegmentDigest> same;
    for (int content = 0; content < 3; ++content) {
        same[content].add(Hash128{1, 2}, 0);
        same[content].add(Hash128{3, 4}, 1);
    }
    TableResult ok;
    apply_placement_check(plan, std::nullopt, same, ok);
    EXPECT_EQ(ok.status, TableStatus::match);
    EXPECT_TRUE(ok.placement_compared);

    std::map<int, SegmentDigest> differ = same;
    differ[2].add(Hash128{5, 6}, 2);
    TableResult bad;
    bad.segments = {SegmentResult{0, {}, 2, TableStatus::match},
                    SegmentResult{2, {}, 3, TableStatus::match}};
    apply_placement_check(plan, std::nullopt, differ, bad);
    EXPECT_EQ(bad.status, TableStatus::placement_mismatch);
    EXPECT_EQ(bad.segments[0].status, TableStatus::match);
    EXPECT_EQ(bad.segments[1].status, TableStatus::placement_mismatch);
    EXPECT_NE(bad.placement_note.find("segments 2 differ from segment 0"), std::string::npos)
        << bad.placement_note;
}

TEST(PlacementCheck, KeyValuesAsText) {
    EXPECT_EQ(key_value_text(HashType::int4, int4_send(-42)), "-42");
    EXPECT_EQ(key_value_text(HashType::int8, int8_send(-9000000000LL)), "-9000000000");
    EXPECT_EQ(key_value_text(HashType::text, "ü€ x"), "ü€ x");
    EXPECT_EQ(key_value_text(HashType::bool_, std::string(1, '\1')), "true");
    EXPECT_EQ(key_value_text(HashType::float8, int8_send(std::bit_cast<std::int64_t>(0.5))), "0.5");
    // date 2020-01-01 is day 7305 after 2000-01-01.
    EXPECT_EQ(key_value_text(HashType::date, int4_send(7305)), "2020-01-01");
    // 2021-03-04 05:06:07.5 UTC.
    std::int64_t us = (7733LL * 86400 + 5 * 3600 + 6 * 60 + 7) * 1000000 + 500000;
    EXPECT_EQ(key_value_text(HashType::timestamptz, int8_send(us)), "2021-03-04 05:06:07.5+00");
    // numeric 12.5: ndigits 2, weight 0, sign +, dscale 1, digits 12, 5000.
    std::string numeric = std::string("\0\2\0\0\0\0\0\1", 8) + std::string("\0\x0c\x13\x88", 4);
    EXPECT_EQ(key_value_text(HashType::numeric, numeric), "12.5");
    EXPECT_EQ(key_value_text(HashType::inet, std::string("\2\x20\0\4\x0a\0\0\1", 8)),
              "10.0.0.1/32");
    EXPECT_EQ(key_value_text(HashType::bytea, std::string("\x01\xab", 2)), "\\x01ab");
    // Malformed bytes: shown as hex, never a throw.
    EXPECT_EQ(key_value_text(HashType::int4, "ab"), "\\x6162");
}
