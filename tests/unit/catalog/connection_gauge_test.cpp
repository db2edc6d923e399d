#include "catalog/pg/connection.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

namespace {

using gpparity::catalog::pg::ConnectionGauge;

TEST(ConnectionGauge, CountsOpenSlotsAndKeepsThePeak) {
    auto gauge = std::make_shared<ConnectionGauge>();
    {
        std::vector<ConnectionGauge::Slot> slots;
        slots.reserve(4);
        for (int i = 0; i < 3; ++i) {
            slots.emplace_back(gauge);
        }
        EXPECT_EQ(gauge->open(), 3);
        slots.pop_back();
        EXPECT_EQ(gauge->open(), 2);
        slots.emplace_back(gauge);
        EXPECT_EQ(gauge->open(), 3);
        EXPECT_EQ(gauge->peak(), 3);
    }
    EXPECT_EQ(gauge->open(), 0);
    EXPECT_EQ(gauge->peak(), 3) << "the peak outlives the slots";
}

TEST(ConnectionGauge, AMovedSlotCountsOnceAndAssignmentReleasesTheOldOne) {
    auto gauge = std::make_shared<ConnectionGauge>();
    ConnectionGauge::Slot a(gauge);
    ConnectionGauge::Slot b(std::move(a));
    EXPECT_EQ(gauge->open(), 1);
    ConnectionGauge::Slot c(gauge);
    EXPECT_EQ(gauge->open(), 2);
    c = std::move(b); // c's own connection is gone; b's is now c's
    EXPECT_EQ(gauge->open(), 1);
    c = ConnectionGauge::Slot();
    EXPECT_EQ(gauge->open(), 0);
    EXPECT_EQ(gauge->peak(), 2);
    ConnectionGauge::Slot none; // no gauge: counts nothing
    EXPECT_EQ(gauge->open(), 0);
}

} // namespace
