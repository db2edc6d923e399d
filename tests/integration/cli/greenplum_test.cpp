// Every command end to end on real Greenplum clusters (GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7):
// a database with every object kind and table shape, migrated the careful way (each version's
// own DDL, the same rows), passes GP6 -> GP7, GP7 -> GP7 and GP6 -> GP6; then drift of each kind
// is planted in the target and found exactly; and the script `recreate` prints runs on GP7.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

using gpparity::testing::on_primary;
using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::run_program;
using gpparity::testing::sql;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using gpparity::testing::with;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(GPPARITY_SOURCE_DIR) + "/tests/integration/fixtures/" + name);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << "missing fixture " << name;
    return text.str();
}

// Roles are cluster-wide: the fixture's two exist on every cluster a migration touches.
void ensure_roles(const std::string& gp) {
    for (const char* role : {"gpparity_test_mig_reader", "gpparity_test_mig_auditor"}) {
        sql(gp, std::string("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '") +
                    role + "') THEN CREATE ROLE " + role + "; END IF; END$$");
    }
}

// The fixture database built on one cluster with that version's DDL, and the same rows.
void build(const TestDatabase& db, int version) {
    db.run(fixture("gp_migration_gp" + std::to_string(version) + ".sql"));
    db.run(fixture("gp_migration_data.sql"));
}

// A source and a target database, each built the careful way on its own cluster.
struct Migration {
    std::string target_server;
    TestDatabase source;
    TestDatabase target;
    Migration(const std::string& from, int from_version, const std::string& to, int to_version,
              const std::string& tag)
        : target_server(to), source((ensure_roles(from), from), "mig_src_" + tag),
          target((ensure_roles(to), to), "mig_tgt_" + tag) {
        build(source, from_version);
        build(target, to_version);
    }
    [[nodiscard]] std::vector<std::string> args(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> out{"--source", source.conninfo(), "--target", target.conninfo()};
        out.insert(out.end(), extra.begin(), extra.end());
        return out;
    }
};

// The tables of the fixture the data commands compare: every leaf of the two-level partition
// tree and its root (intermediate parents hold no rows of their own and are not listed), and
// the two external tables (not applicable).
const std::set<std::string> k_external = {"shop.ext_file", "shop.ext_web"};

std::set<std::string> expected_tables() {
    std::set<std::string> out = {"shop.customers", "shop.orders", "shop.events",
                                 "shop.scattered", "shop.dims",   "shop.by_mood",
                                 "shop.legacy",    "shop.sales",  "shop.order_totals"};
    for (const std::string level1 : {"sales_1_prt_2", "sales_1_prt_3", "sales_1_prt_other_days"}) {
        for (const std::string level2 : {"eu", "us", "other_regions"}) {
            out.insert("shop." + level1 + "_2_prt_" + level2);
        }
    }
    out.insert(k_external.begin(), k_external.end());
    return out;
}

std::set<std::string> keys(const std::map<std::string, json>& tables) {
    std::set<std::string> out;
    for (const auto& [name, t] : tables) {
        out.insert(name);
    }
    return out;
}

// A data report of the untouched fixture: every table compared and equal, external tables not
// applicable, enum and random keys compared by totals only.
void expect_data_parity(const json& report, const std::string& what, const std::string& same) {
    auto tables = tables_by_name(report);
    EXPECT_EQ(keys(tables), expected_tables()) << what;
    for (const auto& [name, t] : tables) {
        if (k_external.count(name) != 0) {
            EXPECT_EQ(t["status"], "not_applicable") << what << " " << name;
            EXPECT_NE(t["message"].get<std::string>().find("outside the cluster"),
                      std::string::npos)
                << what << t.dump(2);
            continue;
        }
        EXPECT_EQ(t["status"], same) << what << " " << name << t.dump(2);
        EXPECT_EQ(t["source_rows"], t["target_rows"]) << what << " " << name;
    }
    EXPECT_EQ(tables["shop.customers"]["source_rows"], 3000) << what;
    EXPECT_EQ(tables["shop.sales"]["source_rows"], 4000) << what;
    EXPECT_EQ(tables["shop.dims"]["source_rows"], 100) << what << " one copy, not one per segment";
    EXPECT_EQ(tables["shop.customers"]["placement"], "compared") << what;
    EXPECT_EQ(tables["shop.legacy"]["placement"], "compared") << what;
    EXPECT_EQ(tables["shop.scattered"]["placement"], "not_compared") << what;
}

