// Least privilege, read-only and the connection budget, proven on real servers (issue 18,
// points 4, 5 and 6). A login role that is not a superuser gets exactly README's "Least
// privilege" grants; every command runs once as the superuser and once as that role against
// databases with drift, and must give the same exit status, verdict, findings and table
// statuses; what the role cannot do (LOAD of a library outside $libdir/plugins) is a warning
// naming the privilege. The role has log_statement = 'all', so every server (the PostgreSQL
// servers, and the Greenplum coordinators and every primary) logs what it ran: only reads may
// appear. Its CONNECTION LIMIT is the budget, --jobs + 1 per cluster, and every report's
// `connections_peak` must be within it.
#include "tests/integration/support/server_log.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using gpparity::testing::on_primary;
using gpparity::testing::run_gpparity;
using gpparity::testing::RunResult;
using gpparity::testing::ServerLogs;
using gpparity::testing::sql;
using gpparity::testing::TestDatabase;
using nlohmann::json;

namespace {

// A login role, not a superuser, created on each server (roles are cluster-wide) and dropped
// afterwards. Declare it before the databases it is granted in: they are dropped first, and
// with them its grants.
class LeastPrivilegeRole {
public:
    explicit LeastPrivilegeRole(std::vector<std::string> servers)
        : m_name("gpparity_test_lp_" + std::to_string(::getpid())), m_servers(std::move(servers)) {
        for (const auto& server : m_servers) {
            sql(server, "DROP ROLE IF EXISTS " + m_name + "; CREATE ROLE " + m_name +
                            " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; ALTER ROLE " + m_name +
                            " SET log_statement = 'all'");
        }
    }
    ~LeastPrivilegeRole() {
        for (const auto& server : m_servers) {
            sql(server, "DROP ROLE IF EXISTS " + m_name);
        }
    }
    LeastPrivilegeRole(const LeastPrivilegeRole&) = delete;
    LeastPrivilegeRole& operator=(const LeastPrivilegeRole&) = delete;

    // The role may hold at most `limit` connections on each server (the coordinator's and, on
    // Greenplum 6, each primary's own count of utility-mode sessions).
    void limit_connections(int limit) const {
        for (const auto& server : m_servers) {
            sql(server, "ALTER ROLE " + m_name + " CONNECTION LIMIT " + std::to_string(limit));
        }
    }

    [[nodiscard]] const std::string& name() const noexcept { return m_name; }
    [[nodiscard]] std::string conninfo(const TestDatabase& db) const {
        return db.conninfo() + " user=" + m_name;
    }

