#include "tests/integration/support/servers.hpp"

#include <libpq-fe.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

extern char** environ;

namespace gpparity::testing {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

struct PgConnCloser {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
};

// scripts/test runs the sanitized builds with exitcode=86 in ASAN_OPTIONS, UBSAN_OPTIONS,
// LSAN_OPTIONS and TSAN_OPTIONS, a status gpparity itself never returns: a child that exits 86
// stopped on a sanitizer report, and that fails the test whatever exit status it expected.
constexpr int k_sanitizer_exit_code = 86;

void expect_no_sanitizer_report(const std::string& program, int exit_code, const std::string& err) {
    EXPECT_NE(exit_code, k_sanitizer_exit_code) << program << " stopped on a sanitizer report:\n"
                                                << err;
}

} // namespace

std::string server(int index) {
    std::string var = "GPPARITY_TEST_PG" + std::to_string(index);
    const char* value = std::getenv(var.c_str());
    if (value == nullptr || *value == '\0') {
        const char* require = std::getenv("GPPARITY_REQUIRE_SERVERS");
        if (require != nullptr && std::string(require) == "1") {
            ADD_FAILURE() << var << " is not set although GPPARITY_REQUIRE_SERVERS=1";
        }
        return {};
    }
    return value;
}

std::optional<std::string> greenplum(const char* variable) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') {
        // CI starts the real clusters (.ci/run): there, a Greenplum test must run, never skip.
        const char* require = std::getenv("GPPARITY_REQUIRE_GREENPLUM");
        if (require != nullptr && std::string(require) == "1") {
            ADD_FAILURE() << variable << " is not set although GPPARITY_REQUIRE_GREENPLUM=1";
        }
        return std::nullopt;
    }
    return std::string(value);
}

std::string with_database(const std::string& conninfo, const std::string& database) {
    return conninfo + " dbname='" + database + "'";
}

std::vector<std::string> sql(const std::string& conninfo, const std::string& statements) {
    std::unique_ptr<PGconn, PgConnCloser> conn(PQconnectdb(conninfo.c_str()));
    std::vector<std::string> rows;
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot connect to " << conninfo << ": " << PQerrorMessage(conn.get());
        return rows;
    }
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    if (PQsendQuery(conn.get(), statements.c_str()) == 0) {
        ADD_FAILURE() << "cannot send SQL: " << PQerrorMessage(conn.get());
        return rows;
    }
    while (PGresult* result = PQgetResult(conn.get())) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_TUPLES_OK) {
            rows.clear();
            for (int r = 0; r < PQntuples(result); ++r) {
                rows.emplace_back(PQgetisnull(result, r, 0) ? "<NULL>" : PQgetvalue(result, r, 0));
            }
        } else if (status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
            ADD_FAILURE() << "SQL failed: " << PQresultErrorMessage(result) << "\nin:\n"
                          << statements;
        }
        PQclear(result);
    }
    return rows;
}

namespace {

// The error of running `statements`, or nullopt when they ran.
std::optional<std::string> try_sql(const std::string& conninfo, const std::string& statements) {
    std::unique_ptr<PGconn, PgConnCloser> conn(PQconnectdb(conninfo.c_str()));
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        return std::string(PQerrorMessage(conn.get()));
    }
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    std::optional<std::string> error;
    if (PQsendQuery(conn.get(), statements.c_str()) == 0) {
        return std::string(PQerrorMessage(conn.get()));
    }
    while (PGresult* result = PQgetResult(conn.get())) {
        ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK &&
            status != PGRES_EMPTY_QUERY && !error) {
            error = PQresultErrorMessage(result);
        }
        PQclear(result);
    }
    return error;
}

} // namespace

std::string primary_conninfo(const std::string& gp_conninfo, const std::string& database,
                             int content) {
    auto version = sql(gp_conninfo, "SELECT current_setting('gp_server_version_num')");
    auto where = sql(gp_conninfo, "SELECT address || ' ' || port FROM gp_segment_configuration "
                                  "WHERE role = 'p' AND content = " +
                                      std::to_string(content));
    if (version.size() != 1 || where.size() != 1) {
        ADD_FAILURE() << "no Greenplum primary with content " << content;
        return {};
    }
    const std::string role = std::stoi(version[0]) < 70000 ? "gp_session_role" : "gp_role";
    const std::string host = where[0].substr(0, where[0].find(' '));
    const std::string port = where[0].substr(where[0].find(' ') + 1);
    return with_database(gp_conninfo, database) + " host=" + host + " port=" + port +
           " options='-c " + role + "=utility'";
}

