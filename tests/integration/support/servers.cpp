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

std::vector<std::string> on_primary(const std::string& gp_conninfo, const std::string& database,
                                    int content, const std::string& statements) {
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
    return sql(with_database(gp_conninfo, database) + " host=" + host + " port=" + port +
                   " options='-c " + role + "=utility'",
               statements);
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
                       const std::vector<std::string>& extra_env) {
    std::vector<std::string> argv{GPPARITY_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, extra_env);
}

RunResult run_program(const std::vector<std::string>& program_argv,
                      const std::vector<std::string>& extra_env) {
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
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
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

InterruptedRun interrupt_when_blocked(const TestDatabase& target, const std::string& locked_table,
                                      const std::vector<std::string>& args) {
    InterruptedRun result;
    std::unique_ptr<PGconn, PgConnCloser> holder(PQconnectdb(target.conninfo().c_str()));
    if (PQstatus(holder.get()) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot connect to hold the lock: " << PQerrorMessage(holder.get());
        return result;
    }
    std::string lock = "BEGIN; LOCK TABLE " + locked_table + " IN ACCESS EXCLUSIVE MODE";
    PQclear(PQexec(holder.get(), lock.c_str()));

    std::string out_path = temp_path("interrupted-stdout");
    std::vector<std::string> argv_storage{GPPARITY_BINARY};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
        int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(devnull, 0);
        ::dup2(out, 1);
        ::dup2(devnull, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    auto count_sessions = [&](const std::string& extra) {
        auto rows =
            sql(target.conninfo(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                                   "'gpparity' AND datname = '" +
                                       target.name() + "'" + extra);
        return rows.empty() ? std::string("?") : rows[0];
    };
    for (int i = 0; i < 600 && !result.reached_lock; ++i) {
        result.reached_lock = count_sessions(" AND wait_event_type = 'Lock'") == "1";
        if (!result.reached_lock) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.sessions_left = "?";
    for (int i = 0; i < 600 && result.sessions_left != "0"; ++i) {
        result.sessions_left = count_sessions("");
        if (result.sessions_left != "0") {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    PQclear(PQexec(holder.get(), "ROLLBACK"));
    result.out = read_file(out_path);
    std::filesystem::remove(out_path);
    return result;
}

} // namespace gpparity::testing
