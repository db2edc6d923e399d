#include "verify/table_plan.hpp"

#include "catalog/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace gpparity;
using namespace gpparity::verify;
using checksum::DistributionPolicy;
using checksum::TableKind;
using checksum::TableSpec;
using checksum::TableStatus;

namespace {

// Quoting as libpq does it for the names these tests use: always double quotes.
std::string quote_ident(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

checksum::TypeRegistry registry() {
    checksum::TypeRegistry r;
    auto builtin = [&](std::uint32_t oid, const char* name, char category = 'N') {
        r[oid] = checksum::TypeInfo{oid, "pg_catalog", name, 'b', category, 0, 0, {}, 0, {}};
    };
    builtin(23, "int4");
    builtin(25, "text", 'S');
    builtin(701, "float8");
    builtin(26, "oid");
    return r;
}

DistributionPolicy hashed_by(const std::string& column, int numsegments = 2) {
    DistributionPolicy p;
    p.kind = DistributionPolicy::Kind::hash;
    p.numsegments = numsegments;
    p.key_columns = {column};
    p.key_opclasses = {"pg_catalog.int4_ops"};
    p.keys = {column + " pg_catalog.int4_ops"};
    return p;
}

TableSpec table(const std::string& name, std::vector<checksum::ColumnSpec> columns,
                TableKind kind = TableKind::table) {
    TableSpec t;
    t.schema = "s";
    t.name = name;
    t.identity = "s." + name;
    t.kind = kind;
    t.columns = std::move(columns);
    return t;
}

checksum::ColumnSpec int_column(const std::string& name) {
    return {name, 23, "integer"};
}
checksum::ColumnSpec text_column(const std::string& name) {
    return {name, 25, "text"};
}
checksum::ColumnSpec oid_column(const std::string& name) {
    return {name, 26, "oid"};
}

SideFacts postgres(const checksum::ClusterTables& tables) {
    SideFacts f;
    f.tables = &tables;
    f.flavor = catalog::Flavor::postgres;
    f.segments = {-1};
    f.quote_ident = quote_ident;
    f.quote_literal = quote_literal;
    return f;
}

SideFacts greenplum(const checksum::ClusterTables& tables, Via via = Via::segments) {
    SideFacts f = postgres(tables);
    f.flavor = catalog::Flavor::gp7;
    f.segments = {0, 1};
    f.via = via;
    return f;
}

const TablePlan& find(const DataPlan& plan, const std::string& identity) {
    auto it = std::find_if(plan.tables.begin(), plan.tables.end(),
                           [&](const TablePlan& t) { return t.identity == identity; });
    if (it == plan.tables.end()) {
        throw std::runtime_error("no table " + identity + " in the plan");
    }
    return *it;
}
// A reference into a temporary plan would dangle at the end of the statement (AddressSanitizer
// found three such): name the plan first.
const TablePlan& find(DataPlan&& plan, const std::string& identity) = delete;

DataPlanOptions stream_options() {
    DataPlanOptions o;
    o.strategy = Strategy::stream;
    return o;
}

} // namespace

TEST(TablePlan, SelectListOfPlainColumnsAllowsTheColumnCopy) {
    checksum::RowCodec codec;
    SelectList s = build_select_list(
        {{"\"a\"",
          {"\"a\"", checksum::Codec{checksum::ValueClass::integer, checksum::Wire::int4, {}}}},
         {"\"b\"",
          {"\"b\"", checksum::Codec{checksum::ValueClass::text, checksum::Wire::text, {}}}}},
        codec);
    EXPECT_EQ(s.sql, "\"a\", \"b\"");
    EXPECT_TRUE(s.plain_columns);
    EXPECT_EQ(s.column_sql, (std::vector<std::string>{"\"a\"", "\"b\""}));
    EXPECT_EQ(codec.columns.size(), 2u);
}

TEST(TablePlan, SelectListWithACastOrNoColumnIsNotPlain) {
    checksum::RowCodec codec;
    SelectList cast = build_select_list(
        {{"\"f\"",
          {"\"f\"::text", checksum::Codec{checksum::ValueClass::text, checksum::Wire::text, {}}}}},
        codec);
    EXPECT_FALSE(cast.plain_columns);
    checksum::RowCodec empty_codec;
    SelectList none = build_select_list({}, empty_codec);
    EXPECT_EQ(none.sql, "1") << "rows are still counted";
    EXPECT_FALSE(none.plain_columns);
    ASSERT_EQ(empty_codec.columns.size(), 1u);
    EXPECT_EQ(empty_codec.columns[0].wire, checksum::Wire::ignore);
    EXPECT_TRUE(none.column_sql.empty()) << "no server-side bucket filter without columns";
}

TEST(TablePlan, CopySqlPicksTheCheapestFormThatReadsTheRightRows) {
    SelectList plain{"\"a\", \"b\"", {"\"a\"", "\"b\""}, true};
    CopySource t{"\"s\".\"t\"", "'\"s\".\"t\"'", false, false, false};
    EXPECT_EQ(copy_sql(t, plain), "COPY \"s\".\"t\" (\"a\", \"b\") TO STDOUT (FORMAT binary)");
    SelectList cast{"\"a\"::text", {"\"a\"::text"}, false};
    EXPECT_EQ(copy_sql(t, cast),
              "COPY (SELECT \"a\"::text FROM ONLY \"s\".\"t\") TO STDOUT (FORMAT binary)");
    CopySource matview = t;
    matview.matview = true; // COPY refuses a materialized view by name
    EXPECT_EQ(copy_sql(matview, plain),
              "COPY (SELECT \"a\", \"b\" FROM ONLY \"s\".\"t\") TO STDOUT (FORMAT binary)");
}

TEST(TablePlan, CopySqlThroughTheCoordinatorTagsRowsWithTheirSegment) {
    SelectList plain{"\"a\"", {"\"a\""}, true};
    CopySource t{"\"s\".\"t\"", "'\"s\".\"t\"'", true, false, false};
    std::string sql = copy_sql(t, plain);
    EXPECT_EQ(sql.rfind("COPY (SELECT ", 0), 0u) << sql;
    EXPECT_NE(sql.find("gp_segment_id, \"a\" FROM ONLY \"s\".\"t\""), std::string::npos) << sql;
    CopySource replicated = t;
    replicated.replicated = true;
    sql = copy_sql(replicated, plain);
    EXPECT_NE(sql.find("gp_dist_random"), std::string::npos) << "every copy is read: " << sql;
    EXPECT_NE(sql.find("gp_execution_segment()"), std::string::npos) << sql;
}

TEST(TablePlan, CopySqlExtrasNarrowTheRereadOfADrillDown) {
    SelectList plain{"\"a\"", {"\"a\""}, true};
    CopySource t{"\"s\".\"t\"", "'\"s\".\"t\"'", true, false, false};
    std::string sql = copy_sql(t, plain, CopyExtras{"\"a\"::text", {1, 3}, "x > 0"});
    EXPECT_NE(sql.find("\"a\", \"a\"::text FROM"), std::string::npos) << sql;
    EXPECT_NE(sql.find(" WHERE gp_segment_id IN (1, 3) AND x > 0)"), std::string::npos) << sql;
    CopySource direct = t;
    direct.through_coordinator = false;
    EXPECT_EQ(copy_sql(direct, plain, CopyExtras{"", {}, "x > 0"}),
              "COPY (SELECT \"a\" FROM ONLY \"s\".\"t\" WHERE x > 0) TO STDOUT (FORMAT binary)");
}

TEST(TablePlan, FanOutReadsEachPrimaryOrOneCoordinatorStream) {
    checksum::ClusterTables tables;
    auto pg = fan_out(postgres(tables), 5);
    ASSERT_EQ(pg.size(), 1u);
    EXPECT_EQ(pg[0].endpoint, -1);
    EXPECT_EQ(pg[0].segment, 5) << "a PostgreSQL side's rows carry the given tag";
    auto direct = fan_out(greenplum(tables));
    ASSERT_EQ(direct.size(), 2u);
    EXPECT_EQ(direct[1].endpoint, 1);
    EXPECT_EQ(direct[1].segment, 1);
    auto coordinator = fan_out(greenplum(tables, Via::coordinator));
    ASSERT_EQ(coordinator.size(), 1u);
    EXPECT_EQ(coordinator[0].endpoint, -1);
}

TEST(TablePlan, FiltersOnARootCoverItsLeaves) {
    TableSpec leaf = table("sales_1", {int_column("id")}, TableKind::partition_leaf);
    leaf.root_schema = "s";
    leaf.root_name = "sales";
    EXPECT_TRUE(is_selected(catalog::Filter({"s.sales"}, {}), leaf));
    EXPECT_FALSE(is_selected(catalog::Filter({}, {"s.sales"}), leaf));
    EXPECT_FALSE(is_selected(catalog::Filter({"s.other"}, {}), leaf));
}

TEST(TablePlan, AnIncludeThatMatchesNothingIsAUsageError) {
    checksum::ClusterTables a;
    a.tables.push_back(table("t", {int_column("id")}));
    EXPECT_NO_THROW(require_includes_match(catalog::Filter({"s.t"}, {}), {&a}));
    EXPECT_THROW(require_includes_match(catalog::Filter({"s.nope"}, {}), {&a}),
                 catalog::UsageError);
}

TEST(TablePlan, ColumnsAreMatchedByNameAndExclusionsSayWhy) {
    checksum::ClusterTables source;
    source.types = registry();
    source.tables.push_back(
        table("t", {int_column("id"), text_column("only_s"), oid_column("o"), text_column("b")}));
    checksum::ClusterTables target;
    target.types = registry();
    target.tables.push_back(
        table("t", {text_column("b"), int_column("id"), oid_column("o"), int_column("only_t")}));
    DataPlan plan = plan_data({postgres(source), postgres(target)}, stream_options());
    const TablePlan& t = find(plan, "s.t");
    EXPECT_TRUE(t.compared);
    EXPECT_EQ(t.result.column_names, (std::vector<std::string>{"id", "b"})) << "source order";
    EXPECT_EQ(t.sides[k_source].select.sql, "\"id\", \"b\"");
    EXPECT_EQ(t.sides[k_target].select.sql, "\"id\", \"b\"") << "the target in source order";
    const auto& excluded = t.result.excluded_columns;
    EXPECT_NE(std::find(excluded.begin(), excluded.end(), "only_s: only in source"),
              excluded.end());
    EXPECT_NE(std::find(excluded.begin(), excluded.end(), "only_t: only in target"),
              excluded.end());
    EXPECT_TRUE(std::any_of(excluded.begin(), excluded.end(), [](const std::string& e) {
        return e.rfind("o: ", 0) == 0 && e.find("(source oid)") != std::string::npos;
    })) << "an unreadable column names its side and type";
    EXPECT_EQ(t.sides[k_source].sql, "COPY \"s\".\"t\" (\"id\", \"b\") TO STDOUT (FORMAT binary)");
    EXPECT_EQ(t.sides[k_source].items.size(), 1u);
}

TEST(TablePlan, TheBucketKeyIsThePrimaryKeyElseTheDistributionKey) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec keyed = table("keyed", {int_column("a"), int_column("b")});
    keyed.primary_key = {"b"};
    keyed.policy = hashed_by("a");
    TableSpec distributed = table("distributed", {int_column("a"), int_column("b")});
    distributed.policy = hashed_by("b");
    side.tables = {keyed, distributed};
    DataPlan plan = plan_data({greenplum(side), greenplum(side)}, stream_options());
    EXPECT_EQ(find(plan, "s.keyed").sides[k_source].codec.key_columns,
              (std::vector<std::size_t>{1}));
    EXPECT_EQ(find(plan, "s.distributed").sides[k_target].codec.key_columns,
              (std::vector<std::size_t>{1}));
}

