#include "verify/data_strategy.hpp"

#include <gtest/gtest.h>

using gpparity::verify::Mode;
using gpparity::verify::resolve_strategy;
using gpparity::verify::Strategy;

TEST(DataStrategy, AutoPushesDownOnlyBetweenTwoGreenplumClusters) {
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, true, true), Strategy::pushdown);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, true, false), Strategy::stream);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, false, true), Strategy::stream);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, false, false), Strategy::stream);
    // A snapshot side dictates its (stream) digests.
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, true, false, true), Strategy::stream);
}

TEST(DataStrategy, AutoPushesDownAgainstASnapshotOnlyThroughTheExtension) {
    // The extension's digests are the stream encoding's: a live Greenplum side pushes down.
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, false, true, true, true),
              Strategy::pushdown);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, true, false, true, true),
              Strategy::pushdown);
    // A live PostgreSQL side still streams (one session reads the table either way).
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, false, false, true, true),
              Strategy::stream);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, false, true, true, false),
              Strategy::stream);
    // Between live clusters the extension changes nothing about the choice.
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, true, true, false, true),
              Strategy::pushdown);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::hash, true, false, false, true),
              Strategy::stream);
}

TEST(DataStrategy, ExplicitChoiceWinsAndCountModeAlwaysCountsInSql) {
    EXPECT_EQ(resolve_strategy(Strategy::stream, Mode::hash, true, true), Strategy::stream);
    EXPECT_EQ(resolve_strategy(Strategy::pushdown, Mode::hash, false, false), Strategy::pushdown);
    EXPECT_EQ(resolve_strategy(Strategy::stream, Mode::count, false, false), Strategy::pushdown);
    EXPECT_EQ(resolve_strategy(Strategy::auto_, Mode::count, false, false), Strategy::pushdown);
    EXPECT_EQ(gpparity::verify::to_string(Strategy::pushdown), "pushdown");
}
