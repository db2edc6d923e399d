#include "catalog/error.hpp"
#include "catalog/pg/conninfo.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace gpparity::catalog;
using namespace gpparity::catalog::pg;

TEST(Conninfo, ParsesKeyValueAndUri) {
    auto kv = parse_conninfo("host=db1 port=5433 dbname='my db' user=gpadmin");
    ASSERT_GE(kv.size(), 4u);
    bool saw_db = false;
    for (const auto& [k, v] : kv) {
        if (k == "dbname") {
            EXPECT_EQ(v, "my db");
            saw_db = true;
        }
    }
    EXPECT_TRUE(saw_db);
    auto uri = parse_conninfo("postgresql://gpadmin@db1:5432/warehouse?sslmode=disable");
    bool saw_host = false;
    for (const auto& [k, v] : uri) {
        saw_host = saw_host || (k == "host" && v == "db1");
    }
    EXPECT_TRUE(saw_host);
}

TEST(Conninfo, MalformedStringIsUsageErrorWithoutPassword) {
    try {
        (void)parse_conninfo("host=db1 password=hunter2 port");
        FAIL() << "expected UsageError";
    } catch (const UsageError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("invalid connection string"), std::string::npos);
        EXPECT_EQ(what.find("hunter2"), std::string::npos);
    }
}

TEST(Conninfo, RedactedConninfoMasksPassword) {
    std::string r = redacted_conninfo("host=db1 password=hunter2 user=x");
    EXPECT_EQ(r.find("hunter2"), std::string::npos);
    EXPECT_NE(r.find("password=********"), std::string::npos);
    std::string u = redacted_conninfo("postgresql://bob:hunter2@db1/x");
    EXPECT_EQ(u.find("hunter2"), std::string::npos);
}

TEST(Conninfo, RedactSecretsHandlesQuotedAndUriForms) {
    EXPECT_EQ(redact_secrets("host=a password='it\\'s x' user=b"),
              "host=a password=******** user=b");
    EXPECT_EQ(redact_secrets("password = s3cr3t port=1"), "password=******** port=1");
    EXPECT_EQ(redact_secrets("postgres://u:p%40ss@h:5432/db"), "postgres://u:********@h:5432/db");
    EXPECT_EQ(redact_secrets("no secrets here"), "no secrets here");
    EXPECT_EQ(redact_secrets("mypassword=1"), "mypassword=1");
}

TEST(Conninfo, RedactRemovesKnownSecretAnywhere) {
    EXPECT_EQ(redact("auth failed for hunter2 twice hunter2", "hunter2"),
              "auth failed for ******** twice ********");
    EXPECT_EQ(redact("nothing", ""), "nothing");
}

TEST(Conninfo, OneLineJoinsLibpqMessages) {
    EXPECT_EQ(
        one_line("connection to server failed: Connection refused\n\tIs the server running?\n"),
        "connection to server failed: Connection refused; Is the server running?");
    EXPECT_EQ(one_line(""), "");
}

// --all-databases: each database is reached through the maintenance database's connection.
TEST(Conninfo, WithDatabaseReplacesTheDatabaseOfAnyForm) {
    EXPECT_EQ(with_database("host=db1 port=5433 dbname=postgres user=gp", "shop"),
              "user='gp' host='db1' port='5433' dbname='shop'");
    EXPECT_EQ(with_database("postgresql://gp@db1:5433/postgres", "it's"),
              "user='gp' host='db1' port='5433' dbname='it\\'s'");
    EXPECT_EQ(with_database("", "x"), "dbname='x'");
    const auto parsed = parse_conninfo(with_database("password='a b\\\\c' host=h", "d b"));
    EXPECT_NE(std::find(parsed.begin(), parsed.end(), ConninfoOption{"password", "a b\\c"}),
              parsed.end());
    EXPECT_NE(std::find(parsed.begin(), parsed.end(), ConninfoOption{"dbname", "d b"}),
              parsed.end());
    EXPECT_THROW((void)with_database("host='unterminated", "x"), UsageError);
}