TEST(TablePlan, TablesOnOneSideAndUnreadKindsAreDecidedBeforeReading) {
    checksum::ClusterTables source;
    source.types = registry();
    TableSpec ext = table("ext", {int_column("id")}, TableKind::external);
    TableSpec mv = table("mv", {int_column("id")}, TableKind::matview);
    source.tables = {table("gone", {int_column("id")}), ext, mv};
    checksum::ClusterTables target;
    target.types = registry();
    TableSpec unpopulated = mv;
    unpopulated.populated = false;
    target.tables = {table("new", {int_column("id")}), ext, unpopulated};
    DataPlan plan = plan_data({postgres(source), postgres(target)}, stream_options());
    EXPECT_EQ(find(plan, "s.gone").preset, TableStatus::missing_in_target);
    EXPECT_TRUE(find(plan, "s.gone").sides[k_source].items.empty())
        << "a plain table on one side is not read";
    EXPECT_EQ(find(plan, "s.new").preset, TableStatus::extra_in_target);
    EXPECT_EQ(find(plan, "s.ext").preset, TableStatus::not_applicable);
    EXPECT_TRUE(find(plan, "s.ext").sides[k_source].items.empty()) << "external: never read";
    EXPECT_EQ(find(plan, "s.mv").preset, TableStatus::skipped);
    EXPECT_EQ(find(plan, "s.mv").result.message,
              "materialized view is not populated in the target");
}

