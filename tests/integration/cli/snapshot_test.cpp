#include "tests/integration/support/servers.hpp"
#include "verify/snapshot_file.hpp"

#include <filesystem>
#include <fstream>

using gpparity::catalog::ObjectKind;
using gpparity::testing::run_gpparity;
using gpparity::testing::TestDatabase;

namespace {

void expect_one_line_error(const gpparity::testing::RunResult& r, const std::string& cause) {
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_EQ(r.err.rfind("gpparity: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(cause), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
}

} // namespace

TEST(SnapshotCommand, WritesACompressedCatalogFile) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "snapshot_cli");
    db.run("CREATE SCHEMA shop; CREATE TABLE shop.orders (id integer PRIMARY KEY, note text);"
           "CREATE TABLE shop.\"Odd \"\"one\"\"\" (x integer); CREATE TABLE public.other (y "
           "integer);");
    std::string path = gpparity::testing::temp_path("cli.snapshot");
    auto r = run_gpparity({"snapshot", "--source", db.conninfo(), "--output", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("snapshot " + path + ": "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("queries"), std::string::npos) << r.out;
    auto s = gpparity::verify::read_snapshot_file(path);
    EXPECT_EQ(s.cluster.database, db.name());
    EXPECT_NE(s.find(ObjectKind::table, "shop.orders"), nullptr);
    EXPECT_NE(s.find(ObjectKind::table, "shop.\"Odd \"\"one\"\"\""), nullptr);
    EXPECT_NE(s.find(ObjectKind::column, "shop.orders.note"), nullptr);
    EXPECT_GT(s.query_count, 0);

    // --include / --exclude limit it; a snapshot file can be re-read (verified) and rewritten.
    std::string filtered = gpparity::testing::temp_path("filtered.snapshot");
    auto f = run_gpparity({"snapshot", "--source", db.conninfo(), "--output", filtered, "--include",
                           "shop.*", "--exclude", "shop.Odd*", "--quiet"});
    ASSERT_EQ(f.exit_code, 0) << f.err;
    EXPECT_TRUE(f.out.empty()) << f.out;
    auto fs = gpparity::verify::read_snapshot_file(filtered);
    EXPECT_NE(fs.find(ObjectKind::table, "shop.orders"), nullptr);
    EXPECT_EQ(fs.find(ObjectKind::table, "shop.\"Odd \"\"one\"\"\""), nullptr);
    EXPECT_EQ(fs.find(ObjectKind::table, "public.other"), nullptr);

    std::string copy = gpparity::testing::temp_path("copy.snapshot");
    auto c = run_gpparity({"snapshot", "--source", path, "--output", copy});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    EXPECT_EQ(gpparity::verify::read_snapshot_file(copy).objects.size(), s.objects.size());
}

TEST(SnapshotCommand, IncludeThatMatchesNothingIsOneLineError) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "snapshot_nomatch");
    db.run("CREATE TABLE t (id integer)");
    std::string path = gpparity::testing::temp_path("nomatch.snapshot");
    auto r = run_gpparity(
        {"snapshot", "--source", db.conninfo(), "--output", path, "--include", "nosuch.*"});
    expect_one_line_error(r, "--include 'nosuch.*' matches no object");
    EXPECT_FALSE(std::filesystem::exists(path)) << "nothing is written when the run cannot start";
}

TEST(SnapshotCommand, CorruptOrUnreadableSnapshotFileIsOneLineError) {
    std::string out = gpparity::testing::temp_path("out.snapshot");
    auto missing =
        run_gpparity({"snapshot", "--source", "/nonexistent/gpparity.snapshot", "--output", out});
    expect_one_line_error(missing, "snapshot /nonexistent/gpparity.snapshot: cannot read");

    std::string garbage = gpparity::testing::temp_path("garbage.snapshot");
    {
        std::ofstream f(garbage, std::ios::binary);
        f << "this is not a snapshot\n\x01\x02";
    }
    expect_one_line_error(run_gpparity({"snapshot", "--source", garbage, "--output", out}),
                          "snapshot " + garbage + ": not a gzip-compressed gpparity snapshot");

    // A real snapshot cut in half.
    gpparity::catalog::Snapshot s;
    s.taken_at = "2026-11-24T08:00:00Z";
    for (int i = 0; i < 200; ++i) {
        gpparity::catalog::CatalogObject o;
        o.kind = ObjectKind::table;
        o.identity = "s.t" + std::to_string(i);
        o.attributes = {{"storage", "heap"}};
        s.objects.push_back(o);
    }
    std::string good = gpparity::testing::temp_path("good.snapshot");
    gpparity::verify::write_snapshot_file(good, s);
    std::string truncated = gpparity::testing::temp_path("truncated.snapshot");
    std::filesystem::copy_file(good, truncated);
    std::filesystem::resize_file(truncated, std::filesystem::file_size(good) / 2);
    expect_one_line_error(run_gpparity({"snapshot", "--source", truncated, "--output", out}),
                          "snapshot " + truncated + ": truncated");
}

TEST(SnapshotCommand, UsageErrorsExitTwo) {
    auto no_output = run_gpparity({"snapshot", "--source", "host=127.0.0.1 port=1"});
    EXPECT_EQ(no_output.exit_code, 2);
    EXPECT_NE(no_output.err.find("--output"), std::string::npos) << no_output.err;
    GPPARITY_SERVER(pg, 1);
    auto unwritable =
        run_gpparity({"snapshot", "--source", pg, "--output", "/nonexistent/dir/x.snapshot"});
    expect_one_line_error(unwritable, "cannot write");
}
