// Faults never pass (issue "Hardening"): a backend killed under a running read (a primary's
// utility-mode session, the coordinator's pushdown query), SIGINT and SIGTERM while a read
// waits and at random points of a whole check, a statement timeout, and a connection refused
// for too many connections. Each ends with exit 2; whenever a report can be written it is, with
// what was compared before the fault and the failed table with the server's message; nothing
// unfinished is a match; and no gpparity session is left on the server or on any primary.
// A primary that refuses the role in pg_hba.conf is not a fault: rows are read through the
// coordinator, with a warning. PostgreSQL, GP6 and GP7.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <thread>

using gpparity::testing::Fault;
using gpparity::testing::fault_when_blocked;
using gpparity::testing::LockHolder;
using gpparity::testing::primary_conninfo;
using gpparity::testing::run_gpparity;
using gpparity::testing::sql;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using nlohmann::json;

namespace {

// `a_done` sorts (and, with --jobs 1, is read) before `z_blocked`, the table the fault hits.
const char* const k_tables =
    "CREATE TABLE a_done (id int, v text); CREATE TABLE z_blocked (id int, v text);"
    "INSERT INTO a_done SELECT g, 'v' || g FROM generate_series(1, 200) g;"
    "INSERT INTO z_blocked SELECT g, 'w' || g FROM generate_series(1, 200) g;";

struct Sides {
    TestDatabase source;
    TestDatabase target;
    Sides(const std::string& source_server, const std::string& target_server,
          const std::string& tag)
        : source(source_server, "faults_a_" + tag), target(target_server, "faults_b_" + tag) {
        source.run(k_tables);
        target.run(k_tables);
    }
    [[nodiscard]] std::vector<std::string> data_args(std::vector<std::string> extra) const {
        std::vector<std::string> args{"data",     "--source",        source.conninfo(),
                                      "--target", target.conninfo(), "--format",
                                      "json",     "--jobs",          "1"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }
};

// The report of a run a fault ended: incomplete, `z_blocked` an error whose message has
// `message`, and no table a match unless it was read whole (`a_done` may be, when the fault
// left the run going).
void expect_failed_report(const std::string& out, const std::string& message, bool done_compared) {
    json report = json::parse(out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << out;
    EXPECT_EQ(report["verdict"], "incomplete") << report.dump(2);
    auto t = tables_by_name(report);
    EXPECT_EQ(t["public.z_blocked"]["status"], "error") << report.dump(2);
    EXPECT_NE(t["public.z_blocked"]["message"].get<std::string>().find(message), std::string::npos)
        << t["public.z_blocked"].dump(2);
    if (done_compared) {
        EXPECT_EQ(t["public.a_done"]["status"], "match") << report.dump(2);
    }
}

void struck(const Sides& db, std::vector<std::string> extra, Fault fault, int content,
            const std::string& message, bool done_compared) {
    auto run =
        fault_when_blocked(db.target, "z_blocked", db.data_args(std::move(extra)), fault, content);
    ASSERT_TRUE(run.reached_lock) << "gpparity never reached the locked table\n" << run.err;
    EXPECT_EQ(run.sessions_left, "0") << "gpparity sessions left behind";
    EXPECT_EQ(run.exit_code, 2) << run.err << run.out;
    expect_failed_report(run.out, message, done_compared);
}

// The message of a session terminated by pg_terminate_backend(), as libpq reports it (the
// server's FATAL line, then the closed connection).
const char* const k_terminated = "connection lost";

} // namespace

TEST(Faults, BackendKilledMidReadOnPostgres) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Sides db(pg1, pg2, "kill_pg");
    for (const char* strategy : {"stream", "pushdown"}) {
        SCOPED_TRACE(strategy);
        struck(db, {"--strategy", strategy}, Fault::terminate_backend, -1, k_terminated, true);
    }
}

TEST(Faults, SigtermWhileReadingOnPostgres) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Sides db(pg1, pg2, "term_pg");
    for (const char* strategy : {"stream", "pushdown"}) {
        SCOPED_TRACE(strategy);
        struck(db, {"--strategy", strategy}, Fault::sigterm, -1, "interrupted", false);
    }
}

