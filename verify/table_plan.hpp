#pragma once
/// The plan of every run that reads table data (STYLE.md "Runs: a plan, then its execution";
/// DESIGN.md §3 steps 5-6). A pure function of the sides' table facts and the options decides,
/// per table, what is compared and how each side reads it:
/// - which tables: filters, partition roots and leaves, tables on one side only, tables whose
///   rows are never read (external, foreign, unpopulated materialized views);
/// - column matching and exclusions, and one select list and codec per side;
/// - the read path per side and segment: one copy_sql, one fan-out of work items;
/// - pushdown fields, placement comparability, the target's own placement check;
/// - partition roll-ups (which leaves make a root) and the statuses decided before reading.
/// No connection: identifiers are quoted by the functions in SideFacts (libpq's on a live side),
/// so every decision is unit-tested without a server. Executed by verify/data_run.cpp (`data`,
/// `check`, `snapshot --data`), verify/placement_run.cpp (`placement`) and
/// verify/drilldown_run.cpp (the drill-down reuses the stream plan's select lists).

#include "catalog/filter.hpp"
#include "catalog/flavor.hpp"
#include "checksum/bucket_key.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/compare.hpp"
#include "checksum/placement.hpp"
#include "checksum/placement_check.hpp"
#include "checksum/pushdown_sql.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/server_digest.hpp"
#include "checksum/table_result.hpp"
#include "checksum/table_spec.hpp"
#include "verify/data_strategy.hpp"
#include "verify/snapshot_data.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::verify {

/// Index of a side in every two-sided array of the plan.
inline constexpr std::size_t k_source = 0;
inline constexpr std::size_t k_target = 1;

/// Quotes an identifier or a literal for one side's server.
using Quote = std::function<std::string(std::string_view)>;

/// What the plan knows of one side: plain data, read before planning.
struct SideFacts {
    const checksum::ClusterTables* tables = nullptr; ///< every table and the type registry
    /// A snapshot file's digests stand in for this side (identity -> its table): nothing is
    /// read, the digests cover each table's digest_columns. Null for a live side.
    const std::map<std::string, const SnapshotTable*>* snapshot_tables = nullptr;
    catalog::Flavor flavor = catalog::Flavor::postgres;
    Via via = Via::segments;   ///< a live Greenplum side's read path (after the probe)
    std::vector<int> segments; ///< a live Greenplum side's primaries (content ids)
    bool utf8_text = true;     ///< pushdown: the server's text is UTF8
    const checksum::CompositeFields* composite_fields = nullptr; ///< pushdown digests only
    /// A live side with the gpparity extension: its digest aggregate, quoted and qualified.
    std::string digest_function;
    Quote quote_ident;
    Quote quote_literal;

    [[nodiscard]] bool is_snapshot() const noexcept { return snapshot_tables != nullptr; }
    [[nodiscard]] bool is_greenplum() const noexcept { return flavor != catalog::Flavor::postgres; }
    /// Rows come through the coordinator, each tagged with its segment's content id.
    [[nodiscard]] bool reads_coordinator() const noexcept {
        return is_greenplum() && via == Via::coordinator;
    }
};

/// One column of a select list: the column as quoted, and how plan_column reads it.
struct ColumnSelect {
    std::string quoted;
    checksum::ColumnRead read;
};

/// A side's select list.
struct SelectList {
    std::string sql;                     ///< comma-separated; "1" when no column is read
    std::vector<std::string> column_sql; ///< each read column's expression, codec order
    bool plain_columns = false;          ///< every column read as itself: `COPY t (cols) TO` works
};

/// The one select-list builder: `columns` in order, their codecs appended to `codec`. With no
/// column, rows are still counted: a constant is selected that nothing is encoded from.
[[nodiscard]] SelectList build_select_list(const std::vector<ColumnSelect>& columns,
                                           checksum::RowCodec& codec);

/// The relation one read scans, and how.
struct CopySource {
    std::string relation;             ///< quoted, schema-qualified
    std::string relation_literal;     ///< the same as a quoted SQL literal (gp_dist_random)
    bool through_coordinator = false; ///< Greenplum coordinator read: rows tagged with segment
    bool replicated = false;
    bool matview = false;
};

/// What a re-read adds to a COPY (the drill-down's).
struct CopyExtras {
    std::string display;    ///< extra select-list expressions after the canonical ones
    std::set<int> contents; ///< through the coordinator: only these segments (empty: all)
    std::string predicate;  ///< narrows the rows; empty: none
};

/// The one COPY statement of a stream read: `COPY t (cols) TO` when every column is read as
/// itself and nothing is added (the cheapest on the server: no projection, no children), else
/// `COPY (SELECT ... FROM ONLY t ...)`. Through the coordinator, rows lead with their
/// segment's content id (checksum::segment_scan).
[[nodiscard]] std::string copy_sql(const CopySource& source, const SelectList& select,
                                   const CopyExtras& extras = {});

/// One scan of a side: where it runs and whose rows it reads.
struct ReadItem {
    int endpoint = -1; ///< segment content id of the session; -1: the coordinator / PostgreSQL
    int segment = -1;  ///< the rows' content id, unless the codec has a leading segment id
};

/// The one fan-out of a side's scans: one per primary of a live Greenplum side read directly,
/// else one on the coordinator (`postgres_segment` tags a PostgreSQL side's rows).
[[nodiscard]] std::vector<ReadItem> fan_out(const SideFacts& side, int postgres_segment = -1);