// Every command, from the CLI, on an untouched migration: all pass.
void every_command_passes(const Migration& m, const std::string& source_flavor,
                          const std::string& target_flavor, bool crossing) {
    for (const auto& [conninfo, flavor] :
         {std::pair{m.source.conninfo(), source_flavor}, {m.target.conninfo(), target_flavor}}) {
        json info = run_json_report({"info", "--source", conninfo}, 0);
        EXPECT_EQ(info["flavor"], flavor);
        EXPECT_EQ(info["segments"].size(), 2u);
    }

    json catalog = run_json_report(with({"catalog"}, m.args()), 0);
    std::set<std::string> rules;
    for (const auto& f : catalog["catalog"]["findings"]) {
        EXPECT_EQ(f["status"], "expected_change") << f.dump(2);
        if (f["status"] == "expected_change") {
            EXPECT_FALSE(f["rule"].is_null()) << f.dump(2);
            rules.insert(f["rule"].get<std::string>());
        }
    }
    if (crossing) {
        EXPECT_EQ(rules.count("ao_reloptions"), 1u) << catalog["catalog"].dump(2);
        EXPECT_EQ(rules.count("sequence_cache_default"), 1u) << catalog["catalog"].dump(2);
    }

    auto recreate = run_gpparity(with({"recreate"}, m.args()));
    EXPECT_EQ(recreate.exit_code, 0) << recreate.err;
    EXPECT_NE(recreate.out.find("-- 0 statement group(s)"), std::string::npos) << recreate.out;

    const std::vector<std::vector<std::string>> runs = {
        {"--strategy", "stream", "--via", "segments"},
        {"--strategy", "stream", "--via", "coordinator"},
        {"--strategy", "pushdown"},
        {"--strategy", "auto"},
        {"--strategy", "stream", "--show-rows", "5"},
    };
    for (const auto& run : runs) {
        json data = run_json_report(with(with({"data"}, m.args()), run), 0);
        std::string what;
        for (const auto& a : run) {
            what += a + " ";
        }
        expect_data_parity(data, what, "match");
        for (const auto& [name, t] : tables_by_name(data)) {
            if (k_external.count(name) == 0 && name != "shop.sales" &&
                name.rfind("shop.sales_1_prt_", 0) != 0) {
                EXPECT_EQ(t["strategy"], run[1] == "auto" ? "pushdown" : run[1]) << what << name;
            }
        }
    }
    // The text report, and nothing on stderr (no oneTBB warning on a 2-core machine).
    auto text = run_gpparity(with(with({"data"}, m.args()), {"--jobs", "8"}));
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_EQ(text.err, "");
    EXPECT_EQ(text.out.rfind("VERDICT: PASS", 0), 0u) << text.out;
    EXPECT_NE(text.out.find("Tables not applicable"), std::string::npos) << text.out;
    json counted = run_json_report(with(with({"data"}, m.args()), {"--mode", "count"}), 0);
    expect_data_parity(counted, "--mode count", "count_match");

    json placed = run_json_report({"placement", "--target", m.target.conninfo()}, 0);
    for (const auto& [name, t] : tables_by_name(placed)) {
        if (k_external.count(name) == 0) {
            EXPECT_EQ(t["status"], "match") << name << t.dump(2);
        }
    }

    std::string snapshot = gpparity::testing::temp_path("source.snapshot");
    auto taken =
        run_gpparity({"snapshot", "--source", m.source.conninfo(), "--data", "--output", snapshot});
    ASSERT_EQ(taken.exit_code, 0) << taken.err << taken.out;
    json checked =
        run_json_report({"check", "--source", snapshot, "--target", m.target.conninfo()}, 0);
    expect_data_parity(checked, "check against the snapshot", "match");
    EXPECT_FALSE(checked["source"]["snapshot"].is_null());
    json live = run_json_report(with({"check"}, m.args()), 0);
    EXPECT_EQ(live["verdict"], "pass");
}