TEST(TablePlan, PartitionRootsRollUpTheirLeavesAndALoneLeafIsStillRead) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec root = table("sales", {int_column("id")}, TableKind::partition_root);
    root.policy = hashed_by("id");
    auto leaf = [&](const std::string& name) {
        TableSpec t = table(name, {int_column("id")}, TableKind::partition_leaf);
        t.root_schema = "s";
        t.root_name = "sales";
        t.policy = hashed_by("id");
        return t;
    };
    side.tables = {root, leaf("sales_1"), leaf("sales_2")};
    checksum::ClusterTables target = side;
    target.tables.pop_back(); // sales_2 only in the source
    DataPlan plan = plan_data({greenplum(side), greenplum(target)}, stream_options());
    const TablePlan& r = find(plan, "s.sales");
    EXPECT_TRUE(r.rollup);
    EXPECT_TRUE(r.sides[k_source].items.empty()) << "a root's rows are its leaves'";
    ASSERT_EQ(plan.leaves_of.at("s.sales").size(), 2u);
    const TablePlan& lone = find(plan, "s.sales_2");
    EXPECT_EQ(lone.preset, TableStatus::missing_in_target);
    ASSERT_TRUE(lone.lone_side);
    EXPECT_EQ(*lone.lone_side, k_source);
    EXPECT_EQ(lone.sides[k_source].items.size(), 2u) << "read per primary, so the root adds up";
}

