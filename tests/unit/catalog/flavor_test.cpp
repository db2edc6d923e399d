#include "catalog/error.hpp"
#include "catalog/flavor.hpp"

#include <gtest/gtest.h>

using namespace gpparity::catalog;

TEST(Flavor, DetectsGreenplum6) {
    ServerFacts f{90426, "9.4.26", "6.24.3",
                  "PostgreSQL 9.4.26 (Greenplum Database 6.24.3 build commit:abc) on x86_64"};
    auto d = decide_flavor(f);
    EXPECT_EQ(d.flavor, Flavor::gp6);
    EXPECT_EQ(d.gp_version, "6.24.3");
}

TEST(Flavor, DetectsGreenplum7WithBareMajorVersion) {
    ServerFacts f{120000, "12", "7.0.0+dev.17185",
                  "PostgreSQL 12 (Greenplum Database 7.0.0+dev.17185 build dev)"};
    auto d = decide_flavor(f);
    EXPECT_EQ(d.flavor, Flavor::gp7);
    EXPECT_EQ(d.gp_version, "7.0.0+dev.17185");
}

TEST(Flavor, FallsBackToVersionBannerWhenParameterMissing) {
    ServerFacts f{120012, "12.12", "",
                  "PostgreSQL 12.12 (Greenplum Database 7.1.0 build 1) on x86_64"};
    auto d = decide_flavor(f);
    EXPECT_EQ(d.flavor, Flavor::gp7);
    EXPECT_EQ(d.gp_version, "7.1.0");
}

TEST(Flavor, DetectsPostgres) {
    ServerFacts f{150008, "15.8 (Debian 15.8-0+deb12u1)", "",
                  "PostgreSQL 15.8 (Debian 15.8-0+deb12u1) on x86_64"};
    auto d = decide_flavor(f);
    EXPECT_EQ(d.flavor, Flavor::postgres);
    EXPECT_FALSE(d.gp_version.has_value());
}

TEST(Flavor, RejectsUnsupportedVersions) {
    EXPECT_THROW((void)decide_flavor({90624, "9.6.24", "", "PostgreSQL 9.6.24"}), UsageError);
    EXPECT_THROW((void)decide_flavor({80323, "8.3.23", "5.28.0",
                                      "PostgreSQL 8.3.23 (Greenplum Database 5.28.0 build)"}),
                 UsageError);
}

TEST(Flavor, ParsesVersionNumbersDefensively) {
    auto v = parse_version_numbers("12");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->major, 12);
    EXPECT_EQ(v->minor, 0);
    v = parse_version_numbers("7.0.0+dev.17185");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->major, 7);
    v = parse_version_numbers("15.8 (Debian)");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->minor, 8);
    EXPECT_FALSE(parse_version_numbers("devel"));
    EXPECT_FALSE(parse_version_numbers(""));
}

TEST(Flavor, NamesRoundTrip) {
    for (Flavor f : {Flavor::postgres, Flavor::gp6, Flavor::gp7}) {
        EXPECT_EQ(parse_flavor_name(to_string(f)), f);
    }
    EXPECT_FALSE(parse_flavor_name("gp5"));
}
