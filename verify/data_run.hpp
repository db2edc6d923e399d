#pragma once
/// One `gpparity data` run (DESIGN.md §3 steps 5-7): match the tables of two live clusters,
/// plan how each column is read and encoded, run the checksum engine on both sides at once,
/// compare, roll partition leaves up into their roots, and fill the report's data section.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "checksum/table_spec.hpp"
#include "verify/data_strategy.hpp"
#include "verify/progress.hpp"
#include "verify/report.hpp"
#include "verify/reuse.hpp"
#include "verify/snapshot_data.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace gpparity::verify {

struct DataRunOptions {
    int jobs = 4;            ///< concurrent sessions per cluster
    Via via = Via::segments; ///< Greenplum only; stream only
    /// DESIGN.md §4; verify/data_strategy.hpp decides what auto is
    Strategy strategy = Strategy::auto_;
    Mode mode = Mode::hash; ///< count: per-segment row counts only
    catalog::Filter filter;
    /// Install SIGINT/SIGTERM handling for the run: Ctrl-C cancels the server-side statements,
    /// the report is still written, and unfinished tables are errors.
    bool handle_signals = false;
    /// Drill-down (`--show-rows N`): up to N differing rows per count/content-mismatching
    /// table (verify/drilldown_run.hpp); 0 = none.
    std::size_t show_rows = 0;
    /// Check every target row against the segment its own distribution key dictates (live
    /// Greenplum target, stream strategy; checksum/placement_check.hpp).
    bool check_placement = true;
    /// Progress of the scans (verify/progress.hpp); empty = none.
    ProgressCallback progress;
    /// Set under --skip-unchanged: tables whose storage did not change since an earlier run
    /// read them take that run's digests instead of being read.
    std::optional<ReuseOptions> reuse;
};

/// Compares the data of `source` and `target` and fills `report.data`, `report.warnings` and
/// `report.errors` (report.command, identities and timing are the caller's). Per-table query
/// errors become that table's `error` status. Throws UsageError for an --include that matches
/// no table; a lost connection propagates.
void run_data_comparison(catalog::Cluster& source, catalog::Cluster& target,
                         const DataRunOptions& options, Report& report);

/// One side of a data run: a live cluster, or the data part of a snapshot file standing in for
/// one (exactly one of the two is set; both outlive the run).
struct DataSide {
    catalog::Cluster* cluster = nullptr;
    const SnapshotData* snapshot = nullptr;
    std::string label; ///< names a snapshot side in messages: "source snapshot gp6.snapshot"
    /// A snapshot side: its file's SHA-256, which is every table's change signature there.
    std::string snapshot_sha256;
    /// A live side's tables when this run already loaded them (a backup set on the other side
    /// was planned against them): used instead of loading them again. Null otherwise.
    const checksum::ClusterTables* tables = nullptr;
};

/// The same comparison where either side may be a snapshot's digests. A snapshot side is read
/// from the file, the live side computes its digests over the snapshot's columns, in the
/// snapshot's order, with the same codecs. Throws UsageError when a snapshot's strategy or
/// encoding version differs from this run's (verify/snapshot_data.hpp require_comparable).
void run_data_comparison(const DataSide& source, const DataSide& target,
                         const DataRunOptions& options, Report& report);

/// Reads every table of one live cluster (filtered by options.filter) and returns its digests
/// for a snapshot file: per table the readable columns, per segment count + digest. Adds notes
/// to `warnings`. Throws UsageError for an --include that matches no table, CancelledError
/// when interrupted; a table that cannot be read is recorded with its error.
[[nodiscard]] SnapshotData take_data_snapshot(catalog::Cluster& cluster,
                                              const DataRunOptions& options,
                                              std::vector<std::string>& warnings);

} // namespace gpparity::verify
