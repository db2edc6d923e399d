#include "checksum/interrupt.hpp"

#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace gpparity::checksum;

TEST(Interrupt, RequestCancelsRegisteredScansOnce) {
    Interrupt interrupt;
    std::atomic<int> cancelled{0};
    int token = interrupt.add([&] { ++cancelled; });
    int gone = interrupt.add([&] { cancelled += 100; });
    interrupt.remove(gone);
    EXPECT_FALSE(interrupt.requested());
    interrupt.request();
    EXPECT_TRUE(interrupt.requested());
    EXPECT_EQ(cancelled.load(), 1);
    interrupt.remove(token);
    // A scan that starts after the request is cancelled at once.
    (void)interrupt.add([&] { cancelled += 10; });
    EXPECT_EQ(cancelled.load(), 11);
}

TEST(Interrupt, SigintReachesTheWatcherAndHandlersAreRestored) {
    Interrupt interrupt;
    std::atomic<bool> cancelled{false};
    (void)interrupt.add([&] { cancelled = true; });
    {
        SignalWatcher watcher(interrupt);
        ASSERT_EQ(::raise(SIGINT), 0);
        // The watcher thread does the work; wait for it (bounded), no timing is asserted.
        for (int i = 0; i < 5000 && !cancelled; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        EXPECT_TRUE(cancelled.load());
        EXPECT_TRUE(interrupt.requested());
        EXPECT_EQ(watcher.signal(), SIGINT);
    }
    struct sigaction current {};
    ASSERT_EQ(::sigaction(SIGINT, nullptr, &current), 0);
    EXPECT_EQ(current.sa_handler, SIG_DFL);
}
