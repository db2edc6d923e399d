#pragma once
/// `--all-databases` (`check`, `catalog`, `data`): the whole cluster in one run and one report.
/// Every database of either side (templates and `--exclude-database` globs left out) is
/// compared as its own run would compare it; the connection strings name a maintenance
/// database. Pure: which databases, and the merge of their reports into one
/// (verify/check_run.cpp runs them):
/// - a database on one side only is a catalog finding of kind `database`, missing_in_target or
///   extra_in_target;
/// - cluster-wide objects (roles and their memberships, tablespaces, resource queues and groups)
///   are compared once: their findings are taken from one database's run (the maintenance
///   database when both sides have it, else the first compared) and carry no database;
/// - every other finding and every table carries its database (Finding::database,
///   TableResult::database), and warnings and errors name it;
/// - report.databases lists every database and what became of it; a database that could not be
///   compared is a run error (the verdict is incomplete).

#include "catalog/object_kind.hpp"
#include "verify/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::verify {

/// Whether objects of `kind` belong to the cluster, not to a database.
[[nodiscard]] bool is_cluster_wide(catalog::ObjectKind kind) noexcept;

/// The databases to compare from each side's list: the union, sorted, those matching some
/// `include` glob (all when none) and none of `exclude`; each with whether the source and the
/// target have it.
struct PlannedDatabase {
    std::string name;
    bool on_source = false;
    bool on_target = false;
};
[[nodiscard]] std::vector<PlannedDatabase> plan_databases(const std::vector<std::string>& source,
                                                          const std::vector<std::string>& target,
                                                          const std::vector<std::string>& include,
                                                          const std::vector<std::string>& exclude);

/// `snapshot --all-databases` writes one snapshot file per database into a directory. The file
/// name of `database` there: `<name>.snapshot`, every byte outside [A-Za-z0-9_-] written as %XX,
/// so that any database name makes one safe file name, and no two names the same one.
[[nodiscard]] std::string snapshot_file_name(const std::string& database);

/// The database a file of such a directory is the snapshot of; nullopt for any other file.
[[nodiscard]] std::optional<std::string> database_of_snapshot_file(std::string_view file_name);

/// One database's outcome: its own report, or why there is none.
struct DatabaseRun {
    PlannedDatabase database;
    std::string identity;         ///< the database's name as the catalog reports it (quoted)
    std::optional<Report> report; ///< compared
    std::string error;            ///< could not be compared: why
};

/// Merges the runs into `report` (started: command, sides and options recorded), the rules
/// above. `cluster_wide_from` names the database whose cluster-wide findings are kept.
void merge_database_runs(Report& report, std::vector<DatabaseRun> runs,
                         const std::string& cluster_wide_from);

} // namespace gpparity::verify
