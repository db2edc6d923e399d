#pragma once
/// A gpbackup backup set standing in for a Greenplum 6 cluster that is gone (issue 16;
/// docs/backup-source.md; ../shared/docs/gpbackup.md): finding one backup's files in any of
/// gpbackup's directory layouts, reading its config.yaml and toc.yaml (yaml-cpp), following
/// an incremental backup's restore plan to the backups that hold each table's data, and
/// naming every data file. Validation that needs no data is done here (status, TOC, the
/// files' presence); a truncated data file is found when it is read (verify/backup_data.hpp).
///
/// Layouts (gpbackup `filepath.GetDirForContent`), each under a directory D given as the side:
///   segment directories  D/<prefix>-1/backups/YYYYMMDD/<ts>/ (coordinator files) and
///                        D/<prefix>N/backups/YYYYMMDD/<ts>/ (segment N's), as `--backup-dir D`
///                        writes them, or as the data directories' `backups` folders of the
///                        default layout are gathered (copied or symlinked) side by side;
///   one directory        D/backups/YYYYMMDD/<ts>/ for every content (`--single-backup-dir`).
/// D may also be a timestamp directory itself, or the coordinator's `<prefix>-1` directory.

#include "catalog/cluster.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::verify {

/// One step of `restoreplan`: the backup whose data files hold these tables.
struct RestorePlanStep {
    std::string timestamp;
    std::vector<std::string> table_fqns; ///< quote_ident'ed `schema.name`
};

/// config.yaml (gpbackup history.BackupConfig): what the report and the reader need.
struct BackupConfig {
    std::string timestamp;        ///< YYYYMMDDHHMMSS
    std::string backup_version;   ///< gpbackup's version
    std::string database_name;    ///< quote_ident'ed
    std::string database_version; ///< the source's version() string
    std::string compression_type; ///< gzip | zstd | "" (not compressed)
    bool compressed = false;
    std::string status; ///< Success | Failure | In Progress; empty before gpbackup 1.19
    std::string end_time;
    std::string plugin;
    int segment_count = 0; ///< 0 before gpbackup 1.26
    bool single_data_file = false;
    bool incremental = false;
    bool data_only = false;
    bool metadata_only = false;
    bool leaf_partition_data = false;
    bool without_globals = false;
    std::vector<RestorePlanStep> restore_plan;

    /// The data files' extension: ".gz", ".zst" or "".
    [[nodiscard]] std::string data_extension() const;
};

/// Reads config.yaml's text. Throws catalog::UsageError "<what>: ..." when it is not YAML of
/// that shape.
[[nodiscard]] BackupConfig parse_backup_config(std::string_view yaml, const std::string& what);

/// Where a TOC metadata entry sits.
enum class BackupSection { global, predata, postdata, statistics };

/// One entry of toc.yaml's metadata sections: what it is and its byte range in metadata.sql.
struct BackupMetadataEntry {
    BackupSection section = BackupSection::predata;
    std::string schema;
    std::string name;
    std::string object_type;
    std::string reference_object;
    std::uint64_t start_byte = 0;
    std::uint64_t end_byte = 0;
};

/// One table with data (toc.yaml `dataentries`), and the backup that holds its files.
struct BackupDataEntry {
    std::string schema; ///< as in the TOC: quote_ident'ed
    std::string name;   ///< quote_ident'ed
    std::uint32_t oid = 0;
    std::vector<std::string> columns; ///< `attributestring`, unquoted, in COPY order
    std::int64_t rows_copied = 0;
    std::string partition_root; ///< quote_ident'ed root name for a leaf (leaf-partition-data)
    bool replicated = false;
    bool dist_by_enum = false;
    std::string timestamp; ///< the backup in the chain whose data files hold this table

    [[nodiscard]] std::string fqn() const { return schema + "." + name; }
};

/// toc.yaml.
struct BackupToc {
    std::vector<BackupMetadataEntry> metadata; ///< global, predata, postdata, statistics
    std::vector<BackupDataEntry> data;
};

/// Reads toc.yaml's text. Throws catalog::UsageError "<what>: ..." when it does not parse.
[[nodiscard]] BackupToc parse_backup_toc(std::string_view yaml, const std::string& what);

/// A single-data-file segment TOC: table oid -> [start, end) in the decompressed stream.
using SegmentToc = std::map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>>;

