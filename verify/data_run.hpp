#pragma once
/// One `gpparity data` run (DESIGN.md §3 steps 5-7): match the tables of two live clusters,
/// plan how each column is read and encoded, run the checksum engine on both sides at once,
/// compare, roll partition leaves up into their roots, and fill the report's data section.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "verify/report.hpp"

#include <string>

namespace gpparity::verify {

struct DataRunOptions {
    int jobs = 4;                 ///< concurrent sessions per cluster
    std::string via = "segments"; ///< segments | coordinator (Greenplum only)
    catalog::Filter filter;
    /// Install SIGINT/SIGTERM handling for the run: Ctrl-C cancels the server-side statements,
    /// the report is still written, and unfinished tables are errors.
    bool handle_signals = false;
};

/// Compares the data of `source` and `target` and fills `report.data`, `report.warnings` and
/// `report.errors` (report.command, identities and timing are the caller's). Per-table query
/// errors become that table's `error` status. Throws UsageError for an --include that matches
/// no table; a lost connection propagates.
void run_data_comparison(catalog::Cluster& source, catalog::Cluster& target,
                         const DataRunOptions& options, Report& report);

} // namespace gpparity::verify