    // README's grants, for every schema of `db`. PUBLIC's default CONNECT and TEMPORARY on the
    // database are revoked so that the role gets in by its own grant only.
    void grant(const TestDatabase& db, bool greenplum7) const {
        auto schemas = db.run("SELECT quote_ident(nspname) FROM pg_namespace WHERE nspname !~ "
                              "'^pg_' AND nspname NOT IN ('information_schema', 'gp_toolkit')");
        std::string statements = "REVOKE CONNECT, TEMPORARY ON DATABASE " + db.name() +
                                 " FROM PUBLIC; GRANT CONNECT ON DATABASE " + db.name() + " TO " +
                                 m_name + ";";
        for (const auto& schema : schemas) {
            statements += " GRANT USAGE ON SCHEMA " + schema + " TO " + m_name +
                          "; GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + m_name +
                          "; GRANT SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + m_name +
                          ";";
        }
        if (greenplum7) {
            // GP7's pg_exttable view has no grant to PUBLIC (GP6's catalog table has).
            statements += " GRANT SELECT ON pg_catalog.pg_exttable TO " + m_name + ";";
        }
        db.run(statements);
    }

private:
    std::string m_name;
    std::vector<std::string> m_servers;
};

// Every command that reads rows runs with this many lanes per side.
constexpr int k_jobs = 3;

// One command of the sweep: its arguments for a given source, target and snapshot path.
struct Command {
    std::string name;
    std::vector<std::string> args;
    bool json = true;
};

std::vector<Command> every_command(const std::string& source, const std::string& target,
                                   const std::string& snapshot, bool greenplum) {
    std::vector<Command> out = {
        {"check", {"check", "--source", source, "--target", target, "--show-rows", "3"}, true},
        {"catalog", {"catalog", "--source", source, "--target", target}, true},
        {"data stream",
         {"data", "--source", source, "--target", target, "--strategy", "stream", "--show-rows",
          "3"},
         true},
        {"data pushdown",
         {"data", "--source", source, "--target", target, "--strategy", "pushdown", "--show-rows",
          "3"},
         true},
        {"recreate", {"recreate", "--source", source, "--target", target}, false},
        {"snapshot", {"snapshot", "--data", "--source", target, "--output", snapshot}, false},
        {"info source", {"info", "--source", source}, false},
        {"info target", {"info", "--source", target}, false},
    };
    if (greenplum) {
        // PostgreSQL has no segments: placement needs a Greenplum target.
        out.push_back({"placement", {"placement", "--target", target}, true});
        out.push_back({"data via coordinator",
                       {"data", "--source", source, "--target", target, "--strategy", "stream",
                        "--via", "coordinator"},
                       true});
    }
    for (auto& c : out) {
        if (c.json) {
            c.args.insert(c.args.end(), {"--format", "json"});
        }
        if (c.name != "recreate" && c.name != "catalog" && !c.name.starts_with("info")) {
            c.args.insert(c.args.end(), {"--jobs", std::to_string(k_jobs)});
        }
    }
    return out;
}

// The connection budget (README, "Connection budget"): at most --jobs connections per cluster
// plus one for the catalog, counted by gpparity on every server of the side at once and reported
// as `connections_peak`. The role's CONNECTION LIMIT makes the servers enforce it as well.
void expect_within_budget(const json& report, const std::string& what) {
    for (const char* side : {"source", "target"}) {
        if (!report.contains(side) || report[side].is_null()) {
            continue;
        }
        const json& peak = report[side]["connections_peak"];
        ASSERT_TRUE(peak.is_number_integer()) << what << ": " << side << " " << report[side];
        EXPECT_GE(peak.get<int>(), 1) << what << ": " << side;
        EXPECT_LE(peak.get<int>(), k_jobs + 1) << what << ": " << side;
    }
}

json parse(const RunResult& r, const std::string& what) {
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << what << ": no JSON report\n" << r.out << r.err;
    return j.is_discarded() ? json::object() : j;
}

std::set<std::string> findings(const json& report) {
    std::set<std::string> out;
    if (report.contains("catalog") && report["catalog"].contains("findings")) {
        for (const auto& f : report["catalog"]["findings"]) {
            out.insert(f.value("kind", "") + " " + f.value("object", "") + ": " +
                       f.value("status", ""));
        }
    }
    return out;
}

std::map<std::string, std::string> tables(const json& report) {
    std::map<std::string, std::string> out;
    if (report.contains("data") && report["data"].contains("tables")) {
        for (const auto& t : report["data"]["tables"]) {
            out[t.value("table", "")] = t.value("status", "");
        }
    }
    return out;
}

std::set<std::string> strings(const json& report, const char* key) {
    std::set<std::string> out;
    if (report.contains(key)) {
        for (const auto& s : report[key]) {
            out.insert(s.is_string() ? s.get<std::string>() : s.dump());
        }
    }
    return out;
}

// The lines of `text` that do not start with `skipped` (comments that carry times, the user).
std::string without_lines(const std::string& text, const std::string& skipped) {
    std::istringstream in(text);
    std::string line;
    std::string out;
    while (std::getline(in, line)) {
        if (!line.starts_with(skipped)) {
            out += line + "\n";
        }
    }
    return out;
}

// The role's run of one command must come to what the superuser's run came to; its extra
// warnings must each name the privilege it lacks. Returns the role's warnings.
std::set<std::string> expect_same_outcome(const Command& command, const RunResult& admin,
                                          const RunResult& role) {
    const std::string& what = command.name;
    EXPECT_EQ(role.exit_code, admin.exit_code)
        << what << "\nsuperuser: " << admin.err << "\nrole: " << role.err;
    if (!command.json) {
        if (command.name == "recreate") {
            EXPECT_EQ(without_lines(role.out, "--"), without_lines(admin.out, "--")) << what;
        } else if (command.name.starts_with("info")) {
            EXPECT_EQ(without_lines(role.out, "user:"), without_lines(admin.out, "user:")) << what;
        }
        return {};
    }
    json a = parse(admin, what + " (superuser)");
    json r = parse(role, what + " (role)");
    expect_within_budget(a, what + " (superuser)");
    expect_within_budget(r, what + " (role)");
    EXPECT_EQ(r.value("verdict", ""), a.value("verdict", "")) << what;
    EXPECT_EQ(findings(r), findings(a)) << what;
    EXPECT_EQ(tables(r), tables(a)) << what;
    EXPECT_EQ(strings(r, "errors"), strings(a, "errors")) << what;
    if (a.contains("catalog")) {
        EXPECT_EQ(r["catalog"]["summary"], a["catalog"]["summary"]) << what;
    }
    auto admin_warnings = strings(a, "warnings");
    std::set<std::string> role_warnings = strings(r, "warnings");
    static const std::regex k_names_privilege("superuser|privilege|permission");
    for (const auto& w : role_warnings) {
        if (admin_warnings.count(w) == 0) {
            EXPECT_TRUE(std::regex_search(w, k_names_privilege))
                << what << ": a warning only the role gets does not name a privilege: " << w;
        }
    }
    return role_warnings;
}

// Runs every command as the superuser and as `role` and compares; `expected_check_exit` is what
// the drift makes `check` exit with.
void expect_role_matches_superuser(const LeastPrivilegeRole& role, const TestDatabase& source,
                                   const TestDatabase& target, bool greenplum,
                                   int expected_check_exit) {
    std::string admin_snapshot = gpparity::testing::temp_path("lp-admin.snapshot");
    std::string role_snapshot = gpparity::testing::temp_path("lp-role.snapshot");
    auto as_admin = every_command(source.conninfo(), target.conninfo(), admin_snapshot, greenplum);
    auto as_role =
        every_command(role.conninfo(source), role.conninfo(target), role_snapshot, greenplum);
    bool library_warning = false;
    for (std::size_t i = 0; i < as_admin.size(); ++i) {
        RunResult admin = run_gpparity(as_admin[i].args);
        RunResult mine = run_gpparity(as_role[i].args);
        if (as_admin[i].name == "check") {
            EXPECT_EQ(admin.exit_code, expected_check_exit) << admin.err << admin.out;
        }
        for (const auto& w : expect_same_outcome(as_role[i], admin, mine)) {
            library_warning =
                library_warning || w.find("LOAD needs superuser") != std::string::npos;
        }
    }
    EXPECT_TRUE(library_warning) << "the library check did not run, or did not say why not";
    // The role's snapshot holds what the superuser's does: catalog and data digests.
    RunResult same = run_gpparity(
        {"check", "--source", admin_snapshot, "--target", role_snapshot, "--format", "json"});
    EXPECT_EQ(same.exit_code, 0) << same.err << same.out;
}

// Runs a marker statement as the role on `db`'s server (and, on Greenplum, on every primary in
// utility mode), then waits until every watched log shows it: a logging collector writes
// asynchronously, and everything the role ran before is in the log once the marker is.
void flush_logs(const ServerLogs& logs, const LeastPrivilegeRole& role,
                const std::vector<std::pair<const TestDatabase*, std::string>>& servers) {
    const std::string marker = "SELECT 'gpparity_test_log_marker'";
    for (const auto& [db, gp_server] : servers) {
        sql(role.conninfo(*db), marker);
        if (!gp_server.empty()) {
            for (int content : {0, 1}) {
                (void)on_primary(gp_server + " user=" + role.name(), db->name(), content, marker);
            }
        }
    }
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (logs.all_logged_since(marker)) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the marker statement never reached every server log";
}

// Every statement the role ran, on every watched server, is a read; and every server logged
// some (so the check did look at something).
void expect_only_reads(const ServerLogs& logs, const std::string& role) {
    for (const auto& [label, statements] : logs.statements_since(role)) {
        EXPECT_GT(statements.size(), 1U) << label << ": nothing logged for " << role;
        for (const auto& statement : statements) {
            EXPECT_TRUE(gpparity::testing::is_read_only_statement(statement))
                << label << " ran a statement that is not a read:\n"
                << statement;
        }
    }
}

const char* const k_postgres_schema = R"SQL(
CREATE SCHEMA lp;
CREATE SEQUENCE lp.ticket START 100;
CREATE TYPE lp.state AS ENUM ('new', 'paid');
CREATE TABLE lp.orders (id bigint PRIMARY KEY DEFAULT nextval('lp.ticket'), state lp.state,
                        note text, amount numeric(10,2));
INSERT INTO lp.orders (state, note, amount)
    SELECT 'new', 'n' || g, g / 7.0 FROM generate_series(1, 500) g;
CREATE INDEX orders_note_idx ON lp.orders (note);
CREATE TABLE lp.keyless (a integer, b text);
INSERT INTO lp.keyless SELECT g % 50, repeat('x', g % 9) FROM generate_series(1, 300) g;
CREATE VIEW lp.big_orders AS SELECT id, amount FROM lp.orders WHERE amount > 50;
CREATE MATERIALIZED VIEW lp.order_count AS SELECT count(*) AS n FROM lp.orders;
CREATE FUNCTION lp.add_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 1.19';
)SQL";

