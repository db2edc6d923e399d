#include "verify/history.hpp"

#include "catalog/error.hpp"
#include "tests/unit/support/scratch.hpp"
#include "verify/writers.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using gpparity::catalog::Finding;
using gpparity::catalog::FindingStatus;
using gpparity::catalog::ObjectKind;
using gpparity::checksum::TableResult;
using gpparity::checksum::TableStatus;
using gpparity::testing::scratch_dir;
using gpparity::verify::HistoryOptions;
using gpparity::verify::Report;
using gpparity::verify::report_to_json;

Finding finding(ObjectKind kind, std::string object, FindingStatus status) {
    Finding f;
    f.kind = kind;
    f.object = std::move(object);
    f.status = status;
    return f;
}

TableResult table(std::string name, TableStatus status) {
    TableResult t;
    t.table = std::move(name);
    t.status = status;
    return t;
}

/// A `check` report between two fixed sides, started at `started`.
Report check_report(const std::string& started) {
    Report r;
    r.command = "check";
    r.started = started;
    r.duration_s = 61.5;
    r.source.identity.database = "shop";
    r.target.identity.database = "shop";
    r.options["source"] = "host=gp6 dbname=shop password=********";
    r.options["target"] = "host=gp7 dbname=shop";
    r.catalog.emplace();
    r.data.emplace();
    return r;
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

TEST(History, ScopeIsTheSidesCommandFiltersAndModeNotTheTimeOrResult) {
    Report a = check_report("2026-12-04T02:00:00Z");
    Report b = check_report("2026-12-05T02:00:00Z");
    b.data->tables.push_back(table("public.t", TableStatus::content_mismatch));
    b.warnings.push_back("something");
    const std::string scope = gpparity::verify::history_scope(report_to_json(a));
    EXPECT_EQ(scope.size(), 12U);
    EXPECT_EQ(gpparity::verify::history_scope(report_to_json(b)), scope);

    auto differs = [&](auto change) {
        Report c = check_report("2026-12-04T02:00:00Z");
        change(c);
        return gpparity::verify::history_scope(report_to_json(c)) != scope;
    };
    EXPECT_TRUE(differs([](Report& r) { r.command = "data"; }));
    EXPECT_TRUE(differs([](Report& r) { r.options["target"] = "host=gp7b dbname=shop"; }));
    EXPECT_TRUE(differs([](Report& r) { r.target.identity.database = "shop2"; }));
    EXPECT_TRUE(differs([](Report& r) { r.options["include"] = "sales.*"; }));
    EXPECT_TRUE(differs([](Report& r) { r.options["exclude"] = "tmp.*"; }));
    EXPECT_TRUE(differs([](Report& r) { r.data->mode = "count"; }));
    EXPECT_FALSE(differs([](Report& r) { r.options["jobs"] = "16"; }));
}

TEST(History, FileNameIsTimeCommandAndScope) {
    const auto json = report_to_json(check_report("2026-12-04T02:00:07Z"));
    EXPECT_EQ(gpparity::verify::history_file_name(json),
              "20261204T020007Z-check-" + gpparity::verify::history_scope(json) + ".json");
}

TEST(History, ItemsAreNewOrPersistingAndWhatMatchesNowIsResolved) {
    Report before = check_report("2026-12-04T02:00:00Z");
    before.catalog->findings = {
        finding(ObjectKind::function, "public.f(integer)", FindingStatus::missing_in_target),
        finding(ObjectKind::index, "public.i", FindingStatus::missing_in_target),
        finding(ObjectKind::column, "public.t.x", FindingStatus::expected_change),
    };
    before.data->tables = {table("public.a", TableStatus::content_mismatch),
                           table("public.b", TableStatus::error),
                           table("public.c", TableStatus::match)};

    Report now = check_report("2026-12-05T02:00:00Z");
    now.catalog->findings = {
        finding(ObjectKind::function, "public.f(integer)", FindingStatus::missing_in_target),
        finding(ObjectKind::view, "public.v", FindingStatus::changed),
        finding(ObjectKind::column, "public.t.y", FindingStatus::expected_change),
    };
    now.data->tables = {
        table("public.a", TableStatus::match), table("public.b", TableStatus::count_mismatch),
        table("public.c", TableStatus::waived), table("public.d", TableStatus::not_applicable)};

    gpparity::verify::compare_with_previous(now, report_to_json(before), "prev.json");
    const auto& findings = now.catalog->findings;
    EXPECT_EQ(findings[0].since_last, "persisting");
    EXPECT_EQ(findings[1].since_last, "new");
    EXPECT_EQ(findings[2].since_last, "") << "an expected change needs no attention";
    const auto& tables = now.data->tables;
    EXPECT_EQ(tables[0].since_last, "");
    EXPECT_EQ(tables[1].since_last, "persisting") << "by name, whatever its status became";
    EXPECT_EQ(tables[2].since_last, "new") << "waived still differs";
    EXPECT_EQ(tables[3].since_last, "");

    ASSERT_TRUE(now.history);
    EXPECT_EQ(now.history->previous_file, "prev.json");
    EXPECT_EQ(now.history->previous_started, "2026-12-04T02:00:00Z");
    EXPECT_EQ(now.history->previous_verdict, "incomplete");
    EXPECT_EQ(now.history->new_items, 2U);
    EXPECT_EQ(now.history->persisting, 2U);
    ASSERT_EQ(now.history->resolved.size(), 2U);
    EXPECT_EQ(now.history->resolved[0].kind, "index");
    EXPECT_EQ(now.history->resolved[0].object, "public.i");
    EXPECT_EQ(now.history->resolved[0].previous_status, "missing_in_target");
    EXPECT_EQ(now.history->resolved[1].section, "data");
    EXPECT_EQ(now.history->resolved[1].object, "public.a");
    EXPECT_EQ(now.history->resolved[1].previous_status, "content_mismatch");

    const auto json = report_to_json(now);
    EXPECT_EQ(json["report_version"], 4);
    EXPECT_EQ(json["history"]["new"], 2);
    EXPECT_EQ(json["history"]["persisting"], 2);
    EXPECT_EQ(json["history"]["resolved"], 2);
    EXPECT_EQ(json["history"]["previous"]["file"], "prev.json");
    EXPECT_EQ(json["resolved"].size(), 2U);
    EXPECT_EQ(json["resolved"][1]["object"], "public.a");
    EXPECT_EQ(json["catalog"]["findings"][1]["since_last"], "new");
    EXPECT_TRUE(json["data"]["tables"][0]["since_last"].is_null());

    const std::string text = gpparity::verify::render_text(now, false);
    EXPECT_NE(text.find("since the previous run (2026-12-04T02:00:00Z, incomplete): 2 new, 2 "
                        "persisting, 2 resolved"),
              std::string::npos)
        << text;
    EXPECT_LT(text.find("since the previous run"), text.find("gpparity ")) << "right below";
    EXPECT_NE(text.find("public.v  [new]"), std::string::npos) << text;
    EXPECT_NE(text.find("Resolved since the previous run (2)"), std::string::npos) << text;
    EXPECT_NE(text.find("table public.a (was content mismatch)"), std::string::npos) << text;
    const std::string html = gpparity::verify::render_html(now);
    EXPECT_NE(html.find("2 new, 2 persisting, 2 resolved"), std::string::npos);
    EXPECT_NE(html.find("Resolved since the previous run"), std::string::npos);
    const std::string junit = gpparity::verify::render_junit(now);
    EXPECT_NE(junit.find("2 new, 2 persisting, 2 resolved"), std::string::npos) << junit;
    EXPECT_NE(junit.find("table public.a (was content mismatch)"), std::string::npos) << junit;
    const std::string markdown = gpparity::verify::render_markdown(now);
    EXPECT_NE(markdown.find("2 new, 2 persisting, 2 resolved"), std::string::npos);
    EXPECT_NE(markdown.find("public.v **new**"), std::string::npos) << markdown;
}

TEST(History, WithoutHistoryNothingChangesInTheReport) {
    const auto json = report_to_json(check_report("2026-12-04T02:00:00Z"));
    EXPECT_TRUE(json["history"].is_null());
    EXPECT_TRUE(json["resolved"].empty());
    EXPECT_EQ(gpparity::verify::render_text(check_report("2026-12-04T02:00:00Z"), false)
                  .find("previous run"),
              std::string::npos);
}

TEST(History, KeepsEachRunComparesWithTheNewestOfItsScopeAndPrunesOnlyItsScope) {
    const fs::path dir = scratch_dir("keep");
    // Another scope's report shares the directory and must survive every prune.
    Report other = check_report("2026-12-01T02:00:00Z");
    other.command = "data";
    gpparity::verify::record_history(other, HistoryOptions{dir, 1});
    const std::vector<std::string> other_files = files_in(dir);
    ASSERT_EQ(other_files.size(), 1U);

    Report first = check_report("2026-12-02T02:00:00Z");
    first.data->tables = {table("public.a", TableStatus::content_mismatch)};
    gpparity::verify::record_history(first, HistoryOptions{dir, 2});
    ASSERT_TRUE(first.history);
    EXPECT_FALSE(first.history->previous_file) << "the other scope is not comparable";
    EXPECT_EQ(first.data->tables[0].since_last, "");
    EXPECT_NE(gpparity::verify::render_text(first, false).find("no earlier comparable run"),
              std::string::npos);

    Report second = check_report("2026-12-03T02:00:00Z");
    second.data->tables = {table("public.a", TableStatus::content_mismatch),
                           table("public.b", TableStatus::count_mismatch)};
    gpparity::verify::record_history(second, HistoryOptions{dir, 2});
    ASSERT_TRUE(second.history->previous_file);
    EXPECT_EQ(second.history->previous_started, "2026-12-02T02:00:00Z");
    EXPECT_EQ(second.data->tables[0].since_last, "persisting");
    EXPECT_EQ(second.data->tables[1].since_last, "new");

    Report third = check_report("2026-12-04T02:00:00Z");
    third.data->tables = {table("public.a", TableStatus::match),
                          table("public.b", TableStatus::count_mismatch)};
    gpparity::verify::record_history(third, HistoryOptions{dir, 2});
    EXPECT_EQ(third.history->previous_started, "2026-12-03T02:00:00Z") << "the newest";
    ASSERT_EQ(third.history->resolved.size(), 1U);
    EXPECT_EQ(third.history->resolved[0].object, "public.a");
    EXPECT_TRUE(third.errors.empty());

    const std::vector<std::string> files = files_in(dir);
    ASSERT_EQ(files.size(), 3U) << "two of the check's scope (--keep 2) and the other one";
    EXPECT_NE(std::find(files.begin(), files.end(), other_files[0]), files.end());
    EXPECT_EQ(
        std::count_if(files.begin(), files.end(),
                      [](const std::string& f) { return f.rfind("20261202T020000Z", 0) == 0; }),
        0)
        << "the oldest of the scope is gone";

    std::vector<std::string> unreadable;
    const auto entries = gpparity::verify::list_history(dir, unreadable);
    EXPECT_TRUE(unreadable.empty());
    ASSERT_EQ(entries.size(), 3U);
    EXPECT_EQ(entries[0].command, "data") << "oldest first";
    EXPECT_EQ(entries[1].new_items, 1U) << "recorded when it ran, against 2026-12-02";
    EXPECT_EQ(entries[1].persisting, 1U);
    EXPECT_EQ(entries[2].started, "2026-12-04T02:00:00Z");
    EXPECT_EQ(entries[2].new_items, 0U);
    EXPECT_EQ(entries[2].persisting, 1U);
    EXPECT_EQ(entries[2].resolved, 1U);
    const std::string listing = gpparity::verify::render_history(entries);
    EXPECT_NE(listing.find("started"), std::string::npos);
    EXPECT_NE(listing.find("2026-12-04T02:00:00Z  check"), std::string::npos) << listing;
    EXPECT_NE(listing.find("1 min 02 s"), std::string::npos) << listing;
    fs::remove_all(dir);
}

TEST(History, AnUnreadableNewestReportIsSkippedWithAWarning) {
    const fs::path dir = scratch_dir("unreadable");
    Report first = check_report("2026-12-02T02:00:00Z");
    first.data->tables = {table("public.a", TableStatus::content_mismatch)};
    gpparity::verify::record_history(first, HistoryOptions{dir, 5});
    const std::string name = gpparity::verify::history_file_name(report_to_json(first));
    const std::string broken = "20261203T020000Z" + name.substr(16);
    std::ofstream(dir / broken) << "{ not json";

    Report now = check_report("2026-12-04T02:00:00Z");
    now.data->tables = {table("public.a", TableStatus::content_mismatch)};
    gpparity::verify::record_history(now, HistoryOptions{dir, 5});
    ASSERT_TRUE(now.history->previous_file);
    EXPECT_EQ(*now.history->previous_file, name);
    EXPECT_EQ(now.data->tables[0].since_last, "persisting");
    ASSERT_EQ(now.warnings.size(), 1U);
    EXPECT_NE(now.warnings[0].find(broken), std::string::npos) << now.warnings[0];

    std::vector<std::string> unreadable;
    EXPECT_EQ(gpparity::verify::list_history(dir, unreadable).size(), 2U);
    ASSERT_EQ(unreadable.size(), 1U);
    EXPECT_EQ(unreadable[0].rfind(broken, 0), 0U);
    fs::remove_all(dir);
}

TEST(History, TwoRunsInOneSecondAreBothKept) {
    const fs::path dir = scratch_dir("same_second");
    Report a = check_report("2026-12-02T02:00:00Z");
    Report b = check_report("2026-12-02T02:00:00Z");
    gpparity::verify::record_history(a, HistoryOptions{dir, 5});
    gpparity::verify::record_history(b, HistoryOptions{dir, 5});
    const auto files = files_in(dir);
    ASSERT_EQ(files.size(), 2U);
    EXPECT_EQ(files[1].rfind("20261202T020000Z.2-check-", 0), 0U) << files[1];
    EXPECT_TRUE(b.history->previous_file);
    fs::remove_all(dir);
}

TEST(History, ADirectoryThatCannotBeWrittenIsAUsageErrorBeforeTheRun) {
    const fs::path dir = scratch_dir("prepare");
    EXPECT_NO_THROW(gpparity::verify::prepare_history_dir(dir / "new" / "nested"));
    EXPECT_TRUE(fs::is_directory(dir / "new" / "nested"));
    std::ofstream(dir / "file") << "x";
    try {
        gpparity::verify::prepare_history_dir(dir / "file");
        ADD_FAILURE() << "a file is not a history directory";
    } catch (const gpparity::catalog::UsageError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("--history ", 0), 0U) << e.what();
    }
    fs::remove_all(dir);
}

} // namespace