// The findings of one status, as "kind object".
std::set<std::string> findings(const json& report, const std::string& status) {
    std::set<std::string> out;
    for (const auto& f : report["catalog"]["findings"]) {
        if (f["status"] == status) {
            out.insert(f["kind"].get<std::string>() + " " + f["object"].get<std::string>());
        }
    }
    return out;
}

// Drops one object of every kind from the target; returns what the catalog must call missing.
std::set<std::string> drop_one_of_every_kind(const Migration& m) {
    m.target.run(R"SQL(
DROP SCHEMA shop_empty;
DROP TABLE shop.scattered;
ALTER TABLE shop.orders DROP COLUMN note;
DROP INDEX shop.customers_name_idx;
ALTER TABLE shop.customers DROP CONSTRAINT customers_pkey;
DROP VIEW shop.big_orders;
DROP MATERIALIZED VIEW shop.order_totals;
DROP SEQUENCE shop.invoice_seq;
DROP FUNCTION shop.bump(integer);
DROP AGGREGATE shop.total(numeric);
DROP EXTERNAL TABLE shop.ext_web;
DROP TYPE shop.address;
DROP DOMAIN shop.email;
REVOKE SELECT ON shop.customers FROM gpparity_test_mig_reader;
COMMENT ON TABLE shop.customers IS NULL;
)SQL");
    sql(m.target_server, "DROP ROLE gpparity_test_mig_auditor");
    return {"schema shop_empty", "table shop.scattered", "column shop.orders.note",
            "index shop.customers.customers_name_idx",
            // The primary key's index goes with its constraint.
            "index shop.customers.customers_pkey", "constraint shop.customers.customers_pkey",
            "view shop.big_orders", "materialized_view shop.order_totals",
            "sequence shop.invoice_seq", "function shop.bump(integer)",
            "aggregate shop.total(numeric)", "external_table shop.ext_web", "type shop.address",
            "domain shop.email",
            // The domain's CHECK constraint goes with it.
            "constraint shop.email.email_check",
            "privilege table shop.customers gpparity_test_mig_reader",
            "comment table shop.customers", "role gpparity_test_mig_auditor"};
}

#define GPPARITY_BOTH_GREENPLUMS()                                                                 \
    GPPARITY_GREENPLUM(gp6_conninfo, "GPPARITY_TEST_GP6");                                         \
    GPPARITY_GREENPLUM(gp7_conninfo, "GPPARITY_TEST_GP7")

} // namespace

TEST(GreenplumEndToEnd, Gp6ToGp7CarefulMigrationPassesEveryCommand) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "67");
    every_command_passes(m, "gp6", "gp7", true);
}

TEST(GreenplumEndToEnd, Gp7ToGp7PassesEveryCommand) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    Migration m(gp, 7, gp, 7, "77");
    every_command_passes(m, "gp7", "gp7", false);
}

TEST(GreenplumEndToEnd, Gp6ToGp6PassesEveryCommand) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    Migration m(gp, 6, gp, 6, "66");
    every_command_passes(m, "gp6", "gp6", false);
}

TEST(GreenplumDrift, AMissingObjectOfEveryKindIsFoundExactly) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "missing");
    std::set<std::string> expected = drop_one_of_every_kind(m);
    json report = run_json_report(with({"catalog"}, m.args()), 1);
    EXPECT_EQ(findings(report, "missing_in_target"), expected);
    EXPECT_EQ(findings(report, "extra_in_target"), std::set<std::string>{});
    // The dropped column changes its table's column list, nothing else.
    EXPECT_EQ(findings(report, "changed"), std::set<std::string>{"table shop.orders"});
    // The data side: the dropped table is missing, the dropped external table was never read.
    json data = run_json_report(with({"data"}, m.args()), 1);
    auto tables = tables_by_name(data);
    EXPECT_EQ(tables["shop.scattered"]["status"], "missing_in_target");
    EXPECT_EQ(tables["shop.order_totals"]["status"], "missing_in_target");
    ensure_roles(gp7_conninfo);
}

