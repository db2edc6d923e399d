// The options every command shares behave the same everywhere (DESIGN.md §1): a side is a live
// connection or a snapshot file wherever a side is taken, a mistyped path is a one-line error
// that says so, --quiet/--progress/--no-progress are accepted by every long-running command and
// progress is drawn for data, snapshot --data and placement, and --source may be left empty.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;

namespace {

const char* const k_schema = "CREATE TABLE t (id int PRIMARY KEY, v text, f float8);"
                             "INSERT INTO t SELECT g, 'v' || g, g / 3.0 FROM "
                             "generate_series(1, 500) g;"
                             "CREATE TABLE u (id int);";

void expect_one_line_error(const gpparity::testing::RunResult& r, const std::string& text) {
    EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
}

} // namespace

TEST(CommandOptions, DataTakesASnapshotFileOnEitherSide) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "options_snapshot");
    db.run(k_schema);
    std::string file = gpparity::testing::temp_path("with-data.snapshot");
    auto taken = run_gpparity({"snapshot", "--source", db.conninfo(), "--data", "--output", file});
    ASSERT_EQ(taken.exit_code, 0) << taken.err;
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"data", "--source", file, "--target", db.conninfo()},
             {"data", "--source", db.conninfo(), "--target", file}}) {
        nlohmann::json report = run_json_report(args, 0);
        EXPECT_EQ(tables_by_name(report)["public.t"]["status"], "match") << report.dump(2);
        EXPECT_EQ(tables_by_name(report)["public.t"]["source_rows"], 500);
        const auto& snapshot_side = args[2] == file ? report["source"] : report["target"];
        EXPECT_EQ(snapshot_side["snapshot"]["file"], file);
    }
    // info reads the snapshot's cluster identity.
    auto info = run_gpparity({"info", "--source", file, "--format", "json"});
    EXPECT_EQ(info.exit_code, 0) << info.err;
    EXPECT_NE(info.out.find("\"database\": \"" + db.name() + "\""), std::string::npos) << info.out;
    db.run("DELETE FROM t WHERE id = 7");
    nlohmann::json changed =
        run_json_report({"data", "--source", file, "--target", db.conninfo()}, 1);
    EXPECT_EQ(tables_by_name(changed)["public.t"]["status"], "count_mismatch");
    // A catalog-only snapshot has no digests to compare.
    std::string catalog_only = gpparity::testing::temp_path("catalog.snapshot");
    ASSERT_EQ(
        run_gpparity({"snapshot", "--source", db.conninfo(), "--output", catalog_only}).exit_code,
        0);
    expect_one_line_error(
        run_gpparity({"data", "--source", catalog_only, "--target", db.conninfo()}),
        "source: snapshot " + catalog_only + " holds the catalog only");
}

TEST(CommandOptions, AMistypedSnapshotPathIsAOneLineErrorOnEveryCommand) {
    GPPARITY_SERVER(pg1, 1);
    const std::string live = pg1;
    const std::string missing = gpparity::testing::temp_path("nosuch") + ".snapshot";
    const std::string directory = std::filesystem::temp_directory_path().string();
    for (const std::string command : {"data", "check", "catalog", "recreate"}) {
        expect_one_line_error(run_gpparity({command, "--source", missing, "--target", live}),
                              "source: snapshot " + missing + ": cannot read: no such file");
        expect_one_line_error(run_gpparity({command, "--source", live, "--target", directory}),
                              "target: " + directory +
                                  " is a directory, but neither a gpbackup backup set");
    }
    expect_one_line_error(run_gpparity({"snapshot", "--source", missing, "--output",
                                        gpparity::testing::temp_path("out.snapshot")}),
                          "source: snapshot " + missing + ": cannot read: no such file");
    expect_one_line_error(run_gpparity({"placement", "--target", missing}),
                          "target: snapshot " + missing + ": cannot read: no such file");
    expect_one_line_error(run_gpparity({"info", "--source", missing}),
                          "source: snapshot " + missing + ": cannot read: no such file");
}

TEST(CommandOptions, EveryLongRunningCommandTakesTheProgressOptions) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "options_progress");
    db.run(k_schema);
    const std::string c = db.conninfo();
    const std::string out = gpparity::testing::temp_path("out.snapshot");
    const std::vector<std::vector<std::string>> commands = {
        {"data", "--source", c, "--target", c},
        {"check", "--source", c, "--target", c},
        {"catalog", "--source", c, "--target", c},
        {"recreate", "--source", c, "--target", c},
        {"snapshot", "--source", c, "--data", "--output", out},
        {"placement", "--target", c, "--test-pretend-distribution", "id:2:0"},
    };
    for (const auto& command : commands) {
        for (const char* flag : {"--no-progress", "--quiet"}) {
            auto args = command;
            args.push_back(flag);
            auto r = run_gpparity(args);
            EXPECT_NE(r.exit_code, 2) << command[0] << " " << flag << ": " << r.err;
            EXPECT_EQ(r.err, "") << command[0] << " " << flag;
            if (std::string(flag) == "--quiet") {
                EXPECT_EQ(r.out, "") << command[0] << " --quiet prints nothing";
            }
        }
        auto both = command;
        both.insert(both.end(), {"--progress", "--no-progress"});
        EXPECT_EQ(run_gpparity(both).exit_code, 2) << command[0] << ": they exclude each other";
    }
    // Progress is drawn (on stderr) for the commands that read rows.
    for (const auto& command : {commands[0], commands[4], commands[5]}) {
        auto args = command;
        args.push_back("--progress");
        auto r = run_gpparity(args);
        EXPECT_NE(r.exit_code, 2) << command[0] << ": " << r.err;
        EXPECT_NE(r.err.find("tables"), std::string::npos) << command[0] << ": " << r.err;
        EXPECT_NE(r.err.find("done in"), std::string::npos) << command[0] << ": " << r.err;
    }
}

