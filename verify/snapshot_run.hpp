#pragma once
/// The `snapshot` command's work (DESIGN.md §1): the catalog of one database — and with --data
/// every table's per-segment digests (verify/data_run.hpp take_data_snapshot) — from a live
/// cluster, or from a snapshot file, which re-reading verifies (format, version, checksum).
/// The CLI writes the result with write_snapshot_file and prints summary_line.

#include "catalog/cluster.hpp"
#include "catalog/snapshot.hpp"
#include "verify/data_run.hpp"
#include "verify/snapshot_data.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gpparity::verify {

struct SnapshotOptions {
    std::string source; ///< connection string, URI or snapshot file; empty: PG*
    catalog::ConnectOptions connect;
    bool with_data = false; ///< --data
    DataRunOptions data;    ///< filter, jobs, signals, progress (filter: the catalog's too)
};

struct TakenSnapshot {
    catalog::Snapshot catalog;
    std::optional<SnapshotData> data;
    std::vector<std::string> warnings;
    std::string from; ///< "gp6 database shop", "snapshot old.snapshot"
};

/// Takes the snapshot. Throws UsageError for --include/--exclude on a snapshot-file source
/// (filtering a file is not supported), for a bad source; ConnectionError/QueryError when the
/// cluster cannot be read; CancelledError when interrupted (nothing is to be written).
[[nodiscard]] TakenSnapshot take_snapshot(const SnapshotOptions& options);

/// `snapshot --all-databases`: the snapshot of every database of the live cluster
/// options.source names (a maintenance database; verify/side.hpp list_databases), those matching
/// some `include` glob (all when none) and no `exclude`, taken in turn and handed to `each` with
/// the database's name (one in memory at a time). Throws as take_snapshot does.
void take_cluster_snapshots(const SnapshotOptions& options, const std::vector<std::string>& include,
                            const std::vector<std::string>& exclude,
                            const std::function<void(const std::string&, TakenSnapshot&)>& each);

/// "snapshot FILE: N objects from FROM (Q queries); data: T tables, R rows, stream digests,
/// encoding c1[, E tables could not be read]".
[[nodiscard]] std::string summary_line(const TakenSnapshot& taken, const std::string& output);

/// The tables that could not be read, as "identity: error": a file holding any of them
/// cannot vouch for them (the command exits 2).
[[nodiscard]] std::vector<std::string> unreadable_tables(const TakenSnapshot& taken);

} // namespace gpparity::verify
