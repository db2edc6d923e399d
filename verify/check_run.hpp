#pragma once
/// One `gpparity check` run (DESIGN.md §3, the whole flow): open both sides — live clusters or
/// snapshot files (verify/side.hpp) —, diff the catalogs, compare the data (verify/data_run.hpp,
/// where a snapshot's digests stand in for a cluster that no longer exists), and return one
/// report carrying its evidence: versions, both identities, a snapshot's sha256 and time, the
/// options used (connection strings redacted), and warnings where a result could mislead.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "verify/data_run.hpp"
#include "verify/report.hpp"

#include <map>
#include <string>

namespace gpparity::verify {

struct CheckOptions {
    std::string source; ///< connection string, URI, or snapshot file path
    std::string target;
    catalog::ConnectOptions connect;
    /// jobs, via, filter, signals, show_rows, progress: as for `gpparity data`.
    DataRunOptions data;
    bool library_check = true; ///< LOAD the shared libraries of the target's C functions
    /// Options to record in the report beyond those run_check records itself (source, target,
    /// include, exclude, jobs, via, strategy, encoding). Values are redacted when written.
    std::map<std::string, std::string> extra_options;
};

/// Runs the check and returns the sorted report (command "check"). Throws UsageError when the
/// run cannot start (a bad connection string, an unreadable or corrupt snapshot file, a snapshot
/// without data digests, digests of another strategy or encoding version, an --include that
/// matches nothing), ConnectionError/QueryError when a cluster cannot be read.
[[nodiscard]] Report run_check(const CheckOptions& options);

/// Per table "schema.name" (report identity) -> n_tup_ins + n_tup_upd + n_tup_del from
/// pg_stat_user_tables: how a run notices tables written while it read them (best effort:
/// statistics reach the view with a delay, and on Greenplum the coordinator's view may not
/// count rows written on the segments).
[[nodiscard]] std::map<std::string, long long> read_write_counters(catalog::Cluster& cluster);

/// The tables whose counters differ between `before` and `after` (or appear in `after` only).
[[nodiscard]] std::vector<std::string>
tables_written(const std::map<std::string, long long>& before,
               const std::map<std::string, long long>& after);

} // namespace gpparity::verify
