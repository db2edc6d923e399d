#pragma once
/// The data verdict for one table (DESIGN.md §3 step 7, §7 "data"): what the checksum engine
/// returns per table and what the report prints. Pure data.

#include "catalog/finding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

enum class TableStatus {
    match,
    count_match,
    count_mismatch,
    content_mismatch,
    placement_mismatch,
    missing_in_target,
    extra_in_target,
    skipped,
    error,
    /// External and foreign tables: their rows live outside the cluster (their definitions are
    /// compared by the catalog diff). Listed with the reason, and left out of the verdict.
    not_applicable,
    /// A difference a waiver accepts (verify/waivers.hpp): reported, never failing the run.
    waived,
};

[[nodiscard]] std::string_view to_string(TableStatus status) noexcept;
[[nodiscard]] std::optional<TableStatus> parse_table_status(std::string_view name) noexcept;
/// skipped and error make a run incomplete.
[[nodiscard]] constexpr bool is_incomplete(TableStatus s) noexcept {
    return s == TableStatus::skipped || s == TableStatus::error;
}
/// Everything but match, count_match, not_applicable, waived, skipped and error is a difference.
[[nodiscard]] constexpr bool is_difference(TableStatus s) noexcept {
    return !(s == TableStatus::match || s == TableStatus::count_match ||
             s == TableStatus::not_applicable || s == TableStatus::waived || is_incomplete(s));
}

/// One segment of one table. On PostgreSQL the only segment is content -1.
struct SegmentResult {
    int content = -1;
    std::optional<std::uint64_t> source_rows;
    std::optional<std::uint64_t> target_rows;
    TableStatus status = TableStatus::match;
};

/// A row gpparity found on the wrong segment (placement check against the target's policy).
struct MisplacedRow {
    std::vector<std::optional<std::string>> key; ///< distribution key values as text
    int on_segment = 0;
    int belongs_to = 0;
};

/// A differing row found by drill-down.
struct RowDifference {
    std::string change; ///< missing_in_target | extra_in_target | changed
    std::vector<std::optional<std::string>> key;
    std::vector<std::optional<std::string>> source; ///< values as the server prints them
    std::vector<std::optional<std::string>> target;
    std::uint64_t source_copies = 0;
    std::uint64_t target_copies = 0;
    /// For a changed row: the columns (indexes into `source`/`target`) whose values differ, as
    /// the canonical encoding compares them — not their text, which may differ for equal values
    /// (floats print differently on GP6 and GP7). Empty otherwise.
    std::vector<std::size_t> changed_columns;
};

struct TableResult {
    std::string table;    ///< report identity (schema-qualified, quoted as quote_ident would)
    std::string database; ///< `--all-databases`: the table's database; empty otherwise
    TableStatus status = TableStatus::match;
    std::string strategy; ///< stream | pushdown
    std::optional<std::uint64_t> source_rows;
    std::optional<std::uint64_t> target_rows;
    bool placement_compared = false;
    std::string placement_note;
    std::vector<std::string> excluded_columns; ///< "column: reason"
    std::string message; ///< for skipped/error: the reason or the server's message
    std::optional<catalog::AppliedWaiver> waiver; ///< set exactly when status is waived
    /// `new` or `persisting` against the previous comparable run (`--history`,
    /// verify/history.hpp); empty without one.
    std::string since_last;
    /// `--skip-unchanged`: the digests are those of the run started at this time (ISO 8601
    /// UTC), reused because neither side's storage changed since (verify/reuse.hpp); empty when
    /// the table was read in this run.
    std::string reused_from;
    std::vector<SegmentResult> segments;
    std::optional<std::uint64_t> misplaced_rows; ///< set when the placement check ran
    std::vector<MisplacedRow> misplaced_examples;
    std::vector<std::string> column_names; ///< matched columns, in comparison order
    std::vector<RowDifference> rows;       ///< drill-down, when asked
};

} // namespace gpparity::checksum