TEST(TablePlan, RollUpSumsTheLeavesAndALeafErrorFailsTheRoot) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec root = table("sales", {int_column("id")}, TableKind::partition_root);
    TableSpec leaf1 = table("sales_1", {int_column("id")}, TableKind::partition_leaf);
    leaf1.root_schema = "s";
    leaf1.root_name = "sales";
    TableSpec leaf2 = leaf1;
    leaf2.name = "sales_2";
    leaf2.identity = "s.sales_2";
    side.tables = {root, leaf1, leaf2};
    DataPlan plan = plan_data({postgres(side), postgres(side)}, stream_options());
    std::map<std::string, std::array<checksum::SideDigests, 2>> digests;
    for (const char* leaf : {"s.sales_1", "s.sales_2"}) {
        for (std::size_t s = 0; s < 2; ++s) {
            digests[leaf][s].segments[-1].total.count = 3;
        }
    }
    digests["s.sales_2"][k_target].error = "boom";
    digests["s.sales_2"][k_target].segments.clear();
    roll_up_digests(plan, digests);
    EXPECT_EQ(digests.at("s.sales")[k_source].segments.at(-1).total.count, 6u);
    EXPECT_TRUE(digests.at("s.sales")[k_target].error);
    EXPECT_TRUE(digests.at("s.sales")[k_target].segments.empty());
}

TEST(TablePlan, ALeafCountsTowardsItsRootOnlyWhenItWasCompared) {
    EXPECT_EQ(rollup_contribution(TableStatus::missing_in_target), TableStatus::count_mismatch);
    EXPECT_EQ(rollup_contribution(TableStatus::extra_in_target), TableStatus::count_mismatch);
    EXPECT_EQ(rollup_contribution(TableStatus::skipped), TableStatus::match);
    EXPECT_EQ(rollup_contribution(TableStatus::not_applicable), TableStatus::match);
    EXPECT_EQ(rollup_contribution(TableStatus::content_mismatch), TableStatus::content_mismatch);
}

