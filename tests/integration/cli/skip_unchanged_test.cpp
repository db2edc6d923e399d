// --skip-unchanged (issue "Nightly parity", point 4), through the CLI on the real clusters: a
// second run reuses the digests of an AO table neither side wrote since the first run read it,
// reads again an AO table written in between (an INSERT, and a DELETE, which on Greenplum 6
// changes only the visibility map), always reads heap tables, re-reads a table whose reused
// digests are older than --max-reuse-age, and keeps the time a table was really read. Also: a
// snapshot standing in for GP6, and the option errors.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using gpparity::testing::DatabasePair;
using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::tables_by_name;
using gpparity::testing::with;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

const char* const k_schema = R"SQL(
CREATE SCHEMA shop;
CREATE TABLE shop.ao_still (id int, note text) WITH (appendonly=true) DISTRIBUTED BY (id);
CREATE TABLE shop.aoco_still (id int, note text) WITH (appendonly=true, orientation=column)
    DISTRIBUTED BY (id);
CREATE TABLE shop.ao_inserted (id int, note text) WITH (appendonly=true) DISTRIBUTED BY (id);
CREATE TABLE shop.ao_deleted (id int, note text) WITH (appendonly=true) DISTRIBUTED BY (id);
CREATE TABLE shop.aoco_deleted (id int, note text) WITH (appendonly=true, orientation=column)
    DISTRIBUTED BY (id);
CREATE TABLE shop.heap (id int, note text) DISTRIBUTED BY (id);
CREATE TABLE shop.parted (id int, day int, note text) WITH (appendonly=true) DISTRIBUTED BY (id)
    PARTITION BY RANGE (day) (START (1) END (3) EVERY (1));
INSERT INTO shop.ao_still SELECT g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO shop.aoco_still SELECT g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO shop.ao_inserted SELECT g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO shop.ao_deleted SELECT g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO shop.aoco_deleted SELECT g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO shop.heap SELECT g, 'n' || g FROM generate_series(1, 200) g;
INSERT INTO shop.parted SELECT g, 1 + g % 2, 'n' || g FROM generate_series(1, 200) g;
)SQL";

std::string leaf(const std::map<std::string, json>& tables, const std::string& prefix, int index) {
    int seen = 0;
    for (const auto& [name, t] : tables) {
        if (name.rfind(prefix, 0) == 0 && seen++ == index) {
            return name;
        }
    }
    return {};
}

json read_file(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

fs::path store_in(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().filename().string().rfind("digests-", 0) == 0) {
            return e.path();
        }
    }
    return {};
}

} // namespace

