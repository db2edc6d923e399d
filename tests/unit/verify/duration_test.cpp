#include "verify/duration.hpp"

#include <gtest/gtest.h>

#include <limits>

using gpparity::verify::format_duration;

// One format for the reports' run time and the progress line (both used to differ).
TEST(Duration, SecondsWithOneDecimalUnderAMinute) {
    EXPECT_EQ(format_duration(0.2), "0.2 s");
    EXPECT_EQ(format_duration(1.25), "1.2 s");
    EXPECT_EQ(format_duration(45), "45.0 s");
}

TEST(Duration, MinutesAndHoursWithPaddedParts) {
    EXPECT_EQ(format_duration(83.25), "1 min 23 s");
    EXPECT_EQ(format_duration(200), "3 min 20 s");
    EXPECT_EQ(format_duration(3723), "1 h 02 min 03 s");
    EXPECT_EQ(format_duration(7500), "2 h 05 min 00 s");
}

TEST(Duration, AnUnknownDurationIsAQuestionMark) {
    EXPECT_EQ(format_duration(-1), "?");
    EXPECT_EQ(format_duration(std::numeric_limits<double>::infinity()), "?");
    EXPECT_EQ(format_duration(std::numeric_limits<double>::quiet_NaN()), "?");
}

// --max-reuse-age: a whole number and one unit.
TEST(Duration, OptionDurationsParseAndFormatBack) {
    using gpparity::verify::format_duration_option;
    using gpparity::verify::parse_duration;
    using std::chrono::seconds;
    EXPECT_EQ(parse_duration("7d"), seconds(7 * 86400));
    EXPECT_EQ(parse_duration("36h"), seconds(36 * 3600));
    EXPECT_EQ(parse_duration("90m"), seconds(5400));
    EXPECT_EQ(parse_duration("1s"), seconds(1));
    EXPECT_EQ(parse_duration("2w"), seconds(14 * 86400));
    for (const char* bad : {"", "7", "d", "0d", "-1d", "7x", "1.5d", "7 d", "99999999999999999w"}) {
        EXPECT_FALSE(parse_duration(bad)) << bad;
    }
    EXPECT_EQ(format_duration_option(seconds(7 * 86400)), "7d");
    EXPECT_EQ(format_duration_option(seconds(5400)), "90m");
    EXPECT_EQ(format_duration_option(seconds(61)), "61s");
    EXPECT_EQ(format_duration_option(seconds(14 * 86400)), "14d");
}
