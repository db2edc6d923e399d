// `gpparity placement` and `gpparity data --check-placement` end to end. On PostgreSQL (CI) the
// whole read path runs through the hidden test seam --test-pretend-distribution, with rows
// whose Greenplum placement is known from Greenplum's own regression output
// (docs/placement-hash.md); on real Greenplum (GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7) a row is
// moved to another segment in utility mode. Greenplum tests are skipped visibly without them.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <map>

using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::sql;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using nlohmann::json;

namespace {

std::vector<std::string> keys_of(const json& table) {
    std::vector<std::string> out;
    for (const auto& m : table["misplaced_examples"]) {
        std::string key;
        for (const auto& v : m["key"]) {
            key += (key.empty() ? "" : ",") +
                   (v.is_null() ? std::string("NULL") : v.get<std::string>());
        }
        out.push_back(key + "@" + std::to_string(m["on_segment"].get<int>()) + "->" +
                      std::to_string(m["belongs_to"].get<int>()));
    }
    return out;
}

} // namespace

TEST(PlacementCommand, PretendedDistributionFindsExactlyTheMisplacedRows) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "placement_pretend");
    // bfv_partition_plans.out: int key 1..8 on 3 segments lands on {1,0,0,0,2,2,0,0}.
    db.run("CREATE TABLE t (a int, v text);"
           "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 8) g ORDER BY g;"
           "CREATE TABLE home (a int, v text);"
           "INSERT INTO home VALUES (2, 'x'), (3, 'x'), (4, 'x'), (7, 'x'), (8, 'x');");
    for (const char* jobs : {"1", "8"}) {
        json report = run_json_report({"placement", "--target", db.conninfo(), "--jobs", jobs,
                                       "--test-pretend-distribution", "a:3:0"},
                                      1);
        EXPECT_EQ(report["command"], "placement");
        EXPECT_TRUE(report["source"].is_null());
        EXPECT_EQ(report["verdict"], "fail");
        ASSERT_FALSE(report["warnings"].empty());
        EXPECT_NE(report["warnings"][0].get<std::string>().find("TEST ONLY"), std::string::npos);
        auto tables = tables_by_name(report);
        const json& t = tables["public.t"];
        EXPECT_EQ(t["status"], "placement_mismatch") << t.dump(2);
        EXPECT_EQ(t["placement"], "compared");
        EXPECT_EQ(t["target_rows"], 8);
        EXPECT_EQ(t["misplaced_rows"], 3);
        EXPECT_EQ(keys_of(t), (std::vector<std::string>{"1@0->1", "5@0->2", "6@0->2"}));
        // Every row of `home` belongs to segment 0.
        const json& home = tables["public.home"];
        EXPECT_EQ(home["status"], "match") << home.dump(2);
        EXPECT_EQ(home["misplaced_rows"], 0);
        EXPECT_EQ(home["placement"], "compared");
    }
    // Only the table whose rows are all at home: exit 0.
    json clean = run_json_report({"placement", "--target", db.conninfo(), "--include",
                                  "public.home", "--test-pretend-distribution", "a:3:0"},
                                 0);
    EXPECT_EQ(clean["verdict"], "pass");
}

TEST(PlacementCommand, PretendedMultiColumnLegacyAndCounts) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "placement_counts");
    // expand_table.out: a (int) 1..100 is 53/47 on 2 segments, 38/37/25 on 3; the three-column
    // key with NULLs is 3/1/4 on 3 segments. gpdist_legacy_opclasses.out: cdbhash_int4_ops,
    // 1..10 on 3 segments -> {0,0,1,1,1,1,1,2,2,2}.
    db.run("CREATE TABLE hundred (a int);"
           "INSERT INTO hundred SELECT g FROM generate_series(1, 100) g;"
           "CREATE TABLE nulls (a int, b int, c int);"
           "INSERT INTO nulls VALUES (1, 1, 1), (NULL, 2, 2), (3, NULL, 3), (4, 4, NULL), "
           "(NULL, NULL, 5), (NULL, 6, NULL), (7, NULL, NULL), (NULL, NULL, NULL);"
           "CREATE TABLE ten (a int);"
           "INSERT INTO ten SELECT g FROM generate_series(1, 10) g ORDER BY g;");
    auto misplaced = [&](const std::string& table, const std::string& pretend) {
        auto r = run_gpparity({"placement", "--target", db.conninfo(), "--include", table,
                               "--format", "json", "--test-pretend-distribution", pretend});
        EXPECT_NE(r.exit_code, 2) << r.err << r.out;
        json report = json::parse(r.out);
        return tables_by_name(report)[table];
    };
    EXPECT_EQ(misplaced("public.hundred", "a:2:0")["misplaced_rows"], 47);
    EXPECT_EQ(misplaced("public.hundred", "a:2:1")["misplaced_rows"], 53);
    EXPECT_EQ(misplaced("public.hundred", "a:3:2")["misplaced_rows"], 75);
    EXPECT_EQ(misplaced("public.nulls", "a,b,c:3:1")["misplaced_rows"], 7);
    EXPECT_EQ(misplaced("public.nulls", "a,b,c:2:0")["misplaced_rows"], 4);
    json legacy = misplaced("public.ten", "a:3:1:legacy");
    EXPECT_EQ(legacy["misplaced_rows"], 5);
    EXPECT_EQ(keys_of(legacy),
              (std::vector<std::string>{"1@1->0", "2@1->0", "8@1->2", "9@1->2", "10@1->2"}));
}