// A C function whose library is outside $libdir/plugins: only a superuser may LOAD it.
const char* const k_c_function = R"SQL(
CREATE FUNCTION lp_c_handler() RETURNS language_handler
    AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE c;
)SQL";

const char* const k_digest_extension = R"SQL(
CREATE SCHEMA gpparity;
CREATE EXTENSION gpparity SCHEMA gpparity;
)SQL";

const char* const k_postgres_drift = R"SQL(
DELETE FROM lp.orders WHERE id = 142;
UPDATE lp.keyless SET b = b || '!' WHERE a = 3;
DROP INDEX lp.orders_note_idx;
CREATE OR REPLACE FUNCTION lp.add_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS 'SELECT $1 * 1.21';
CREATE TABLE lp.scratch (x integer);
)SQL";

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(GPPARITY_SOURCE_DIR) + "/tests/integration/fixtures/" + name);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << "missing fixture " << name;
    return text.str();
}

// The migration fixture's roles exist on every cluster it is built on (as greenplum_test does).
void build_greenplum(const TestDatabase& db, const std::string& server, int version) {
    for (const char* r : {"gpparity_test_mig_reader", "gpparity_test_mig_auditor"}) {
        sql(server,
            std::string("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '") + r +
                "') THEN CREATE ROLE " + r + "; END IF; END$$");
    }
    db.run(fixture("gp_migration_gp" + std::to_string(version) + ".sql"));
    db.run(fixture("gp_migration_data.sql"));
    db.run(std::string(k_c_function));
}