TEST(SkipUnchanged, GreenplumReusesOnlyUntouchedAoTables) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    DatabasePair db(gp6, gp7, "skip_unchanged");
    db.source.run(k_schema);
    db.target.run(k_schema);
    const fs::path dir = gpparity::testing::temp_path("skip_unchanged");
    const std::vector<std::string> data =
        with({"data"}, db.args({"--history", dir.string(), "--skip-unchanged", "--jobs", "2"}));

    // Night 1: nothing to reuse, every table read; the store is left for night 2.
    const json first = run_json_report(data, 0);
    ASSERT_TRUE(first["data"]["reuse"].is_object()) << first["data"].dump(2);
    EXPECT_EQ(first["data"]["reuse"]["tables"], 0);
    for (const auto& [name, t] : tables_by_name(first)) {
        EXPECT_TRUE(t["reused_from"].is_null()) << name;
    }
    EXPECT_EQ(first["options"]["skip_unchanged"], "on");
    EXPECT_EQ(first["options"]["max_reuse_age"], "7d");
    const fs::path store = store_in(dir);
    ASSERT_FALSE(store.empty()) << "no digest store in " << dir;
    const json stored = read_file(store);
    EXPECT_TRUE(stored["tables"].contains("shop.ao_still")) << stored.dump(2);
    EXPECT_FALSE(stored["tables"].contains("shop.heap")) << "a heap table has no signature";

    // Between the nights, on both sides alike: an insert, one partition leaf written. And a
    // DELETE on one side only, on each: had the table been reused, the lost row would be
    // hidden (a GP6 DELETE changes only the visibility map; a GP7 one a modcount).
    const std::string writes = "INSERT INTO shop.ao_inserted VALUES (1000, 'late');"
                               "INSERT INTO shop.parted VALUES (1001, 1, 'late')";
    db.source.run(writes);
    db.target.run(writes);
    db.source.run("DELETE FROM shop.ao_deleted WHERE id = 17");
    db.target.run("DELETE FROM shop.aoco_deleted WHERE id = 17");

    const json second = run_json_report(data, 1);
    auto tables = tables_by_name(second);
    const std::string started = first["started"].get<std::string>();
    EXPECT_EQ(tables["shop.ao_still"]["reused_from"], started) << tables["shop.ao_still"].dump(2);
    EXPECT_EQ(tables["shop.ao_still"]["status"], "match");
    EXPECT_EQ(tables["shop.aoco_still"]["reused_from"], started);
    EXPECT_TRUE(tables["shop.ao_inserted"]["reused_from"].is_null()) << "written: read again";
    EXPECT_EQ(tables["shop.ao_inserted"]["target_rows"], 201);
    EXPECT_TRUE(tables["shop.ao_deleted"]["reused_from"].is_null()) << "GP6 DELETE: read again";
    EXPECT_EQ(tables["shop.ao_deleted"]["status"], "count_mismatch");
    EXPECT_EQ(tables["shop.ao_deleted"]["source_rows"], 199);
    EXPECT_TRUE(tables["shop.aoco_deleted"]["reused_from"].is_null()) << "GP7 DELETE: read again";
    EXPECT_EQ(tables["shop.aoco_deleted"]["status"], "count_mismatch");
    EXPECT_EQ(tables["shop.aoco_deleted"]["target_rows"], 199);
    EXPECT_TRUE(tables["shop.heap"]["reused_from"].is_null()) << "heap: always read";
    const std::string written_leaf = leaf(tables, "shop.parted_1_prt_", 0);
    const std::string quiet_leaf = leaf(tables, "shop.parted_1_prt_", 1);
    ASSERT_FALSE(quiet_leaf.empty()) << second["data"].dump(2);
    EXPECT_TRUE(tables[written_leaf]["reused_from"].is_null()) << written_leaf;
    EXPECT_EQ(tables[quiet_leaf]["reused_from"], started) << quiet_leaf;
    EXPECT_TRUE(tables["shop.parted"]["reused_from"].is_null()) << "a root is its leaves' sum";
    EXPECT_EQ(tables["shop.parted"]["status"], "match");
    EXPECT_EQ(second["data"]["reuse"]["tables"], 3);
    const std::uint64_t quiet_rows = tables[quiet_leaf]["source_rows"].get<std::uint64_t>() +
                                     tables[quiet_leaf]["target_rows"].get<std::uint64_t>();
    EXPECT_EQ(second["data"]["reuse"]["rows_not_reread"], 2 * 200 + 2 * 200 + quiet_rows);

    // Night 3: a changed row on the target is found (the table is read), the untouched table is
    // still reused with the time it was really read, and the text says so.
    db.target.run("UPDATE shop.aoco_still SET note = 'edited' WHERE id = 5");
    const json third = run_json_report(data, 1);
    tables = tables_by_name(third);
    EXPECT_EQ(tables["shop.aoco_still"]["status"], "content_mismatch");
    EXPECT_TRUE(tables["shop.aoco_still"]["reused_from"].is_null());
    EXPECT_EQ(tables["shop.ao_still"]["reused_from"], started);
    EXPECT_EQ(tables["shop.ao_inserted"]["reused_from"], second["started"]);
    auto text = run_gpparity(data);
    EXPECT_EQ(text.exit_code, 1) << text.err;
    EXPECT_NE(text.out.find("shop.ao_still: match (unchanged since " + started + ")"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("unchanged since an earlier run (--skip-unchanged)"), std::string::npos)
        << text.out;
    EXPECT_FALSE(read_file(store)["tables"].contains("shop.aoco_still"))
        << "a difference is never handed on";

    // Digests older than --max-reuse-age are read again (these were read two runs ago).
    const json aged = run_json_report(with(data, {"--max-reuse-age", "1s"}), 1);
    EXPECT_EQ(aged["data"]["reuse"]["tables"], 0) << aged["data"].dump(2);
    EXPECT_EQ(aged["options"]["max_reuse_age"], "1s");

    // Another strategy computes other digests: nothing is reused until it has run once.
    const json stream = run_json_report(with(data, {"--strategy", "stream"}), 1);
    EXPECT_EQ(stream["data"]["reuse"]["tables"], 0);
    const json stream_again = run_json_report(with(data, {"--strategy", "stream"}), 1);
    EXPECT_EQ(tables_by_name(stream_again)["shop.ao_still"]["reused_from"], stream["started"]);
    fs::remove_all(dir);
}

