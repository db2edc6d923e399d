// A table another session holds ACCESS EXCLUSIVE (a long ALTER, a VACUUM FULL, a DBA's LOCK):
// after --lock-timeout that table is an error with the server's message, every other table is
// still compared, the run ends with exit 2 (never a pass), and no gpparity session is left on
// the coordinator or on any primary. PostgreSQL, GP6 and GP7, stream and pushdown.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

using gpparity::testing::LockHolder;
using gpparity::testing::run_gpparity;
using gpparity::testing::sql;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using nlohmann::json;

namespace {

std::string gpparity_sessions(const std::string& conninfo) {
    return sql(conninfo, "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                         "'gpparity' AND pid <> pg_backend_pid()")
        .at(0);
}

void locked_table_is_an_error(const std::string& source_server, const std::string& target_server,
                              const std::string& tag, bool greenplum) {
    TestDatabase source(source_server, "lock_timeout_a_" + tag);
    TestDatabase target(target_server, "lock_timeout_b_" + tag);
    const char* tables = "CREATE TABLE done (id int, v text); CREATE TABLE blocked (id int);"
                         "INSERT INTO done SELECT g, 'v' || g FROM generate_series(1, 100) g;"
                         "INSERT INTO blocked VALUES (1);";
    source.run(tables);
    target.run(tables);
    for (const char* strategy : {"stream", "pushdown"}) {
        SCOPED_TRACE(strategy);
        json report;
        {
            LockHolder lock(target.conninfo(), "blocked");
            // A statement timeout longer than the lock timeout: had --lock-timeout not reached
            // the sessions (the default is 30 s), the message would name the statement timeout.
            auto r = run_gpparity({"data", "--source", source.conninfo(), "--target",
                                   target.conninfo(), "--strategy", strategy, "--lock-timeout", "1",
                                   "--statement-timeout", "5", "--format", "json"});
            ASSERT_EQ(r.exit_code, 2) << r.err << r.out;
            report = json::parse(r.out);
        }
        EXPECT_EQ(report["verdict"], "incomplete");
        EXPECT_EQ(report["options"]["lock_timeout_s"], "1");
        auto t = tables_by_name(report);
        EXPECT_EQ(t["public.done"]["status"], "match") << report.dump(2);
        EXPECT_EQ(t["public.blocked"]["status"], "error") << report.dump(2);
        EXPECT_NE(t["public.blocked"]["message"].get<std::string>().find("lock timeout"),
                  std::string::npos)
            << t["public.blocked"].dump(2);
        EXPECT_EQ(t["public.blocked"]["message"].get<std::string>().find("statement timeout"),
                  std::string::npos);
        // Nothing gpparity started is still running, on the coordinator or on a primary.
        EXPECT_EQ(gpparity_sessions(target.conninfo()), "0");
        if (greenplum) {
            for (int content : {0, 1}) {
                auto left = gpparity::testing::on_primary(
                    target_server, target.name(), content,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gpparity'");
                EXPECT_EQ(left.at(0), "0") << "primary " << content;
            }
        }
    }
}

// --lock-timeout 0 waits for the lock as long as statements may run.
void zero_waits_for_the_lock(const std::string& server) {
    TestDatabase db(server, "lock_timeout_zero");
    db.run("CREATE TABLE blocked (id int); INSERT INTO blocked VALUES (1);");
    LockHolder lock(db.conninfo(), "blocked");
    auto r = run_gpparity({"data", "--source", db.conninfo(), "--target", db.conninfo(),
                           "--strategy", "stream", "--lock-timeout", "0", "--statement-timeout",
                           "1", "--format", "json"});
    ASSERT_EQ(r.exit_code, 2) << r.err;
    const json t = tables_by_name(json::parse(r.out))["public.blocked"];
    EXPECT_EQ(t["status"], "error");
    EXPECT_NE(t["message"].get<std::string>().find("statement timeout"), std::string::npos)
        << t.dump(2);
}

} // namespace

TEST(LockTimeout, ZeroWaitsUntilTheStatementTimeout) {
    GPPARITY_SERVER(pg, 1);
    zero_waits_for_the_lock(pg);
}

TEST(LockTimeout, PostgresLockedTableIsAnErrorAndTheRestIsCompared) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    locked_table_is_an_error(pg1, pg2, "pg", false);
}

TEST(LockTimeout, Gp6LockedTableIsAnErrorAndTheRestIsCompared) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    locked_table_is_an_error(gp, gp, "gp6", true);
}

TEST(LockTimeout, Gp7LockedTableIsAnErrorAndTheRestIsCompared) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    locked_table_is_an_error(gp, gp, "gp7", true);
}
