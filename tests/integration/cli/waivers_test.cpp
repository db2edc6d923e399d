// Waivers (issue "Nightly parity", point 2), through the CLI on real servers: accepted
// differences are reported as `waived` with their reason and expiry and no longer fail the run;
// an expired waiver covers nothing and is a warning, one that covered nothing is stale; a bad
// waiver file is a one-line error and exit 2. PostgreSQL, and GP6 -> GP7.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

using gpparity::testing::finding_of;
using gpparity::testing::run_gpparity;
using gpparity::testing::RunResult;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using nlohmann::json;

namespace {

// Today in UTC plus `days`, as a TOML date.
std::string date_in(int days) {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                     std::chrono::days(days);
    const std::chrono::year_month_day ymd(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string write_file(const std::string& stem, const std::string& text) {
    const std::string path = gpparity::testing::temp_path(stem);
    std::ofstream(path) << text;
    return path;
}

json report_of(const RunResult& r) {
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j.is_discarded() ? json::object() : j;
}

bool has_warning(const json& report, const std::string& part) {
    return std::any_of(report["warnings"].begin(), report["warnings"].end(), [&](const json& w) {
        return w.get<std::string>().find(part) != std::string::npos;
    });
}

const char* const k_schema = R"SQL(
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id int PRIMARY KEY, note text);
INSERT INTO shop.orders SELECT g, 'n' || g FROM generate_series(1, 300) g;
CREATE TABLE shop.customers (id int PRIMARY KEY, name text);
INSERT INTO shop.customers SELECT g, 'c' || g FROM generate_series(1, 50) g;
CREATE FUNCTION shop.tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 1.19';
)SQL";

// Three accepted differences: a rewritten function, an edited row, a scratch table.
const char* const k_drift = R"SQL(
CREATE OR REPLACE FUNCTION shop.tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS 'SELECT $1 * 1.21';
UPDATE shop.orders SET note = 'edited' WHERE id = 7;
CREATE TABLE shop.scratch (x int);
)SQL";

std::string waivers(const std::string& expires) {
    return "# accepted for the cutover (MIG-42)\n"
           "[[waiver]]\n"
           "object = \"shop.tax(*)\"\n"
           "status = \"changed\"\n"
           "reason = \"rewritten for GP7\"\n"
           "expires = " +
           expires +
           "\n\n"
           "[[waiver]]\n"
           "object = \"shop.orders\"\n"
           "status = [\"content_mismatch\", \"count_mismatch\"]\n"
           "reason = \"row 7 corrected on the target\"\n"
           "expires = " +
           expires +
           "\n\n"
           "[[waiver]]\n"
           "object = \"shop.scratch\"\n"
           "status = \"extra_in_target\"\n"
           "reason = \"scratch table of the load\"\n"
           "expires = " +
           expires + "\n";
}

std::vector<std::string> check_args(const TestDatabase& source, const TestDatabase& target,
                                    const std::string& waiver_file) {
    std::vector<std::string> args{"check",    "--source",        source.conninfo(),
                                  "--target", target.conninfo(), "--format",
                                  "json",     "--jobs",          "2"};
    if (!waiver_file.empty()) {
        args.insert(args.end(), {"--waivers", waiver_file});
    }
    return args;
}

} // namespace

TEST(Waivers, AcceptedDifferencesAreWaivedAndTheRunPasses) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "waivers_src");
    TestDatabase target(pg2, "waivers_tgt");
    source.run(k_schema);
    target.run(k_schema);
    target.run(k_drift);

    auto plain = run_gpparity(check_args(source, target, ""));
    EXPECT_EQ(plain.exit_code, 1) << plain.err << plain.out;

    const std::string file = write_file(
        "waivers.toml",
        waivers(date_in(30)) +
            "\n[[waiver]]\nobject = \"nothing.*\"\nstatus = \"missing_in_target\"\n"
            "reason = \"long gone\"\nexpires = " +
            date_in(10) +
            "\n\n[[waiver]]\nobject = \"*\"\nstatus = \"changed\"\ndatabase = \"elsewhere\"\n"
            "reason = \"another database\"\nexpires = " +
            date_in(10) + "\n");
    auto r = run_gpparity(check_args(source, target, file));
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    json report = report_of(r);
    EXPECT_EQ(report["report_version"], 4);
    EXPECT_EQ(report["verdict"], "pass") << report.dump(2);
    EXPECT_EQ(report["options"]["waivers"], file);

    const json* tax = finding_of(report, "shop.tax(numeric)");
    ASSERT_NE(tax, nullptr) << report["catalog"].dump(2);
    EXPECT_EQ((*tax)["status"], "waived");
    EXPECT_EQ((*tax)["waiver"]["status"], "changed");
    EXPECT_EQ((*tax)["waiver"]["reason"], "rewritten for GP7");
    EXPECT_EQ((*tax)["waiver"]["expires"], date_in(30));
    auto tables = tables_by_name(report);
    EXPECT_EQ(tables["shop.orders"]["status"], "waived");
    EXPECT_EQ(tables["shop.orders"]["waiver"]["status"], "content_mismatch");
    EXPECT_EQ(tables["shop.customers"]["status"], "match");
    EXPECT_TRUE(tables["shop.customers"]["waiver"].is_null());
    EXPECT_EQ(report["catalog"]["summary"]["waived"], 2) << "shop.tax and shop.scratch";

    ASSERT_EQ(report["waivers"].size(), 5U);
    EXPECT_EQ(report["waivers"][0]["state"], "active");
    EXPECT_EQ(report["waivers"][0]["covered"], 1);
    EXPECT_EQ(report["waivers"][3]["state"], "stale");
    EXPECT_EQ(report["waivers"][4]["state"], "other_database");
    EXPECT_TRUE(has_warning(report, "object 'nothing.*'")) << report["warnings"].dump(2);
    EXPECT_TRUE(has_warning(report, "stale")) << report["warnings"].dump(2);

    // The text report shows the waived differences with their reasons.
    auto args = check_args(source, target, file);
    args[6] = "text";
    auto text = run_gpparity(args);
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("rewritten for GP7"), std::string::npos) << text.out;
}

