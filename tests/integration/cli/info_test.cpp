#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

using gpparity::testing::run_gpparity;
using gpparity::testing::TestDatabase;

TEST(InfoCommand, ReportsPostgresAsOneSegmentJson) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "info_json");
    auto r = run_gpparity({"info", "--source", db.conninfo(), "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["flavor"], "postgres");
    EXPECT_TRUE(j["gp_version"].is_null());
    EXPECT_EQ(j["database"], db.name());
    EXPECT_EQ(j["user"], "gpparity_admin");
    EXPECT_FALSE(j["server_version"].get<std::string>().empty());
    ASSERT_EQ(j["segments"].size(), 1u);
    EXPECT_EQ(j["segments"][0]["content"], -1);
    EXPECT_EQ(j["segments"][0]["host"], "127.0.0.1");
    EXPECT_GT(j["segments"][0]["port"].get<int>(), 0);
}

TEST(InfoCommand, TextFormatAndUriAndEnvironmentDefaults) {
    GPPARITY_SERVER(pg, 1);
    const char* port = std::getenv("GPPARITY_TEST_PG1_PORT");
    ASSERT_NE(port, nullptr);
    std::string uri = std::string("postgresql://gpparity_admin@127.0.0.1:") + port + "/postgres";
    auto r = run_gpparity({"info", "--source", uri});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("flavor:          postgres"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("content -1"), std::string::npos) << r.out;

    // An empty connection string takes everything from PG* variables, as psql does.
    const char* socket = std::getenv("GPPARITY_TEST_PG1_SOCKET");
    ASSERT_NE(socket, nullptr);
    auto e = run_gpparity({"info", "--source", "", "--format", "json"},
                          {std::string("PGHOST=") + socket, std::string("PGPORT=") + port,
                           "PGUSER=gpparity_admin", "PGDATABASE=template1"});
    ASSERT_EQ(e.exit_code, 0) << e.err;
    EXPECT_EQ(nlohmann::json::parse(e.out)["database"], "template1");
}

TEST(InfoCommand, WritesOutputFile) {
    GPPARITY_SERVER(pg, 1);
    std::string path = gpparity::testing::temp_path("info.json");
    auto r = run_gpparity({"info", "--source", pg, "--format", "json", "--output", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    std::ifstream in(path);
    EXPECT_EQ(nlohmann::json::parse(in)["flavor"], "postgres");
}

namespace {

void expect_one_line_error(const gpparity::testing::RunResult& r, const std::string& cause) {
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_EQ(r.err.rfind("gpparity: source: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(cause), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("secret-pw"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
}

} // namespace

TEST(InfoCommand, MalformedConnectionStringIsOneLineError) {
    auto r = run_gpparity({"info", "--source", "host=localhost password=hunter2 port"});
    expect_one_line_error(r, "invalid connection string");
    auto u = run_gpparity({"info", "--source", "postgresql://u:hunter2@host:notaport/db"});
    expect_one_line_error(u, "invalid");
}

TEST(InfoCommand, UnreachableHostIsOneLineError) {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    auto r = run_gpparity(
        {"info", "--source", "host=127.0.0.1 port=1 user=x password=hunter2 dbname=x"});
    expect_one_line_error(r, "cannot connect");
}

TEST(InfoCommand, RefusedLoginHidesPassword) {
    GPPARITY_SERVER(pg, 1);
    const char* port = std::getenv("GPPARITY_TEST_PG1_PORT");
    ASSERT_NE(port, nullptr);
    std::string bad = std::string("host=127.0.0.1 port=") + port +
                      " user=gpparity_pw password=hunter2 dbname=postgres";
    auto r = run_gpparity({"info", "--source", bad});
    expect_one_line_error(r, "password authentication failed");
    // The right password works: the role exists, only the password was wrong.
    auto ok = run_gpparity({"info", "--source",
                            std::string("host=127.0.0.1 port=") + port +
                                " user=gpparity_pw password=secret-pw dbname=postgres"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(InfoCommand, MissingDatabaseIsOneLineError) {
    GPPARITY_SERVER(pg, 1);
    auto r = run_gpparity({"info", "--source", pg + " dbname=gpparity_test_no_such_db"});
    expect_one_line_error(r, "does not exist");
}

TEST(InfoCommand, NonPostgresListenerIsOneLineError) {
    // A plain TCP listener that answers with something that is not the PostgreSQL protocol.
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    socklen_t len = sizeof addr;
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    int port = ntohs(addr.sin_port);
    std::atomic<bool> stop{false};
    std::thread server([&] {
        while (!stop) {
            int client = ::accept(listener, nullptr, nullptr);
            if (client < 0) {
                return;
            }
            const char reply[] = "HTTP/1.0 400 Bad Request\r\n\r\n";
            (void)!::write(client, reply, sizeof reply - 1);
            ::close(client);
        }
    });
    auto r = run_gpparity({"info", "--source",
                           "host=127.0.0.1 port=" + std::to_string(port) +
                               " user=x dbname=x sslmode=disable password=hunter2"});
    stop = true;
    ::shutdown(listener, SHUT_RDWR);
    ::close(listener);
    server.join();
    expect_one_line_error(r, "cannot connect");
}

TEST(InfoCommand, UsageErrorsExitTwo) {
    auto r = run_gpparity({"info"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--source"), std::string::npos) << r.err;
    auto v = run_gpparity({"--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.out.find("gpparity "), std::string::npos);
    auto h = run_gpparity({"--help"});
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_NE(h.out.find("info"), std::string::npos);
}

namespace {

void reports_every_primary(const std::string& gp, const std::string& flavor) {
    auto r = run_gpparity({"info", "--source", gp, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "") << "nothing on stderr (no oneTBB warning)";
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["flavor"], flavor);
    EXPECT_EQ(j["gp_version"].get<std::string>().substr(0, 2), flavor.substr(2) + ".");
    auto expected = gpparity::testing::sql(
        gp, "SELECT count(*) FROM gp_segment_configuration WHERE role='p' AND content>=0");
    ASSERT_EQ(expected.size(), 1u);
    EXPECT_EQ(std::to_string(j["segments"].size()), expected[0]);
    for (std::size_t i = 0; i < j["segments"].size(); ++i) {
        EXPECT_EQ(j["segments"][i]["content"], static_cast<int>(i));
    }
    auto text = run_gpparity({"info", "--source", gp});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("segments:        " + expected[0] + " primaries\n"), std::string::npos)
        << text.out;
}

} // namespace

TEST(InfoCommand, Greenplum6ReportsEveryPrimary) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    reports_every_primary(gp, "gp6");
}

TEST(InfoCommand, Greenplum7ReportsEveryPrimary) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    reports_every_primary(gp, "gp7");
}
