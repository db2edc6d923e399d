#pragma once
/// One side of a comparison (DESIGN.md §1): a live cluster reached through a connection string,
/// or a snapshot file standing in for it. Commands that compare catalogs open each side here
/// and get a catalog::Snapshot either way, plus the evidence the report carries.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "catalog/snapshot.hpp"
#include "verify/backup_set.hpp"
#include "verify/data_run.hpp"
#include "verify/report.hpp"
#include "verify/snapshot_data.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace gpparity::verify {

struct OpenedSide {
    catalog::Snapshot snapshot;
    /// The live cluster, or nullopt when the side is a snapshot file.
    std::optional<catalog::Cluster> cluster;
    /// The report's description of the side (identity, and the snapshot evidence for a file).
    SideEvidence report_side;
    /// A snapshot file's data digests (taken with `snapshot --data`), or a backup set's once
    /// prepare_backup_data has digested it; nullopt for a live cluster or a catalog-only
    /// snapshot.
    std::optional<SnapshotData> data;
    /// The gpbackup backup set standing in for this side (verify/backup_set.hpp), or null.
    std::shared_ptr<const BackupSet> backup;
    /// A backup set's objects compared for presence only, each with the reason.
    std::vector<std::string> presence_only;
    /// A live side's tables, loaded by prepare_backup_data when the other side is a backup set
    /// (its columns are typed in this side's registry) and reused by the data run; else null.
    std::shared_ptr<const checksum::ClusterTables> tables;
};

/// True when `spec` names a snapshot file (an existing file that starts like gzip) rather than
/// a connection string.
[[nodiscard]] bool is_snapshot_file_spec(const std::string& spec);

/// What a side's spec names.
enum class SideKind {
    live,          ///< a libpq connection string or URI; empty: the PG* variables apply
    snapshot_file, ///< a gpparity snapshot file
    backup_set,    ///< a directory holding gpbackup backups (verify/backup_set.hpp)
};

/// Classifies `spec` (the value of --source or --target): a gpparity snapshot file that exists,
/// else a live cluster when it is empty, holds key=value pairs or is a postgres(ql):// URI.
/// Anything else is taken as a path, and throws UsageError "<label>: snapshot <path>: ..." when
/// there is no such file, when it is a directory, or when it is not a snapshot file: a mistyped
/// path must not end in a misleading connection error.
[[nodiscard]] SideKind classify_side(const std::string& spec, const std::string& label);

/// The databases of a live cluster a whole-cluster run compares or snapshots (name -> identity,
/// quoted as the catalog quotes it): those that accept connections, not templates, except
/// `postgres`, which Greenplum marks a template (datistemplate) and is an ordinary database.
[[nodiscard]] std::map<std::string, std::string> list_databases(catalog::Cluster& cluster);

/// A directory `snapshot --all-databases` wrote (verify/all_databases.hpp
/// snapshot_file_name): database name -> the path of its snapshot file. Empty when `spec` is
/// not a directory or holds no such file.
[[nodiscard]] std::map<std::string, std::string> cluster_snapshot_files(const std::string& spec);

/// Connects to a live side. An empty spec uses libpq's PG* variables and defaults; a failure
/// then says so, since nothing was given. Throws ConnectionError / UsageError.
[[nodiscard]] catalog::Cluster connect_side(const std::string& spec, const std::string& label,
                                            const catalog::ConnectOptions& connect);

/// Opens a side: reads the snapshot file, or the backup set's TOC (the backup
/// `backup_timestamp`, needed when the directory holds several), or connects and extracts the
/// catalog with `filter`. `label` ("source", "target") starts every error message. A filter is
/// applied to a snapshot file's or backup's objects as well (schema-qualified objects by
/// `schema.name` of themselves or of their table). Throws UsageError / ConnectionError /
/// QueryError.
[[nodiscard]] OpenedSide open_side(const std::string& spec, const std::string& label,
                                   const catalog::ConnectOptions& connect,
                                   const catalog::Filter& filter,
                                   const std::optional<std::string>& backup_timestamp = {});

/// Opens a side for a data comparison: connects (no catalog extraction), reads a snapshot
/// file, which must hold data digests (`snapshot --data`), or opens a backup set (its digests
/// are taken by prepare_backup_data, against the other side). Throws as open_side does.
[[nodiscard]] OpenedSide open_data_side(const std::string& spec, const std::string& label,
                                        const catalog::ConnectOptions& connect,
                                        const std::optional<std::string>& backup_timestamp = {});

/// A backup-set side's digests (verify/backup_data.hpp), planned against `other`, which must
/// be a live cluster; nothing for any other side. Reads every selected table's data files
/// under options.jobs. Notes go to `warnings`. Throws UsageError for a backup compared with
/// anything but a live cluster, and for a missing, truncated or corrupt data file.
void prepare_backup_data(OpenedSide& side, OpenedSide& other, const DataRunOptions& options,
                         std::vector<std::string>& warnings);

/// The data run's view of an opened side (its cluster, or its snapshot's digests); `side`
/// outlives the result.
[[nodiscard]] DataSide data_side_of(OpenedSide& side, const std::string& label);

/// A side as the report's options record it: a snapshot file by its path, a connection string
/// with its password masked.
struct RecordedSide {
    std::string spec;
    bool is_file = false;
};

/// Records, the same way for every command, the options all of them share: `source` (absent
/// for `placement`) and `target`, --include, --exclude and --statement-timeout. Command-specific
/// options (strategy, jobs, ...) are recorded by the run that uses them.
void record_common_options(Report& report, const std::optional<RecordedSide>& source,
                           const RecordedSide& target, const catalog::Filter& filter,
                           const catalog::ConnectOptions& connect);

} // namespace gpparity::verify
