// Data snapshot size and speed (DESIGN.md §4 "Snapshots": practical at 100,000 tables x hundreds
// of segments). Builds a synthetic verify::SnapshotData of TABLES tables x SEGMENTS segments, every
// segment holding rows (the worst case: empty segments are not stored), with a small catalog,
// writes it with verify::write_snapshot_file and reads it back with read_snapshot_file_with_data.
// Prints file size, write and read wall time and peak RSS. Run by bench/snapshot-data.sh.
#include "verify/snapshot_file.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

using namespace gpparity;

int main(int argc, char** argv) {
    const int tables = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int segments = argc > 2 ? std::atoi(argv[2]) : 200;
    const std::string path = argc > 3 ? argv[3] : "/tmp/gpparity-bench.snapshot";

    auto t0 = std::chrono::steady_clock::now();
    catalog::Snapshot snapshot;
    snapshot.taken_at = "2026-11-24T09:00:00Z";
    snapshot.gpparity_version = "bench";
    snapshot.cluster.flavor = catalog::Flavor::gp6;
    snapshot.cluster.database = "bench";
    for (int s = 0; s < segments; ++s) {
        snapshot.cluster.segments.push_back(
            catalog::Segment{s, "sdw" + std::to_string(s / 8), "", 6000 + s % 8});
    }
    verify::SnapshotData data;
    data.encoding = "c1";
    data.flavor = "gp6";
    data.numsegments = segments;
    for (int s = 0; s < segments; ++s) {
        data.segment_contents.push_back(s);
    }
    std::mt19937_64 random(42);
    data.tables.reserve(static_cast<std::size_t>(tables));
    for (int t = 0; t < tables; ++t) {
        verify::SnapshotTable table;
        checksum::TableSpec& spec = table.spec;
        spec.schema = "s" + std::to_string(t % 50);
        spec.name = "table_" + std::to_string(t);
        spec.identity = spec.schema + "." + spec.name;
        for (const char* c : {"id", "customer_id", "created_at", "amount", "note", "status"}) {
            spec.columns.push_back(checksum::ColumnSpec{c, 0, "text"});
            table.digest_columns.push_back(c);
        }
        spec.policy.kind = checksum::DistributionPolicy::Kind::hash;
        spec.policy.numsegments = segments;
        spec.policy.keys = {"id pg_catalog.int8_ops"};
        spec.policy.key_columns = {"id"};
        spec.primary_key = {"id"};
        table.read = true;
        for (int s = 0; s < segments; ++s) {
            checksum::MultisetDigest d;
            d.count = 1000 + random() % 100000;
            d.sum = checksum::Hash128{random(), random()};
            table.segments.push_back(verify::SnapshotSegment{s, d});
        }
        data.tables.push_back(std::move(table));
    }
    auto t1 = std::chrono::steady_clock::now();
    verify::write_snapshot_file(path, snapshot, &data);
    auto t2 = std::chrono::steady_clock::now();
    verify::SnapshotFile back = verify::read_snapshot_file_with_data(path);
    auto t3 = std::chrono::steady_clock::now();
    const verify::SnapshotTable& last = data.tables.back();
    auto found = std::find_if(
        back.data->tables.begin(), back.data->tables.end(),
        [&](const verify::SnapshotTable& t) { return t.spec.identity == last.spec.identity; });
    if (back.data->tables.size() != data.tables.size() || found == back.data->tables.end() ||
        found->segments != last.segments) {
        std::fprintf(stderr, "round trip mismatch\n");
        return 1;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::printf(
        "tables %d, segments %d: file %.1f MB (%.1f bytes per segment digest), build %.2f s, "
        "write %.2f s, read+verify %.2f s, peak RSS %.0f MB\n",
        tables, segments, static_cast<double>(std::filesystem::file_size(path)) / 1e6,
        static_cast<double>(std::filesystem::file_size(path)) /
            (static_cast<double>(tables) * segments),
        seconds(t0, t1), seconds(t1, t2), seconds(t2, t3),
        static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::filesystem::remove(path);
    return 0;
}