TEST(GreenplumDrift, AChangedFunctionBodyColumnTypeAndDistributionKeyAreFoundExactly) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "changed");
    m.target.run("CREATE OR REPLACE FUNCTION shop.add_tax(numeric) RETURNS numeric LANGUAGE sql "
                 "IMMUTABLE AS 'SELECT $1 * 1.3';"
                 "ALTER TABLE shop.legacy ALTER COLUMN v TYPE varchar(50);"
                 "ALTER TABLE shop.orders SET DISTRIBUTED BY (customer_id);");
    json report = run_json_report(with({"catalog"}, m.args()), 1);
    EXPECT_EQ(findings(report, "missing_in_target"), std::set<std::string>{});
    EXPECT_EQ(findings(report, "changed"),
              (std::set<std::string>{"function shop.add_tax(numeric)", "column shop.legacy.v",
                                     "table shop.orders"}));
    std::map<std::string, std::set<std::string>> attributes;
    for (const auto& f : report["catalog"]["findings"]) {
        if (f["status"] == "changed") {
            for (const auto& d : f["details"]) {
                attributes[f["object"].get<std::string>()].insert(
                    d["attribute"].get<std::string>());
            }
        }
    }
    EXPECT_EQ(attributes["shop.add_tax(numeric)"].count("body"), 1u) << report.dump(2);
    EXPECT_EQ(attributes["shop.legacy.v"].count("type"), 1u) << report.dump(2);
    EXPECT_EQ(attributes["shop.orders"].count("distribution_key"), 1u) << report.dump(2);
    // The rows are the same: the re-keyed table is compared by totals, and each target row is
    // where the target's new key puts it.
    json data = run_json_report(with({"data"}, m.args({"--strategy", "stream"})), 0);
    const json orders = tables_by_name(data)["shop.orders"];
    EXPECT_EQ(orders["status"], "match");
    EXPECT_NE(orders["placement_note"].get<std::string>().find("distribution policies differ"),
              std::string::npos)
        << orders.dump(2);
    EXPECT_EQ(orders["misplaced_rows"], 0);
}

TEST(GreenplumDrift, AnExtraTableIsFoundExactly) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "extra");
    m.target.run("CREATE TABLE shop.extra (id int) DISTRIBUTED BY (id);"
                 "INSERT INTO shop.extra SELECT generate_series(1, 10);");
    json report = run_json_report(with({"check"}, m.args()), 1);
    EXPECT_EQ(findings(report, "extra_in_target"), (std::set<std::string>{"table shop.extra"}));
    EXPECT_EQ(findings(report, "missing_in_target"), std::set<std::string>{});
    EXPECT_EQ(findings(report, "changed"), std::set<std::string>{});
    auto tables = tables_by_name(report);
    EXPECT_EQ(tables["shop.extra"]["status"], "extra_in_target");
    for (const auto& [name, t] : tables) {
        if (name != "shop.extra" && k_external.count(name) == 0) {
            EXPECT_EQ(t["status"], "match") << name;
        }
    }
}

// Data drift: each found by every strategy, and narrowed to the row by --show-rows.
void expect_only(const json& report, const std::string& table, const std::string& status,
                 const std::string& what) {
    for (const auto& [name, t] : tables_by_name(report)) {
        if (k_external.count(name) != 0) {
            continue;
        }
        EXPECT_EQ(t["status"], name == table ? status : "match")
            << what << " " << name << t.dump(2);
    }
}