TEST(SkipUnchanged, GreenplumSnapshotSourceAndLiveTarget) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    DatabasePair db(gp6, gp7, "skip_unchanged_snap");
    db.source.run(k_schema);
    db.target.run(k_schema);
    const fs::path dir = gpparity::testing::temp_path("skip_unchanged_snap");
    const std::string snapshot = (dir / "gp6.snapshot").string();
    fs::create_directories(dir);
    auto taken = run_gpparity(
        {"snapshot", "--source", db.source.conninfo(), "--data", "--output", snapshot, "--quiet"});
    ASSERT_EQ(taken.exit_code, 0) << taken.err;
    const std::vector<std::string> data = {"data",       "--source",           snapshot,
                                           "--target",   db.target.conninfo(), "--history",
                                           dir.string(), "--skip-unchanged"};
    const json first = run_json_report(data, 0);
    db.target.run("INSERT INTO shop.ao_inserted VALUES (1000, 'late')");
    const json second = run_json_report(data, 1);
    auto tables = tables_by_name(second);
    EXPECT_EQ(tables["shop.ao_still"]["reused_from"], first["started"]);
    EXPECT_EQ(tables["shop.ao_inserted"]["status"], "count_mismatch");
    EXPECT_TRUE(tables["shop.ao_inserted"]["reused_from"].is_null());
    EXPECT_TRUE(tables["shop.heap"]["reused_from"].is_null());
    fs::remove_all(dir);
}

TEST(SkipUnchanged, PostgresReadsEveryTableAndOptionsAreChecked) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    DatabasePair db(pg1, pg2, "skip_unchanged_pg");
    const char* schema = "CREATE TABLE t (id int PRIMARY KEY, note text);"
                         "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 50) g";
    db.source.run(schema);
    db.target.run(schema);
    const fs::path dir = gpparity::testing::temp_path("skip_unchanged_pg");
    const std::vector<std::string> check =
        with({"check"}, db.args({"--history", dir.string(), "--skip-unchanged"}));
    (void)run_json_report(check, 0);
    const json second = run_json_report(check, 0);
    EXPECT_EQ(second["data"]["reuse"]["tables"], 0) << "PostgreSQL has no AO tables";
    EXPECT_TRUE(tables_by_name(second)["public.t"]["reused_from"].is_null());

    auto no_history = run_gpparity(with({"data"}, db.args({"--skip-unchanged"})));
    EXPECT_EQ(no_history.exit_code, 2);
    EXPECT_NE(no_history.err.find("--history"), std::string::npos) << no_history.err;
    auto bad_age = run_gpparity(
        with({"data"},
             db.args({"--history", dir.string(), "--skip-unchanged", "--max-reuse-age", "7"})));
    EXPECT_EQ(bad_age.exit_code, 2);
    EXPECT_NE(bad_age.err.find("--max-reuse-age"), std::string::npos) << bad_age.err;
    fs::remove_all(dir);
}