TEST(TablePlan, TheTargetChecksItsOwnPlacementOnlyOnALiveGreenplumStream) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec t = table("t", {int_column("id"), text_column("v")});
    t.policy = hashed_by("id");
    side.tables = {t};
    DataPlan gp = plan_data({greenplum(side), greenplum(side)}, stream_options());
    const TablePlan& checked = find(gp, "s.t");
    ASSERT_TRUE(checked.target_check);
    EXPECT_TRUE(checked.target_check->check);
    EXPECT_EQ(checked.placement.mode, checksum::PlacementDecision::Mode::per_segment);
    DataPlanOptions off = stream_options();
    off.check_placement = false;
    const DataPlan unchecked = plan_data({greenplum(side), greenplum(side)}, off);
    EXPECT_FALSE(find(unchecked, "s.t").target_check);
    checksum::ClusterTables plain = side;
    plain.tables[0].policy = {}; // PostgreSQL has no distribution policy
    DataPlan to_postgres = plan_data({greenplum(side), postgres(plain)}, stream_options());
    EXPECT_FALSE(find(to_postgres, "s.t").target_check) << "PostgreSQL has no segments";
    EXPECT_EQ(find(to_postgres, "s.t").placement.mode, checksum::PlacementDecision::Mode::totals);
}

TEST(TablePlan, ReadPathsFollowTheSide) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec t = table("t", {int_column("id")});
    t.policy = hashed_by("id");
    side.tables = {t};
    DataPlan plan =
        plan_data({greenplum(side), greenplum(side, Via::coordinator)}, stream_options());
    const TablePlan& p = find(plan, "s.t");
    EXPECT_EQ(p.sides[k_source].items.size(), 2u);
    EXPECT_FALSE(p.sides[k_source].codec.leading_segment_id);
    EXPECT_EQ(p.sides[k_target].items.size(), 1u);
    EXPECT_TRUE(p.sides[k_target].codec.leading_segment_id);
    EXPECT_NE(p.sides[k_target].sql.find("gp_segment_id"), std::string::npos);
}

TEST(TablePlan, PushdownRunsOneAggregatePerSideOnTheCoordinator) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec t = table("t", {int_column("id"), text_column("v")});
    t.policy = hashed_by("id");
    side.tables = {t};
    checksum::CompositeFields none;
    SideFacts facts = greenplum(side);
    facts.composite_fields = &none;
    DataPlanOptions options;
    options.strategy = Strategy::pushdown;
    DataPlan plan = plan_data({facts, facts}, options);
    const TablePlan& p = find(plan, "s.t");
    ASSERT_EQ(p.sides[k_source].items.size(), 1u);
    EXPECT_EQ(p.sides[k_source].items[0].endpoint, -1);
    EXPECT_EQ(p.result.column_names, (std::vector<std::string>{"id", "v"}));
    EXPECT_FALSE(p.target_check) << "pushdown reads no rows to check";
    EXPECT_EQ(p.result.strategy, "pushdown");
    options.mode = Mode::count;
    const DataPlan counted_plan = plan_data({facts, facts}, options);
    const TablePlan& counted = find(counted_plan, "s.t");
    EXPECT_TRUE(counted.sides[k_source].pushdown_fields.empty());
    EXPECT_NE(counted.sides[k_source].sql.find("count("), std::string::npos)
        << counted.sides[k_source].sql;
}

