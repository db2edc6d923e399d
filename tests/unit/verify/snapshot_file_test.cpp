#include "catalog/error.hpp"
#include "tests/unit/support/gzip.hpp"
#include "verify/snapshot_file.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using gpparity::catalog::CatalogObject;
using gpparity::catalog::ObjectKind;
using gpparity::catalog::Snapshot;
using gpparity::catalog::UsageError;
using gpparity::testing::gzip;

namespace {

Snapshot sample() {
    Snapshot s;
    s.taken_at = "2026-11-24T08:00:00Z";
    s.cluster.database = "shop";
    s.cluster.user = "gpadmin";
    s.cluster.server_version = "9.4.26";
    s.cluster.flavor = gpparity::catalog::Flavor::gp6;
    s.cluster.gp_version = "6.24.3";
    s.cluster.segments = {{0, "sdw1", "sdw1", 6000}, {1, "sdw2", "sdw2", 6000}};
    s.query_count = 38;
    for (int i = 0; i < 50; ++i) {
        CatalogObject t;
        t.kind = ObjectKind::table;
        t.identity = "shop.\"T " + std::to_string(i) + "\"";
        t.schema = "shop";
        t.name = "T " + std::to_string(i);
        t.attributes = {{"storage", "ao_column"},
                        {"options", "{compresstype=zlib}"},
                        {"comment", std::nullopt}};
        s.objects.push_back(t);
    }
    return s;
}

// The error message of decoding `bytes`, which must be one line naming the file.
std::string decode_error(const std::string& bytes) {
    try {
        (void)gpparity::verify::decode_snapshot(bytes, "x.snap");
    } catch (const UsageError& e) {
        std::string message = e.what();
        EXPECT_EQ(message.rfind("snapshot x.snap: ", 0), 0u) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }
    ADD_FAILURE() << "decoding did not fail";
    return {};
}

std::string gunzip(const std::string& bytes) {
    z_stream zs{};
    inflateInit2(&zs, 15 + 16);
    std::string out(1 << 22, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    inflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    inflateEnd(&zs);
    return out;
}

} // namespace

TEST(SnapshotFile, RoundTripAndDeterministicBytes) {
    Snapshot s = sample();
    std::string bytes = gpparity::verify::encode_snapshot(s);
    EXPECT_EQ(bytes, gpparity::verify::encode_snapshot(s));
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);
    Snapshot back = gpparity::verify::decode_snapshot(bytes, "x.snap");
    EXPECT_EQ(back.taken_at, s.taken_at);
    EXPECT_EQ(back.query_count, 38);
    EXPECT_EQ(back.cluster.flavor, gpparity::catalog::Flavor::gp6);
    EXPECT_EQ(back.cluster.gp_version, "6.24.3");
    ASSERT_EQ(back.cluster.segments.size(), 2u);
    EXPECT_EQ(back.cluster.segments[1].port, 6000);
    ASSERT_EQ(back.objects.size(), 50u);
    s.sort();
    EXPECT_EQ(back.objects[7].identity, s.objects[7].identity);
    EXPECT_EQ(back.objects[7].attributes, s.objects[7].attributes);

    auto document = nlohmann::json::parse(gunzip(bytes));
    EXPECT_EQ(document["format"], "gpparity-snapshot");
    EXPECT_EQ(document["version"], 1);
    EXPECT_TRUE(document["data"].is_null());
    EXPECT_EQ(document["checksum"].get<std::string>().rfind("xxh3-128:", 0), 0u);
}

