// --skip-unchanged's pure half (verify/reuse.hpp): the store's JSON form, and the rule that
// decides whether a stored table stands in for reading it.
#include "catalog/clock.hpp"
#include "catalog/error.hpp"
#include "verify/json_integer.hpp"
#include "verify/reuse.hpp"

#include <gtest/gtest.h>

using gpparity::catalog::parse_iso8601_utc;
using gpparity::verify::DigestStore;
using gpparity::verify::reuse_refusal;
using gpparity::verify::StoredTable;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

StoredTable stored_table() {
    StoredTable t;
    t.read_at = "2026-12-04T02:00:00Z";
    t.fingerprint = "f1";
    t.placement_checked = true;
    t.sides[0].signature = "s0";
    t.sides[1].signature = "t0";
    gpparity::verify::SnapshotSegment seg;
    seg.content = 0;
    seg.digest.count = 3;
    seg.digest.sum.low = 42;
    t.sides[0].segments = {seg, {1, {}}}; // segment 1 without rows is kept
    t.sides[1].segments = {seg, {1, {}}};
    return t;
}

std::chrono::system_clock::time_point at(const char* text) {
    return *parse_iso8601_utc(text);
}

} // namespace

TEST(Reuse, TheStoreRoundTripsThroughJsonWithEmptySegments) {
    DigestStore store;
    store.tables["shop.\"odd name\""] = stored_table();
    const DigestStore back =
        gpparity::verify::digest_store_from_json(gpparity::verify::digest_store_to_json(store));
    ASSERT_EQ(back.tables.size(), 1U);
    EXPECT_EQ(back.tables.at("shop.\"odd name\""), stored_table());
    EXPECT_TRUE(back.backup_tables.empty());
}

TEST(Reuse, ABackupSetsTablesRoundTripAndOlderStoresHaveNone) {
    using gpparity::verify::StoredBackupTable;
    DigestStore store;
    StoredBackupTable t{"2026-12-04T02:00:00Z", "backup 20261204101500 ab12", {}};
    t.segments.push_back({0, {}});
    t.segments.back().digest.count = 3;
    t.segments.back().digest.sum = {1, 2};
    store.backup_tables["shop.\"Odd\""] = t;
    nlohmann::json j = gpparity::verify::digest_store_to_json(store);
    const DigestStore back = gpparity::verify::digest_store_from_json(j);
    ASSERT_EQ(back.backup_tables.size(), 1U);
    EXPECT_EQ(back.backup_tables.at("shop.\"Odd\""), t);
    j["backup_tables"]["shop.\"Odd\""]["read_at"] = "yesterday";
    try {
        (void)gpparity::verify::digest_store_from_json(j);
        FAIL() << "accepted a read time that is not one";
    } catch (const gpparity::catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("backup table shop.\"Odd\""), std::string::npos);
    }
    j.erase("backup_tables"); // a store written before backup sets were a source
    EXPECT_TRUE(gpparity::verify::digest_store_from_json(j).backup_tables.empty());
}

TEST(Reuse, AMalformedStoreIsAUsageErrorNamingTheTable) {
    using gpparity::verify::digest_store_from_json;
    nlohmann::json j =
        gpparity::verify::digest_store_to_json(DigestStore{{{"a.b", stored_table()}}, {}});
    j["tables"]["a.b"]["target"]["digests"] = "0 3";
    try {
        (void)digest_store_from_json(j);
        FAIL() << "accepted a cut digest list";
    } catch (const gpparity::catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("table a.b"), std::string::npos) << e.what();
    }
    j = gpparity::verify::digest_store_to_json(DigestStore{});
    j["version"] = 2;
    EXPECT_THROW((void)digest_store_from_json(j), gpparity::catalog::UsageError);
    EXPECT_THROW((void)digest_store_from_json(nlohmann::json::array()),
                 gpparity::catalog::UsageError);
}

TEST(Reuse, ReusedOnlyWhenBothSignaturesAndTheFingerprintAreUnchangedAndYoung) {
    const StoredTable t = stored_table();
    const auto now = at("2026-12-05T02:00:00Z");
    const seconds week{7 * 86400};
    EXPECT_FALSE(reuse_refusal(t, "f1", {"s0", "t0"}, now, week));
    EXPECT_TRUE(reuse_refusal(t, "f1", {"s1", "t0"}, now, week)) << "source written";
    EXPECT_TRUE(reuse_refusal(t, "f1", {"s0", "t1"}, now, week)) << "target written";
    EXPECT_TRUE(reuse_refusal(t, "f1", {std::nullopt, "t0"}, now, week)) << "heap source";
    EXPECT_TRUE(reuse_refusal(t, "f1", {"s0", std::nullopt}, now, week)) << "heap target";
    EXPECT_TRUE(reuse_refusal(t, "f2", {"s0", "t0"}, now, week)) << "other columns or strategy";
    EXPECT_TRUE(reuse_refusal(t, "f1", {"s0", "t0"}, now, hours(23))) << "older than the age";
    EXPECT_FALSE(reuse_refusal(t, "f1", {"s0", "t0"}, now, hours(24))) << "exactly the age";
    EXPECT_TRUE(reuse_refusal(t, "f1", {"s0", "t0"}, at("2026-12-04T01:00:00Z"), week))
        << "read in the future: a clock went back";
    StoredTable bad = t;
    bad.read_at = "yesterday";
    EXPECT_TRUE(reuse_refusal(bad, "f1", {"s0", "t0"}, now, week));
}

TEST(Clock, Iso8601ParsesWhatItWrites) {
    const auto when = at("2026-12-04T02:03:04Z");
    EXPECT_EQ(gpparity::catalog::iso8601_utc(when), "2026-12-04T02:03:04Z");
    for (const char* bad : {"2026-12-04 02:03:04Z", "2026-02-30T00:00:00Z", "2026-12-04T24:00:00Z",
                            "2026-12-04T02:03:04", "2026-12-04T02:03:04+01:00", ""}) {
        EXPECT_FALSE(parse_iso8601_utc(bad)) << bad;
    }
}

// Integers of files gpparity reads back (snapshots, history, stores) go through json_integer:
// a float or an integer out of range is an error, never a conversion (the snapshot fuzzer found
// a float content id converted to int, which is undefined behaviour).
TEST(JsonInteger, OnlyIntegersInRangeAreTaken) {
    using gpparity::verify::json_integer;
    EXPECT_EQ(json_integer<int>(nlohmann::json(-1), "content"), -1);
    EXPECT_EQ(json_integer<std::size_t>(nlohmann::json(7U), "n"), 7U);
    EXPECT_THROW((void)json_integer<int>(nlohmann::json(3.86544e+130), "content"),
                 gpparity::catalog::UsageError);
    EXPECT_THROW((void)json_integer<int>(nlohmann::json(1.0), "content"),
                 gpparity::catalog::UsageError);
    EXPECT_THROW((void)json_integer<int>(nlohmann::json(std::int64_t{1} << 40), "content"),
                 gpparity::catalog::UsageError);
    EXPECT_THROW((void)json_integer<std::size_t>(nlohmann::json(-1), "n"),
                 gpparity::catalog::UsageError);
    EXPECT_THROW((void)json_integer<int>(nlohmann::json("1"), "content"),
                 gpparity::catalog::UsageError);
}
