#include "verify/waivers.hpp"

#include "catalog/error.hpp"
#include "verify/report.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace {

using namespace std::chrono_literals;
using gpparity::catalog::FindingStatus;
using gpparity::catalog::ObjectKind;
using gpparity::checksum::TableStatus;
using gpparity::verify::apply_waivers;
using gpparity::verify::parse_waivers;
using gpparity::verify::Report;

constexpr std::chrono::year_month_day k_today{std::chrono::year(2026), std::chrono::December,
                                              std::chrono::day(5)};

std::string parse_error(const std::string& text) {
    try {
        (void)parse_waivers(text, "w.toml", k_today);
    } catch (const gpparity::catalog::UsageError& e) {
        std::string message = e.what();
        EXPECT_EQ(message.rfind("waivers w.toml: ", 0), 0U) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }
    ADD_FAILURE() << "parsing did not fail: " << text;
    return {};
}

TEST(Waivers, ParsesEveryFieldAndKeepsFileOrder) {
    auto w = parse_waivers(R"(# comment
[[waiver]]
object = "shop.*"
status = ["changed", "content_mismatch"]
database = "shop"
reason = "accepted"
expires = 2027-03-05

[[waiver]]
object = "x"
status = "extra_in_target"
reason = "scratch"
expires = 2026-12-01
)",
                           "w.toml", k_today);
    ASSERT_EQ(w.size(), 2U);
    EXPECT_EQ(w[0].line, 2);
    EXPECT_EQ(w[0].object, "shop.*");
    EXPECT_EQ(w[0].statuses, (std::vector<std::string>{"changed", "content_mismatch"}));
    EXPECT_EQ(w[0].database, "shop");
    EXPECT_EQ(gpparity::verify::to_string(w[0].expires), "2027-03-05") << "exactly 90 days ahead";
    EXPECT_EQ(w[1].line, 9);
    EXPECT_FALSE(w[1].database);
    EXPECT_TRUE(parse_waivers("", "w.toml", k_today).empty());
}

TEST(Waivers, EveryMistakeIsOneLineNamingTheLine) {
    const std::string tail = "reason = \"r\"\nexpires = 2026-12-31\n";
    EXPECT_NE(parse_error("[[waiver]]\nstatus = \"changed\"\n" + tail).find("line 1: `object`"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"\"\nstatus = \"changed\"\n" + tail)
                  .find("non-empty string"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\"\n" + tail).find("`status` is required"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\"\nstatus = []\n" + tail).find("empty"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\"\nstatus = [1]\n" + tail).find("strings"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\"\nstatus = \"expected_change\"\n" + tail)
                  .find("cannot be waived"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nreason = \"r\"\n"
                          "expires = 2027-03-06\n")
                  .find("more than 90 days ahead (at most 2027-03-05)"),
              std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\"\nstatus = \"changed\"\nreason = \"r\"\n"
                          "expires = 2027-01-01T00:00:00\n")
                  .find("TOML date"),
              std::string::npos);
    EXPECT_NE(parse_error("[waiver]\nobject = \"a\"\n").find("[[waiver]] tables"),
              std::string::npos);
    EXPECT_NE(parse_error("waivers = 1\n").find("unknown key `waivers`"), std::string::npos);
    EXPECT_NE(parse_error("[[waiver]]\nobject = \"a\nstatus").find("line 2"), std::string::npos);
}

Report report_with_differences() {
    Report r;
    r.source.identity.database = "shop";
    r.target.identity.database = "shop";
    r.catalog.emplace();
    r.catalog->findings.push_back(
        {ObjectKind::function, "shop.tax(numeric)", FindingStatus::changed, {}, "", "", {}});
    r.catalog->findings.push_back(
        {ObjectKind::table, "shop.orders", FindingStatus::expected_change, {}, "rule", "", {}});
    r.data.emplace();
    gpparity::checksum::TableResult t;
    t.table = "shop.orders";
    t.status = TableStatus::content_mismatch;
    r.data->tables.push_back(t);
    t.table = "shop.audit";
    t.status = TableStatus::error;
    r.data->tables.push_back(t);
    return r;
}

TEST(Waivers, ALiveWaiverWaivesDifferencesOnlyAndTheVerdictPasses) {
    Report r = report_with_differences();
    r.data->tables.pop_back(); // no error: the verdict is decided by differences alone
    EXPECT_EQ(gpparity::verify::verdict_of(r), gpparity::verify::Verdict::fail);
    auto w = parse_waivers(R"([[waiver]]
object = "shop.*"
status = ["changed", "content_mismatch", "count_mismatch"]
reason = "accepted"
expires = 2026-12-05
)",
                           "w.toml", k_today);
    apply_waivers(r, w, k_today);
    EXPECT_EQ(r.catalog->findings[0].status, FindingStatus::waived);
    ASSERT_TRUE(r.catalog->findings[0].waiver);
    EXPECT_EQ(r.catalog->findings[0].waiver->status, "changed");
    EXPECT_EQ(r.catalog->findings[0].waiver->expires, "2026-12-05") << "valid through its day";
    EXPECT_EQ(r.catalog->findings[1].status, FindingStatus::expected_change) << "not a difference";
    EXPECT_FALSE(r.catalog->findings[1].waiver);
    EXPECT_EQ(r.data->tables[0].status, TableStatus::waived);
    EXPECT_EQ(r.data->tables[0].waiver->status, "content_mismatch");
    EXPECT_EQ(gpparity::verify::verdict_of(r), gpparity::verify::Verdict::pass);
    ASSERT_EQ(r.waivers.size(), 1U);
    EXPECT_EQ(r.waivers[0].state, "active");
    EXPECT_EQ(r.waivers[0].covered, 2U);
    EXPECT_TRUE(r.warnings.empty());
}

TEST(Waivers, AnErrorIsNeverWaivedAndExpiredStaleAndOtherDatabaseAreTold) {
    Report r = report_with_differences();
    auto w = parse_waivers(R"([[waiver]]
object = "*"
status = "changed"
reason = "old"
expires = 2026-12-04

[[waiver]]
object = "shop.audit"
status = "content_mismatch"
reason = "not what happened"
expires = 2026-12-31

[[waiver]]
object = "*"
status = "changed"
database = "other"
reason = "elsewhere"
expires = 2026-12-31
)",
                           "w.toml", k_today);
    apply_waivers(r, w, k_today);
    EXPECT_EQ(r.catalog->findings[0].status, FindingStatus::changed);
    EXPECT_EQ(r.data->tables[1].status, TableStatus::error);
    EXPECT_EQ(gpparity::verify::verdict_of(r), gpparity::verify::Verdict::incomplete);
    ASSERT_EQ(r.waivers.size(), 3U);
    EXPECT_EQ(r.waivers[0].state, "expired");
    EXPECT_EQ(r.waivers[1].state, "stale");
    EXPECT_EQ(r.waivers[2].state, "other_database");
    ASSERT_EQ(r.warnings.size(), 2U);
    EXPECT_NE(r.warnings[0].find("expired on 2026-12-04"), std::string::npos) << r.warnings[0];
    EXPECT_NE(r.warnings[1].find("stale"), std::string::npos) << r.warnings[1];
}

} // namespace