const char* const k_greenplum_drift = R"SQL(
DELETE FROM shop.customers WHERE id = 7;
DROP INDEX shop.customers_name_idx;
CREATE TABLE shop.lp_scratch (x integer) DISTRIBUTED BY (x);
)SQL";

} // namespace

TEST(LeastPrivilege, PostgresRoleWithReadmeGrantsGetsSameVerdictsAndOnlyReads) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    LeastPrivilegeRole role({pg1, pg2});
    TestDatabase source(pg1, "lp_src");
    TestDatabase target(pg2, "lp_tgt");
    for (const auto* db : {&source, &target}) {
        db->run(std::string(k_postgres_schema) + k_c_function + k_digest_extension);
    }
    target.run(k_postgres_drift);
    role.grant(source, false);
    role.grant(target, false);

    ServerLogs logs;
    logs.watch_harness_server(1);
    logs.watch_harness_server(2);
    role.limit_connections(k_jobs + 1);
    expect_role_matches_superuser(role, source, target, false, 1);

    // Without USAGE on the extension's schema the role cannot call c1_digest: pushdown computes
    // its digests in SQL instead and says which privilege is missing; the verdict is the same.
    for (const auto* db : {&source, &target}) {
        db->run("REVOKE USAGE ON SCHEMA gpparity FROM " + role.name());
    }
    auto pushdown = [](const std::string& from, const std::string& to) {
        return std::vector<std::string>{"data",       "--source", from,       "--target", to,
                                        "--strategy", "pushdown", "--format", "json"};
    };
    Command without_usage{"data pushdown, no USAGE on the extension's schema",
                          pushdown(role.conninfo(source), role.conninfo(target)), true};
    auto warnings = expect_same_outcome(
        without_usage, run_gpparity(pushdown(source.conninfo(), target.conninfo())),
        run_gpparity(without_usage.args));
    EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
        return w.find("lacks the privilege to call it (USAGE on schema gpparity") !=
               std::string::npos;
    })) << "no warning names the missing privilege";

    flush_logs(logs, role, {{&source, ""}, {&target, ""}});
    expect_only_reads(logs, role.name());
}

