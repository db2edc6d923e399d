#pragma once
/// Helpers the report writers share (verify/writers.hpp): escaping of hostile text, display
/// truncation, counts and the one-line verdict headline. Internal to verify/write_*.cpp; pure.

#include "verify/report.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpparity::verify::detail {

/// `text` with every byte sequence that is not valid UTF-8 (including encoded surrogates and
/// overlong forms) replaced by U+FFFD, so every writer emits valid UTF-8.
[[nodiscard]] std::string clean_utf8(std::string_view text);

/// clean_utf8, then control characters (C0, DEL, C1) made visible as `\n`, `\t`, `\r` or
/// `\xNN` / `\u00NN`, so a hostile name cannot move a terminal's cursor or break a markup line.
/// A backslash stays a backslash.
[[nodiscard]] std::string printable(std::string_view text);

/// At most `max_chars` code points of `text` (already valid UTF-8); when it is cut, the last
/// kept code point is followed by "…" (counted in max_chars).
[[nodiscard]] std::string truncate_display(std::string_view text, std::size_t max_chars);

/// Number of code points (display columns, ignoring wide characters) of valid UTF-8 text.
[[nodiscard]] std::size_t display_width(std::string_view text);

/// catalog::pg::redact_secrets, for option values, warnings, errors and messages.
[[nodiscard]] std::string redacted(std::string_view text);

/// A copy of `report` with redact_secrets applied to every free text that could quote a
/// connection string or an object's options: option values, warnings, errors, table messages,
/// placement notes, excluded columns, finding details and reasons. Row values (user data) are
/// left as they are. Every public writer renders such a copy.
[[nodiscard]] Report redact_report(const Report& report);

/// 1234567 -> "1,234,567"; nullopt -> "-".
[[nodiscard]] std::string format_count(std::optional<std::uint64_t> count);
/// A value of a finding detail or drill-down row: the text, or "NULL" when absent.
[[nodiscard]] std::string format_value(const std::optional<std::string>& value);
/// "(k1, k2)" of a key.
[[nodiscard]] std::string format_key(const std::vector<std::optional<std::string>>& key);

/// A drill-down value before display: NULL bare, the text in single quotes (quotes doubled)
/// when bare text would be ambiguous — empty, "NULL" in any letter case, or holding a blank, a
/// comma or a quote. Neither made printable nor cut.
[[nodiscard]] std::string format_row_value(const std::optional<std::string>& value);

/// One column of a drill-down row, ready to display: printable, quoted (format_row_value) and
/// cut to the writer's width. Plain text: each writer escapes it for its markup.
struct RowCell {
    std::string column; ///< the column's name, or "column N" when the table has none for it
    std::string value;  ///< the value; for a changed column, the source's
    std::optional<std::string> target_value; ///< set only for a changed column: the target's
};

/// A drill-down row (checksum::RowDifference) as the human-readable writers show it.
struct RowDescription {
    /// "(42) changed", "(777) missing in target", or without a key
    /// "missing in target (copies: source 20, target 19)"; copies also when a side holds more
    /// than one.
    std::string heading;
    /// A changed row (primary key, same columns on both sides): `cells` are only the columns
    /// whose values differ (RowDifference::changed_columns: a float GP6 and GP7 print
    /// differently is not one). Otherwise `cells` are every column of the side that holds the
    /// row.
    bool only_differences = false;
    std::vector<RowCell> cells;
};

/// How the human-readable writers show one drill-down row of `column_names`' table: key and
/// values cut to `max_chars` each, a changed value around its first difference (display_pair).
[[nodiscard]] RowDescription describe_row(const checksum::RowDifference& row,
                                          const std::vector<std::string>& column_names,
                                          std::size_t max_chars);
/// "amount 7" for a value, "note NULL → ''" for a changed column.
[[nodiscard]] std::string format_row_cell(const RowCell& cell);

/// The statuses in the order writers list them.
[[nodiscard]] const std::vector<catalog::FindingStatus>& finding_status_order();
[[nodiscard]] const std::vector<checksum::TableStatus>& table_status_order();
/// Finding statuses that need action (everything but expected_change), in listing order.
[[nodiscard]] const std::vector<catalog::FindingStatus>& finding_action_order();
/// Table statuses listed table by table: differences first, then error, then skipped, then
/// not_applicable (no action needed: listed with the reason).
[[nodiscard]] const std::vector<checksum::TableStatus>& table_action_order();

/// What the headline and the summaries count.
struct Tally {
    std::size_t catalog_differences = 0; ///< findings that fail the verdict
    std::size_t expected_changes = 0;
    std::size_t waived_findings = 0;    ///< findings a waiver accepted
    std::uint64_t objects_compared = 0; ///< sum of CatalogSection::compared
    std::size_t tables = 0;
    std::size_t tables_differ = 0;         ///< checksum::is_difference
    std::size_t tables_incomplete = 0;     ///< skipped or error
    std::size_t tables_not_applicable = 0; ///< external and foreign tables
    std::size_t tables_waived = 0;         ///< differences a waiver accepted
    std::size_t tables_matching = 0;
    std::size_t run_errors = 0; ///< Report::errors
};
[[nodiscard]] Tally tally(const Report& report);

