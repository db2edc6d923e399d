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