TEST(GreenplumDrift, ALostRowIsFoundAndListed) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "lost");
    m.target.run("DELETE FROM shop.customers WHERE id = 42");
    for (const char* strategy : {"stream", "pushdown"}) {
        json report = run_json_report(
            with({"data"}, m.args({"--strategy", strategy, "--show-rows", "10"})), 1);
        expect_only(report, "shop.customers", "count_mismatch", strategy);
        const json customers = tables_by_name(report)["shop.customers"];
        EXPECT_EQ(customers["source_rows"], 3000);
        EXPECT_EQ(customers["target_rows"], 2999);
        ASSERT_EQ(customers["rows"].size(), 1u) << strategy << customers.dump(2);
        EXPECT_EQ(customers["rows"][0]["change"], "missing_in_target");
        EXPECT_EQ(customers["rows"][0]["key"], json::array({"42"}));
    }
}

TEST(GreenplumDrift, AOneUlpFloatChangeIsFoundAndListed) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "ulp");
    // 7 / 3.0 is 2.3333333333333335; the next double up is 2.333333333333334.
    m.target.run("UPDATE shop.customers SET score = 2.333333333333334 WHERE id = 7");
    auto check = sql(m.target.conninfo(), "SELECT (SELECT score FROM shop.customers WHERE id = 7) "
                                          "> 7 / 3.0::float8");
    ASSERT_EQ(check, std::vector<std::string>{"t"});
    for (const char* strategy : {"stream", "pushdown"}) {
        json report = run_json_report(
            with({"data"}, m.args({"--strategy", strategy, "--show-rows", "10"})), 1);
        expect_only(report, "shop.customers", "content_mismatch", strategy);
        const json customers = tables_by_name(report)["shop.customers"];
        ASSERT_EQ(customers["rows"].size(), 1u) << strategy << customers.dump(2);
        EXPECT_EQ(customers["rows"][0]["change"], "changed");
        EXPECT_EQ(customers["rows"][0]["key"], json::array({"7"}));
        EXPECT_EQ(customers["rows"][0]["changed_columns"], json::array({"score"}));
    }
}

TEST(GreenplumDrift, ARowMovedToTheWrongSegmentIsFound) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "moved");
    auto on_zero =
        m.target.run("SELECT id FROM shop.legacy WHERE gp_segment_id = 0 ORDER BY id LIMIT 1");
    ASSERT_EQ(on_zero.size(), 1u);
    on_primary(gp7_conninfo, m.target.name(), 0,
               "DELETE FROM shop.legacy WHERE id = " + on_zero[0]);
    on_primary(gp7_conninfo, m.target.name(), 1,
               "INSERT INTO shop.legacy SELECT " + on_zero[0] + ", 'l" + on_zero[0] + "'");
    for (const char* strategy : {"stream", "pushdown"}) {
        json report = run_json_report(with({"data"}, m.args({"--strategy", strategy})), 1);
        expect_only(report, "shop.legacy", "placement_mismatch", strategy);
    }
    json placed = run_json_report({"placement", "--target", m.target.conninfo()}, 1);
    const json legacy = tables_by_name(placed)["shop.legacy"];
    EXPECT_EQ(legacy["status"], "placement_mismatch") << legacy.dump(2);
    EXPECT_EQ(legacy["misplaced_rows"], 1);
}

// The script `recreate` prints for a GP6 source runs on the GP7 target as it is, and afterwards
// nothing is missing.
TEST(GreenplumRecreate, TheScriptRunsOnGp7AndLeavesNothingMissing) {
    GPPARITY_BOTH_GREENPLUMS();
    Migration m(gp6_conninfo, 6, gp7_conninfo, 7, "recreate");
    (void)drop_one_of_every_kind(m);
    auto script = run_gpparity(with({"recreate"}, m.args()));
    ASSERT_EQ(script.exit_code, 0) << script.err;
    std::string path = gpparity::testing::temp_path("recreate.sql");
    std::ofstream(path) << script.out;
    auto psql =
        run_program({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path, m.target.conninfo()});
    EXPECT_EQ(psql.exit_code, 0) << psql.err << "\n" << script.out;
    json report = run_json_report(with({"catalog"}, m.args()), 0);
    EXPECT_EQ(findings(report, "missing_in_target"), std::set<std::string>{}) << script.out;
    ensure_roles(gp7_conninfo);
}
