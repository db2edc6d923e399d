#include "checksum/compare.hpp"

#include "checksum/digest.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

namespace {

SegmentDigest rows(std::initializer_list<const char*> values) {
    SegmentDigest d;
    for (const char* v : values) {
        Hash128 h = hash_bytes(v);
        d.add(h, static_cast<std::uint32_t>(h.low));
    }
    return d;
}

PlacementDecision per_segment() {
    return {PlacementDecision::Mode::per_segment, "same policy"};
}
PlacementDecision totals() {
    return {PlacementDecision::Mode::totals, "random"};
}

TableResult compare(const SideDigests& s, const SideDigests& t, const PlacementDecision& p) {
    TableResult r;
    r.table = "public.t";
    compare_table(s, t, p, r);
    return r;
}

} // namespace

TEST(Compare, PrecedenceCountThenContentThenPlacement) {
    SideDigests s, t;
    s.segments[0] = rows({"a", "b"});
    s.segments[1] = rows({"c"});
    t.segments[0] = rows({"a", "b"});
    t.segments[1] = rows({"c"});
    EXPECT_EQ(compare(s, t, per_segment()).status, TableStatus::match);

    // Same rows, one on the wrong segment: placement only.
    t.segments[0] = rows({"a"});
    t.segments[1] = rows({"b", "c"});
    auto moved = compare(s, t, per_segment());
    EXPECT_EQ(moved.status, TableStatus::placement_mismatch);
    EXPECT_TRUE(moved.placement_compared);
    ASSERT_EQ(moved.segments.size(), 2u);
    EXPECT_EQ(moved.segments[0].status, TableStatus::count_mismatch);
    // ...which is not a difference where placement is not comparable.
    auto random = compare(s, t, totals());
    EXPECT_EQ(random.status, TableStatus::match);
    EXPECT_FALSE(random.placement_compared);
    EXPECT_EQ(random.segments[0].status, TableStatus::skipped);

    // Equal counts, different rows: content.
    t.segments[0] = rows({"a", "x"});
    t.segments[1] = rows({"c"});
    EXPECT_EQ(compare(s, t, per_segment()).status, TableStatus::content_mismatch);
    // A lost row: count, even though the content also differs.
    t.segments[0] = rows({"a"});
    t.segments[1] = rows({"x"});
    auto lost = compare(s, t, per_segment());
    EXPECT_EQ(lost.status, TableStatus::count_mismatch);
    EXPECT_EQ(lost.source_rows, 3u);
    EXPECT_EQ(lost.target_rows, 2u);
}

TEST(Compare, DuplicateSwapWithEqualCountsIsContent) {
    SideDigests s, t;
    s.segments[-1] = rows({"a", "a", "b"});
    t.segments[-1] = rows({"a", "b", "b"});
    auto r = compare(s, t, totals());
    EXPECT_EQ(r.status, TableStatus::content_mismatch);
    ASSERT_EQ(r.segments.size(), 1u);
    EXPECT_EQ(r.segments[0].status, TableStatus::content_mismatch)
        << "PostgreSQL: the segment is the table";
}

TEST(Compare, ReplicatedSegmentsMustEachHoldTheWholeTable) {
    SideDigests s, t;
    s.replicated = t.replicated = true;
    PlacementDecision replicated{PlacementDecision::Mode::replicated, "replicated"};
    for (int seg = 0; seg < 3; ++seg) {
        s.segments[seg] = rows({"a", "b"});
        t.segments[seg] = rows({"a", "b"});
    }
    auto ok = compare(s, t, replicated);
    EXPECT_EQ(ok.status, TableStatus::match);
    EXPECT_EQ(ok.source_rows, 2u) << "one copy, not the sum";
    t.segments[2] = rows({"a"});
    EXPECT_EQ(compare(s, t, replicated).status, TableStatus::placement_mismatch);
}

TEST(Compare, AnUnreadableSideIsAnErrorWithItsMessage) {
    SideDigests s, t;
    s.segments[-1] = rows({"a"});
    t.error = "permission denied for table t";
    auto r = compare(s, t, totals());
    EXPECT_EQ(r.status, TableStatus::error);
    EXPECT_EQ(r.message, "target: permission denied for table t");
    EXPECT_EQ(r.source_rows, 1u);
    EXPECT_FALSE(r.target_rows.has_value());
}

TEST(Compare, SeverityOrderForRollUps) {
    EXPECT_EQ(more_severe(TableStatus::match, TableStatus::placement_mismatch),
              TableStatus::placement_mismatch);
    EXPECT_EQ(more_severe(TableStatus::count_mismatch, TableStatus::content_mismatch),
              TableStatus::count_mismatch);
    EXPECT_EQ(more_severe(TableStatus::content_mismatch, TableStatus::error), TableStatus::error);
}