TEST(Waivers, AnExpiredWaiverCoversNothingAndIsAWarning) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "waivers_old_src");
    TestDatabase target(pg2, "waivers_old_tgt");
    source.run(k_schema);
    target.run(k_schema);
    target.run(k_drift);
    const std::string file = write_file("expired.toml", waivers(date_in(-1)));
    auto r = run_gpparity(check_args(source, target, file));
    EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
    json report = report_of(r);
    EXPECT_EQ(report["verdict"], "fail");
    EXPECT_EQ(report["catalog"]["summary"]["waived"], 0);
    EXPECT_EQ(report["waivers"][0]["state"], "expired");
    EXPECT_TRUE(has_warning(report, "expired on " + date_in(-1))) << report["warnings"].dump(2);
    EXPECT_EQ(tables_by_name(report)["shop.orders"]["status"], "content_mismatch");
}

TEST(Waivers, ABadWaiverFileIsOneLineAndExitTwo) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "waivers_bad");
    const std::string ok_date = date_in(5);
    struct Case {
        std::string text;
        std::string error;
    };
    const std::vector<Case> cases{
        {"[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nexpires = " + ok_date + "\n",
         "line 1: `reason` is required"},
        {"[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nreason = \"r\"\n",
         "`expires` is required"},
        {"[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nreason = \"r\"\nexpires = " +
             date_in(91) + "\n",
         "more than 90 days ahead"},
        {"[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nreason = \"r\"\nexpires = \"" +
             ok_date + "\"\n",
         "must be a TOML date"},
        {"[[waiver]]\nobject = \"a\"\nstatus = \"error\"\nreason = \"r\"\nexpires = " + ok_date +
             "\n",
         "status 'error' cannot be waived"},
        {"[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nreason = \"r\"\nexpires = " + ok_date +
             "\nobjekt = \"b\"\n",
         "unknown key `objekt`"},
        {"[[waiver]\nobject = \"a\"\n", "line 1"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        const std::string file = write_file("bad.toml", c.text);
        auto r = run_gpparity(
            {"check", "--source", db.conninfo(), "--target", db.conninfo(), "--waivers", file});
        EXPECT_EQ(r.exit_code, 2) << r.out;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(r.err.rfind("gpparity: waivers " + file + ": ", 0), 0U) << r.err;
        EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
    }
    auto missing = run_gpparity({"data", "--source", db.conninfo(), "--target", db.conninfo(),
                                 "--waivers", "/nonexistent/waivers.toml"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("cannot be read"), std::string::npos) << missing.err;
}

// The nightly setup of README: a config file names the waiver file; GP6 -> GP7, where the one
// difference is waived and the run passes, and fails again once the waiver has expired.
TEST(Waivers, GreenplumNightlyConfigWithAWaiver) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    TestDatabase source(gp6, "waivers_gp6");
    TestDatabase target(gp7, "waivers_gp7");
    const char* const schema =
        "CREATE SCHEMA shop; CREATE TABLE shop.orders (id int, note text) DISTRIBUTED BY (id);"
        "INSERT INTO shop.orders SELECT g, 'n' || g FROM generate_series(1, 500) g;";
    source.run(schema);
    target.run(schema);
    target.run("UPDATE shop.orders SET note = 'edited' WHERE id = 42");
    for (int days : {20, -3}) {
        SCOPED_TRACE(days);
        const std::string waiver_file = write_file(
            "gp.toml", "[[waiver]]\nobject = \"shop.orders\"\nstatus = \"content_mismatch\"\n"
                       "reason = \"row 42 corrected on GP7\"\nexpires = " +
                           date_in(days) + "\n");
        const std::string config = write_file(
            "nightly.toml", "[check]\nsource = \"" + source.conninfo() + "\"\ntarget = \"" +
                                target.conninfo() + "\"\nwaivers = \"" + waiver_file +
                                "\"\nformat = \"json\"\n");
        auto r = run_gpparity({"--config", config, "check"});
        json report = report_of(r);
        if (days > 0) {
            EXPECT_EQ(r.exit_code, 0) << r.err << report.dump(2);
            EXPECT_EQ(tables_by_name(report)["shop.orders"]["status"], "waived");
        } else {
            EXPECT_EQ(r.exit_code, 1) << r.err << report.dump(2);
            EXPECT_EQ(tables_by_name(report)["shop.orders"]["status"], "content_mismatch");
        }
    }
}