/// Findings per status: every status present, zeros included (the JSON contract); without
/// `every_status`, `waived` only when some finding is (what readers of runs without waivers
/// expect to see).
[[nodiscard]] std::vector<std::pair<catalog::FindingStatus, std::size_t>>
finding_counts(const CatalogSection& catalog, bool every_status = false);
/// Tables per status (only statuses that occur, in table_status_order).
[[nodiscard]] std::vector<std::pair<checksum::TableStatus, std::size_t>>
table_counts(const DataSection& data);
/// expected_change findings per rule, most frequent first, then by rule name.
[[nodiscard]] std::vector<std::pair<std::string, std::size_t>>
expected_rules(const CatalogSection& catalog);

/// Both sides of a differing value, ready to print within `max_chars` each: whitespace runs
/// collapsed to one space (unless whitespace is the only difference), control characters made
/// visible, and when the first difference lies beyond what fits, both cut to start shortly
/// before it with a leading "…", so the shortened values still show what differs.
[[nodiscard]] std::pair<std::string, std::string>
display_pair(const std::optional<std::string>& source, const std::optional<std::string>& target,
             std::size_t max_chars);

/// "PASS", "FAIL" or "INCOMPLETE".
[[nodiscard]] std::string verdict_word(Verdict verdict);
/// What follows the verdict word: "3 catalog differences, 2 tables differ" or, on a pass,
/// "the target is complete: 152 objects and 12 tables compared".
[[nodiscard]] std::string verdict_summary(const Report& report);

/// The line every human-readable report opens with under `--history` (empty without it):
/// "since the previous run (2026-12-04T02:00:01Z, fail): 2 new, 5 persisting, 1 resolved", or
/// that no earlier comparable run was kept in the directory.
[[nodiscard]] std::string history_summary(const Report& report);

/// The report the human formats (text, Markdown, HTML, JUnit) render: redact_report's, with
/// every finding's and table's identity qualified by its database under --all-databases.
[[nodiscard]] Report human_report(const Report& report);

/// `--all-databases`: one line per database, "shop: compared, 2 catalog differences, 1 table
/// to look at" / "old: missing in target"; empty for a single-database report.
[[nodiscard]] std::vector<std::string> database_lines(const Report& report);

/// An identity as the human formats show it: "shop: public.orders" under --all-databases (the
/// database, then the identity), the identity alone otherwise.
[[nodiscard]] std::string qualified(const std::string& database, const std::string& identity);

/// "table public.orders (was content mismatch)": one resolved item, plain text.
[[nodiscard]] std::string resolved_label(const ResolvedItem& item);

/// One line about a table's rows: "source 1,000 rows, target 999 rows".
[[nodiscard]] std::string rows_summary(const checksum::TableResult& table);
/// A segment needs to be shown when it did not match.
[[nodiscard]] bool is_segment_problem(const checksum::SegmentResult& segment);

/// Human label of a status: "missing_in_target" -> "missing in target".
[[nodiscard]] std::string status_label(std::string_view status);

/// "(unchanged since 2026-12-04T02:00:00Z)" for a table whose digests --skip-unchanged reused,
/// empty otherwise: what every writer puts after its status.
[[nodiscard]] std::string reused_note(const checksum::TableResult& table);

/// "3 tables unchanged since an earlier run (--skip-unchanged): 1,200 rows not read again",
/// empty without --skip-unchanged.
[[nodiscard]] std::string reuse_summary(const DataSection& data);

/// "gp6 6.26.0 (PostgreSQL 9.4.26)" / "postgres 15.8": flavor and versions on one line.
[[nodiscard]] std::string version_line(const catalog::ClusterIdentity& identity);

/// One line naming a backup set that stands in for a side: "gpbackup backup DIR, timestamp
/// 20261204101500, gpbackup 1.30.3, 2 segments, gzip, files per table and segment, status
/// Success" (plus the incremental chain).
[[nodiscard]] std::string backup_line(const BackupEvidence& backup);

/// Display limits shared by the human-readable writers (JSON is never truncated).
inline constexpr std::size_t k_value_chars = 72;       ///< a detail value in text
inline constexpr std::size_t k_wide_value_chars = 160; ///< a detail value in markdown/html
inline constexpr std::size_t k_segments_shown = 10;    ///< problem segments per table
inline constexpr std::size_t k_rows_shown = 5;         ///< misplaced-row examples per table

} // namespace gpparity::verify::detail
