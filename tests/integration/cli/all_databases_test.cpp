// --all-databases (issue "Nightly parity", point 1), through the CLI on real servers: two
// databases with drift in each and a database on the source only give one report and exit 1;
// every finding and table carries its database; cluster-wide objects (roles, ...) are compared
// once, not once per database; a waiver naming a database covers only that database; history
// tells the databases' items apart. GP6 -> GP7, and PostgreSQL.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::TestDatabase;
using gpparity::testing::with;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

/// YYYY-MM-DD, `n` days from today (UTC): a waiver's expiry within the 90 days allowed.
std::string in_days(int n) {
    using namespace std::chrono;
    const year_month_day d{floor<days>(system_clock::now()) + days(n)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return text;
}

const json* finding_in(const json& report, const std::string& database, const std::string& object) {
    for (const auto& f : report["catalog"]["findings"]) {
        if (f["object"] == object && f["database"] == database) {
            return &f;
        }
    }
    return nullptr;
}

const json* table_in(const json& report, const std::string& database, const std::string& table) {
    for (const auto& t : report["data"]["tables"]) {
        if (t["table"] == table && t["database"] == database) {
            return &t;
        }
    }
    return nullptr;
}

/// Two databases on both servers (each with its own drift) and one on the source only.
void whole_cluster(const std::string& source, const std::string& target, const std::string& tag,
                   const std::string& table_ddl, const std::string& ao_ddl) {
    TestDatabase a_source(source, tag + "_a");
    TestDatabase a_target(target, tag + "_a");
    TestDatabase b_source(source, tag + "_b");
    TestDatabase b_target(target, tag + "_b");
    TestDatabase only_source(source, tag + "_only");
    for (const TestDatabase* db : {&a_source, &a_target, &b_source, &b_target}) {
        db->run(table_ddl + "; INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 100) g");
    }
    a_target.run("DELETE FROM t WHERE id = 7");
    b_source.run("CREATE VIEW v AS SELECT id FROM t");
    const std::string a = a_source.name();
    const std::string b = b_source.name();
    const std::string only = only_source.name();

    const std::string glob = "gpparity_test_" + tag + "_*";
    const std::vector<std::string> check = {
        "check",           "--source",           source, "--target", target,
        "--all-databases", "--include-database", glob};
    const json report = run_json_report(check, 1);
    ASSERT_EQ(report["databases"].size(), 3U) << report["databases"].dump(2);
    EXPECT_EQ(report["databases"][0]["name"], a);
    EXPECT_EQ(report["databases"][0]["status"], "compared");
    EXPECT_EQ(report["databases"][1]["name"], b);
    EXPECT_EQ(report["databases"][2]["name"], only);
    EXPECT_EQ(report["databases"][2]["status"], "missing_in_target");
    EXPECT_EQ(report["options"]["all_databases"], "on");

    const json* lost = table_in(report, a, "public.t");
    ASSERT_NE(lost, nullptr) << report["data"].dump(2);
    EXPECT_EQ((*lost)["status"], "count_mismatch");
    const json* intact = table_in(report, b, "public.t");
    ASSERT_NE(intact, nullptr);
    EXPECT_EQ((*intact)["status"], "match");
    const json* view = finding_in(report, b, "public.v");
    ASSERT_NE(view, nullptr) << report["catalog"].dump(2);
    EXPECT_EQ((*view)["status"], "missing_in_target");
    const json* missing_db = finding_in(report, only, only);
    ASSERT_NE(missing_db, nullptr) << report["catalog"].dump(2);
    EXPECT_EQ((*missing_db)["kind"], "database");
    EXPECT_EQ((*missing_db)["status"], "missing_in_target");

    // Cluster-wide objects once: as many roles as one database's own run compares.
    const json single = run_json_report(
        {"catalog", "--source", a_source.conninfo(), "--target", a_target.conninfo()}, 0);
    EXPECT_EQ(report["catalog"]["compared"]["role"], single["catalog"]["compared"]["role"])
        << "roles must be compared once, not once per database";
    for (const auto& f : report["catalog"]["findings"]) {
        if (f["kind"] == "role") {
            EXPECT_TRUE(f["database"].is_null()) << f.dump();
        }
    }

    // The text report has a section per database, and every identity names its database.
    auto text = run_gpparity(check);
    EXPECT_EQ(text.exit_code, 1) << text.err;
    EXPECT_NE(text.out.find("Databases (3)"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(a + ": public.t"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(b + ": public.v"), std::string::npos) << text.out;

    // A waiver naming database b covers b's view, and not a's table of the same name.
    const fs::path dir = gpparity::testing::temp_path("all_databases_" + tag);
    fs::create_directories(dir);
    const std::string waivers = (dir / "waivers.toml").string();
    std::ofstream(waivers) << "[[waiver]]\nobject = \"public.v\"\nstatus = \"missing_in_target\"\n"
                           << "database = \"" << b << "\"\nreason = \"dropped on purpose\"\n"
                           << "expires = " << in_days(30) << "\n"
                           << "[[waiver]]\nobject = \"public.t\"\nstatus = \"count_mismatch\"\n"
                           << "database = \"" << b << "\"\nreason = \"not for a\"\n"
                           << "expires = " << in_days(30) << "\n";
    const json waived = run_json_report(with(check, {"--waivers", waivers}), 1);
    const json* waived_view = finding_in(waived, b, "public.v");
    ASSERT_NE(waived_view, nullptr);
    EXPECT_EQ((*waived_view)["status"], "waived");
    EXPECT_EQ((*table_in(waived, a, "public.t"))["status"], "count_mismatch");

    // --skip-unchanged in every database: an AO table untouched since the first run is reused
    // in each (Greenplum: PostgreSQL has no AO tables).
    if (!ao_ddl.empty()) {
        for (const TestDatabase* db : {&a_source, &a_target, &b_source, &b_target}) {
            db->run(ao_ddl + "; INSERT INTO ao SELECT g FROM generate_series(1, 50) g");
        }
        const std::vector<std::string> skip =
            with(check, {"--history", (dir / "skip").string(), "--skip-unchanged"});
        (void)run_json_report(skip, 1);
        const json again = run_json_report(skip, 1);
        EXPECT_EQ(again["data"]["reuse"]["tables"], 2) << again["data"]["reuse"].dump();
        for (const std::string& database : {a, b}) {
            const json* ao = table_in(again, database, "public.ao");
            ASSERT_NE(ao, nullptr) << database;
            EXPECT_TRUE((*ao)["reused_from"].is_string()) << database;
        }
    }

    // GP6 gone: a directory of per-database snapshots stands in for the whole source cluster,
    // with the same verdicts.
    const std::string snapshots = (dir / "snapshots").string();
    auto taken =
        run_gpparity({"snapshot", "--source", source, "--all-databases", "--include-database", glob,
                      "--data", "--output", snapshots, "--quiet"});
    ASSERT_EQ(taken.exit_code, 0) << taken.err;
    std::vector<std::string> from_files = check;
    from_files[2] = snapshots;
    const json against_files = run_json_report(from_files, 1);
    ASSERT_EQ(against_files["databases"].size(), 3U) << against_files["databases"].dump(2);
    EXPECT_EQ(against_files["databases"][2]["status"], "missing_in_target");
    const json* lost_again = table_in(against_files, a, "public.t");
    ASSERT_NE(lost_again, nullptr) << against_files["data"].dump(2);
    EXPECT_EQ((*lost_again)["status"], "count_mismatch");
    ASSERT_NE(finding_in(against_files, b, "public.v"), nullptr);
    EXPECT_EQ(against_files["source"]["snapshot"]["file"], snapshots);

    // History: the second night's items are persisting, told apart by database.
    const std::vector<std::string> nightly = with(check, {"--history", (dir / "h").string()});
    (void)run_json_report(nightly, 1);
    const json second = run_json_report(nightly, 1);
    EXPECT_EQ(second["history"]["new"], 0) << second["history"].dump(2);
    EXPECT_EQ(second["history"]["persisting"], 3);
    EXPECT_EQ((*table_in(second, a, "public.t"))["since_last"], "persisting");
    fs::remove_all(dir);
}

} // namespace

TEST(AllDatabases, GreenplumOneReportForTheWholeCluster) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    whole_cluster(gp6, gp7, "alldb_gp", "CREATE TABLE t (id int, note text) DISTRIBUTED BY (id)",
                  "CREATE TABLE ao (id int) WITH (appendonly=true) DISTRIBUTED BY (id)");
}

TEST(AllDatabases, PostgresOneReportForTheWholeCluster) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    whole_cluster(pg1, pg2, "alldb_pg", "CREATE TABLE t (id int PRIMARY KEY, note text)", "");
}
