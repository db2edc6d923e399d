#pragma once
/// Run history (`--history DIR`): every run's JSON report is kept in DIR, and each run is told
/// what changed since the previous comparable one, for nightly checks through a cutover window.
///
/// - A report is kept as `DIR/<started>-<command>-<scope>.json` (started as 20261204T020000Z),
///   written atomically (verify/output_file.hpp). `scope` is 12 hex digits of the SHA-256 of
///   what makes two runs comparable: the command, both sides as given (connection strings,
///   redacted, or snapshot paths), both databases, --include, --exclude and the data mode.
/// - The previous comparable run is the newest kept report of the same scope. Against it, every
///   item that needs attention — a catalog finding other than expected_change, a table whose
///   status is a difference, skipped, error or waived — is `new` or `persisting` (by identity:
///   kind and name for a finding, name for a table; its status may have changed). What needed
///   attention then and does not now is `resolved`. Without an earlier comparable run the items
///   carry no since_last, and the report says so.
/// - After each run the newest `keep` reports of its scope stay in DIR, older ones of that
///   scope are removed; other scopes sharing DIR are left alone.

#include "verify/report.hpp"
#include "verify/reuse.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gpparity::verify {

/// The most reports of one scope `--keep` keeps by default: a month of nightly runs.
inline constexpr int k_default_history_keep = 30;

struct HistoryOptions {
    std::filesystem::path dir;
    int keep = k_default_history_keep;
    /// --skip-unchanged: reuse the digests of tables whose storage did not change
    /// (verify/reuse.hpp), from the digest store of this run's scope in `dir`.
    bool skip_unchanged = false;
    std::chrono::seconds max_reuse_age = k_default_max_reuse_age; ///< --max-reuse-age
    /// Keep the run's report (false for each database of --all-databases: the whole run's
    /// report is kept; their digest stores are).
    bool keep_reports = true;
};

/// The 12 hex digits naming what makes runs comparable, from a report's JSON
/// (report_to_json).
[[nodiscard]] std::string history_scope(const nlohmann::json& report);

/// The scope the report of a run will have, known before it compares anything: `started` is
/// the report as started (command, sides and options recorded), `mode` the data mode (empty
/// for `catalog`).
[[nodiscard]] std::string history_scope_before(const Report& started, const std::string& mode);

/// Where the digests of a scope's last run are kept for --skip-unchanged:
/// `DIR/digests-<scope>.json` (one file per scope, replaced by every run).
[[nodiscard]] std::filesystem::path digest_store_path(const std::filesystem::path& dir,
                                                      const std::string& scope);

/// Reads a digest store. nullopt when there is none; one that cannot be read is a warning (in
/// `warnings`) and nullopt: every table is then read, as on a first run.
[[nodiscard]] std::optional<DigestStore> load_digest_store(const std::filesystem::path& path,
                                                           std::vector<std::string>& warnings);

/// Replaces the digest store at `path`, atomically. Throws catalog::Error when it cannot be
/// written.
void save_digest_store(const std::filesystem::path& path, const DigestStore& store);

/// The file name a report is kept under: `<started>-<command>-<scope>.json`.
[[nodiscard]] std::string history_file_name(const nlohmann::json& report);

/// Marks report's items new or persisting against `previous` (a kept report's JSON, of the same
/// scope), and fills report.history (previous run, counts) and report.resolved. `previous_file`
/// is recorded as the file name the previous report was read from.
void compare_with_previous(Report& report, const nlohmann::json& previous,
                           const std::string& previous_file);

/// For `--history`: finds the newest readable report of the report's scope in options.dir,
/// compares with it (compare_with_previous) or records that there is none, then keeps this
/// report in the directory and removes the reports of its scope beyond options.keep. A kept
/// report that cannot be read is skipped with a warning; a failure to write is a run error
/// (report.errors), so a nightly job notices that its history stopped.
void record_history(Report& report, const HistoryOptions& options);

/// Checks, before a run, that `dir` exists or can be created and can be written. Throws
/// catalog::UsageError ("--history DIR: ...") otherwise.
void prepare_history_dir(const std::filesystem::path& dir);

/// One kept run, as `gpparity history DIR` lists it.
struct HistoryEntry {
    std::string file; ///< the file name within DIR
    std::string started;
    std::string command;
    std::string verdict;
    std::string scope;
    std::string target; ///< the target database and the side as given, for the reader
    double duration_s = 0.0;
    /// since_last counts; nullopt when that run had no earlier comparable run.
    std::optional<std::size_t> new_items;
    std::optional<std::size_t> persisting;
    std::optional<std::size_t> resolved;
};

/// The entry of one kept report's JSON. Throws nlohmann::json::exception when it is not a
/// gpparity report.
[[nodiscard]] HistoryEntry history_entry(const nlohmann::json& report, const std::string& file);

/// Every kept report in `dir`, oldest first; files that are not readable reports are listed in
/// `unreadable` (name and cause) and skipped. Throws catalog::UsageError when `dir` cannot be
/// listed.
[[nodiscard]] std::vector<HistoryEntry> list_history(const std::filesystem::path& dir,
                                                     std::vector<std::string>& unreadable);

/// The entries as JSON (`gpparity history --format json`): an array of objects with the
/// HistoryEntry fields (`new`, `persisting` and `resolved` null without an earlier run).
[[nodiscard]] nlohmann::json history_to_json(const std::vector<HistoryEntry>& entries);

/// The table `gpparity history DIR` prints: a header and one line per entry.
[[nodiscard]] std::string render_history(const std::vector<HistoryEntry>& entries);

} // namespace gpparity::verify