TEST(TablePlan, PushdownThroughTheExtensionEncodesTheStreamColumns) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec t = table("t", {int_column("id"), text_column("v"), oid_column("o")});
    t.policy = hashed_by("id");
    TableSpec r = table("r", {int_column("id")});
    r.policy.kind = DistributionPolicy::Kind::replicated;
    side.tables = {t, r};
    SideFacts facts = greenplum(side);
    facts.digest_function = "\"ext\".c1_digest";
    DataPlanOptions options;
    options.strategy = Strategy::pushdown;
    options.server_digest = true;
    DataPlan plan = plan_data({facts, facts}, options);
    const TablePlan& p = find(plan, "s.t");
    const SideRead& read = p.sides[k_source];
    ASSERT_EQ(read.items.size(), 1u);
    EXPECT_EQ(read.items[0].endpoint, -1) << "one aggregate on the coordinator";
    EXPECT_TRUE(read.server_digest);
    EXPECT_TRUE(read.pushdown_fields.empty()) << "no SQL-pushdown fields";
    // The stream plan's columns and exclusions: an oid column is excluded alike.
    EXPECT_EQ(p.result.column_names, (std::vector<std::string>{"id", "v"}));
    ASSERT_EQ(p.result.excluded_columns.size(), 1u);
    EXPECT_EQ(read.codec.columns.size(), 2u);
    EXPECT_EQ(read.sql, "SELECT gp_segment_id, pg_catalog.encode(\"ext\".c1_digest("
                        "'c1:01i05t'::pg_catalog.text, \"id\", \"v\"), 'hex') FROM ONLY "
                        "\"s\".\"t\" GROUP BY 1");
    EXPECT_FALSE(p.target_check) << "pushdown reads no rows to check";
    const TablePlan& replicated = find(plan, "s.r");
    EXPECT_NE(replicated.sides[k_target].sql.find("gp_dist_random('\"s\".\"r\"')"),
              std::string::npos)
        << replicated.sides[k_target].sql;
    // Count mode never digests: SQL counts, whatever the extension.
    options.mode = Mode::count;
    const DataPlan counted_plan = plan_data({facts, facts}, options);
    const TablePlan& counted = find(counted_plan, "s.t");
    EXPECT_FALSE(counted.sides[k_source].server_digest);
    EXPECT_NE(counted.sides[k_source].sql.find("count("), std::string::npos);
}

TEST(TablePlan, PushdownThroughTheExtensionAgainstASnapshotReadsOnlyTheLiveSide) {
    checksum::ClusterTables live;
    live.types = registry();
    live.tables = {table("t", {text_column("v"), int_column("id")})};
    SnapshotTable st;
    st.spec = table("t", {int_column("id"), text_column("v")});
    st.digest_columns = {"id", "v"};
    checksum::ClusterTables snapshot_tables;
    snapshot_tables.tables = {st.spec};
    std::map<std::string, const SnapshotTable*> by_identity{{"s.t", &st}};
    SideFacts source = postgres(snapshot_tables);
    source.snapshot_tables = &by_identity;
    SideFacts target = greenplum(live);
    target.digest_function = "\"gpparity\".c1_digest";
    DataPlanOptions options;
    options.strategy = Strategy::pushdown;
    options.server_digest = true;
    const DataPlan plan = plan_data({source, target}, options);
    const TablePlan& p = find(plan, "s.t");
    EXPECT_TRUE(p.sides[k_source].items.empty()) << "the snapshot side is not read";
    // The snapshot's digest columns, in the snapshot's order.
    EXPECT_NE(p.sides[k_target].sql.find("'c1:01i05t'::pg_catalog.text, \"id\", \"v\")"),
              std::string::npos)
        << p.sides[k_target].sql;
}

TEST(TablePlan, AgainstASnapshotTheLiveSideEncodesTheSnapshotsColumns) {
    checksum::ClusterTables live;
    live.types = registry();
    live.tables = {table("t", {text_column("v"), int_column("id"), int_column("extra")}),
                   table("u", {int_column("id")})};
    SnapshotTable st;
    st.spec = table("t", {int_column("id"), text_column("v")});
    st.digest_columns = {"id", "v"};
    SnapshotTable su;
    su.spec = table("u", {int_column("id"), int_column("gone")});
    su.digest_columns = {"id", "gone"};
    checksum::ClusterTables snapshot_tables;
    snapshot_tables.tables = {st.spec, su.spec};
    std::map<std::string, const SnapshotTable*> by_identity{{"s.t", &st}, {"s.u", &su}};
    SideFacts snapshot;
    snapshot.tables = &snapshot_tables;
    snapshot.snapshot_tables = &by_identity;
    DataPlan plan = plan_data({snapshot, postgres(live)}, stream_options());
    const TablePlan& t = find(plan, "s.t");
    EXPECT_TRUE(t.sides[k_source].items.empty()) << "the snapshot side is not read";
    EXPECT_EQ(t.sides[k_target].select.sql, "\"id\", \"v\"") << "the snapshot's order";
    EXPECT_TRUE(t.incomparable.empty());
    const auto& excluded = t.result.excluded_columns;
    EXPECT_NE(
        std::find(excluded.begin(), excluded.end(), "extra: only in target (not in the snapshot)"),
        excluded.end());
    const TablePlan& u = find(plan, "s.u");
    EXPECT_NE(u.incomparable.find("column gone is in the snapshot's digests but not in the target"),
              std::string::npos);
    EXPECT_EQ(u.sides[k_target].select.sql, "1") << "rows are still counted";
    checksum::TableResult counted;
    counted.status = TableStatus::match;
    apply_incomparable(u, counted);
    EXPECT_EQ(counted.status, TableStatus::skipped);
    checksum::TableResult differs;
    differs.status = TableStatus::count_mismatch;
    apply_incomparable(u, differs);
    EXPECT_EQ(differs.status, TableStatus::count_mismatch) << "a count difference stands";
}

