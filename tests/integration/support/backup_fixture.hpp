#pragma once
/// Integration-test support: gpbackup backup sets built on the real Greenplum 6 cluster exactly
/// as gpbackup builds them (../shared/docs/gpbackup.md §1-3), and restored into Greenplum 7 the
/// way gprestore restores them (§4). No gpbackup binary is involved: the data files come from
/// the same `COPY ... TO PROGRAM '<compress> > .../gpbackup_<SEGID>_<ts>_<oid>.gz' WITH CSV
/// DELIMITER ',' ON SEGMENT` statements, under gpbackup's session settings; metadata.sql,
/// toc.yaml and config.yaml are written in its formats from the statements a test gives (the
/// DDL as gpbackup prints it), which the test also ran on GP6 to create the objects.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace gpparity::testing {

/// One metadata entry of the backup: a statement as gpbackup prints it, and its TOC fields.
struct BackupStatement {
    std::string section; ///< global | predata | postdata
    std::string object_type;
    std::string schema; ///< quote_ident'ed, "" for objects outside schemas
    std::string name;   ///< quote_ident'ed
    std::string statement;
    std::string reference_object;
};

struct BackupOptions {
    std::string timestamp;            ///< 14 digits
    std::string compression = "gzip"; ///< gzip | zstd | none
    bool single_data_file = false;    ///< one stream per segment, cut by a segment TOC
    bool single_backup_dir = false;   ///< D/backups/... for every content (else D/gpseg<N>/...)
    std::string backup_version = "1.30.3";
    std::string status = "Success";
    /// gpbackup pins DateStyle ISO, IntervalStyle postgres and extra_float_digits at its maximum
    /// (3 on GP6); TimeZone and bytea_output are the server's: a test picks unusual ones.
    std::string time_zone = "Asia/Kolkata";
    std::string bytea_output = "escape";
    int extra_float_digits = 3;
    /// Tables (quote_ident'ed schema.name) whose data is copied; the others of an incremental
    /// backup come from `earlier` through the restore plan.
    std::vector<std::string> tables;
    /// An incremental backup: the earlier backup of the chain holding the tables not copied.
    const struct BuiltBackup* earlier = nullptr;
    std::vector<std::string> from_earlier; ///< the tables whose data stays in `earlier`
    bool leaf_partition_data = false;
};

/// One table's data entry as the fixture recorded it.
struct BuiltTable {
    std::string fqn; ///< quote_ident'ed schema.name
    std::uint32_t oid = 0;
    std::string attribute_string;
    long long rows_copied = 0;
    std::string partition_root; ///< quote_ident'ed root name, leaves of leaf-partition-data only
    bool replicated = false;
    std::string timestamp; ///< the backup holding its files
};

struct BuiltBackup {
    std::string directory; ///< D
    std::string timestamp;
    std::string coordinator_dir; ///< where config.yaml, toc.yaml and metadata.sql are
    std::vector<BuiltTable> tables;
    std::vector<std::string> contents; ///< the primaries' content ids
    std::string extension;             ///< ".gz", ".zst", ""
    bool single_data_file = false;
    bool single_backup_dir = false;
    /// The file of `table` on segment `content` (multiple-data-files mode).
    [[nodiscard]] std::string data_file(const BuiltTable& table, int content) const;
    /// The segment directory of `content` (-1: the coordinator's).
    [[nodiscard]] std::string content_dir(int content) const;
};

/// Backs up database `gp6_database` of the GP6 cluster at `gp6_conninfo` into `directory`
/// (made world-writable: the segments' COPY ... TO PROGRAM runs as the server's user), with
/// `statements` as its metadata. Fails the test on any error.
[[nodiscard]] BuiltBackup build_backup(const std::string& gp6_conninfo,
                                       const std::string& gp6_database,
                                       const std::string& directory,
                                       const std::vector<BackupStatement>& statements,
                                       const BackupOptions& options);

/// What to leave out of a restore, to plant "the restore failed" drift.
struct RestoreSkips {
    std::set<std::string> statements; ///< "<object_type> <schema>.<name>" not executed
    std::set<std::string> data;       ///< table fqns whose COPY is not run
};

/// Restores `backup` (multiple data files) into database `gp7_database` of the GP7 cluster
/// the way gprestore does: its session settings, predata statements, `COPY t (cols) FROM
/// PROGRAM 'cat <file> | gzip -d -c' WITH CSV DELIMITER ',' ON SEGMENT` per table, then
/// postdata. A statement GP7 rejects is skipped and returned (gprestore --on-error-continue).
std::vector<std::string> restore_backup(const std::string& gp7_conninfo,
                                        const std::string& gp7_database, const BuiltBackup& backup,
                                        const std::vector<BackupStatement>& statements,
                                        const RestoreSkips& skips = {});

/// Copies a backup set's whole directory to `to` (writable by the test, for planting damage).
void copy_backup(const BuiltBackup& backup, const std::string& to);

} // namespace gpparity::testing
