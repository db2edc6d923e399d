#include "verify/snapshot_data.hpp"

#include "catalog/error.hpp"
#include "checksum/row_codec.hpp"
#include "verify/check_run.hpp"
#include "verify/progress.hpp"
#include "verify/snapshot_file.hpp"

#include <gtest/gtest.h>

using gpparity::catalog::UsageError;
using gpparity::checksum::Hash128;
using gpparity::checksum::MultisetDigest;
using gpparity::checksum::TableKind;
using namespace gpparity::verify;

namespace {

SnapshotData sample_data() {
    SnapshotData data;
    data.encoding = "c1";
    data.flavor = "gp6";
    data.numsegments = 3;
    data.segment_contents = {0, 1, 2};
    SnapshotTable orders;
    orders.spec.schema = "shop";
    orders.spec.name = "Odd \"one\"";
    orders.spec.identity = "shop.\"Odd \"\"one\"\"\"";
    orders.spec.columns = {{"id", 0, "bigint"}, {"note", 0, "text"}, {"o", 0, "oid"}};
    orders.spec.policy.kind = gpparity::checksum::DistributionPolicy::Kind::hash;
    orders.spec.policy.numsegments = 3;
    orders.spec.policy.keys = {"id pg_catalog.int8_ops"};
    orders.spec.policy.key_columns = {"id"};
    orders.spec.policy.key_opclasses = {"pg_catalog.int8_ops"};
    orders.spec.primary_key = {"id"};
    orders.digest_columns = {"id", "note"};
    orders.excluded_columns = {"o: oid (cluster-specific)"};
    orders.read = true;
    orders.segments = {{0, MultisetDigest{503, Hash128{0x0123456789abcdefULL, 42}}},
                       {2, MultisetDigest{497, Hash128{~0ULL, ~0ULL}}}};
    SnapshotTable leaf;
    leaf.spec.schema = "shop";
    leaf.spec.name = "sales_1";
    leaf.spec.identity = "shop.sales_1";
    leaf.spec.kind = TableKind::partition_leaf;
    leaf.spec.root_schema = "shop";
    leaf.spec.root_name = "sales";
    leaf.read = true;
    leaf.error = "permission denied for table sales_1";
    SnapshotTable mv;
    mv.spec.schema = "shop";
    mv.spec.name = "mv";
    mv.spec.identity = "shop.mv";
    mv.spec.kind = TableKind::matview;
    mv.spec.populated = false;
    mv.spec.policy.kind = gpparity::checksum::DistributionPolicy::Kind::replicated;
    data.tables = {mv, orders, leaf};
    return data;
}

void expect_same(const SnapshotTable& a, const SnapshotTable& b) {
    EXPECT_EQ(a.spec.identity, b.spec.identity);
    EXPECT_EQ(a.spec.schema, b.spec.schema);
    EXPECT_EQ(a.spec.name, b.spec.name);
    EXPECT_EQ(a.spec.kind, b.spec.kind);
    EXPECT_EQ(a.spec.populated, b.spec.populated);
    EXPECT_EQ(a.spec.root_schema, b.spec.root_schema);
    EXPECT_EQ(a.spec.root_name, b.spec.root_name);
    ASSERT_EQ(a.spec.columns.size(), b.spec.columns.size());
    for (std::size_t i = 0; i < a.spec.columns.size(); ++i) {
        EXPECT_EQ(a.spec.columns[i].name, b.spec.columns[i].name);
        EXPECT_EQ(a.spec.columns[i].type_name, b.spec.columns[i].type_name);
    }
    EXPECT_EQ(a.spec.policy.kind, b.spec.policy.kind);
    EXPECT_EQ(a.spec.policy.numsegments, b.spec.policy.numsegments);
    EXPECT_EQ(a.spec.policy.keys, b.spec.policy.keys);
    EXPECT_EQ(a.spec.policy.key_columns, b.spec.policy.key_columns);
    EXPECT_EQ(a.spec.policy.key_opclasses, b.spec.policy.key_opclasses);
    EXPECT_EQ(a.spec.primary_key, b.spec.primary_key);
    EXPECT_EQ(a.digest_columns, b.digest_columns);
    EXPECT_EQ(a.excluded_columns, b.excluded_columns);
    EXPECT_EQ(a.segments, b.segments);
    EXPECT_EQ(a.read, b.read);
    EXPECT_EQ(a.error, b.error);
}

} // namespace

TEST(SnapshotData, RoundTripsThroughJsonSortedByTable) {
    SnapshotData data = sample_data();
    SnapshotData back = snapshot_data_from_json(snapshot_data_to_json(data));
    EXPECT_EQ(back.strategy, "stream");
    EXPECT_EQ(back.encoding, "c1");
    EXPECT_EQ(back.flavor, "gp6");
    EXPECT_EQ(back.numsegments, 3);
    EXPECT_EQ(back.segment_contents, (std::vector<int>{0, 1, 2}));
    ASSERT_EQ(back.tables.size(), 3u);
    // Sorted by identity: shop."Odd ""one""", shop.mv, shop.sales_1.
    expect_same(back.tables[0], data.tables[1]);
    expect_same(back.tables[1], data.tables[0]);
    expect_same(back.tables[2], data.tables[2]);
}

