#include "checksum/bucket_key.hpp"
#include "checksum/drilldown.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

namespace {

Hash128 h(std::uint64_t v) {
    return hash_bytes(std::to_string(v));
}

// A segment digest holding rows (row id, key) -> bucket = key % k_bucket_count.
SegmentDigest segment(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& rows) {
    SegmentDigest d;
    for (const auto& [row, key] : rows) {
        d.add(h(row), key);
    }
    return d;
}

std::string be32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    }
    return out;
}

} // namespace

TEST(DrillPlan, FindsOnlyTheDifferingBucketsAndTheSegmentsHoldingThem) {
    std::map<int, SegmentDigest> source{{0, segment({{1, 1}, {2, 2}})}, {1, segment({{3, 3}})}};
    std::map<int, SegmentDigest> target{{0, segment({{1, 1}, {20, 2}})}, {1, segment({{3, 3}})}};
    DrillPlan plan = plan_drill({&source, false}, {&target, false}, true);
    EXPECT_EQ(plan.differing_buckets, 1u);
    ASSERT_EQ(plan.source.size(), 1u);
    EXPECT_TRUE(plan.source.at(0).test(2));
    EXPECT_EQ(plan.source.at(0).count(), 1u);
    ASSERT_EQ(plan.target.size(), 1u);
    EXPECT_TRUE(plan.target.at(0).test(2));
}

TEST(DrillPlan, RowsThatOnlyMovedSegmentsDifferNowhere) {
    // Same rows overall, one on another segment: a placement difference, no differing rows.
    std::map<int, SegmentDigest> source{{0, segment({{1, 1}, {2, 2}})}, {1, segment({{3, 3}})}};
    std::map<int, SegmentDigest> target{{0, segment({{1, 1}})}, {1, segment({{3, 3}, {2, 2}})}};
    for (bool per_segment : {true, false}) {
        DrillPlan plan = plan_drill({&source, false}, {&target, false}, per_segment);
        EXPECT_EQ(plan.differing_buckets, 0u);
        EXPECT_TRUE(plan.source.empty());
        EXPECT_TRUE(plan.target.empty());
    }
}

TEST(DrillPlan, DifferentPlacementReadsEverySegmentWithRowsInTheBucket) {
    std::map<int, SegmentDigest> source{{0, segment({{1, 5}})}, {1, segment({{2, 5}, {3, 6}})}};
    std::map<int, SegmentDigest> target{
        {0, segment({{1, 5}, {2, 5}})}, {1, segment({{30, 6}})}, {2, segment({{4, 7}})}};
    DrillPlan plan = plan_drill({&source, false}, {&target, false}, false);
    EXPECT_EQ(plan.differing_buckets, 2u); // 6 and 7; bucket 5 holds the same rows
    ASSERT_EQ(plan.source.size(), 1u);
    EXPECT_TRUE(plan.source.at(1).test(6));
    EXPECT_FALSE(plan.source.at(1).test(5));
    ASSERT_EQ(plan.target.size(), 2u);
    EXPECT_TRUE(plan.target.at(1).test(6));
    EXPECT_TRUE(plan.target.at(2).test(7));
}

TEST(DrillPlan, ReplicatedSideReadsOneCopy) {
    std::map<int, SegmentDigest> source{{0, segment({{1, 1}, {2, 2}})},
                                        {1, segment({{1, 1}, {2, 2}})}};
    std::map<int, SegmentDigest> target{{0, segment({{1, 1}, {9, 2}})},
                                        {1, segment({{1, 1}, {9, 2}})}};
    DrillPlan plan = plan_drill({&source, true}, {&target, true}, true);
    EXPECT_EQ(plan.differing_buckets, 1u);
    ASSERT_EQ(plan.source.size(), 1u);
    ASSERT_EQ(plan.target.size(), 1u);
    EXPECT_EQ(plan.target.begin()->first, 0);
}