namespace {

void greenplum_faults(const std::string& gp, const std::string& tag) {
    Sides db(gp, gp, tag);
    {
        SCOPED_TRACE("a primary's utility-mode backend killed under --via segments");
        struck(db, {"--strategy", "stream", "--via", "segments"}, Fault::terminate_backend, 0,
               k_terminated, true);
    }
    {
        SCOPED_TRACE("the coordinator's backend killed during pushdown");
        struck(db, {"--strategy", "pushdown"}, Fault::terminate_backend, -1, k_terminated, true);
    }
    for (Fault signal : {Fault::sigint, Fault::sigterm}) {
        SCOPED_TRACE(signal == Fault::sigint ? "SIGINT" : "SIGTERM");
        struck(db, {"--strategy", "stream", "--via", "segments"}, signal, 1, "interrupted", false);
        struck(db, {"--strategy", "pushdown"}, signal, -1, "interrupted", false);
    }
    {
        SCOPED_TRACE("--statement-timeout expiring on a primary and on the coordinator");
        for (int content : {0, -1}) {
            json report;
            {
                LockHolder lock(
                    content < 0 ? db.target.conninfo()
                                : primary_conninfo(db.target.conninfo(), db.target.name(), content),
                    "z_blocked");
                auto r = run_gpparity(db.data_args(
                    {"--strategy", content < 0 ? "pushdown" : "stream", "--via",
                     content < 0 ? "coordinator" : "segments", "--statement-timeout", "1"}));
                ASSERT_EQ(r.exit_code, 2) << r.err << r.out;
                expect_failed_report(r.out, "statement timeout", true);
            }
        }
    }
}

} // namespace

TEST(Faults, Greenplum6) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    greenplum_faults(gp6, "gp6");
}

TEST(Faults, Greenplum7) {
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    greenplum_faults(gp7, "gp7");
}

namespace {

// True once process `pid` handles `signal` itself (its SigCgt mask in /proc): from then on a
// signal is gpparity's to handle. Before it, the dynamic loader is still starting the program,
// which no program can handle a signal in.
bool catches(int pid, int signal) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("SigCgt:", 0) == 0) {
            const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
            return ((mask >> (signal - 1)) & 1U) != 0;
        }
    }
    return false;
}

// SIGINT and SIGTERM at random moments of a whole `check` (catalog, data, report): a run that
// finished first reports the one planted difference (exit 1, complete); one the signal stopped
// ends with exit 2, with a report whose unfinished tables are errors, or with one line on
// stderr when it was stopped outside the data comparison. Never exit 0, never a crash, and no
// session left. The seed is printed, so a failure can be replayed.
void random_signals(const std::string& source_server, const std::string& target_server,
                    const std::string& tag) {
    TestDatabase source(source_server, "faults_rand_a_" + tag);
    TestDatabase target(target_server, "faults_rand_b_" + tag);
    std::string tables;
    for (int i = 0; i < 12; ++i) {
        const std::string t = "t" + std::to_string(i);
        tables += "CREATE TABLE " + t + " (id int, v text); INSERT INTO ";
        tables += t + " SELECT g, md5(g::text) FROM generate_series(1, 2000) g;";
    }
    source.run(tables);
    target.run(tables + "UPDATE t7 SET v = 'drift' WHERE id = 1000;");
    const std::vector<std::string> args{"check",    "--source",        source.conninfo(),
                                        "--target", target.conninfo(), "--format",
                                        "json",     "--jobs",          "2"};
    // An undisturbed run first: its length is the span the signals are spread over (it places
    // them; nothing is asserted about time).
    const auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(run_gpparity(args).exit_code, 1);
    const long long span = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - started)
                               .count();
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed) + ", run length " + std::to_string(span) + " ms");
    std::mt19937 random(seed);
    int interrupted = 0;
    for (int i = 0; i < 8; ++i) {
        const int signal = i % 2 == 0 ? SIGINT : SIGTERM;
        const auto delay =
            std::chrono::milliseconds(std::uniform_int_distribution<long long>(0, span)(random));
        SCOPED_TRACE("signal " + std::to_string(signal) + " after " +
                     std::to_string(delay.count()) + " ms");
        auto r = run_gpparity(args, {}, [&](int pid) {
            for (int w = 0; w < 2000 && !catches(pid, signal); ++w) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            std::this_thread::sleep_for(delay);
            ::kill(pid, signal);
        });
        ASSERT_TRUE(r.exit_code == 1 || r.exit_code == 2) << r.exit_code << "\n" << r.err;
        json report = json::parse(r.out, nullptr, false);
        if (r.exit_code == 1) {
            ASSERT_FALSE(report.is_discarded()) << r.out;
            EXPECT_EQ(report["verdict"], "fail");
            auto t = tables_by_name(report);
            EXPECT_EQ(t.size(), 12U);
            for (const auto& [name, table] : t) {
                EXPECT_EQ(table["status"], name == "public.t7" ? "content_mismatch" : "match")
                    << name;
            }
            continue;
        }
        ++interrupted;
        if (report.is_discarded()) {
            EXPECT_TRUE(r.out.empty()) << r.out;
            EXPECT_NE(r.err.find("gpparity: interrupted by SIG"), std::string::npos) << r.err;
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        } else {
            EXPECT_EQ(report["verdict"], "incomplete");
            for (const auto& [name, table] : tables_by_name(report)) {
                // Read whole before the signal (t7 with its difference), or an error.
                const auto expected = name == "public.t7" ? "content_mismatch" : "match";
                if (table["status"] != expected) {
                    EXPECT_EQ(table["status"], "error") << name;
                }
            }
        }
        EXPECT_EQ(gpparity::testing::sessions_left(target), "0");
        EXPECT_EQ(gpparity::testing::sessions_left(source), "0");
    }
    // Signals spread over a run's length stop most runs; runs that all finished first would
    // prove nothing.
    EXPECT_GT(interrupted, 0);
}