TEST(CommandOptions, SourceAndTargetMayBeEmptyForThePgVariables) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "options_pgenv");
    db.run(k_schema);
    for (const std::string command :
         {"data", "check", "catalog", "recreate", "info", "snapshot", "placement"}) {
        auto help = run_gpparity({command, "--help"});
        EXPECT_EQ(help.exit_code, 0) << command;
        for (const char* option : {"--source", "--target"}) {
            const std::size_t at = help.out.find(option);
            if (at == std::string::npos) {
                continue;
            }
            const std::string line = help.out.substr(at, help.out.find('\n', at) - at);
            EXPECT_EQ(line.find("REQUIRED"), std::string::npos) << command << ": " << line;
        }
    }
    // Both sides from PG* alone: libpq takes the connection from the environment.
    auto host = gpparity::testing::sql(db.conninfo(), "SELECT current_setting('port')");
    ASSERT_EQ(host.size(), 1u);
    auto r = run_gpparity({"data", "--format", "json"},
                          {"PGHOST=127.0.0.1", "PGPORT=" + host[0], "PGUSER=gpparity_admin",
                           "PGDATABASE=" + db.name()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"verdict\": \"pass\""), std::string::npos) << r.out;
    // Nothing given and nothing to reach: the error says that PG* applied.
    auto none = run_gpparity({"info"}, {"PGHOST=127.0.0.1", "PGPORT=1"});
    expect_one_line_error(none, "no --source given: libpq's PG* variables and defaults applied");
}

TEST(CommandOptions, EveryReportRecordsTheSharedOptionsTheSameWay) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "options_recorded");
    db.run(k_schema);
    // A password in the connection string is masked, never recorded.
    const std::string c = db.conninfo() + " password=sekrit";
    const std::vector<std::string> shared = {
        "--include",           "public.*", "--exclude", "public.u",
        "--statement-timeout", "30",       "--format",  "json"};
    const std::vector<std::vector<std::string>> commands = {
        {"data", "--source", c, "--target", c, "--strategy", "stream", "--show-rows", "3"},
        {"check", "--source", c, "--target", c, "--strategy", "stream", "--show-rows", "3"},
        {"catalog", "--source", c, "--target", c},
        {"placement", "--target", c, "--test-pretend-distribution", "id:2:0"},
    };
    for (auto args : commands) {
        const std::string command = args[0];
        args.insert(args.end(), shared.begin(), shared.end());
        auto r = run_gpparity(args);
        ASSERT_NE(r.exit_code, 2) << command << ": " << r.err;
        EXPECT_EQ(r.out.find("sekrit"), std::string::npos) << command;
        const nlohmann::json options = nlohmann::json::parse(r.out)["options"];
        EXPECT_EQ(options["include"], "public.*") << command << ": " << options.dump();
        EXPECT_EQ(options["exclude"], "public.u") << command;
        EXPECT_EQ(options["statement_timeout_s"], "30") << command;
        ASSERT_TRUE(options.contains("target")) << command;
        EXPECT_NE(options["target"].get<std::string>().find("dbname=" + db.name()),
                  std::string::npos)
            << command << ": " << options["target"];
        EXPECT_EQ(options.contains("source"), command != "placement") << command;
        if (command == "data" || command == "check") {
            EXPECT_EQ(options["strategy"], "stream") << command;
            EXPECT_EQ(options["mode"], "hash") << command;
            EXPECT_EQ(options["via"], "segments") << command;
            EXPECT_EQ(options["show_rows"], "3") << command;
            EXPECT_EQ(options["jobs"], "4") << command;
        }
    }
}

TEST(CommandOptions, TypedOptionsRefuseUnknownValuesBeforeConnecting) {
    // Parsing happens before anything is opened: no server is needed to be refused.
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"data", "--strategy", "fast"},
                                               {"check", "--mode", "rows"},
                                               {"data", "--via", "mirrors"},
                                               {"placement", "--via", "mirrors"},
                                               {"catalog", "--format", "yaml"},
                                               {"info", "--format", "html"},
                                               {"data", "--jobs", "0"}}) {
        auto r = run_gpparity(args);
        EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1] << ": " << r.err;
        EXPECT_NE(r.err.find(args[1]), std::string::npos) << "names the option: " << r.err;
        EXPECT_EQ(r.out, "");
    }
    // Every accepted value is listed in --help with the default.
    auto help = run_gpparity({"data", "--help"});
    EXPECT_NE(help.out.find("{auto,stream,pushdown}=auto"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("{hash,count}=hash"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("{segments,coordinator}=segments"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("{text,json,junit,markdown,html}=text"), std::string::npos) << help.out;
    auto info = run_gpparity({"info", "--help"});
    EXPECT_NE(info.out.find("{text,json}=text"), std::string::npos) << info.out;
}

TEST(CommandOptions, AnOutputThatCannotBeWrittenIsAOneLineErrorNeverAPass) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "options_full_disk");
    db.run(k_schema);
    const std::string c = db.conninfo();
    // /dev/full: every write fails with ENOSPC, as on a full disk.
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"data", "--source", c, "--target", c},
             {"check", "--source", c, "--target", c},
             {"catalog", "--source", c, "--target", c},
             {"recreate", "--source", c, "--target", c},
             {"placement", "--target", c, "--test-pretend-distribution", "id:2:0"},
             {"snapshot", "--source", c, "--data"}}) {
        auto with_output = args;
        with_output.insert(with_output.end(), {"--output", "/dev/full"});
        expect_one_line_error(run_gpparity(with_output), "/dev/full");
    }
}