namespace {

// A kept row of `codec` whose send bytes are `send` and whose printed values are `values`.
KeptRow kept_as(const RowCodec& codec, const std::vector<std::optional<std::string>>& send,
                std::vector<std::optional<std::string>> values, std::uint64_t copies) {
    std::vector<FieldView> fields;
    for (const auto& v : send) {
        fields.push_back(v ? FieldView{v->data(), static_cast<std::int32_t>(v->size())}
                           : FieldView{nullptr, -1});
    }
    KeptRow r;
    encode_row(codec, fields, 0, r.row_bytes, r.key_bytes);
    r.values = std::move(values);
    r.copies = copies;
    return r;
}

const RowCodec k_text_pair{
    {Codec{ValueClass::text, Wire::text, {}}, Codec{ValueClass::text, Wire::text, {}}},
    false,
    {0},
    {}};
const RowCodec k_keyless_pair{
    {Codec{ValueClass::text, Wire::text, {}}, Codec{ValueClass::text, Wire::text, {}}},
    false,
    {},
    {}};

// A row of two text columns, printed as sent.
KeptRow kept(const RowCodec& codec, std::vector<std::optional<std::string>> values,
             std::uint64_t copies) {
    return kept_as(codec, values, values, copies);
}

} // namespace

TEST(DrillRows, PairsByPrimaryKeyAndCancelsIdenticalRows) {
    KeptRows source;
    KeptRows target;
    source.rows[h(1)] = kept(k_text_pair, {"1", "same"}, 1);
    target.rows[h(1)] = kept(k_text_pair, {"1", "same"}, 1);
    source.rows[h(2)] = kept(k_text_pair, {"2", std::nullopt}, 1);
    target.rows[h(20)] = kept(k_text_pair, {"2", ""}, 1);
    source.rows[h(3)] = kept(k_text_pair, {"3", "lost"}, 1);
    target.rows[h(4)] = kept(k_text_pair, {"4", "new"}, 1);
    std::uint64_t found = 0;
    auto rows = diff_rows(source, target, true, k_text_pair, 10, found);
    EXPECT_EQ(found, 3u);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].change, "changed");
    EXPECT_EQ(rows[0].key, (std::vector<std::optional<std::string>>{"2"}));
    EXPECT_EQ(rows[0].source[1], std::nullopt);
    EXPECT_EQ(rows[0].target[1], std::optional<std::string>(""));
    EXPECT_EQ(rows[0].changed_columns, (std::vector<std::size_t>{1}));
    EXPECT_EQ(rows[1].change, "missing_in_target");
    EXPECT_TRUE(rows[1].target.empty());
    EXPECT_EQ(rows[2].change, "extra_in_target");
    EXPECT_TRUE(rows[2].source.empty());
    EXPECT_EQ(rows[2].target_copies, 1u);

    auto limited = diff_rows(source, target, true, k_text_pair, 1, found);
    EXPECT_EQ(found, 3u);
    EXPECT_EQ(limited.size(), 1u);
}

TEST(DrillRows, WithoutAKeyShowsWholeRowsWithCopies) {
    KeptRows source;
    KeptRows target;
    source.rows[h(1)] = kept(k_keyless_pair, {"a", "x"}, 2);
    target.rows[h(1)] = kept(k_keyless_pair, {"a", "x"}, 1);
    source.rows[h(2)] = kept(k_keyless_pair, {"b", "y"}, 1);
    target.rows[h(2)] = kept(k_keyless_pair, {"b", "y"}, 2);
    std::uint64_t found = 0;
    auto rows = diff_rows(source, target, false, k_keyless_pair, 10, found);
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& r : rows) {
        EXPECT_TRUE(r.key.empty());
        EXPECT_EQ(r.source, r.target);
        if (r.change == "missing_in_target") {
            EXPECT_EQ(r.source_copies, 2u);
            EXPECT_EQ(r.target_copies, 1u);
        } else {
            EXPECT_EQ(r.change, "extra_in_target");
            EXPECT_EQ(r.source_copies, 1u);
            EXPECT_EQ(r.target_copies, 2u);
        }
    }
}

