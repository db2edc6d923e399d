// Run history (issue "Nightly parity", point 3), through the CLI on real servers: `--history
// DIR` keeps each run's JSON report; a second run marks every difference new or persisting
// against the first and lists what was repaired as resolved; `gpparity history DIR` lists the
// kept runs; `--keep N` prunes; a history directory that cannot be written is exit 2 before the
// run. PostgreSQL, and GP6 -> GP7.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using gpparity::testing::DatabasePair;
using gpparity::testing::finding_of;
using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::tables_by_name;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

std::size_t kept_reports(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::count_if(fs::directory_iterator(dir), fs::directory_iterator(),
                      [](const auto& e) { return e.path().extension() == ".json"; }));
}

/// The nightly scenario on one pair of databases whose schema is `schema` on both sides:
/// night 1 finds a changed row in shop.orders and a missing function; before night 2 the row is
/// repaired and a row of shop.customers is lost. Night 2 must show exactly that.
void two_nights(const DatabasePair& db, const std::string& schema) {
    db.source.run(schema);
    db.target.run(schema);
    db.source.run("CREATE FUNCTION shop.tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE "
                  "AS 'SELECT $1 * 1.19'");
    db.target.run("UPDATE shop.orders SET note = 'edited' WHERE id = 7");
    const fs::path dir = gpparity::testing::temp_path("history");
    std::vector<std::string> check{"check"};
    for (const auto& a : db.args({"--history", dir.string(), "--keep", "2", "--jobs", "2"})) {
        check.push_back(a);
    }

    json first = run_json_report(check, 1);
    ASSERT_TRUE(first["history"].is_object()) << first.dump(2);
    EXPECT_TRUE(first["history"]["previous"].is_null()) << "the first night has nothing before";
    EXPECT_EQ(first["history"]["dir"], dir.string());
    EXPECT_TRUE(first["resolved"].empty());
    EXPECT_TRUE(tables_by_name(first)["shop.orders"]["since_last"].is_null());
    EXPECT_EQ(kept_reports(dir), 1U);

    // Between the nights: the row is repaired, another table loses a row.
    db.target.run("UPDATE shop.orders SET note = 'n7' WHERE id = 7;"
                  "DELETE FROM shop.customers WHERE id = 3");

    json second = run_json_report(check, 1);
    ASSERT_TRUE(second["history"]["previous"].is_object()) << second.dump(2);
    EXPECT_EQ(second["history"]["previous"]["started"], first["started"]);
    EXPECT_EQ(second["history"]["previous"]["verdict"], "fail");
    EXPECT_EQ(second["history"]["new"], 1);
    EXPECT_EQ(second["history"]["persisting"], 1);
    EXPECT_EQ(second["history"]["resolved"], 1);
    auto tables = tables_by_name(second);
    EXPECT_EQ(tables["shop.customers"]["status"], "count_mismatch");
    EXPECT_EQ(tables["shop.customers"]["since_last"], "new");
    EXPECT_EQ(tables["shop.orders"]["status"], "match");
    EXPECT_TRUE(tables["shop.orders"]["since_last"].is_null());
    const json* tax = finding_of(second, "shop.tax(numeric)");
    ASSERT_NE(tax, nullptr) << second["catalog"].dump(2);
    EXPECT_EQ((*tax)["status"], "missing_in_target");
    EXPECT_EQ((*tax)["since_last"], "persisting");
    ASSERT_EQ(second["resolved"].size(), 1U) << second["resolved"].dump(2);
    EXPECT_EQ(second["resolved"][0]["object"], "shop.orders");
    EXPECT_EQ(second["resolved"][0]["section"], "data");
    EXPECT_EQ(second["resolved"][0]["previous_status"], "content_mismatch");
    EXPECT_EQ(kept_reports(dir), 2U);

    // The text report opens with the three counts, and marks the new difference.
    auto text = run_gpparity(check);
    EXPECT_EQ(text.exit_code, 1) << text.err;
    const std::size_t second_line = text.out.find('\n') + 1;
    EXPECT_EQ(text.out.find("since the previous run (", second_line), second_line) << text.out;
    EXPECT_NE(text.out.find("0 new, 2 persisting, 0 resolved"), std::string::npos) << text.out;
    EXPECT_EQ(kept_reports(dir), 2U) << "--keep 2";

    // gpparity history DIR: one line per kept run, oldest first.
    auto listing = run_gpparity({"history", dir.string()});
    EXPECT_EQ(listing.exit_code, 0) << listing.err;
    EXPECT_EQ(std::count(listing.out.begin(), listing.out.end(), '\n'), 3) << listing.out;
    auto listing_json = run_gpparity({"history", dir.string(), "--format", "json"});
    ASSERT_EQ(listing_json.exit_code, 0) << listing_json.err;
    const json entries = json::parse(listing_json.out);
    ASSERT_EQ(entries.size(), 2U) << entries.dump(2);
    EXPECT_EQ(entries[0]["started"], second["started"]);
    EXPECT_EQ(entries[0]["new"], 1);
    EXPECT_EQ(entries[0]["resolved"], 1);
    EXPECT_EQ(entries[1]["new"], 0);
    EXPECT_EQ(entries[1]["persisting"], 2);
    EXPECT_EQ(entries[1]["verdict"], "fail");
    fs::remove_all(dir);
}

const char* const k_postgres_schema = R"SQL(
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id int PRIMARY KEY, note text);
INSERT INTO shop.orders SELECT g, 'n' || g FROM generate_series(1, 300) g;
CREATE TABLE shop.customers (id int PRIMARY KEY, name text);
INSERT INTO shop.customers SELECT g, 'c' || g FROM generate_series(1, 50) g;
)SQL";

} // namespace

TEST(History, SecondNightShowsWhatIsNewPersistingAndResolved) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    DatabasePair db(pg1, pg2, "history");
    two_nights(db, k_postgres_schema);
}

TEST(History, GreenplumSecondNightShowsWhatIsNewPersistingAndResolved) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    DatabasePair db(gp6, gp7, "history_gp");
    two_nights(db, R"SQL(
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id int, note text) DISTRIBUTED BY (id);
INSERT INTO shop.orders SELECT g, 'n' || g FROM generate_series(1, 300) g;
CREATE TABLE shop.customers (id int, name text) WITH (appendonly=true) DISTRIBUTED BY (id);
INSERT INTO shop.customers SELECT g, 'c' || g FROM generate_series(1, 50) g;
)SQL");
}

TEST(History, ADirectoryThatCannotBeWrittenIsExitTwoBeforeTheRun) {
    GPPARITY_SERVER(pg1, 1);
    const std::string file = gpparity::testing::temp_path("not_a_dir");
    std::ofstream(file) << "x";
    auto r = run_gpparity(
        {"catalog", "--source", pg1, "--target", pg1, "--history", file, "--format", "json"});
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_TRUE(r.out.empty()) << "no run, no report";
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("--history " + file + ": not a directory"), std::string::npos) << r.err;

    auto keep = run_gpparity({"catalog", "--source", pg1, "--target", pg1, "--keep", "3"});
    EXPECT_EQ(keep.exit_code, 2) << keep.out;
    EXPECT_NE(keep.err.find("--history"), std::string::npos) << keep.err;

    auto missing = run_gpparity({"history", file + ".nowhere"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("cannot list"), std::string::npos) << missing.err;
}
