// `gpparity catalog` and `gpparity recreate` end to end on two real PostgreSQL servers
// (source = GPPARITY_TEST_PG1, target = GPPARITY_TEST_PG2).

#include "catalog/diff.hpp"
#include "catalog/extract.hpp"
#include "tests/integration/catalog/catalog_fixture.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using gpparity::testing::run_gpparity;
using gpparity::testing::TestDatabase;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string drift_sql() {
    return R"SQL(
DROP INDEX shop.orders_amount_idx;
DROP AGGREGATE shop.my_max(integer);
CREATE OR REPLACE FUNCTION shop.add_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 * 1.3';
CREATE TABLE shop.extra_table (a integer);
)SQL";
}

} // namespace

TEST(CatalogDiffCli, IdenticalDatabasesExitZero) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "cdiff_cli_same");
    TestDatabase target(pg2, "cdiff_cli_same");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    auto r =
        run_gpparity({"catalog", "--source", source.conninfo(), "--target", target.conninfo()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    // The first line says whether the target is complete.
    EXPECT_EQ(r.out.rfind("VERDICT: PASS", 0), 0u) << r.out;
}

TEST(CatalogDiffCli, DriftExitsOneWithTextAndJson) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "cdiff_cli_drift");
    TestDatabase target(pg2, "cdiff_cli_drift");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(drift_sql());

    auto text =
        run_gpparity({"catalog", "--source", source.conninfo(), "--target", target.conninfo()});
    EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
    EXPECT_EQ(text.out.rfind("VERDICT: FAIL", 0), 0u) << text.out;
    EXPECT_NE(text.out.find("shop.my_max(integer)"), std::string::npos) << text.out;

    std::string path = gpparity::testing::temp_path("catalog.json");
    auto json = run_gpparity({"catalog", "--source", source.conninfo(), "--target",
                              target.conninfo(), "--format", "json", "--output", path});
    EXPECT_EQ(json.exit_code, 1) << json.err;
    auto report = nlohmann::json::parse(read_file(path));
    EXPECT_EQ(report["verdict"], "fail");
    EXPECT_EQ(report["command"], "catalog");
    std::set<std::string> seen;
    for (const auto& f : report["catalog"]["findings"]) {
        seen.insert(f["status"].get<std::string>() + " " + f["kind"].get<std::string>() + " " +
                    f["object"].get<std::string>());
    }
    EXPECT_EQ(seen, (std::set<std::string>{
                        "missing_in_target index shop.orders.orders_amount_idx",
                        "missing_in_target comment index shop.orders.orders_amount_idx",
                        "missing_in_target aggregate shop.my_max(integer)",
                        "extra_in_target table shop.extra_table",
                        "changed function shop.add_tax(numeric)"}))
        << report["catalog"].dump(2);
    EXPECT_GT(report["catalog"]["summary"]["missing_in_target"].get<int>(), 0)
        << report["catalog"].dump(2);

    // Deterministic: the same comparison gives the same findings.
    std::string again = gpparity::testing::temp_path("catalog2.json");
    (void)run_gpparity({"catalog", "--source", source.conninfo(), "--target", target.conninfo(),
                        "--format", "json", "--output", again});
    EXPECT_EQ(nlohmann::json::parse(read_file(again))["catalog"], report["catalog"]);
}

TEST(CatalogDiffCli, BadTargetExitsTwo) {
    GPPARITY_SERVER(pg1, 1);
    auto r =
        run_gpparity({"catalog", "--source", pg1, "--target", "host=127.0.0.1 port=1 dbname=x"});
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("target"), std::string::npos) << r.err;
    auto recreate =
        run_gpparity({"recreate", "--source", pg1, "--target", "host=127.0.0.1 port=1 dbname=x"});
    EXPECT_EQ(recreate.exit_code, 2) << recreate.out << recreate.err;
}

TEST(CatalogDiffCli, SnapshotFileStandsInForTheSource) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "cdiff_cli_file");
    TestDatabase target(pg2, "cdiff_cli_file");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    std::string file = gpparity::testing::temp_path("source.snapshot");
    ASSERT_EQ(run_gpparity({"snapshot", "--source", source.conninfo(), "--output", file, "--quiet"})
                  .exit_code,
              0);
    target.run("DROP AGGREGATE shop.my_max(integer)");
    std::string path = gpparity::testing::temp_path("file.json");
    auto r = run_gpparity({"catalog", "--source", file, "--target", target.conninfo(), "--format",
                           "json", "--output", path});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    auto report = nlohmann::json::parse(read_file(path));
    ASSERT_EQ(report["catalog"]["findings"].size(), 1u) << report["catalog"].dump(2);
    EXPECT_EQ(report["catalog"]["findings"][0]["object"], "shop.my_max(integer)");
    EXPECT_EQ(report["source"]["snapshot"]["file"], file) << report["source"].dump(2);
    // Target as a file: the library check cannot run, and the report says so.
    auto reverse = run_gpparity(
        {"catalog", "--source", target.conninfo(), "--target", file, "--format", "json"});
    EXPECT_EQ(reverse.exit_code, 1) << reverse.err;
    EXPECT_NE(reverse.out.find("not checked: the target is a snapshot file"), std::string::npos)
        << reverse.out;
}