TEST(DrillRows, CollectorKeepsOnlyRowsOfMaskedBuckets) {
    // (int4 id, text) rows keyed by id, followed by their display text.
    RowCodec codec;
    codec.columns = {Codec{ValueClass::integer, Wire::int4, {}},
                     Codec{ValueClass::text, Wire::text, {}}};
    codec.key_columns = {0};
    std::string copy = copy_binary_header();
    for (std::uint32_t id = 1; id <= 1000; ++id) {
        append_copy_binary_row(copy, {be32(id), "v" + std::to_string(id), std::to_string(id),
                                      "v" + std::to_string(id)});
    }
    copy += copy_binary_trailer();
    // The bucket of id 500, as the digest computes it.
    std::string key;
    std::string row;
    std::vector<FieldView> fields;
    std::string id_bytes = be32(500);
    std::string text = "v500";
    fields.push_back(FieldView{id_bytes.data(), 4});
    fields.push_back(FieldView{text.data(), 4});
    encode_row(codec, fields, 0, row, key);
    std::size_t bucket = bucket_hash(codec, row, key, 0) % k_bucket_count;
    SegmentMasks masks;
    masks[-1].set(bucket);
    KeptRows out;
    RowCollector collector(codec, 2, -1, masks, out);
    collector.feed(copy);
    collector.finish();
    EXPECT_EQ(out.rows_read, 1000u);
    EXPECT_GE(out.rows_kept, 1u);
    EXPECT_LT(out.rows_kept, 30u); // about 1000 / 256
    bool found = false;
    for (const auto& [hash, r] : out.rows) {
        found = found || r.values[0] == std::optional<std::string>("500");
        EXPECT_EQ(r.values.size(), 2u);
    }
    EXPECT_TRUE(found);
}

TEST(DrillRows, FineBucketsThatDifferAreFoundOnEitherSide) {
    FineDigests source;
    FineDigests target;
    source[fine_bucket(0x123456)].add(h(1));
    target[fine_bucket(0x123456)].add(h(1));
    source[fine_bucket(0x000001)].add(h(2));
    target[fine_bucket(0x010001)].add(h(3));
    FineSet differ = differing_fine_buckets(source, target);
    EXPECT_EQ(differ, (FineSet{0x000001, 0x010001}));
    // The fine bucket keeps the bucket in its low bits.
    EXPECT_EQ(fine_bucket(0xAB345678U) % k_bucket_count, 0x78u);
    EXPECT_EQ(fine_bucket(0xAB345678U), 0x345678u);
}

TEST(DrillRows, AChangedRowNamesTheColumnsWhoseValuesDifferNotTheirText) {
    // GP6 prints 0.1 as 0.10000000000000001 and GP7 as 0.1: the same float. Only the note
    // differs, though both columns print differently.
    const RowCodec codec{{Codec{ValueClass::integer, Wire::int4, {}},
                          Codec{ValueClass::floating, Wire::float8, {}},
                          Codec{ValueClass::text, Wire::text, {}}},
                         false,
                         {0},
                         {}};
    const std::string tenth = be32(0x3fb99999U) + be32(0x9999999aU);
    KeptRows source;
    KeptRows target;
    source.rows[h(1)] =
        kept_as(codec, {be32(7), tenth, std::string("a")}, {"7", "0.10000000000000001", "a"}, 1);
    target.rows[h(2)] = kept_as(codec, {be32(7), tenth, std::string("b")}, {"7", "0.1", "b"}, 1);
    std::uint64_t found = 0;
    auto rows = diff_rows(source, target, true, codec, 10, found);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].change, "changed");
    EXPECT_EQ(rows[0].changed_columns, (std::vector<std::size_t>{2}));
    EXPECT_EQ(rows[0].source[1], std::optional<std::string>("0.10000000000000001"));
    EXPECT_EQ(rows[0].target[1], std::optional<std::string>("0.1"));
}
