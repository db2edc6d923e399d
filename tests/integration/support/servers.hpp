#pragma once
/// Integration-test support: the real PostgreSQL servers started by scripts/with-servers
/// (GPPARITY_TEST_PG1, GPPARITY_TEST_PG2), optional Greenplum clusters (GPPARITY_TEST_GP6,
/// GPPARITY_TEST_GP7), throwaway databases, SQL through libpq, and running the gpparity binary.

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

/// Declares `var` as the connection string of harness server `index`, or skips the test
/// visibly when the harness is not running (fails instead under GPPARITY_REQUIRE_SERVERS=1).
#define GPPARITY_SERVER(var, index)                                                                \
    const std::string var = ::gpparity::testing::server(index);                                    \
    if (var.empty())                                                                               \
    GTEST_SKIP() << "no PostgreSQL test server: run through scripts/test or scripts/with-servers"

/// Declares `var` as a Greenplum connection string from `variable`, or skips visibly.
#define GPPARITY_GREENPLUM(var, variable)                                                          \
    const std::optional<std::string> var##_opt = ::gpparity::testing::greenplum(variable);         \
    if (!var##_opt)                                                                                \
        GTEST_SKIP() << variable " is not set: Greenplum test skipped";                            \
    const std::string& var = *var##_opt

namespace gpparity::testing {

/// Connection string of harness server `index` (1 or 2). Skips the test visibly when the
/// harness is absent, unless GPPARITY_REQUIRE_SERVERS=1 (scripts/test sets it), which fails it.
[[nodiscard]] std::string server(int index);

/// A Greenplum cluster from GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7, or nullopt (tests skip).
[[nodiscard]] std::optional<std::string> greenplum(const char* variable);

/// Replaces or adds `dbname` in a key=value connection string.
[[nodiscard]] std::string with_database(const std::string& conninfo, const std::string& database);

/// Runs SQL (several statements allowed) over a fresh libpq connection; fails the test on
/// error. Returns the first column of the last result's rows.
std::vector<std::string> sql(const std::string& conninfo, const std::string& statements);

/// Runs SQL on the primary with `content` of the Greenplum cluster at `gp_conninfo`, in utility
/// mode, in `database` (primary_conninfo()). On GP6,
/// `INSERT ... VALUES` in utility mode silently inserts nothing ("INSERT 0 0"); write
/// `INSERT ... SELECT` to plant a row. Returns the first column of the last result's rows.
std::vector<std::string> on_primary(const std::string& gp_conninfo, const std::string& database,
                                    int content, const std::string& statements);

/// Drops database `name` if it exists, ending its sessions first (PostgreSQL, GP6 and GP7 alike).
void drop_database(const std::string& server_conninfo, const std::string& name);

/// A database `gpparity_test_<name>` created on a server for one test and dropped afterwards.
class TestDatabase {
public:
    TestDatabase(const std::string& server_conninfo, const std::string& name);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    [[nodiscard]] const std::string& conninfo() const noexcept { return m_conninfo; }
    [[nodiscard]] const std::string& name() const noexcept { return m_name; }
    std::vector<std::string> run(const std::string& statements) const {
        return sql(m_conninfo, statements);
    }

private:
    std::string m_server;
    std::string m_name;
    std::string m_conninfo;
};

/// Holds `table` (quoted as needed) ACCESS EXCLUSIVE in its own open transaction on
/// `conninfo` until destroyed (then rolls back). Fails the test when it cannot.
class LockHolder {
public:
    LockHolder(const std::string& conninfo, const std::string& table);
    ~LockHolder();
    LockHolder(const LockHolder&) = delete;
    LockHolder& operator=(const LockHolder&) = delete;

private:
    void* m_conn = nullptr; ///< PGconn*, kept opaque so libpq-fe.h stays out of this header
};

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Called with the child's pid while it runs (to watch it, or to signal it); the child is
/// waited for after it returns.
using WhileRunning = std::function<void(int pid)>;

/// Runs the gpparity binary with `args` (no shell), with optional extra environment entries
/// ("NAME=value"), capturing stdout and stderr.
RunResult run_gpparity(const std::vector<std::string>& args,
                       const std::vector<std::string>& extra_env = {},
                       const WhileRunning& while_running = {});

/// Runs `argv` (argv[0] looked up in PATH, no shell) with stdin from /dev/null and optional
/// extra environment entries, capturing stdout and stderr.
RunResult run_program(const std::vector<std::string>& argv,
                      const std::vector<std::string>& extra_env = {},
                      const WhileRunning& while_running = {});

/// How a gpparity run blocked inside the server is hit (fault_when_blocked).
enum class Fault {
    sigint,            ///< Ctrl-C to gpparity
    sigterm,           ///< SIGTERM to gpparity
    terminate_backend, ///< pg_terminate_backend() of its blocked server session
};

/// What happened to a gpparity run hit by a fault while it waited inside the server.
struct InterruptedRun {
    bool reached_lock = false; ///< gpparity was seen waiting on the lock before the fault
    int exit_code = -1;
    std::string out; ///< its stdout
    std::string err; ///< its stderr
    /// gpparity's sessions left in the database afterwards ("0": none), counted on the server
    /// and, on Greenplum, on every primary too (its utility-mode sessions and its QEs).
    std::string sessions_left;
};

/// Holds `locked_table` ACCESS EXCLUSIVE in `target` (on the server itself, or with `content`
/// >= 0 on that Greenplum primary in utility mode), runs gpparity with `args`, waits until one
/// of its sessions waits on that lock there (this decides when to strike; nothing is timed),
/// applies `fault`, waits for gpparity to exit and for its sessions to end everywhere (a
/// backend whose query was never cancelled keeps waiting behind the lock), then releases the
/// lock.
InterruptedRun fault_when_blocked(const TestDatabase& target, const std::string& locked_table,
                                  const std::vector<std::string>& args, Fault fault = Fault::sigint,
                                  int content = -1);

/// The sessions left in `db` by other clients ("0": none), counted on its server and, on
/// Greenplum, on every primary (utility-mode sessions and QEs), waiting up to 30 s for them to
/// end. `except_pid` and `except_session` (a Greenplum gp_session_id) are not counted.
[[nodiscard]] std::string sessions_left(const TestDatabase& db, const std::string& except_pid = "",
                                        const std::string& except_session = "");

/// The connection string of the Greenplum primary with `content`, in utility mode, in
/// `database` (GP6 takes `gp_session_role=utility`, GP7 `gp_role=utility`); "" when there is
/// no such primary (the test fails).
[[nodiscard]] std::string primary_conninfo(const std::string& gp_conninfo,
                                           const std::string& database, int content);

/// The contents of the Greenplum primaries of the cluster at `conninfo` ({} on PostgreSQL).
[[nodiscard]] std::vector<int> primary_contents(const std::string& conninfo);

/// A fresh temporary file path under the test temp dir.
[[nodiscard]] std::string temp_path(const std::string& stem);

} // namespace gpparity::testing