TEST(PlacementCommand, SaysWhatItCannotCheck) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "placement_cannot");
    db.run("CREATE TYPE mood AS ENUM ('sad', 'ok');"
           "CREATE TABLE arr (a int[]); INSERT INTO arr VALUES ('{1}');"
           "CREATE TABLE moods (a mood); INSERT INTO moods VALUES ('ok');");
    json report =
        run_json_report({"placement", "--target", db.conninfo(), "--include", "public.arr",
                         "--include", "public.moods", "--test-pretend-distribution", "a:2:0"},
                        2);
    EXPECT_EQ(report["verdict"], "incomplete");
    for (const auto& [name, t] : tables_by_name(report)) {
        EXPECT_EQ(t["status"], "skipped") << name;
        EXPECT_NE(t["message"].get<std::string>().find("does not implement"), std::string::npos)
            << t.dump(2);
    }
    // PostgreSQL without the seam: no segments, nothing to check.
    auto r = run_gpparity({"placement", "--target", db.conninfo()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("needs a Greenplum target"), std::string::npos) << r.err;
    // A malformed seam, and the seam is not in --help.
    r = run_gpparity(
        {"placement", "--target", db.conninfo(), "--test-pretend-distribution", "a:2:5"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("NUMSEGMENTS"), std::string::npos) << r.err;
    r = run_gpparity({"placement", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.find("pretend"), std::string::npos) << r.out;
    // An --include that matches nothing.
    r = run_gpparity({"placement", "--target", db.conninfo(), "--include", "nope.*",
                      "--test-pretend-distribution", "a:2:0"});
    EXPECT_EQ(r.exit_code, 2);
}

TEST(PlacementCommand, DataAcceptsCheckPlacementSwitches) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase a(pg1, "placement_data");
    TestDatabase b(pg2, "placement_data");
    a.run("CREATE TABLE t (a int); INSERT INTO t VALUES (1);");
    b.run("CREATE TABLE t (a int); INSERT INTO t VALUES (1);");
    for (const char* flag : {"--check-placement", "--no-check-placement"}) {
        json report =
            run_json_report({"data", "--source", a.conninfo(), "--target", b.conninfo(), flag}, 0);
        EXPECT_EQ(report["options"]["check_placement"],
                  std::string(flag) == "--check-placement" ? "on" : "off");
        // PostgreSQL has no segments: the check does not run, and says nothing about rows.
        EXPECT_TRUE(tables_by_name(report)["public.t"]["misplaced_rows"].is_null());
    }
}

// ------------------------------------------------------------------------------- Greenplum

namespace {

// Greenplum 6 has no DROP DATABASE ... WITH (FORCE).
using GpDatabase = gpparity::testing::TestDatabase;

void moved_row_is_reported(const std::string& gp, const std::string& tag) {
    GpDatabase a(gp, "placement_moved_a_" + tag);
    GpDatabase b(gp, "placement_moved_b_" + tag);
    const char* ddl = "CREATE TABLE t (id int, v text, m money) DISTRIBUTED BY (id);"
                      "INSERT INTO t SELECT g, 'v' || g, g FROM generate_series(1, 1000) g;"
                      "CREATE TABLE by_text (id int, v text) DISTRIBUTED BY (v, id);"
                      "INSERT INTO by_text SELECT g, 'ü' || g FROM generate_series(1, 1000) g;"
                      "CREATE TABLE copies (id int) DISTRIBUTED REPLICATED;"
                      "INSERT INTO copies SELECT g FROM generate_series(1, 100) g;"
                      "CREATE TABLE scattered (id int) DISTRIBUTED RANDOMLY;"
                      "INSERT INTO scattered SELECT g FROM generate_series(1, 100) g;";
    a.run(ddl);
    b.run(ddl);
    // Redistributed by another key on the target only: still every row at home.
    b.run("ALTER TABLE by_text SET DISTRIBUTED BY (id)");
    auto on_zero = b.run("SELECT id FROM t WHERE gp_segment_id = 0 ORDER BY id LIMIT 1");
    ASSERT_EQ(on_zero.size(), 1u);
    // Move the row: delete it on its own primary, insert it on the next one, in utility mode.
    gpparity::testing::on_primary(gp, b.name(), 0, "DELETE FROM t WHERE id = " + on_zero[0]);
    gpparity::testing::on_primary(gp, b.name(), 1,
                                  "INSERT INTO t SELECT " + on_zero[0] + ", 'v" + on_zero[0] +
                                      "', '" + on_zero[0] + "'");

    for (const char* via : {"segments", "coordinator"}) {
        json report = run_json_report({"placement", "--target", b.conninfo(), "--via", via}, 1);
        auto tables = tables_by_name(report);
        const json& t = tables["public.t"];
        EXPECT_EQ(t["status"], "placement_mismatch") << via << t.dump(2);
        EXPECT_EQ(t["misplaced_rows"], 1) << via;
        EXPECT_EQ(keys_of(t), (std::vector<std::string>{on_zero[0] + "@1->0"})) << via;
        EXPECT_EQ(tables["public.by_text"]["status"], "match") << tables["public.by_text"].dump(2);
        EXPECT_EQ(tables["public.by_text"]["misplaced_rows"], 0);
        EXPECT_EQ(tables["public.copies"]["status"], "match");
        EXPECT_EQ(tables["public.copies"]["placement"], "compared");
        EXPECT_EQ(tables["public.scattered"]["status"], "match");
        EXPECT_EQ(tables["public.scattered"]["placement"], "not_compared");
    }
    // The data command's stream finds the same row, whatever the source says (between two live
    // Greenplum clusters `auto` is pushdown, which moves no rows and finds it by counts).
    json data = run_json_report(
        {"data", "--source", a.conninfo(), "--target", b.conninfo(), "--strategy", "stream"}, 1);
    auto tables = tables_by_name(data);
    EXPECT_EQ(tables["public.t"]["status"], "placement_mismatch") << tables["public.t"].dump(2);
    EXPECT_EQ(tables["public.t"]["misplaced_rows"], 1);
    EXPECT_EQ(keys_of(tables["public.t"]), (std::vector<std::string>{on_zero[0] + "@1->0"}));
    // by_text: the policies differ (not compared per segment), but every target row is home.
    EXPECT_EQ(tables["public.by_text"]["status"], "match") << tables["public.by_text"].dump(2);
    EXPECT_EQ(tables["public.by_text"]["misplaced_rows"], 0);
    // Switched off: only the per-segment comparison with the source remains.
    json off = run_json_report({"data", "--source", a.conninfo(), "--target", b.conninfo(),
                                "--strategy", "stream", "--no-check-placement"},
                               1);
    json pushed = run_json_report(
        {"data", "--source", a.conninfo(), "--target", b.conninfo(), "--strategy", "pushdown"}, 1);
    EXPECT_EQ(tables_by_name(pushed)["public.t"]["status"], "placement_mismatch");
    EXPECT_TRUE(tables_by_name(off)["public.t"]["misplaced_rows"].is_null());
}

void untouched_cluster_is_placed_right(const std::string& gp, const std::string& tag) {
    GpDatabase db(gp, "placement_clean_" + tag);
    db.run("CREATE TABLE k1 (id bigint, d date, n numeric, f float8) DISTRIBUTED BY (id, d, n, f);"
           "INSERT INTO k1 SELECT g, date '2020-01-01' + g, g / 7.0, g / 3.0 FROM "
           "generate_series(1, 5000) g;"
           "INSERT INTO k1 VALUES (NULL, NULL, NULL, NULL), (1, NULL, 'NaN', 'NaN');"
           "CREATE TABLE legacy (id int, v text) DISTRIBUTED BY (id cdbhash_int4_ops, v "
           "cdbhash_text_ops);"
           "INSERT INTO legacy SELECT g, 'x' || g FROM generate_series(1, 3000) g;");
    json report = run_json_report({"placement", "--target", db.conninfo()}, 0);
    for (const auto& [name, t] : tables_by_name(report)) {
        EXPECT_EQ(t["status"], "match") << name << t.dump(2);
        EXPECT_EQ(t["misplaced_rows"], 0) << name;
    }
}

} // namespace

TEST(PlacementGreenplum, Gp6MovedRowIsExactlyTheMisplacedRow) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    moved_row_is_reported(gp, "6");
}

TEST(PlacementGreenplum, Gp7MovedRowIsExactlyTheMisplacedRow) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    moved_row_is_reported(gp, "7");
}

TEST(PlacementGreenplum, Gp6UntouchedTablesArePlacedRight) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    untouched_cluster_is_placed_right(gp, "6");
}

TEST(PlacementGreenplum, Gp7UntouchedTablesArePlacedRight) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    untouched_cluster_is_placed_right(gp, "7");
}