TEST(SnapshotData, StoresOnlySegmentsWithRowsAsOneStringPerTable) {
    nlohmann::json j = snapshot_data_to_json(sample_data());
    EXPECT_EQ(j["tables"][0]["digests"],
              "0 503 0123456789abcdef000000000000002a 2 497 ffffffffffffffffffffffffffffffff");
    EXPECT_EQ(j["tables"][1]["digests"], "");
    EXPECT_EQ(j["version"], k_snapshot_data_version);
}

TEST(SnapshotData, RejectsMalformedDigestsAndUnknownVersions) {
    nlohmann::json j = snapshot_data_to_json(sample_data());
    nlohmann::json bad = j;
    bad["tables"][0]["digests"] = "0 503 nothex";
    EXPECT_THROW((void)snapshot_data_from_json(bad), UsageError);
    bad = j;
    bad["tables"][0]["digests"] = "0 503";
    EXPECT_THROW((void)snapshot_data_from_json(bad), UsageError);
    bad = j;
    bad["tables"][0]["digests"] = "0 1 0123456789abcdef000000000000002a 0 1 "
                                  "0123456789abcdef000000000000002a";
    EXPECT_THROW((void)snapshot_data_from_json(bad), UsageError);
    bad = j;
    bad["tables"][0]["kind"] = "view";
    EXPECT_THROW((void)snapshot_data_from_json(bad), UsageError);
    bad = j;
    bad["version"] = 2;
    try {
        (void)snapshot_data_from_json(bad);
        FAIL() << "version 2 accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("data version 2 is not supported"), std::string::npos)
            << e.what();
    }
}

TEST(SnapshotData, RefusesOtherStrategiesAndEncodingVersions) {
    SnapshotData data = sample_data();
    EXPECT_NO_THROW(require_comparable(data, "stream", gpparity::checksum::k_encoding_version,
                                       "source snapshot a"));
    data.strategy = "pushdown";
    try {
        require_comparable(data, "stream", "c1", "source snapshot a");
        FAIL() << "pushdown digests compared with stream";
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("source snapshot a holds pushdown digests; this run "
                                              "computes stream digests",
                                              0),
                  0u)
            << e.what();
    }
    data.strategy = "stream";
    data.encoding = "c2";
    EXPECT_THROW(require_comparable(data, "stream", "c1", "x"), UsageError);
}

TEST(SnapshotFileData, RoundTripsAndTheChecksumCoversTheData) {
    gpparity::catalog::Snapshot catalog;
    catalog.taken_at = "2026-11-24T09:00:00Z";
    catalog.gpparity_version = "0.1.0";
    SnapshotData data = sample_data();
    std::string bytes = encode_snapshot(catalog, &data);
    SnapshotFile file = decode_snapshot_file(bytes, "x");
    ASSERT_TRUE(file.data.has_value());
    EXPECT_EQ(file.data->tables.size(), 3u);
    EXPECT_EQ(file.catalog.taken_at, "2026-11-24T09:00:00Z");
    EXPECT_FALSE(decode_snapshot_file(encode_snapshot(catalog), "x").data.has_value());
    // Deterministic bytes.
    EXPECT_EQ(encode_snapshot(catalog, &data), bytes);

    // One digest edited, the old checksum kept: refused.
    nlohmann::json document = decode_snapshot_document(bytes, "x");
    nlohmann::json edited = document;
    edited["data"]["tables"][0]["digests"] =
        "0 504 0123456789abcdef000000000000002a 2 497 ffffffffffffffffffffffffffffffff";
    edited["checksum"] =
        "xxh3-128:" + gpparity::checksum::to_hex(gpparity::checksum::hash_bytes(document.dump()));
    try {
        (void)decode_snapshot_file(encode_snapshot_document(edited), "edited.snapshot");
        FAIL() << "an edited file was accepted";
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "snapshot edited.snapshot: checksum mismatch: the file was modified or damaged");
    }
    // Re-checksummed through the library, the edit reads back.
    edited.erase("checksum");
    SnapshotFile re = decode_snapshot_file(encode_snapshot_document(edited), "re");
    EXPECT_EQ(re.data->tables[0].segments.at(0).digest.count, 504u);

    // Truncated: refused with a clear message.
    try {
        (void)decode_snapshot_file(std::string_view(bytes).substr(0, bytes.size() - 9), "t");
        FAIL() << "a truncated file was accepted";
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("snapshot t: truncated", 0), 0u) << e.what();
    }
}

TEST(CheckRun, TablesWrittenAreThoseWhoseCountersMoved) {
    std::map<std::string, long long> before{{"a.x", 1}, {"a.y", 5}, {"a.gone", 3}};
    std::map<std::string, long long> after{{"a.x", 1}, {"a.y", 6}, {"a.new", 0}};
    EXPECT_EQ(tables_written(before, after), (std::vector<std::string>{"a.new", "a.y"}));
    EXPECT_TRUE(tables_written(after, after).empty());
}