TEST(LeastPrivilege, GreenplumRoleWithReadmeGrantsGetsSameVerdictsAndOnlyReads) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    LeastPrivilegeRole role({gp6, gp7});
    TestDatabase source(gp6, "lp_src6");
    TestDatabase target7(gp7, "lp_tgt7");
    TestDatabase target6(gp6, "lp_tgt6");
    build_greenplum(source, gp6, 6);
    build_greenplum(target7, gp7, 7);
    build_greenplum(target6, gp6, 6);
    target7.run(k_greenplum_drift);
    target6.run(k_greenplum_drift);
    role.grant(source, false);
    role.grant(target6, false);
    // GP7 without the pg_exttable grant: the catalog cannot be read whole, and the run stops
    // with exit 2 naming the view and pointing at the grants; it never diffs a partial catalog.
    role.grant(target7, false);
    RunResult partial = run_gpparity({"catalog", "--source", role.conninfo(source), "--target",
                                      role.conninfo(target7), "--format", "json"});
    EXPECT_EQ(partial.exit_code, 2) << partial.out;
    EXPECT_NE(partial.err.find("permission denied for view pg_exttable"), std::string::npos)
        << partial.err;
    EXPECT_NE(partial.err.find("Least privilege"), std::string::npos) << partial.err;
    role.grant(target7, true);

    ServerLogs logs;
    logs.watch_greenplum(gp6, "gp6");
    logs.watch_greenplum(gp7, "gp7");
    {
        SCOPED_TRACE("GP6 -> GP7");
        role.limit_connections(k_jobs + 1);
        expect_role_matches_superuser(role, source, target7, true, 1);
    }
    {
        SCOPED_TRACE("GP6 -> GP6");
        // Both sides on one cluster: each side has its own budget.
        role.limit_connections(2 * (k_jobs + 1));
        expect_role_matches_superuser(role, source, target6, true, 1);
    }
    flush_logs(logs, role, {{&source, gp6}, {&target7, gp7}});
    expect_only_reads(logs, role.name());
}