/// How one side of one table is read.
struct SideRead {
    const checksum::TableSpec* spec = nullptr; ///< null: the table is not on this side
    checksum::RowCodec codec;
    SelectList select;
    std::vector<std::string> pushdown_fields; ///< pushdown: canonical row-constructor fields
    std::string signature;                    ///< pushdown: the side's class signature
    bool server_digest = false;  ///< pushdown through the extension: `c1` digests per segment
    std::string sql;             ///< the statement every item runs (COPY, or the aggregate)
    std::vector<ReadItem> items; ///< empty: this side is not read
};

/// One table of a data run.
struct TablePlan {
    std::string identity;
    std::array<SideRead, 2> sides;
    bool compared = false; ///< present on both sides and compared (its sides read or rolled up)
    std::optional<std::size_t> lone_side; ///< a leaf on one side only, read to count its rows
    bool rollup = false; ///< a partition root on at least one side: its leaves' sum
    checksum::PlacementDecision placement;
    checksum::TableResult result;                ///< prefilled: columns, exclusions, strategy
    std::optional<checksum::TableStatus> preset; ///< missing/extra/skipped/not_applicable
    /// Against a snapshot: why the content cannot be compared (only the counts are).
    std::string incomparable;
    /// The target's own placement check (live Greenplum target, stream strategy).
    std::optional<checksum::PlacementCheckPlan> target_check;
};

/// Options of the plan of a data run.
struct DataPlanOptions {
    Strategy strategy = Strategy::stream; ///< resolved: stream or pushdown
    Mode mode = Mode::hash;
    bool check_placement = true;
    catalog::Filter filter;
    /// Pushdown digests come from the gpparity extension (every live side has it): the
    /// columns are the stream plan's, and the digests are `c1`, like stream and snapshots.
    bool server_digest = false;
};

/// The plan of a data run: its tables in identity order, and the leaves of each root.
struct DataPlan {
    Strategy strategy = Strategy::stream;
    Mode mode = Mode::hash;
    std::vector<TablePlan> tables;
    std::map<std::string, std::vector<std::size_t>> leaves_of; ///< root -> indexes in tables
};

/// --include on a partition root includes its leaves; --exclude on a root excludes them.
[[nodiscard]] bool is_selected(const catalog::Filter& filter, const checksum::TableSpec& table);

/// Throws UsageError for an --include that matches no table of any of `sides`.
void require_includes_match(const catalog::Filter& filter,
                            const std::vector<const checksum::ClusterTables*>& sides);

/// Plans a comparison of two sides (source = sides[0]). Pure; throws nothing for any input.
[[nodiscard]] DataPlan plan_data(const std::array<SideFacts, 2>& sides,
                                 const DataPlanOptions& options);

/// The stream strategy's columns of a compared table (for the drill-down of a pushdown run,
/// whose digests carry no rows): a copy of `table` with each side's select list and codec, and
/// the matched and excluded columns. Reads nothing: `sql` and `items` stay empty.
[[nodiscard]] TablePlan plan_stream_columns(const TablePlan& table,
                                            const std::array<SideFacts, 2>& sides);

/// Plans the digests of one live side for a snapshot file (`snapshot --data`): each table as a
/// leaf present on one side is, every readable column in attnum order, in sides[k_source].
/// `result.column_names` are the digest columns, `result.excluded_columns` the rest.
[[nodiscard]] DataPlan plan_snapshot(const SideFacts& side, const catalog::Filter& filter);

/// TEST ONLY (hidden option `--test-pretend-distribution`): treat every selected table of a
/// PostgreSQL target as if it were hash-distributed by `key_columns` (their types' default or,
/// with `legacy`, legacy cdbhash opclasses) over `numsegments` segments, with all its rows on
/// content id `segment`. Lets the whole read path run in CI, which has no Greenplum; the
/// report says it was used. Never meaningful on a real cluster, and refused there.
struct PretendDistribution {
    std::vector<std::string> key_columns;
    int numsegments = 1;
    int segment = 0;
    bool legacy = false;
};

/// One table of a `placement` run.
struct PlacementTable {
    const checksum::TableSpec* spec = nullptr; ///< the table, or its pretended twin
    checksum::PlacementCheckPlan check;
    SideRead read;                ///< no items: not read
    checksum::TableResult result; ///< prefilled: status and note of a table not read
};

/// The plan of a `placement` run over one live side (the target).
struct PlacementPlan {
    std::vector<std::unique_ptr<checksum::TableSpec>> pretended; ///< owns the pretended specs
    std::vector<PlacementTable> tables;                          ///< in the side's table order
};

/// Plans the placement check of every selected table: a hash-distributed table reads its key
/// columns raw (the digest only counts rows), a replicated one its whole rows (so segments can
/// be compared), a randomly distributed one is not read; what cannot be checked says why.
[[nodiscard]] PlacementPlan plan_placement(const SideFacts& target, const catalog::Filter& filter,
                                           const std::optional<PretendDistribution>& pretend);

/// A leaf's part in its root's status: a leaf missing on one side changes the root's counts;
/// a leaf that is not compared does not change the root.
[[nodiscard]] checksum::TableStatus rollup_contribution(checksum::TableStatus leaf) noexcept;

/// Fills the digests of every compared root on each side it is a root on: per content id, the
/// sum of its leaves' digests there (an unread leaf makes the root an error).
void roll_up_digests(const DataPlan& plan,
                     std::map<std::string, std::array<checksum::SideDigests, 2>>& digests);

/// A table whose content could not be compared keeps a count difference, else is skipped with
/// the reason.
void apply_incomparable(const TablePlan& table, checksum::TableResult& result);

} // namespace gpparity::verify
