#pragma once
/// The drill-down step of a data run (`--show-rows N`, issue 8): for tables whose counts or
/// contents differ, find the rows that differ and put up to N of them in the table's result
/// (`rows`). Works from the stream strategy's bucket digests when the run has them; otherwise
/// (pushdown) it first re-reads the given segments with the stream codec to get them. Then only
/// the segments holding rows in differing buckets are re-read, keeping only those buckets'
/// rows (checksum/drilldown.hpp), each row with its values as the server prints them.

#include "catalog/cluster.hpp"
#include "checksum/interrupt.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/segment_digest.hpp"
#include "checksum/table_result.hpp"
#include "verify/report.hpp"
#include "verify/table_plan.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gpparity::verify {

/// One side of one table to drill into.
struct DrillSide {
    catalog::Cluster* cluster = nullptr; ///< outlives the call; only read and opened
    std::string table;                   ///< schema-qualified, quoted
    /// The canonical select list the checksum read used (verify/table_plan.hpp). Its
    /// column_sql (codec order) lets the server compute the bucket hash (checksum::bucket_sql);
    /// empty: the server cannot filter by bucket.
    SelectList select;
    std::vector<std::string> columns; ///< matched column names (raw), in select order
    checksum::RowCodec codec;         ///< the checksum codec, without a leading segment id
    bool via_coordinator = false;     ///< Greenplum: read through the coordinator
    bool replicated = false;
    /// The stream digests per content id (with buckets); nullopt when the run has none
    /// (pushdown): then `segments` are re-read first to compute them.
    std::optional<std::map<int, checksum::SegmentDigest>> digests;
    /// Without digests: the content ids to re-read (the mismatching ones); empty = all.
    std::set<int> segments;
};

struct DrillTable {
    DrillSide source;
    DrillSide target;
    /// The bucket key is the source's primary key, matched on both sides: rows with the same
    /// key are one changed row.
    bool keyed = false;
    /// Placement is compared per segment (same numsegments and policy).
    bool per_segment = false;
    checksum::TableResult* result = nullptr; ///< where `rows` go; outlives the call
};

struct DrillOptions {
    std::size_t max_rows = 0; ///< per table
    int jobs = 4;             ///< concurrent sessions
    checksum::Interrupt* interrupt = nullptr;
    /// When the differing buckets hold more rows than this (both sides), a first re-read
    /// computes a second level of 65536 fine buckets per bucket, and the second keeps only the
    /// rows of the differing fine buckets: memory stays small whatever the table size.
    std::uint64_t keep_without_fine_buckets = 20000;
    /// Ask the servers for the rows of the differing buckets only (`WHERE <bucket hash> ...`),
    /// where both sides compute the bucket in SQL. A re-read that does not then reproduce the
    /// checksum's bucket digests is done again without it.
    bool server_filter = true;
};

/// What one table's drill-down read (for the report's warnings and the bench).
struct DrillStats {
    std::string table;
    std::size_t differing_buckets = 0;
    std::size_t differing_fine_buckets = 0; ///< when the fine level ran
    std::size_t segments_read = 0;          ///< re-reads (per side and segment) for the rows
    std::uint64_t rows_read = 0;   ///< rows that arrived in those re-reads (every pass), both sides
    std::uint64_t rows_kept = 0;   ///< rows held in memory at the end, both sides
    std::uint64_t rows_differ = 0; ///< differing rows found (before the limit)
    std::uint64_t digest_rows_read = 0; ///< rows read first to compute digests (pushdown)
    bool server_filtered = false;       ///< the servers sent only the differing buckets' rows
    /// Why the server-filtered re-read was done again without the filter (empty: it was not).
    std::string unfiltered_because;
    /// The re-read did not reproduce the checksum's digests of the buckets it read: the table
    /// changed since it was compared, and the rows found may be incomplete.
    bool changed_since_checksum = false;
    std::optional<std::string> error;
};

/// The select-list expressions that print `columns` as the server does (`c::text` in the pinned
/// session: floats exact with extra_float_digits=3), comma-separated.
[[nodiscard]] std::string display_list(const catalog::pg::Connection& conn,
                                       const std::vector<std::string>& columns);

/// Drills into every table in `tables`, filling `result->rows` (at most max_rows each, in key
/// order). A table whose re-read fails keeps no rows and gets a warning naming the failure;
/// every table gets a warning line with what was re-read. Throws what breaks the run (lost
/// connection, CancelledError on interrupt).
std::vector<DrillStats> drill_down(std::vector<DrillTable>& tables, const DrillOptions& options,
                                   Report& report);

} // namespace gpparity::verify