std::vector<int> primary_contents(const std::string& conninfo) {
    std::vector<int> contents;
    if (sql(conninfo, "SELECT version() LIKE '%Greenplum%'") != std::vector<std::string>{"t"}) {
        return contents;
    }
    for (const auto& c : sql(conninfo, "SELECT content FROM gp_segment_configuration WHERE role "
                                       "= 'p' AND content >= 0 ORDER BY 1")) {
        contents.push_back(std::stoi(c));
    }
    return contents;
}

std::vector<std::string> on_primary(const std::string& gp_conninfo, const std::string& database,
                                    int content, const std::string& statements) {
    std::string conninfo = primary_conninfo(gp_conninfo, database, content);
    return conninfo.empty() ? std::vector<std::string>{} : sql(conninfo, statements);
}

void drop_database(const std::string& server_conninfo, const std::string& name) {
    // DROP DATABASE ... WITH (FORCE) is PostgreSQL 13+: GP6 (9.4) and GP7 (12) reject it. End
    // the database's sessions first; a terminated backend (on Greenplum, its segment backends
    // too) may take a moment to go, so the drop is tried again while it says so.
    const std::string literal = "'" + name + "'";
    std::optional<std::string> error;
    for (int attempt = 0; attempt < 100; ++attempt) {
        (void)try_sql(server_conninfo,
                      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " +
                          literal + " AND pid <> pg_backend_pid()");
        error = try_sql(server_conninfo, "DROP DATABASE IF EXISTS \"" + name + "\"");
        if (!error || error->find("is being accessed by other users") == std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (error) {
        ADD_FAILURE() << "cannot drop database " << name << ": " << *error;
    }
}

TestDatabase::TestDatabase(const std::string& server_conninfo, const std::string& name)
    : m_server(server_conninfo), m_name("gpparity_test_" + name),
      m_conninfo(with_database(server_conninfo, m_name)) {
    drop_database(m_server, m_name);
    sql(m_server, "CREATE DATABASE \"" + m_name + "\" TEMPLATE template0 ENCODING 'UTF8'");
}

TestDatabase::~TestDatabase() {
    if (std::getenv("GPPARITY_KEEP_TEST_DATABASES") == nullptr) {
        drop_database(m_server, m_name);
    }
}

std::string temp_path(const std::string& stem) {
    static std::atomic<int> counter{0};
    auto dir =
        std::filesystem::temp_directory_path() / ("gpparity-it-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / (stem + "-" + std::to_string(counter++))).string();
}

RunResult run_gpparity(const std::vector<std::string>& args,
                       const std::vector<std::string>& extra_env,
                       const WhileRunning& while_running) {
    std::vector<std::string> argv{GPPARITY_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, extra_env, while_running);
}

RunResult run_program(const std::vector<std::string>& program_argv,
                      const std::vector<std::string>& extra_env,
                      const WhileRunning& while_running) {
    std::vector<std::string> argv_storage = program_argv;
    std::string out_path = temp_path("stdout");
    std::string err_path = temp_path("stderr");
    std::vector<char*> argv;
    for (auto& a : argv_storage) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e) {
        env_storage.emplace_back(*e);
    }
    for (const auto& e : extra_env) {
        env_storage.push_back(e);
    }
    std::vector<char*> envp;
    for (auto& e : env_storage) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid == 0) {
        int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = ::open("/dev/null", O_RDONLY);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::execvpe(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    RunResult result;
    if (while_running) {
        while_running(static_cast<int>(pid));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    expect_no_sanitizer_report(program_argv[0], result.exit_code, result.err);
    return result;
}

LockHolder::LockHolder(const std::string& conninfo, const std::string& table) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    m_conn = conn;
    if (PQstatus(conn) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot connect to hold the lock: " << PQerrorMessage(conn);
        return;
    }
    std::string lock = "BEGIN; LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE";
    PGresult* r = PQexec(conn, lock.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        ADD_FAILURE() << "cannot lock " << table << ": " << PQerrorMessage(conn);
    }
    PQclear(r);
}

LockHolder::~LockHolder() {
    auto* conn = static_cast<PGconn*>(m_conn);
    PQclear(PQexec(conn, "ROLLBACK"));
    PQfinish(conn);
}

namespace {

// A session that holds one table ACCESS EXCLUSIVE in an open transaction until destroyed.
struct HeldLock {
    std::unique_ptr<PGconn, PgConnCloser> conn;
    std::string pid;     // its backend
    std::string session; // its Greenplum session (gp_session_id), or "" on PostgreSQL
};

HeldLock hold_lock(const std::string& conninfo, const std::string& table, bool greenplum) {
    HeldLock held{std::unique_ptr<PGconn, PgConnCloser>(PQconnectdb(conninfo.c_str())), "", ""};
    if (PQstatus(held.conn.get()) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot connect to hold the lock: " << PQerrorMessage(held.conn.get());
        return held;
    }
    held.pid = std::to_string(PQbackendPID(held.conn.get()));
    if (greenplum) {
        PGresult* r = PQexec(held.conn.get(), "SELECT current_setting('gp_session_id')");
        held.session = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "";
        PQclear(r);
    }
    std::string lock = "BEGIN; LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE";
    PGresult* r = PQexec(held.conn.get(), lock.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        ADD_FAILURE() << "cannot lock " << table << ": " << PQerrorMessage(held.conn.get());
    }
    PQclear(r);
    return held;
}

// pg_stat_activity rows of the database's other sessions, except one backend and (on
// Greenplum) one session's QEs. `waiting` keeps those waiting on a lock (GP6's 9.4 has
// `waiting`, later servers wait_event_type).
std::string other_sessions(const std::string& except_pid, const std::string& except_session,
                           bool waiting) {
    std::string where = "datname = current_database() AND pid <> pg_backend_pid()";
    if (!except_pid.empty()) {
        where += " AND pid <> " + except_pid;
    }
    if (!except_session.empty()) {
        where += " AND sess_id <> " + except_session;
    }
    if (waiting) {
        where += " AND coalesce(to_json(a) ->> 'wait_event_type' = 'Lock', "
                 "to_json(a) ->> 'waiting' = 'true')";
    }
    return "pg_stat_activity a WHERE " + where;
}

template <typename Predicate> bool poll_until(Predicate done) {
    for (int i = 0; i < 600; ++i) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

} // namespace

std::string sessions_left(const TestDatabase& db, const std::string& except_pid,
                          const std::string& except_session) {
    std::vector<std::string> servers{db.conninfo()};
    for (int c : primary_contents(db.conninfo())) {
        servers.push_back(primary_conninfo(db.conninfo(), db.name(), c));
    }
    const std::string query =
        "SELECT count(*) FROM " + other_sessions(except_pid, except_session, false);
    std::string left = "?";
    poll_until([&] {
        long total = 0;
        for (const auto& server : servers) {
            auto rows = sql(server, query);
            if (rows.size() != 1) {
                left = "?";
                return false;
            }
            total += std::stol(rows[0]);
        }
        left = std::to_string(total);
        return total == 0;
    });
    return left;
}

InterruptedRun fault_when_blocked(const TestDatabase& target, const std::string& locked_table,
                                  const std::vector<std::string>& args, Fault fault, int content) {
    InterruptedRun result;
    const bool greenplum = !primary_contents(target.conninfo()).empty();
    const std::string where = content < 0
                                  ? target.conninfo()
                                  : primary_conninfo(target.conninfo(), target.name(), content);
    HeldLock held = hold_lock(where, locked_table, greenplum && content < 0);
    if (held.pid.empty()) {
        return result;
    }

    const std::string waiting = other_sessions(held.pid, held.session, true);
    RunResult run = run_gpparity(args, {}, [&](int pid) {
        result.reached_lock = poll_until([&] {
            auto rows = sql(where, "SELECT count(*) FROM " + waiting);
            return rows.size() == 1 && rows[0] != "0";
        });
        if (fault == Fault::terminate_backend) {
            (void)sql(where, "SELECT pg_terminate_backend(pid) FROM " + waiting);
        } else {
            ::kill(pid, fault == Fault::sigint ? SIGINT : SIGTERM);
        }
    });
    result.exit_code = run.exit_code;
    result.out = run.out;
    result.err = run.err;
    result.sessions_left = sessions_left(target, held.pid, held.session);
    PQclear(PQexec(held.conn.get(), "ROLLBACK"));
    return result;
}

} // namespace gpparity::testing
