#include "checksum/lanes.hpp"

#include "catalog/error.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

using namespace gpparity::checksum;

namespace {

// Waits until `flag` is set, at most a few seconds (lanes run on their own threads).
void wait_for(const std::atomic<bool>& flag) {
    for (int i = 0; i < 5000 && !flag; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

} // namespace

TEST(LaneRun, QueryErrorBecomesThatItemsError) {
    LaneRun run(nullptr);
    std::vector<std::vector<ScanOutcome>> outcomes(1, std::vector<ScanOutcome>(2));
    outcomes[0][0].segments[-1];
    std::vector<int> usable(2, -1);
    run.run(2, [&](std::size_t l) {
        usable[l] =
            run.run_item(
                outcomes[0][l], [] {},
                [&] {
                    if (l == 0) {
                        throw gpparity::catalog::QueryError("relation does not exist", "42P01", "");
                    }
                })
                ? 1
                : 0;
    });
    EXPECT_EQ(usable, (std::vector<int>{1, 1}));
    EXPECT_EQ(outcomes[0][0].error, "relation does not exist");
    EXPECT_TRUE(outcomes[0][0].segments.empty());
    EXPECT_TRUE(outcomes[0][0].done);
    EXPECT_FALSE(outcomes[0][1].error);
    EXPECT_TRUE(outcomes[0][1].done);
    LaneRun::require_done(outcomes, "unused");
}

// A backend killed under one item: that item is an error with the message, the session is
// reported unusable (the caller opens a new one), and the run goes on.
TEST(LaneRun, LostConnectionBecomesThatItemsErrorAndDropsTheSession) {
    LaneRun run(nullptr);
    std::vector<std::vector<ScanOutcome>> outcomes(1, std::vector<ScanOutcome>(2));
    std::vector<int> usable(2, -1);
    run.run(1, [&](std::size_t) {
        for (std::size_t i = 0; i < 2; ++i) {
            usable[i] = run.run_item(
                            outcomes[0][i], [] {},
                            [&] {
                                if (i == 0) {
                                    throw gpparity::catalog::ConnectionError(
                                        "target: connection lost: server closed the connection");
                                }
                            })
                            ? 1
                            : 0;
        }
    });
    EXPECT_EQ(usable, (std::vector<int>{0, 1}));
    EXPECT_EQ(outcomes[0][0].error, "target: connection lost: server closed the connection");
    EXPECT_TRUE(outcomes[0][0].done);
    EXPECT_FALSE(outcomes[0][1].error);
    EXPECT_FALSE(run.interrupted());
    LaneRun::require_done(outcomes, "unused");
}

TEST(LaneRun, FailureCancelsRunningItemsAndIsRethrown) {
    LaneRun run(nullptr);
    std::vector<std::vector<ScanOutcome>> outcomes(1, std::vector<ScanOutcome>(2));
    std::atomic<bool> cancelled{false};
    std::atomic<bool> waiting{false};
    auto lane = [&](std::size_t l) {
        if (l == 0) {
            // A statement that runs until cancelled, then fails as the server reports it.
            (void)run.run_item(
                outcomes[0][0], [&] { cancelled = true; },
                [&] {
                    waiting = true;
                    wait_for(cancelled);
                    throw gpparity::catalog::QueryError("canceling statement", "57014", "");
                });
            return;
        }
        wait_for(waiting);
        throw gpparity::catalog::ConnectionError("server closed the connection");
    };
    EXPECT_THROW(run.run(2, lane), gpparity::catalog::ConnectionError);
    EXPECT_TRUE(cancelled);
    EXPECT_TRUE(run.interrupted());
    // The cancelled statement is not reported as that item's error.
    EXPECT_FALSE(outcomes[0][0].done);
    EXPECT_FALSE(outcomes[0][0].error);
    EXPECT_THROW(LaneRun::require_done(outcomes, "no result"), std::logic_error);
}

TEST(LaneRun, InterruptCancelsAndThrowsCancelled) {
    Interrupt interrupt;
    LaneRun run(&interrupt);
    std::vector<std::vector<ScanOutcome>> outcomes(1, std::vector<ScanOutcome>(1));
    auto lane = [&](std::size_t) {
        (void)run.run_item(
            outcomes[0][0], [] {},
            [&] {
                interrupt.request();
                run.throw_if_interrupted();
            });
    };
    EXPECT_THROW(run.run(1, lane), gpparity::catalog::CancelledError);
    EXPECT_FALSE(outcomes[0][0].done);
}
