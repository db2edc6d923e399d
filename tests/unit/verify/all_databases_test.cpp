// --all-databases, the pure half (verify/all_databases.hpp): which databases are compared, and
// how their reports become one.
#include "verify/all_databases.hpp"

#include <gtest/gtest.h>

using gpparity::catalog::Finding;
using gpparity::catalog::FindingStatus;
using gpparity::catalog::ObjectKind;
using gpparity::checksum::TableResult;
using gpparity::checksum::TableStatus;
using gpparity::verify::DatabaseRun;
using gpparity::verify::merge_database_runs;
using gpparity::verify::plan_databases;
using gpparity::verify::PlannedDatabase;
using gpparity::verify::Report;

namespace {

Finding finding(ObjectKind kind, const std::string& object) {
    Finding f;
    f.kind = kind;
    f.object = object;
    f.status = FindingStatus::missing_in_target;
    return f;
}

Report one_database(const std::string& view) {
    Report r;
    r.catalog.emplace();
    r.catalog->findings = {finding(ObjectKind::role, "alice"), finding(ObjectKind::view, view)};
    r.catalog->compared = {{"role", 3}, {"view", 1}};
    r.data.emplace();
    TableResult t;
    t.table = "public.t";
    t.status = TableStatus::match;
    r.data->tables = {t};
    r.warnings = {"something"};
    r.options = {{"strategy", "stream"}};
    return r;
}

} // namespace

TEST(AllDatabases, TheUnionOfBothSidesLessExclusions) {
    const auto planned = plan_databases({"shop", "sales", "scratch_1", "old"},
                                        {"shop", "sales", "scratch_2", "new"}, {}, {"scratch_*"});
    ASSERT_EQ(planned.size(), 4U);
    EXPECT_EQ(planned[0].name, "new");
    EXPECT_FALSE(planned[0].on_source);
    EXPECT_TRUE(planned[0].on_target);
    EXPECT_EQ(planned[1].name, "old");
    EXPECT_TRUE(planned[1].on_source);
    EXPECT_FALSE(planned[1].on_target);
    EXPECT_EQ(planned[2].name, "sales");
    EXPECT_TRUE(planned[2].on_source && planned[2].on_target);
    EXPECT_EQ(plan_databases({"shop", "sales"}, {"shop"}, {"s*p"}, {}).size(), 1U);
    EXPECT_TRUE(plan_databases({"a"}, {"a"}, {"b*"}, {}).empty());
}

TEST(AllDatabases, ClusterWideObjectsOnceAndEverythingElseByDatabase) {
    std::vector<DatabaseRun> runs;
    runs.push_back(
        {PlannedDatabase{"postgres", true, true}, "postgres", one_database("public.v1"), {}});
    runs.push_back({PlannedDatabase{"shop", true, true}, "shop", one_database("public.v2"), {}});
    runs.push_back({PlannedDatabase{"old", true, false}, "\"old\"", std::nullopt, {}});
    runs.push_back({PlannedDatabase{"broken", true, true}, "broken", std::nullopt, "lost"});
    Report report;
    report.options = {{"strategy", "auto"}};
    merge_database_runs(report, std::move(runs), "postgres");

    ASSERT_TRUE(report.catalog);
    std::size_t roles = 0;
    for (const auto& f : report.catalog->findings) {
        if (f.kind == ObjectKind::role) {
            ++roles;
            EXPECT_TRUE(f.database.empty()) << "a role belongs to the cluster";
        }
        if (f.kind == ObjectKind::view) {
            EXPECT_EQ(f.database, f.object == "public.v1" ? "postgres" : "shop");
        }
    }
    EXPECT_EQ(roles, 1U) << "cluster-wide findings come from one database's run";
    EXPECT_EQ(report.catalog->compared.at("role"), 3U);
    EXPECT_EQ(report.catalog->compared.at("view"), 2U);
    const Finding& old = report.catalog->findings.at(3);
    EXPECT_EQ(old.kind, ObjectKind::database);
    EXPECT_EQ(old.object, "\"old\"");
    EXPECT_EQ(old.status, FindingStatus::missing_in_target);

    ASSERT_TRUE(report.data);
    ASSERT_EQ(report.data->tables.size(), 2U);
    EXPECT_EQ(report.data->tables[0].database, "postgres");
    EXPECT_EQ(report.data->tables[1].database, "shop");
    EXPECT_EQ(report.options.at("strategy"), "auto") << "the whole run's options win";
    ASSERT_EQ(report.databases.size(), 4U);
    EXPECT_EQ(report.databases[2].status, "missing_in_target");
    EXPECT_EQ(report.databases[3].status, "error");
    ASSERT_EQ(report.errors.size(), 1U);
    EXPECT_EQ(report.errors[0], "database broken: lost");
    EXPECT_EQ(report.warnings.at(1), "database shop: something");
}

// snapshot --all-databases: one file per database, any name, and back.
TEST(AllDatabases, SnapshotFileNamesRoundTripForAnyName) {
    using gpparity::verify::database_of_snapshot_file;
    using gpparity::verify::snapshot_file_name;
    EXPECT_EQ(snapshot_file_name("shop"), "shop.snapshot");
    EXPECT_EQ(snapshot_file_name("my db/../x"), "my%20db%2F%2E%2E%2Fx.snapshot");
    for (const std::string name : {"shop", "Shop-2", "my db/../x", "caf\xc3\xa9", ".hidden", "%"}) {
        EXPECT_EQ(database_of_snapshot_file(snapshot_file_name(name)), name) << name;
    }
    for (const char* other : {"shop.snap", ".snapshot", "a%2.snapshot", "a%2f.snapshot",
                              "a b.snapshot", "x.snapshot.tmp"}) {
        EXPECT_FALSE(database_of_snapshot_file(other)) << other;
    }
}