/// Reads a segment TOC's text. Throws catalog::UsageError "<what>: ..." when it does not parse.
[[nodiscard]] SegmentToc parse_segment_toc(std::string_view yaml, const std::string& what);

/// `attributestring` ("(a,\"B c\")") as unquoted column names. Throws catalog::UsageError.
[[nodiscard]] std::vector<std::string> parse_attribute_string(std::string_view text);

/// quote_ident'ed `name` ("\"a\"\"b\"") unquoted ("a\"b"); a bare name as it is.
[[nodiscard]] std::string unquote_ident(std::string_view name);

/// What a restore report (gprestore_<ts>_<restore ts>_report) next to the backup says about
/// how the data was loaded.
struct RestoreReportFacts {
    std::string file;
    std::string database; ///< `database name:`, the database restored into
    int backup_segments = 0;
    int restore_segments = 0;
    bool resize_cluster = false;
};

/// One opened backup: its files, configuration, TOC, and the chain its data comes from.
class BackupSet {
public:
    /// The backups found under `path` (their timestamps, sorted); empty when `path` is not a
    /// backup set.
    [[nodiscard]] static std::vector<std::string> find_timestamps(const std::string& path);

    /// True when `path` is a directory holding at least one backup's config.yaml.
    [[nodiscard]] static bool is_backup_set(const std::string& path);

    /// Opens the backup `timestamp` (required when `path` holds several) under `path`.
    /// `label` ("source") starts every error. Throws catalog::UsageError, one line each, for:
    /// no backup there, several and no timestamp (listing them), an unknown timestamp, a status
    /// that is not Success, a missing or unparsable config.yaml / toc.yaml / metadata.sql, a
    /// plugin backup, and a restore plan naming a backup that is not there.
    [[nodiscard]] static BackupSet open(const std::string& path,
                                        const std::optional<std::string>& timestamp,
                                        const std::string& label);

    [[nodiscard]] const BackupConfig& config() const noexcept { return m_config; }
    [[nodiscard]] const BackupToc& toc() const noexcept { return m_toc; }
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }
    [[nodiscard]] const std::string& label() const noexcept { return m_label; }
    /// "source backup /b (20261204101500)": starts the messages about this backup.
    [[nodiscard]] std::string what() const;
    /// The segment content ids with files: 0 .. segment count - 1.
    [[nodiscard]] std::vector<int> contents() const;
    /// The source identity the backup records (flavor, version, database, segments).
    [[nodiscard]] catalog::ClusterIdentity identity() const;
    /// metadata.sql's text of one entry.
    [[nodiscard]] std::string statement(const BackupMetadataEntry& entry) const;
    /// The configuration of a backup of the chain (this one, or one its restore plan names).
    [[nodiscard]] const BackupConfig& config_of(const std::string& timestamp) const;
    /// Multiple-data-files mode: the file of `entry` on segment `content`.
    [[nodiscard]] std::filesystem::path data_file(const BackupDataEntry& entry, int content) const;
    /// Single-data-file mode: the stream of backup `timestamp` on segment `content`, and its TOC.
    [[nodiscard]] std::filesystem::path segment_stream(const std::string& timestamp,
                                                       int content) const;
    [[nodiscard]] std::filesystem::path segment_toc(const std::string& timestamp,
                                                    int content) const;
    /// A path as messages show it: relative to the directory given.
    [[nodiscard]] std::string shown(const std::filesystem::path& file) const;
    /// Restore reports found next to the coordinator's files of this backup.
    [[nodiscard]] const std::vector<RestoreReportFacts>& restore_reports() const noexcept {
        return m_restore_reports;
    }

private:
    void follow_restore_plan(const std::string& what);
    void find_restore_reports(const std::filesystem::path& dir);
    [[nodiscard]] std::filesystem::path dir_for(const std::string& timestamp, int content) const;

    std::string m_path;
    std::string m_label;
    std::filesystem::path m_base; ///< D of the layout
    std::string m_prefix;         ///< segment directory prefix; empty for the one-directory layout
    BackupConfig m_config;
    BackupToc m_toc;
    std::string m_metadata;                      ///< metadata.sql
    std::map<std::string, BackupConfig> m_chain; ///< every backup of the restore plan
    std::vector<RestoreReportFacts> m_restore_reports;
};

} // namespace gpparity::verify
