#include "verify/data_strategy.hpp"

#include <gtest/gtest.h>

using gpparity::verify::DataStrategy;
using gpparity::verify::resolve_strategy;

TEST(DataStrategy, AutoPushesDownOnlyBetweenTwoGreenplumClusters) {
    EXPECT_EQ(resolve_strategy("auto", "hash", true, true), DataStrategy::pushdown);
    EXPECT_EQ(resolve_strategy("auto", "hash", true, false), DataStrategy::stream);
    EXPECT_EQ(resolve_strategy("auto", "hash", false, true), DataStrategy::stream);
    EXPECT_EQ(resolve_strategy("auto", "hash", false, false), DataStrategy::stream);
    // A snapshot side dictates its (stream) digests.
    EXPECT_EQ(resolve_strategy("auto", "hash", true, false, true), DataStrategy::stream);
}

TEST(DataStrategy, ExplicitChoiceWinsAndCountModeAlwaysCountsInSql) {
    EXPECT_EQ(resolve_strategy("stream", "hash", true, true), DataStrategy::stream);
    EXPECT_EQ(resolve_strategy("pushdown", "hash", false, false), DataStrategy::pushdown);
    EXPECT_EQ(resolve_strategy("stream", "count", false, false), DataStrategy::pushdown);
    EXPECT_EQ(resolve_strategy("auto", "count", false, false), DataStrategy::pushdown);
    EXPECT_EQ(gpparity::verify::to_string(DataStrategy::pushdown), "pushdown");
}
