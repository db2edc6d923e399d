#pragma once
/// The report of one gpparity run: what every command that compares produces, and what every
/// writer (text, json, junit, markdown, html) renders (DESIGN.md §3 step 8, §7). Pure data plus
/// the verdict rules; writers are pure functions of it (verify/writers.hpp).

#include "catalog/cluster.hpp"
#include "catalog/finding.hpp"
#include "checksum/table_result.hpp"
#include "verify/verdict.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gpparity::verify {

/// Evidence about a side that was read from a snapshot file instead of a live cluster.
struct SnapshotEvidence {
    std::string file;
    std::string sha256;           ///< of the file as read
    std::string taken;            ///< ISO 8601, when the snapshot was taken
    std::string gpparity_version; ///< the version that wrote it
};

/// A gpbackup backup set standing in for the source (verify/backup_set.hpp).
struct BackupEvidence {
    std::string directory;        ///< as given
    std::string timestamp;        ///< the backup compared
    std::string gpbackup_version; ///< config.yaml backupversion
    std::string database_version; ///< the GP6 version() it was taken on
    int segment_count = 0;
    std::string compression;        ///< gzip | zstd | none
    std::string status;             ///< Success (anything else is refused)
    std::string data_files;         ///< "per table and segment" | "one per segment"
    std::vector<std::string> chain; ///< an incremental backup's restore plan, oldest first
    std::string end_time;
};

/// What a report says about one side: its identity, and the snapshot file (or backup set)
/// standing in for it.
struct SideEvidence {
    catalog::ClusterIdentity identity;
    std::optional<SnapshotEvidence> snapshot;
    std::optional<BackupEvidence> backup;
    /// The most connections gpparity had open to this cluster at once (every server counted);
    /// nullopt for a snapshot file.
    std::optional<int> connections_peak;
};

/// One waiver of `--waivers` and what it did in this run.
struct WaiverOutcome {
    int line = 0; ///< where it starts in the file
    std::string object;
    std::vector<std::string> statuses;
    std::optional<std::string> database;
    std::string reason;
    std::string expires; ///< YYYY-MM-DD
    /// active (covered something) | stale (covered nothing) | expired | other_database
    std::string state;
    std::size_t covered = 0;
};

/// An item that needed attention in the previous comparable run and no longer does
/// (verify/history.hpp).
struct ResolvedItem {
    std::string section; ///< catalog | data
    std::string kind;    ///< the catalog object kind, or "table" in the data section
    std::string object;
    std::string previous_status;
    std::string database{}; ///< `--all-databases`: the item's database (empty: cluster-wide)
};

/// What `--history DIR` found: the previous comparable run and the counts against it.
struct HistorySummary {
    std::string dir;
    std::optional<std::string> previous_file; ///< nullopt: no earlier comparable run was kept
    std::string previous_started;
    std::string previous_verdict;
    std::size_t new_items = 0;
    std::size_t persisting = 0;
    std::vector<ResolvedItem> resolved; ///< in the previous report's order
};

/// `--all-databases`: one database of the cluster and what became of it.
struct DatabaseResult {
    std::string name;
    /// compared | missing_in_target | extra_in_target | error (message says why)
    std::string status = "compared";
    std::string message;
};

struct CatalogSection {
    std::vector<catalog::Finding> findings; ///< sorted by (status, kind, object)
    /// Number of objects compared per kind name (evidence of coverage), e.g. {"table": 12}.
    std::map<std::string, std::uint64_t> compared;
    /// A backup-set source: the objects compared for presence only (or without their members),
    /// each "<kind> <identity>: <why>" (catalog/backup_catalog.hpp).
    std::vector<std::string> presence_only{};
};

/// What `--skip-unchanged` saved in a run.
struct ReuseSummary {
    std::size_t tables = 0;  ///< tables whose stored digests were reused
    std::uint64_t rows = 0;  ///< their rows, source and target: rows not read again
    long long max_age_s = 0; ///< --max-reuse-age
};

struct DataSection {
    std::string strategy = "stream";           ///< auto | stream | pushdown (as requested)
    std::string mode = "hash";                 ///< hash | count
    std::vector<checksum::TableResult> tables; ///< sorted by table identity
    std::optional<ReuseSummary> reuse;         ///< set under --skip-unchanged
};

struct Report {
    int report_version = 4;
    std::string gpparity_version = GPPARITY_VERSION;
    std::string command; ///< catalog | data | check | placement
    std::string started; ///< ISO 8601 UTC
    double duration_s = 0.0;
    SideEvidence source;
    SideEvidence target;
    bool has_source = true; ///< false for `placement`, which reads only the target
    /// The options the run used, as "name" -> "value" (no passwords: connection strings are
    /// redacted before they are recorded).
    std::map<std::string, std::string> options;
    /// Things a reader should know that are not differences (an unpopulated materialized view,
    /// a table written during the run, a fallback to the coordinator...).
    std::vector<std::string> warnings;
    /// Things that could not be done and make the run incomplete (beyond per-table errors).
    std::vector<std::string> errors;
    /// The waivers the run was given (`--waivers`) and what became of each; empty without.
    std::vector<WaiverOutcome> waivers;
    /// `--all-databases`: every database of either side, by name; empty for a single database
    /// (then no finding or table has a database).
    std::vector<DatabaseResult> databases;
    /// Set under `--history`: the comparison with the previous comparable run.
    std::optional<HistorySummary> history;
    std::optional<CatalogSection> catalog;
    std::optional<DataSection> data;
};

/// pass when nothing differs and everything was compared; fail when something differs;
/// incomplete when anything could not be compared (trouble wins, as in diff(1)).
[[nodiscard]] Verdict verdict_of(const Report& report);

/// Sorts findings and tables into the deterministic report order.
void sort_report(Report& report);

} // namespace gpparity::verify