TEST(CatalogDiffCli, RecreateScriptLeavesNothingMissing) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "cdiff_recreate");
    TestDatabase target(pg2, "cdiff_recreate");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    // Take away a lot: a table with a serial sequence, its index, trigger, constraints, grants and
    // comments (CASCADE also drops the view and materialized view on it), the domain of one of
    // its columns; a function a view
    // uses; an aggregate with its state function; a type privilege; a column comment.
    target.run(R"SQL(
DROP FUNCTION shop.add_tax(numeric) CASCADE;
DROP TABLE shop.orders CASCADE;
DROP DOMAIN shop.posint;
DROP AGGREGATE shop.my_sum(integer);
DROP FUNCTION shop.int_sum_state(bigint, integer);
REVOKE USAGE ON TYPE shop.mood FROM gpparity_test_reader;
COMMENT ON CONSTRAINT name_len ON shop.customers IS NULL;
CREATE SEQUENCE shop.extra_seq;
)SQL");
    std::string path = gpparity::testing::temp_path("recreate.sql");
    auto r = run_gpparity({"recreate", "--source", source.conninfo(), "--target", target.conninfo(),
                           "--output", path});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    std::string script = read_file(path);
    // Dependency order: the sequence before the table whose default uses it, the function
    // before the aggregate and the view that use it.
    auto at = [&](const std::string& needle) {
        auto p = script.find(needle);
        EXPECT_NE(p, std::string::npos) << needle << "\n" << script;
        return p;
    };
    EXPECT_LT(at("CREATE SEQUENCE shop.orders_id_seq"), at("CREATE TABLE shop.orders"));
    EXPECT_LT(at("CREATE OR REPLACE FUNCTION shop.int_sum_state"),
              at("CREATE AGGREGATE shop.my_sum"));
    EXPECT_LT(at("CREATE OR REPLACE FUNCTION shop.add_tax"), at("CREATE VIEW shop.big_orders"));
    EXPECT_LT(at("CREATE TABLE shop.orders"), at("CREATE VIEW shop.big_orders"));
    EXPECT_LT(at("CREATE DOMAIN shop.posint"), at("CREATE TABLE shop.orders"));
    EXPECT_NE(script.find("-- missing_in_target: aggregate shop.my_sum(integer)"),
              std::string::npos);

    // Apply it to the target (through libpq), then compare again.
    target.run(script);
    gpparity::catalog::Cluster s = gpparity::catalog::Cluster::connect(source.conninfo(), "source");
    gpparity::catalog::Cluster t = gpparity::catalog::Cluster::connect(target.conninfo(), "target");
    auto result = gpparity::catalog::diff(gpparity::catalog::extract_catalog(s, {}),
                                          gpparity::catalog::extract_catalog(t, {}));
    std::string remaining;
    for (const auto& f : result.findings) {
        remaining += std::string(gpparity::catalog::to_string(f.status)) + " " +
                     std::string(gpparity::catalog::to_string(f.kind)) + " " + f.object + "\n";
        EXPECT_NE(f.status, gpparity::catalog::FindingStatus::missing_in_target) << f.object;
    }
    // add_tax had EXECUTE revoked from PUBLIC at the source: the script revokes it too.
    EXPECT_EQ(remaining.find("privilege function shop.add_tax(numeric) PUBLIC"), std::string::npos)
        << remaining;
    // The extra sequence stays extra: recreate only adds.
    EXPECT_NE(remaining.find("extra_in_target sequence shop.extra_seq"), std::string::npos)
        << remaining;
    RecordProperty("remaining_findings", remaining);
    std::cout << "findings after recreate:\n" << remaining;
}

TEST(CatalogDiffCli, DatabaseRestoredUnderAnotherNameIsExpectedChange) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "cdiff_cli_name_gp6");
    TestDatabase target(pg2, "cdiff_cli_name_gp7");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    source.run("COMMENT ON DATABASE " + source.name() + " IS 'the shop'");
    target.run("COMMENT ON DATABASE " + target.name() + " IS 'the shop'");
    auto r = run_gpparity({"catalog", "--source", source.conninfo(), "--target", target.conninfo(),
                           "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    auto report = nlohmann::json::parse(r.out);
    ASSERT_EQ(report["catalog"]["findings"].size(), 1u) << report["catalog"]["findings"].dump(2);
    const auto& f = report["catalog"]["findings"][0];
    EXPECT_EQ(f["kind"], "database");
    EXPECT_EQ(f["object"], source.name());
    EXPECT_EQ(f["status"], "expected_change");
    EXPECT_EQ(f["rule"], "database_name");

    // A real difference on the differently named database is still found.
    target.run("COMMENT ON DATABASE " + target.name() + " IS 'another shop'");
    auto changed = run_gpparity({"catalog", "--source", source.conninfo(), "--target",
                                 target.conninfo(), "--format", "json"});
    EXPECT_EQ(changed.exit_code, 1) << changed.out << changed.err;
    EXPECT_NE(changed.out.find("\"database " + source.name() + "\""), std::string::npos)
        << changed.out;
}
