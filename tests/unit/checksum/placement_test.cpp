#include "checksum/placement.hpp"
#include "checksum/table_spec.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;
using Kind = DistributionPolicy::Kind;
using Mode = PlacementDecision::Mode;

namespace {
DistributionPolicy hash(std::vector<std::string> keys, int segments = 2) {
    DistributionPolicy p;
    p.kind = Kind::hash;
    p.numsegments = segments;
    p.keys = std::move(keys);
    return p;
}
} // namespace

TEST(Placement, PerSegmentOnlyForTheSamePolicyAndNumsegments) {
    EXPECT_EQ(
        decide_placement(hash({"id pg_catalog.int4_ops"}), hash({"id pg_catalog.int4_ops"})).mode,
        Mode::per_segment);
    auto resized =
        decide_placement(hash({"id pg_catalog.int4_ops"}, 2), hash({"id pg_catalog.int4_ops"}, 4));
    EXPECT_EQ(resized.mode, Mode::totals);
    EXPECT_NE(resized.note.find("numsegments"), std::string::npos);
    auto rekeyed = decide_placement(hash({"id pg_catalog.int4_ops"}),
                                    hash({"id pg_catalog.cdbhash_int4_ops"}));
    EXPECT_EQ(rekeyed.mode, Mode::totals);
    EXPECT_NE(rekeyed.note.find("policies differ"), std::string::npos);
    auto by_enum = hash({"m pg_catalog.enum_ops"});
    by_enum.enum_key = true;
    auto e = decide_placement(by_enum, by_enum);
    EXPECT_EQ(e.mode, Mode::totals);
    EXPECT_NE(e.note.find("enum"), std::string::npos);
}

TEST(Placement, RowsRedistributedAfterLoadingCompareTotalsOnlyUnlessReplicated) {
    auto resized = hash({"id pg_catalog.int4_ops"});
    resized.redistributed = "restored with --resize-cluster";
    for (const auto& [source, target] : {std::pair{resized, hash({"id pg_catalog.int4_ops"})},
                                         std::pair{hash({"id pg_catalog.int4_ops"}), resized}}) {
        const auto d = decide_placement(source, target);
        EXPECT_EQ(d.mode, Mode::totals);
        EXPECT_EQ(d.note, "restored with --resize-cluster: totals and content only");
    }
    // Every segment still holds the whole of a replicated table.
    DistributionPolicy replicated{Kind::replicated, 2, {}, {}, false, {}, "resized"};
    DistributionPolicy plain{Kind::replicated, 2, {}, {}, false, {}, {}};
    EXPECT_EQ(decide_placement(replicated, plain).mode, Mode::replicated);
}

TEST(Placement, ReplicatedRandomAndPostgres) {
    DistributionPolicy replicated{Kind::replicated, 3, {}, {}, false, {}, {}};
    DistributionPolicy random{Kind::random, 3, {}, {}, false, {}, {}};
    EXPECT_EQ(decide_placement(replicated, replicated).mode, Mode::replicated);
    EXPECT_EQ(decide_placement(random, random).mode, Mode::totals);
    EXPECT_EQ(decide_placement(random, replicated).mode, Mode::totals);
    DistributionPolicy none;
    auto pg = decide_placement(none, none);
    EXPECT_EQ(pg.mode, Mode::totals);
    EXPECT_FALSE(pg.compared());
}

TEST(SegmentScan, ReplicatedTablesUseTheUnqualifiedParserHookAndTheExecutingSegment) {
    using gpparity::checksum::segment_scan;
    auto plain = segment_scan("\"s\".\"t\"", "'\"s\".\"t\"'", false);
    EXPECT_EQ(plain.from, "ONLY \"s\".\"t\"");
    EXPECT_EQ(plain.segment_id, "gp_segment_id");
    // Greenplum only recognises the one-part name: a qualified pg_catalog.gp_dist_random fails.
    // A replicated table has no gp_segment_id column on the real GP6 and GP7 servers.
    auto copies = segment_scan("\"s\".\"t\"", "'\"s\".\"t\"'", true);
    EXPECT_EQ(copies.from, "gp_dist_random('\"s\".\"t\"')");
    EXPECT_EQ(copies.segment_id, "gp_execution_segment()");
}