// A role refused for too many connections: with none allowed, a one-line error naming the
// side; with one allowed and two lanes, whatever could not connect is an error, never a match.
void too_many_connections(const std::string& server, const std::string& tag) {
    Sides db(server, server, "conn_" + tag);
    const std::string role = "gpparity_faults_limited_" + tag;
    sql(server, "DROP ROLE IF EXISTS " + role);
    sql(server, "CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 0");
    for (const TestDatabase* d : {&db.source, &db.target}) {
        d->run("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    }
    struct DropRole {
        const Sides& db;
        std::string server;
        std::string role;
        ~DropRole() {
            db.source.run("DROP OWNED BY " + role);
            db.target.run("DROP OWNED BY " + role);
            sql(server, "DROP ROLE IF EXISTS " + role);
        }
    } drop{db, server, role};
    const std::string target = db.target.conninfo() + " user=" + role;
    auto args = [&](const char* jobs) {
        return std::vector<std::string>{"data",     "--source", db.source.conninfo(),
                                        "--target", target,     "--jobs",
                                        jobs,       "--format", "json"};
    };
    auto refused = run_gpparity(args("1"));
    EXPECT_EQ(refused.exit_code, 2) << refused.out;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_EQ(refused.err.rfind("gpparity: target", 0), 0U) << refused.err;
    EXPECT_NE(refused.err.find("too many connections"), std::string::npos) << refused.err;

    sql(server, "ALTER ROLE " + role + " CONNECTION LIMIT 1");
    auto r = run_gpparity(args("2"));
    EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
    json report = json::parse(r.out, nullptr, false);
    if (report.is_discarded()) {
        EXPECT_NE(r.err.find("too many connections"), std::string::npos) << r.err;
    } else {
        EXPECT_EQ(report["verdict"], "incomplete");
        EXPECT_NE(report.dump().find("too many connections"), std::string::npos) << report.dump(2);
    }
    EXPECT_EQ(gpparity::testing::sessions_left(db.target), "0");
}

} // namespace

TEST(Faults, RandomSignalsOnPostgres) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    random_signals(pg1, pg2, "pg");
}

TEST(Faults, RandomSignalsOnGreenplum6) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    random_signals(gp6, gp6, "gp6");
}

TEST(Faults, RandomSignalsOnGreenplum7) {
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    random_signals(gp7, gp7, "gp7");
}

TEST(Faults, TooManyConnections) {
    GPPARITY_SERVER(pg1, 1);
    too_many_connections(pg1, "pg");
    for (const char* variable : {"GPPARITY_TEST_GP6", "GPPARITY_TEST_GP7"}) {
        SCOPED_TRACE(variable);
        if (auto gp = gpparity::testing::greenplum(variable)) {
            too_many_connections(*gp, variable[sizeof "GPPARITY_TEST_" - 1] == '6' ? "gp6" : "gp7");
        }
    }
}