TEST(SnapshotFile, RejectsTruncatedCorruptEditedAndForeignFiles) {
    std::string bytes = gpparity::verify::encode_snapshot(sample());
    EXPECT_NE(decode_error(bytes.substr(0, bytes.size() / 2)).find("truncated"), std::string::npos);
    EXPECT_NE(decode_error(bytes.substr(0, bytes.size() - 4)).find("truncated"), std::string::npos);
    std::string flipped = bytes;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
    (void)decode_error(flipped);
    EXPECT_NE(decode_error("").find("empty"), std::string::npos);
    EXPECT_NE(decode_error("host=localhost dbname=x").find("not a gzip"), std::string::npos);
    EXPECT_NE(decode_error(bytes + "junk").find("after the end"), std::string::npos);

    // Valid gzip, but the content was edited: the checksum catches it.
    auto document = nlohmann::json::parse(gunzip(bytes));
    document["catalog"]["objects"][0]["attributes"][0][1] = "heap";
    EXPECT_NE(decode_error(gzip(document.dump())).find("checksum mismatch"), std::string::npos);
    // Not JSON, another format, a newer version, no checksum.
    EXPECT_NE(decode_error(gzip("{not json")).find("not valid JSON"), std::string::npos);
    EXPECT_NE(decode_error(gzip(R"({"format":"other"})")).find("not a gpparity snapshot"),
              std::string::npos);
    EXPECT_NE(
        decode_error(gzip(R"({"format":"gpparity-snapshot","version":99})")).find("version 99"),
        std::string::npos);
    EXPECT_NE(
        decode_error(gzip(R"({"format":"gpparity-snapshot","version":1})")).find("no checksum"),
        std::string::npos);
}

TEST(SnapshotFile, UnreadableFileIsAUsageError) {
    try {
        (void)gpparity::verify::read_snapshot_file("/nonexistent/dir/x.snap");
        FAIL();
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("snapshot /nonexistent/dir/x.snap: cannot read"),
                  std::string::npos)
            << e.what();
    }
    std::string path =
        (std::filesystem::temp_directory_path() / "gpparity_unit_snapshot.snap").string();
    gpparity::verify::write_snapshot_file(path, sample());
    EXPECT_TRUE(gpparity::verify::looks_like_snapshot_file(path));
    EXPECT_EQ(gpparity::verify::read_snapshot_file(path).objects.size(), 50u);
    std::remove(path.c_str());
    EXPECT_THROW(gpparity::verify::write_snapshot_file("/nonexistent/dir/x.snap", sample()),
                 UsageError);
}

TEST(SnapshotFile, InvalidUtf8NamesAreWrittenWithReplacementAndStillVerify) {
    Snapshot s = sample();
    s.objects[0].attributes.push_back({"comment", std::string("caf\xe9 in LATIN1")});
    std::string bytes = gpparity::verify::encode_snapshot(s);
    Snapshot back = gpparity::verify::decode_snapshot(bytes, "x.snap");
    EXPECT_EQ(back.objects.size(), s.objects.size());
}

// The gzip header carries a hash of every byte after it (the "GP" extra field): a changed byte
// of the deflate data is refused even where deflate's redundancy would decode it to the same
// content. Files written before the field (no extra field) are still read.
TEST(SnapshotFile, HeaderHashCoversTheCompressedBytesAndOldFilesStillRead) {
    const std::string bytes = gpparity::verify::encode_snapshot(sample());
    ASSERT_GT(bytes.size(), 48u);
    EXPECT_EQ(static_cast<unsigned char>(bytes[3]), 0x04) << "FLG: FEXTRA only";
    EXPECT_EQ(bytes.substr(12, 2), "GP");

    std::string hash_damaged = bytes;
    hash_damaged[20] = hash_damaged[20] == '0' ? '1' : '0';
    EXPECT_NE(decode_error(hash_damaged).find("damaged compressed data"), std::string::npos);

    // The same file as gpparity wrote it before the field: flag clear, no extra field.
    std::string legacy = bytes.substr(0, 10) + bytes.substr(10 + 2 + 36);
    legacy[3] = 0;
    const Snapshot back = gpparity::verify::decode_snapshot(legacy, "old.snap");
    EXPECT_EQ(back.objects.size(), 50u);
}
