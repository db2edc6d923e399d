#pragma once
/// One `gpparity placement` run (issue 9, docs/placement.md): reads only the target, and checks
/// that every row of every hash-distributed table sits on the segment its own distribution key
/// dictates (checksum/placement_check.hpp), that every segment of a replicated table holds the
/// same rows, and says which tables it cannot check and why. No source: report.has_source is
/// false.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "verify/progress.hpp"
#include "verify/report.hpp"
#include "verify/table_plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gpparity::verify {

/// Parses "COL[,COL...]:NUMSEGMENTS:SEGMENT[:legacy]". Throws catalog::UsageError.
[[nodiscard]] PretendDistribution parse_pretend_distribution(const std::string& text);

struct PlacementRunOptions {
    int jobs = 4; ///< concurrent sessions
    Via via = Via::segments;
    catalog::Filter filter;
    bool handle_signals = false;                     ///< Ctrl-C cancels the server-side statements
    ProgressCallback progress;                       ///< progress of the scans; empty = none
    std::optional<PretendDistribution> test_pretend; ///< TEST ONLY, see above
};

/// Checks the placement of the target's tables and fills report.data, warnings and errors
/// (report.command, identities and timing are the caller's). Throws UsageError for a target
/// that is not Greenplum (no segments, nothing to check) unless test_pretend is set, for
/// test_pretend on Greenplum, and for an --include that matches no table; a lost connection
/// propagates.
void run_placement_check(catalog::Cluster& target, const PlacementRunOptions& options,
                         Report& report);

/// The `placement` command: connects to `target_spec` (a snapshot file is refused: it holds
/// digests, not rows), runs the check and returns the sorted report with its options recorded
/// as every command records them. Throws as run_placement_check does, and ConnectionError.
[[nodiscard]] Report run_placement(const std::string& target_spec,
                                   const catalog::ConnectOptions& connect,
                                   const PlacementRunOptions& options);

} // namespace gpparity::verify