TEST(TablePlan, ASnapshotPlanReadsEveryReadableColumnOfEveryTable) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec root = table("sales", {int_column("id")}, TableKind::partition_root);
    side.tables = {table("t", {int_column("id"), oid_column("o"), text_column("v")}), root};
    DataPlan plan = plan_snapshot(greenplum(side), catalog::Filter{});
    const TablePlan& t = find(plan, "s.t");
    EXPECT_EQ(t.result.column_names, (std::vector<std::string>{"id", "v"}));
    ASSERT_EQ(t.result.excluded_columns.size(), 1u);
    EXPECT_EQ(t.result.excluded_columns[0].rfind("o: ", 0), 0u);
    EXPECT_NE(t.result.excluded_columns[0].find("(oid)"), std::string::npos);
    EXPECT_EQ(t.sides[k_source].items.size(), 2u);
    EXPECT_TRUE(find(plan, "s.sales").sides[k_source].items.empty());
}

TEST(TablePlan, PlacementReadsKeysOfHashedTablesAndRowsOfReplicatedOnes) {
    checksum::ClusterTables side;
    side.types = registry();
    TableSpec hashed = table("hashed", {int_column("id"), text_column("v")});
    hashed.policy = hashed_by("id");
    TableSpec replicated = table("replicated", {int_column("id"), text_column("v")});
    replicated.policy.kind = DistributionPolicy::Kind::replicated;
    replicated.policy.numsegments = 2;
    TableSpec random = table("random", {int_column("id")});
    random.policy.kind = DistributionPolicy::Kind::random;
    TableSpec ext = table("ext", {int_column("id")}, TableKind::external);
    side.tables = {hashed, replicated, random, ext};
    PlacementPlan plan = plan_placement(greenplum(side), catalog::Filter{}, std::nullopt);
    ASSERT_EQ(plan.tables.size(), 4u);
    EXPECT_EQ(plan.tables[0].read.select.sql, "\"id\"") << "only the key, raw";
    EXPECT_EQ(plan.tables[0].read.items.size(), 2u);
    EXPECT_EQ(plan.tables[1].read.select.sql, "\"id\", \"v\"") << "whole rows";
    EXPECT_TRUE(plan.tables[2].read.items.empty());
    EXPECT_FALSE(plan.tables[2].result.placement_note.empty());
    EXPECT_EQ(plan.tables[3].result.status, TableStatus::not_applicable);
}

TEST(TablePlan, APretendedDistributionTagsPostgresRowsWithItsSegment) {
    checksum::ClusterTables side;
    side.types = registry();
    side.tables = {table("t", {int_column("id")})};
    PretendDistribution pretend{{"id"}, 4, 3, false};
    PlacementPlan plan = plan_placement(postgres(side), catalog::Filter{}, pretend);
    ASSERT_EQ(plan.tables.size(), 1u);
    EXPECT_EQ(plan.tables[0].spec->policy.numsegments, 4);
    ASSERT_EQ(plan.tables[0].read.items.size(), 1u);
    EXPECT_EQ(plan.tables[0].read.items[0].segment, 3);
}
