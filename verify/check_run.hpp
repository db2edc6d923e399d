#pragma once
/// The entry points of the comparing commands (DESIGN.md §3): `catalog`, `data` and `check` —
/// the whole flow: open both sides — live clusters or snapshot files (verify/side.hpp) —, diff
/// the catalogs, compare the data (verify/data_run.hpp, where a snapshot's digests stand in for
/// a cluster that no longer exists), and return one report carrying its evidence: versions,
/// both identities, a snapshot's sha256 and time, the options used, recorded the same way by
/// every command (connection strings redacted), and warnings where a result could mislead.

#include "catalog/cluster.hpp"
#include "catalog/ddl.hpp"
#include "catalog/filter.hpp"
#include "verify/data_run.hpp"
#include "verify/history.hpp"
#include "verify/identity.hpp"
#include "verify/report.hpp"
#include "verify/waivers.hpp"

#include <map>
#include <optional>
#include <string>

namespace gpparity::verify {

/// The options of `catalog`, `data` and `check`, typed.
struct CheckOptions {
    std::string source; ///< connection string, URI, snapshot file or backup set; empty: PG*
    std::string target;
    /// --backup-timestamp: which backup of a backup-set side (needed when it holds several).
    std::optional<std::string> backup_timestamp;
    catalog::ConnectOptions connect;
    /// filter, jobs, strategy, mode, via, signals, show_rows, progress (the filter applies to
    /// the catalog too).
    DataRunOptions data;
    bool library_check = true; ///< LOAD the shared libraries of the target's C functions
    /// Accepted differences (--waivers), applied to the report before it is returned.
    std::vector<Waiver> waivers;
    std::string waivers_file; ///< recorded in the report's options
    /// --history DIR / --keep N: the report is compared with the previous comparable run and
    /// kept (verify/history.hpp), after the waivers.
    std::optional<HistoryOptions> history;
    /// --all-databases: every database of both clusters (source and target name maintenance
    /// databases), less the --exclude-database globs (verify/all_databases.hpp).
    bool all_databases = false;
    std::vector<std::string> include_databases; ///< --include-database globs (none: all)
    std::vector<std::string> exclude_databases;
};

/// Runs the check and returns the sorted report (command "check"). Throws UsageError when the
/// run cannot start (a bad connection string, an unreadable or corrupt snapshot file, a snapshot
/// without data digests, digests of another strategy or encoding version, an --include that
/// matches nothing), ConnectionError/QueryError when a cluster cannot be read.
[[nodiscard]] Report run_check(const CheckOptions& options);

/// The catalog half alone (command "catalog"); throws as run_check does.
[[nodiscard]] Report run_catalog(const CheckOptions& options);

/// The data half alone (command "data"): no catalog is extracted; either side may be a snapshot
/// file with data digests. Throws as run_check does.
[[nodiscard]] Report run_data(const CheckOptions& options);

/// `--all-databases`: runs `entry` (run_check, run_catalog or run_data) on every database of
/// both live clusters and returns one report (command `command`) for the whole cluster
/// (verify/all_databases.hpp). Throws UsageError for a snapshot side, and as `entry` does when
/// a maintenance database cannot be read; a database that cannot be compared is a run error.
[[nodiscard]] Report run_all_databases(const CheckOptions& options, const std::string& command,
                                       Report (*entry)(const CheckOptions&));

/// The `recreate` command: opens both sides, diffs their catalogs and returns the script that
/// creates on the target what it lacks (never executed). Throws as run_catalog does.
[[nodiscard]] catalog::RecreateScript run_recreate(const CheckOptions& options);

/// The `info` command: the identity of the cluster `spec` names — a live cluster (and whether
/// its database has the gpparity extension), or the one a snapshot file was taken from. Throws
/// UsageError / ConnectionError.
[[nodiscard]] InfoResult run_info(const std::string& spec, const catalog::ConnectOptions& connect,
                                  const std::optional<std::string>& backup_timestamp = {});

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