namespace {

// Stops the Greenplum primary with content 1 (a fast shutdown of its postmaster, as a crashed
// host would leave it) and starts it again with ../shared/greenplum/gp-cluster up when
// destroyed, whatever happened. Integration tests hold one lock (tests/CMakeLists.txt), so no
// other test uses the cluster meanwhile.
class StoppedPrimary {
public:
    StoppedPrimary(const std::string& gp, std::string version) : m_version(std::move(version)) {
        auto dir = sql(gp, "SELECT datadir FROM gp_segment_configuration WHERE role = 'p' AND "
                           "content = 1");
        if (dir.size() != 1) {
            ADD_FAILURE() << "no primary with content 1";
            return;
        }
        std::ifstream pid_file(dir[0] + "/postmaster.pid");
        pid_file >> m_pid;
        if (m_pid <= 0 || ::kill(m_pid, SIGINT) != 0) {
            ADD_FAILURE() << "cannot stop the primary in " << dir[0];
            m_pid = 0;
            return;
        }
        for (int i = 0; i < 1200 && ::kill(m_pid, 0) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~StoppedPrimary() {
        if (m_pid == 0) {
            return;
        }
        auto up = gpparity::testing::run_program(
            {"bash", GPPARITY_SOURCE_DIR "/../shared/greenplum/gp-cluster", "up", m_version});
        EXPECT_EQ(up.exit_code, 0) << "the primary did not start again:\n" << up.err;
    }
    StoppedPrimary(const StoppedPrimary&) = delete;
    StoppedPrimary& operator=(const StoppedPrimary&) = delete;
    [[nodiscard]] bool stopped() const noexcept { return m_pid != 0; }

private:
    std::string m_version;
    pid_t m_pid = 0;
};

// With a primary down, every read that needs it ends with exit 2: segment reads cannot
// connect to it, pushdown cannot dispatch to it, and `check` says the same; nothing is a match.
void primary_down(const std::string& gp, const std::string& version) {
    Sides db(gp, gp, "down_gp" + version);
    StoppedPrimary stopped(gp, version);
    ASSERT_TRUE(stopped.stopped());
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{"--strategy", "stream", "--via", "segments"},
          std::vector<std::string>{"--strategy", "pushdown"},
          std::vector<std::string>{"--strategy", "stream", "--via", "coordinator"}}) {
        SCOPED_TRACE(extra.back());
        auto r = run_gpparity(db.data_args(extra));
        EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
        json report = json::parse(r.out, nullptr, false);
        if (report.is_discarded()) {
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        } else {
            EXPECT_EQ(report["verdict"], "incomplete");
            for (const auto& [name, table] : tables_by_name(report)) {
                EXPECT_EQ(table["status"], "error") << name;
            }
        }
    }
    auto check = run_gpparity({"check", "--source", db.source.conninfo(), "--target",
                               db.target.conninfo(), "--format", "json"});
    EXPECT_EQ(check.exit_code, 2) << check.err << check.out;
}

// Makes the Greenplum primary with `content` refuse `role` in its pg_hba.conf (a `reject` line
// first, as a site that lets only the coordinator's hosts reach its primaries has in effect),
// and puts the file back when destroyed. Dispatched queries still reach the primary: Greenplum
// lets its coordinator's own connections in whatever pg_hba.conf says (seen on 6.24.3 and 7).
class RefusingPrimary {
public:
    RefusingPrimary(std::string gp, const std::string& role, int content)
        : m_gp(std::move(gp)), m_content(content) {
        auto dir = sql(m_gp, "SELECT datadir FROM gp_segment_configuration WHERE role = 'p' AND "
                             "content = " +
                                 std::to_string(content));
        if (dir.size() != 1) {
            ADD_FAILURE() << "no primary with content " << content;
            return;
        }
        m_file = dir[0] + "/pg_hba.conf";
        std::ifstream in(m_file, std::ios::binary);
        m_original.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (m_original.empty()) {
            ADD_FAILURE() << "cannot read " << m_file;
            m_file.clear();
            return;
        }
        write("host all " + role + " 0.0.0.0/0 reject\nhost all " + role + " ::/0 reject\n" +
              m_original);
        // The postmaster rereads the file on SIGHUP, a moment after pg_reload_conf() returns.
        std::string as_role = primary_conninfo(m_gp, "postgres", content);
        as_role += " user=" + role;
        for (int attempt = 0; attempt < 100 && !m_refusing; ++attempt) {
            std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(as_role.c_str()),
                                                              &PQfinish);
            m_refusing = PQstatus(conn.get()) != CONNECTION_OK &&
                         std::string(PQerrorMessage(conn.get())).find("pg_hba.conf rejects") !=
                             std::string::npos;
            if (!m_refusing) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    ~RefusingPrimary() {
        if (!m_file.empty()) {
            write(m_original);
        }
    }
    RefusingPrimary(const RefusingPrimary&) = delete;
    RefusingPrimary& operator=(const RefusingPrimary&) = delete;
    [[nodiscard]] bool refusing() const noexcept { return m_refusing; }

private:
    // Rewrites the file in place (its owner, the cluster's user, keeps it) and reloads.
    void write(const std::string& text) const {
        std::ofstream(m_file, std::ios::binary | std::ios::trunc) << text;
        (void)gpparity::testing::on_primary(m_gp, "postgres", m_content, "SELECT pg_reload_conf()");
    }

    std::string m_gp;
    int m_content;
    std::string m_file;
    std::string m_original;
    bool m_refusing = false;
};

// With --via segments (the default) and a primary whose pg_hba.conf refuses the role, gpparity
// reads through the coordinator and says so (README): every table is still compared and
// matches, and the warning carries the server's refusal. Both sides, and `placement`.
void refused_primary(const std::string& gp, const std::string& tag) {
    Sides db(gp, gp, "hba_" + tag);
    const std::string role = "gpparity_faults_hba_" + tag;
    sql(gp, "DROP ROLE IF EXISTS " + role);
    sql(gp, "CREATE ROLE " + role + " LOGIN");
    for (const TestDatabase* d : {&db.source, &db.target}) {
        d->run("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        if (tag == "gp7") { // README "Least privilege": GP7's view has no grant to PUBLIC
            d->run("GRANT SELECT ON pg_catalog.pg_exttable TO " + role);
        }
    }
    struct DropRole {
        const Sides& db;
        std::string server;
        std::string role;
        ~DropRole() {
            db.source.run("DROP OWNED BY " + role);
            db.target.run("DROP OWNED BY " + role);
            sql(server, "DROP ROLE IF EXISTS " + role);
        }
    } drop{db, gp, role};
    RefusingPrimary refusing(gp, role, 0);
    ASSERT_TRUE(refusing.refusing()) << "the primary still lets the role in";

    const std::string source = db.source.conninfo() + " user=" + role;
    const std::string target = db.target.conninfo() + " user=" + role;
    auto expect_fallback = [](const json& report, const std::string& side) {
        bool said = false;
        for (const auto& w : report["warnings"]) {
            const auto text = w.get<std::string>();
            said =
                said || (text.starts_with(side + ": the primaries cannot be reached directly (") &&
                         text.find("pg_hba.conf rejects connection") != std::string::npos &&
                         text.ends_with("rows were read through the coordinator"));
        }
        EXPECT_TRUE(said) << side << ": no fallback warning\n" << report["warnings"].dump(2);
    };
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"data", "--source", source, "--target", target, "--strategy",
                                   "stream", "--jobs", "2", "--format", "json"},
          std::vector<std::string>{"check", "--source", source, "--target", target, "--strategy",
                                   "stream", "--jobs", "2", "--format", "json"}}) {
        SCOPED_TRACE(args.front());
        auto r = run_gpparity(args);
        EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
        json report = json::parse(r.out, nullptr, false);
        ASSERT_FALSE(report.is_discarded()) << r.out << r.err;
        EXPECT_EQ(report["verdict"], "pass") << report.dump(2);
        auto t = tables_by_name(report);
        EXPECT_EQ(t.size(), 2U) << report.dump(2);
        for (const auto& [name, table] : t) {
            EXPECT_EQ(table["status"], "match") << name;
            EXPECT_EQ(table["source_rows"], 200) << name;
        }
        expect_fallback(report, "source");
        expect_fallback(report, "target");
    }
    auto placement = run_gpparity({"placement", "--target", target, "--format", "json"});
    EXPECT_EQ(placement.exit_code, 0) << placement.err << placement.out;
    json report = json::parse(placement.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << placement.out << placement.err;
    expect_fallback(report, "target");
    EXPECT_EQ(gpparity::testing::sessions_left(db.target), "0");
}

} // namespace

TEST(Faults, PrimaryRefusingTheRoleFallsBackToTheCoordinatorOnGreenplum6) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    refused_primary(gp6, "gp6");
}

TEST(Faults, PrimaryRefusingTheRoleFallsBackToTheCoordinatorOnGreenplum7) {
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    refused_primary(gp7, "gp7");
}

TEST(Faults, PrimaryStoppedBeforeTheRunOnGreenplum6) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    primary_down(gp6, "6");
}

TEST(Faults, PrimaryStoppedBeforeTheRunOnGreenplum7) {
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    primary_down(gp7, "7");
}
