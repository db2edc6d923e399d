#include "verify/data_run.hpp"

#include "catalog/error.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/bucket_key.hpp"
#include "checksum/compare.hpp"
#include "checksum/count_compare.hpp"
#include "checksum/engine.hpp"
#include "checksum/interrupt.hpp"
#include "checksum/pg_scan.hpp"
#include "checksum/placement.hpp"
#include "checksum/placement_check.hpp"
#include "checksum/pushdown.hpp"
#include "checksum/table_spec.hpp"
#include "verify/data_strategy.hpp"
#include "verify/drilldown_run.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace gpparity::verify {

namespace {

using checksum::TableKind;
using checksum::TableSpec;
using checksum::TableStatus;

constexpr std::size_t k_source = 0;
constexpr std::size_t k_target = 1;

// One side of one table in the plan.
struct SidePlan {
    const TableSpec* spec = nullptr;
    checksum::RowCodec codec;
    std::string select_list;
    std::vector<std::string> column_sql; // each matched column's select-list expression
    bool plain_columns = false;     // every column read as itself: `COPY table (cols) TO` works
    std::vector<std::size_t> items; // indexes into that side's SideWork::items (or PushdownSide)
    std::vector<std::string> pushdown_fields; // pushdown: canonical row-constructor fields
    std::string signature;                    // pushdown: the side's class signature
};

struct TablePlan {
    std::string identity;
    std::array<SidePlan, 2> sides;
    bool read = false;   // streams are planned for both sides
    std::optional<std::size_t> lone_side; // a leaf on one side only, read to count its rows
    bool rollup = false; // a partition root on at least one side
    checksum::PlacementDecision placement;
    checksum::TableResult result;
    std::optional<TableStatus> preset; // missing/extra/skipped decided while planning
    // Against a snapshot: why the content cannot be compared (only the counts are).
    std::string incomparable;
    // The target's own placement check (--check-placement, checksum/placement_check.hpp).
    std::optional<checksum::PlacementCheckPlan> target_check;
};

struct ClusterSide {
    catalog::Cluster* cluster = nullptr;   // null for a snapshot side
    const SnapshotData* snapshot = nullptr; // the digests standing in for a cluster
    std::map<std::string, const SnapshotTable*> snapshot_tables;
    checksum::ClusterTables tables;
    std::map<std::string, const TableSpec*> by_identity;
    bool via_coordinator = false;
    checksum::CompositeFields composite_fields; // pushdown only
};

bool is_unread_kind(TableKind kind) {
    return kind == TableKind::external || kind == TableKind::foreign;
}

std::string unread_reason(TableKind kind) {
    return kind == TableKind::external
               ? "external table: its data lives outside the cluster and is never read (reading "
                 "may run a command); its definition is compared by the catalog diff"
               : "foreign table: its data lives outside the cluster and is never read (reading "
                 "may run a command or reach another server); its definition is compared by the "
                 "catalog diff";
}

// --include on a partition root includes its leaves; --exclude on a root excludes them.
bool accepted(const catalog::Filter& filter, const TableSpec& t) {
    if (!t.root_name.empty()) {
        catalog::Filter excludes({}, filter.excludes());
        if (!excludes.accepts(t.root_schema, t.root_name)) {
            return false;
        }
        return filter.accepts(t.schema, t.name) || filter.accepts(t.root_schema, t.root_name);
    }
    return filter.accepts(t.schema, t.name);
}

// Matches columns by name (source order), plans each side's read and codec, and lists what
// cannot be compared.
void plan_columns(TablePlan& plan, ClusterSide& source, ClusterSide& target) {
    const TableSpec& s = *plan.sides[k_source].spec;
    const TableSpec& t = *plan.sides[k_target].spec;
    std::array<std::string, 2> select;
    std::array<bool, 2> plain{true, true};
    std::vector<std::string> matched;
    for (const auto& column : s.columns) {
        auto other =
            std::find_if(t.columns.begin(), t.columns.end(),
                         [&](const checksum::ColumnSpec& c) { return c.name == column.name; });
        if (other == t.columns.end()) {
            plan.result.excluded_columns.push_back(column.name + ": only in source");
            continue;
        }
        std::string quoted_source = source.cluster->coordinator().quote_ident(column.name);
        std::string quoted_target = target.cluster->coordinator().quote_ident(other->name);
        checksum::ColumnPlan sp =
            checksum::plan_column(source.tables.types, column.type_oid, quoted_source);
        checksum::ColumnPlan tp =
            checksum::plan_column(target.tables.types, other->type_oid, quoted_target);
        if (!sp.read || !tp.read) {
            plan.result.excluded_columns.push_back(
                column.name + ": " +
                (!sp.read ? sp.excluded_reason + " (source " + column.type_name + ")"
                          : tp.excluded_reason + " (target " + other->type_name + ")"));
            continue;
        }
        for (std::size_t side = 0; side < 2; ++side) {
            const checksum::ColumnRead& read = side == k_source ? *sp.read : *tp.read;
            select[side] += (select[side].empty() ? "" : ", ") + read.sql;
            plan.sides[side].column_sql.push_back(read.sql);
            plain[side] =
                plain[side] && read.sql == (side == k_source ? quoted_source : quoted_target);
            plan.sides[side].codec.columns.push_back(read.codec);
        }
        matched.push_back(column.name);
    }
    for (const auto& column : t.columns) {
        if (std::none_of(s.columns.begin(), s.columns.end(),
                         [&](const checksum::ColumnSpec& c) { return c.name == column.name; })) {
            plan.result.excluded_columns.push_back(column.name + ": only in target");
        }
    }
    plan.result.column_names = matched;
    if (matched.empty()) {
        // Rows are still counted: select a constant nothing is encoded from.
        for (std::size_t side = 0; side < 2; ++side) {
            select[side] = "1";
            plain[side] = false;
            plan.sides[side].codec.columns.push_back(
                checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
        }
    }
    // Bucket key: primary key, else distribution key, else the whole row; by name, so both
    // sides bucket alike.
    auto key_indexes = [&](const std::vector<std::string>& names) {
        std::vector<std::size_t> out;
        for (const auto& name : names) {
            auto it = std::find(matched.begin(), matched.end(), name);
            if (it == matched.end()) {
                return std::vector<std::size_t>{};
            }
            out.push_back(static_cast<std::size_t>(it - matched.begin()));
        }
        return out;
    };
    std::vector<std::size_t> key = key_indexes(s.primary_key);
    if (key.empty()) {
        key = key_indexes(s.policy.key_columns);
    }
    for (std::size_t side = 0; side < 2; ++side) {
        plan.sides[side].codec.key_columns = key;
    }
    // The bucket is hashed from the key's columns that the servers can hash too.
    std::vector<std::size_t> bucket =
        checksum::choose_bucket_columns(plan.sides[k_source].codec, plan.sides[k_target].codec);
    for (std::size_t side = 0; side < 2; ++side) {
        plan.sides[side].codec.bucket_columns = bucket;
        plan.sides[side].select_list = select[side];
        plan.sides[side].plain_columns = plain[side];
    }
}

// A partition leaf that exists on one side only is still read on that side, so its root's sum
// and its own row count are right.
void plan_lone_side(TablePlan& plan, std::size_t s, ClusterSide& side) {
    SidePlan& sp = plan.sides[s];
    std::string select;
    bool plain = true;
    for (const auto& column : sp.spec->columns) {
        std::string quoted = side.cluster->coordinator().quote_ident(column.name);
        checksum::ColumnPlan cp = checksum::plan_column(side.tables.types, column.type_oid, quoted);
        if (!cp.read) {
            continue;
        }
        select += (select.empty() ? "" : ", ") + cp.read->sql;
        plain = plain && cp.read->sql == quoted;
        sp.codec.columns.push_back(cp.read->codec);
    }
    if (select.empty()) {
        select = "1";
        plain = false;
        sp.codec.columns.push_back(
            checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
    }
    sp.select_list = select;
    sp.plain_columns = plain;
    plan.lone_side = s;
}

std::string copy_sql(ClusterSide& side, const TableSpec& spec, const SidePlan& plan) {
    const std::string& select_list = plan.select_list;
    std::string table =
        catalog::pg::qualified_name(side.cluster->coordinator(), spec.schema, spec.name);
    if (!side.via_coordinator || !side.cluster->is_greenplum()) {
        if (plan.plain_columns && spec.kind != TableKind::matview) {
            // `COPY table (columns) TO` reads that table only (no children, like ONLY) and skips
            // the executor's projection: measurably cheaper on the server than COPY (SELECT).
            return "COPY " + table + " (" + select_list + ") TO STDOUT (FORMAT binary)";
        }
        return "COPY (SELECT " + select_list + " FROM ONLY " + table +
               ") TO STDOUT (FORMAT binary)";
    }
    // Through the coordinator, rows are tagged with their segment; a plain scan of a replicated
    // table reads one segment, gp_dist_random reads every copy (greenplum.md §2.3).
    checksum::SegmentScan scan = checksum::segment_scan(
        table, side.cluster->coordinator().quote_literal(table),
        spec.policy.kind == checksum::DistributionPolicy::Kind::replicated);
    return "COPY (SELECT " + scan.segment_id + ", " + select_list + " FROM " + scan.from +
           ") TO STDOUT (FORMAT binary)";
}

void add_items(ClusterSide& side, TablePlan& plan, std::size_t s, checksum::SideWork& work) {
    SidePlan& sp = plan.sides[s];
    const TableSpec& spec = *sp.spec;
    std::string sql = copy_sql(side, spec, sp);
    if (!side.cluster->is_greenplum()) {
        sp.items.push_back(work.items.size());
        work.items.push_back(checksum::ScanItem{-1, sql, &sp.codec, -1});
        return;
    }
    if (side.via_coordinator) {
        sp.codec.leading_segment_id = true;
        sp.items.push_back(work.items.size());
        work.items.push_back(checksum::ScanItem{-1, sql, &sp.codec, -1});
        return;
    }
    for (const auto& segment : side.cluster->identity().segments) {
        sp.items.push_back(work.items.size());
        work.items.push_back(checksum::ScanItem{segment.content, sql, &sp.codec, segment.content});
    }
}

checksum::PushdownTypes pushdown_types(ClusterSide& side) {
    catalog::pg::Connection& conn = side.cluster->coordinator();
    return {&side.tables.types, &side.composite_fields,
            [&conn](std::string_view name) { return conn.quote_ident(name); }};
}

// Pushdown: the canonical fields of both sides (checksum/pushdown_sql.hpp), matched by name.
void plan_pushdown(TablePlan& plan, std::array<ClusterSide, 2>& sides) {
    checksum::PushdownColumns columns = checksum::plan_pushdown_columns(
        *plan.sides[k_source].spec, *plan.sides[k_target].spec,
        {pushdown_types(sides[k_source]), pushdown_types(sides[k_target])});
    plan.result.excluded_columns = columns.excluded;
    plan.result.column_names = columns.matched;
    for (std::size_t s = 0; s < 2; ++s) {
        plan.sides[s].pushdown_fields = std::move(columns.fields[s]);
        plan.sides[s].signature = std::move(columns.signatures[s]);
    }
}

// Pushdown for a leaf on one side only: every column it can render, so the root's sum is right.
void plan_pushdown_lone_side(TablePlan& plan, std::size_t s, ClusterSide& side) {
    checksum::PushdownTypes types = pushdown_types(side);
    std::vector<std::string> classes;
    for (const auto& column : plan.sides[s].spec->columns) {
        checksum::PushdownColumn c = checksum::plan_pushdown_column(
            *types.types, *types.fields, column.type_oid, types.quote(column.name), types.quote);
        if (c.sql) {
            plan.sides[s].pushdown_fields.push_back(*c.sql);
            classes.push_back(c.value_class);
        }
    }
    plan.sides[s].signature = checksum::pushdown_signature(classes);
    plan.lone_side = s;
}

// One aggregate query per table side, on the coordinator: the digest query, or in count mode
// the count query.
void add_pushdown_item(ClusterSide& side, TablePlan& plan, std::size_t s, bool count_only,
                       checksum::PushdownSide& work) {
    SidePlan& sp = plan.sides[s];
    catalog::pg::Connection& conn = side.cluster->coordinator();
    checksum::PushdownRelation relation;
    relation.relation = catalog::pg::qualified_name(conn, sp.spec->schema, sp.spec->name);
    relation.relation_literal = conn.quote_literal(relation.relation);
    relation.greenplum = side.cluster->is_greenplum();
    relation.replicated = sp.spec->policy.kind == checksum::DistributionPolicy::Kind::replicated;
    relation.utf8 = checksum::has_utf8_text(conn);
    checksum::PushdownItem item;
    item.count_only = count_only;
    item.sql = count_only ? checksum::pushdown_count_sql(relation)
                          : checksum::pushdown_digest_sql(relation, sp.pushdown_fields);
    item.signature = sp.signature;
    sp.items.push_back(work.items.size());
    work.items.push_back(std::move(item));
}

checksum::SideDigests gather(const ClusterSide& side, const SidePlan& sp,
                             const std::vector<checksum::ScanOutcome>& outcomes) {
    checksum::SideDigests out;
    out.replicated = sp.spec->policy.kind == checksum::DistributionPolicy::Kind::replicated;
    if (side.cluster->is_greenplum()) {
        // Segments with no rows are still segments with zero rows.
        for (const auto& segment : side.cluster->identity().segments) {
            out.segments[segment.content];
        }
    }
    for (std::size_t item : sp.items) {
        const checksum::ScanOutcome& o = outcomes[item];
        if (!o.done) {
            out.error = "not finished: the run was interrupted";
            continue;
        }
        if (o.error) {
            out.error = *o.error;
            continue;
        }
        for (const auto& [content, digest] : o.segments) {
            out.segments[content] += digest;
        }
    }
    if (out.error) {
        out.segments.clear();
    }
    return out;
}

// A snapshot side's digests of one table, shaped as gather() shapes a live side's.
checksum::SideDigests gather_snapshot(const ClusterSide& side, const std::string& identity) {
    checksum::SideDigests out;
    const SnapshotTable& t = *side.snapshot_tables.at(identity);
    out.replicated = t.spec.policy.kind == checksum::DistributionPolicy::Kind::replicated;
    if (t.error) {
        out.error = "when the snapshot was taken: " + *t.error;
        return out;
    }
    if (!t.read) {
        out.error = "the snapshot holds no digests of this table";
        return out;
    }
    if (side.snapshot->flavor != "postgres") {
        for (int content : side.snapshot->segment_contents) {
            out.segments[content];
        }
    }
    for (const auto& [content, digest] : t.segments) {
        out.segments[content].total = digest;
    }
    return out;
}

// Columns against a snapshot side: the snapshot's digests cover its own column list, so the
// other side must encode exactly those columns in that order. When it cannot (a column is
// missing or unreadable there), rows are still counted and the content is reported as not
// compared.
void plan_columns_fixed(TablePlan& plan, std::array<ClusterSide, 2>& sides) {
    const std::size_t fixed = sides[k_source].snapshot != nullptr ? k_source : k_target;
    const std::size_t other = 1 - fixed;
    const std::string other_name = other == k_source ? "source" : "target";
    const SnapshotTable& ft = *sides[fixed].snapshot_tables.at(plan.identity);
    const std::vector<std::string>& order = ft.digest_columns;
    plan.result.excluded_columns = ft.excluded_columns;
    plan.result.column_names = order;
    auto mentioned = [&](const std::string& name) {
        return std::find(order.begin(), order.end(), name) != order.end() ||
               std::any_of(ft.excluded_columns.begin(), ft.excluded_columns.end(),
                           [&](const std::string& e) { return e.rfind(name + ": ", 0) == 0; });
    };
    SidePlan& sp = plan.sides[other];
    const TableSpec& spec = *sp.spec;
    if (sides[other].snapshot != nullptr) {
        if (sides[other].snapshot_tables.at(plan.identity)->digest_columns != order) {
            plan.incomparable = "content not compared: the two snapshots' digests cover "
                                "different columns";
        }
        return;
    }
    ClusterSide& live = sides[other];
    std::string select;
    bool plain = true;
    for (const auto& name : order) {
        auto column =
            std::find_if(spec.columns.begin(), spec.columns.end(),
                         [&](const checksum::ColumnSpec& c) { return c.name == name; });
        if (column == spec.columns.end()) {
            plan.incomparable = "content not compared: column " + name +
                                " is in the snapshot's digests but not in the " + other_name;
            break;
        }
        std::string quoted = live.cluster->coordinator().quote_ident(name);
        checksum::ColumnPlan cp =
            checksum::plan_column(live.tables.types, column->type_oid, quoted);
        if (!cp.read) {
            plan.incomparable = "content not compared: column " + name + " is in the snapshot's " +
                                "digests but cannot be read in the " + other_name + " (" +
                                cp.excluded_reason + ")";
            break;
        }
        select += (select.empty() ? "" : ", ") + cp.read->sql;
        plain = plain && cp.read->sql == quoted;
        sp.codec.columns.push_back(cp.read->codec);
    }
    for (const auto& column : spec.columns) {
        if (!mentioned(column.name)) {
            plan.result.excluded_columns.push_back(column.name + ": only in " + other_name +
                                                   " (not in the snapshot)");
        }
    }
    if (!plan.incomparable.empty() || select.empty()) {
        // Rows are still counted: select a constant nothing is encoded from.
        sp.codec.columns.assign(
            1, checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
        select = "1";
        plain = false;
    }
    sp.select_list = select;
    sp.plain_columns = plain;
}

// A table's verdict when its content could not be compared: a count difference still stands.
void apply_incomparable(const TablePlan& plan, checksum::TableResult& result) {
    if (plan.incomparable.empty() || result.status == TableStatus::count_mismatch ||
        result.status == TableStatus::error) {
        return;
    }
    result.status = TableStatus::skipped;
    result.message = plan.incomparable;
}

TableStatus rollup_contribution(TableStatus leaf) {
    switch (leaf) {
    case TableStatus::missing_in_target:
    case TableStatus::extra_in_target:
        return TableStatus::count_mismatch;
    case TableStatus::skipped:
    case TableStatus::not_applicable:
        return TableStatus::match;
    default:
        return leaf;
    }
}

// The rows behind every count or content mismatch of a read table (not roots: their rows are
// their leaves'; not placement-only mismatches: their segments already say it all).
// A pushdown run has no stream plan: its tables are planned for the stream codec here, and
// re-read through the coordinator (only the mismatching segments, when placement is compared).
void drill_into(const std::vector<std::unique_ptr<TablePlan>>& plans,
                std::array<ClusterSide, 2>& sides,
                const std::map<std::string, std::array<checksum::SideDigests, 2>>& digests,
                DataSection& data, const DataRunOptions& options, bool pushdown,
                checksum::Interrupt* interrupt, Report& report) {
    std::vector<std::unique_ptr<TablePlan>> stream_plans; // pushdown: the stream plans
    std::vector<DrillTable> drill;
    std::map<std::string, checksum::TableResult*> results;
    for (auto& t : data.tables) {
        results[t.table] = &t;
    }
    for (const auto& plan_ptr : plans) {
        const TablePlan& plan = *plan_ptr;
        auto found = results.find(plan.identity);
        if (found == results.end()) {
            continue;
        }
        checksum::TableResult& result = *found->second;
        if (!plan.read || plan.rollup || (result.status != TableStatus::count_mismatch &&
                                          result.status != TableStatus::content_mismatch)) {
            continue;
        }
        auto d = digests.find(plan.identity);
        if (d == digests.end()) {
            continue;
        }
        const TablePlan* columns = &plan;
        if (pushdown) {
            auto stream = std::make_unique<TablePlan>();
            stream->sides[k_source].spec = plan.sides[k_source].spec;
            stream->sides[k_target].spec = plan.sides[k_target].spec;
            plan_columns(*stream, sides[k_source], sides[k_target]);
            // The rows are the stream plan's columns (pushdown may match a different set).
            result.column_names = stream->result.column_names;
            columns = stream.get();
            stream_plans.push_back(std::move(stream));
        }
        DrillTable table;
        table.result = &result;
        table.per_segment = plan.placement.mode == checksum::PlacementDecision::Mode::per_segment;
        const TableSpec& src = *plan.sides[k_source].spec;
        table.keyed = !src.primary_key.empty() &&
                      columns->sides[k_source].codec.key_columns.size() == src.primary_key.size() &&
                      std::all_of(src.primary_key.begin(), src.primary_key.end(),
                                  [&](const std::string& c) {
                                      return std::find(result.column_names.begin(),
                                                       result.column_names.end(),
                                                       c) != result.column_names.end();
                                  });
        for (std::size_t s = 0; s < 2; ++s) {
            DrillSide& side = s == k_source ? table.source : table.target;
            const SidePlan& sp = columns->sides[s];
            side.cluster = sides[s].cluster;
            side.table = catalog::pg::qualified_name(sides[s].cluster->coordinator(),
                                                     sp.spec->schema, sp.spec->name);
            side.select_list = sp.select_list;
            side.column_sql = sp.column_sql;
            side.columns = result.column_names;
            side.codec = sp.codec;
            side.codec.leading_segment_id = false;
            side.via_coordinator = sides[s].via_coordinator || pushdown;
            side.replicated =
                sp.spec->policy.kind == checksum::DistributionPolicy::Kind::replicated;
            // Pushdown digests carry no buckets: then the drill-down re-reads the segments
            // that differ (all of them when placement is not compared) to compute them.
            const auto& segs = d->second[s].segments;
            bool has_buckets = std::all_of(segs.begin(), segs.end(), [](const auto& entry) {
                return entry.second.total.count == 0 || !entry.second.buckets.empty();
            });
            if (has_buckets) {
                side.digests = segs;
            } else if (plan.placement.compared()) {
                for (const auto& seg : result.segments) {
                    if (seg.status != TableStatus::match) {
                        side.segments.insert(seg.content);
                    }
                }
            }
        }
        drill.push_back(std::move(table));
    }
    DrillOptions drill_options;
    drill_options.max_rows = options.show_rows;
    drill_options.jobs = options.jobs;
    drill_options.interrupt = interrupt;
    try {
        (void)drill_down(drill, drill_options, report);
    } catch (const catalog::CancelledError&) {
        report.errors.push_back("interrupted during the drill-down: differing rows not shown");
    }
}

// Plans the target's own placement check for a table read from a live Greenplum target: the
// key columns' raw send bytes must be in the target's select list (appended when not).
void plan_target_placement(TablePlan& plan, ClusterSide& target) {
    const TableSpec& spec = *plan.sides[k_target].spec;
    plan.target_check =
        checksum::plan_placement_check(spec, target.tables.types, target.cluster->flavor());
    if (plan.target_check->check) {
        catalog::pg::Connection& conn = target.cluster->coordinator();
        checksum::prepare_key_fields(
            *plan.target_check->check, spec, target.tables.types, plan.result.column_names,
            [&conn](const std::string& name) { return conn.quote_ident(name); },
            plan.sides[k_target].select_list, plan.sides[k_target].codec);
    }
}

// The placement check's findings over a side's streams; nullopt when a stream did not check.
std::optional<checksum::PlacementFindings>
target_findings(const SidePlan& side, const std::vector<checksum::ScanOutcome>& outcomes) {
    checksum::PlacementFindings sum;
    for (std::size_t item : side.items) {
        if (item >= outcomes.size() || !outcomes[item].done || outcomes[item].error ||
            !outcomes[item].placement) {
            return std::nullopt;
        }
        sum += *outcomes[item].placement;
    }
    return sum;
}

// A partition root's misplaced rows are its leaves'.
void roll_up_misplaced(const std::map<std::string, std::vector<TablePlan*>>& leaves_of,
                       DataSection& data) {
    std::map<std::string, checksum::TableResult*> by_identity;
    for (auto& t : data.tables) {
        by_identity[t.table] = &t;
    }
    for (const auto& [root, leaves] : leaves_of) {
        auto r = by_identity.find(root);
        if (r == by_identity.end() || r->second->status == TableStatus::error) {
            continue;
        }
        std::optional<std::uint64_t> misplaced;
        for (const TablePlan* leaf : leaves) {
            auto l = by_identity.find(leaf->identity);
            if (l == by_identity.end() || !l->second->misplaced_rows) {
                continue;
            }
            misplaced = misplaced.value_or(0) + *l->second->misplaced_rows;
            for (const auto& example : l->second->misplaced_examples) {
                if (r->second->misplaced_examples.size() < checksum::k_misplaced_examples) {
                    r->second->misplaced_examples.push_back(example);
                }
            }
        }
        if (misplaced) {
            r->second->misplaced_rows = misplaced;
            if (*misplaced > 0) {
                r->second->status =
                    checksum::more_severe(r->second->status, TableStatus::placement_mismatch);
            }
        }
    }
}

} // namespace

void run_data_comparison(catalog::Cluster& source_cluster, catalog::Cluster& target_cluster,
                         const DataRunOptions& options, Report& report) {
    run_data_comparison(DataSide{&source_cluster, nullptr, "source"},
                        DataSide{&target_cluster, nullptr, "target"}, options, report);
}

void run_data_comparison(const DataSide& source_side, const DataSide& target_side,
                         const DataRunOptions& options, Report& report) {
    // Ctrl-C from here on cancels the server-side work and still writes the report.
    checksum::Interrupt interrupt;
    std::optional<checksum::SignalWatcher> watcher;
    if (options.handle_signals) {
        watcher.emplace(interrupt);
    }
    std::array<ClusterSide, 2> sides;
    sides[k_source].cluster = source_side.cluster;
    sides[k_source].snapshot = source_side.snapshot;
    sides[k_target].cluster = target_side.cluster;
    sides[k_target].snapshot = target_side.snapshot;
    for (const DataSide* side : {&source_side, &target_side}) {
        if (side->snapshot != nullptr) {
            require_comparable(*side->snapshot, "stream", checksum::k_encoding_version,
                               side->label);
        }
    }
    for (auto& side : sides) {
        if (side.snapshot != nullptr) {
            for (const auto& t : side.snapshot->tables) {
                side.tables.tables.push_back(t.spec);
                side.snapshot_tables[t.spec.identity] = &t;
            }
        } else {
            side.tables =
                checksum::load_cluster_tables(side.cluster->coordinator(), side.cluster->flavor());
        }
        for (const auto& t : side.tables.tables) {
            if (t.kind != TableKind::intermediate && accepted(options.filter, t)) {
                side.by_identity[t.identity] = &t;
            }
        }
    }
    for (const auto& pattern : options.filter.includes()) {
        bool any = false;
        for (const auto& side : sides) {
            for (const auto& t : side.tables.tables) {
                any = any || catalog::glob_match(pattern, t.schema + "." + t.name);
            }
        }
        if (!any) {
            throw catalog::UsageError("--include '" + pattern + "' matches no table");
        }
    }

    // Which strategy runs (DESIGN.md §4): a snapshot side holds stream digests; two live
    // Greenplum clusters push down; count mode always counts in SQL.
    const bool any_snapshot = source_side.snapshot != nullptr || target_side.snapshot != nullptr;
    const DataStrategy strategy = resolve_strategy(
        options.strategy, options.mode, !any_snapshot && source_side.cluster->is_greenplum(),
        !any_snapshot && target_side.cluster->is_greenplum(), any_snapshot);
    const bool pushdown = strategy == DataStrategy::pushdown;
    const bool count_mode = options.mode == "count";
    if (pushdown && any_snapshot) {
        throw catalog::UsageError(std::string(count_mode ? "--mode count" : "--strategy pushdown") +
                                  " needs two live clusters: a snapshot file holds stream digests");
    }
    if (pushdown && !count_mode) {
        for (auto& side : sides) {
            side.composite_fields =
                checksum::load_composite_fields(side.cluster->coordinator(), side.tables.types);
        }
    }

    // Where each Greenplum side reads from: each primary directly, unless asked otherwise or
    // the primaries cannot be reached (then the coordinator, and the report says so). Pushdown
    // and count mode run on the coordinator: only aggregates leave the segments.
    for (auto& side : sides) {
        if (side.snapshot != nullptr || !side.cluster->is_greenplum() || pushdown) {
            continue;
        }
        side.via_coordinator = options.via == "coordinator";
        if (!side.via_coordinator) {
            if (auto failure = checksum::probe_segments(*side.cluster, options.jobs)) {
                side.via_coordinator = true;
                report.warnings.push_back(side.cluster->side() +
                                          ": the primaries cannot be reached directly (" +
                                          *failure + "); rows were read through the coordinator");
            } else {
                report.warnings.push_back(
                    side.cluster->side() +
                    ": each primary was read in its own snapshot; the per-segment counts are exact "
                    "when the tables are not written during the run");
            }
        }
    }

    std::set<std::string> identities;
    for (const auto& side : sides) {
        for (const auto& [identity, spec] : side.by_identity) {
            identities.insert(identity);
        }
    }
    std::vector<std::unique_ptr<TablePlan>> plans;
    std::vector<checksum::SideWork> work(2);
    std::vector<checksum::PushdownSide> pushdown_work(2);
    std::array<std::unique_ptr<checksum::PgScanSource>, 2> sources;
    for (std::size_t s = 0; s < 2; ++s) {
        if (sides[s].cluster != nullptr) {
            sources[s] = std::make_unique<checksum::PgScanSource>(*sides[s].cluster);
            work[s].source = sources[s].get();
            pushdown_work[s].cluster = sides[s].cluster;
        }
    }
    auto add_side_items = [&](TablePlan& plan, std::size_t s) {
        if (pushdown) {
            add_pushdown_item(sides[s], plan, s, count_mode, pushdown_work[s]);
        } else {
            add_items(sides[s], plan, s, work[s]);
        }
    };
    std::map<std::string, TablePlan*> plan_by_identity;
    for (const auto& identity : identities) {
        auto plan = std::make_unique<TablePlan>();
        plan->identity = identity;
        plan->result.table = identity;
        plan->result.strategy = std::string(to_string(strategy));
        for (std::size_t s = 0; s < 2; ++s) {
            auto it = sides[s].by_identity.find(identity);
            plan->sides[s].spec = it == sides[s].by_identity.end() ? nullptr : it->second;
        }
        const TableSpec* src = plan->sides[k_source].spec;
        const TableSpec* tgt = plan->sides[k_target].spec;
        if (src == nullptr || tgt == nullptr) {
            plan->preset =
                src == nullptr ? TableStatus::extra_in_target : TableStatus::missing_in_target;
            std::size_t s = src == nullptr ? k_target : k_source;
            if (plan->sides[s].spec->kind == TableKind::partition_leaf) {
                if (sides[s].snapshot != nullptr) {
                    plan->lone_side = s;
                } else if (pushdown) {
                    plan_pushdown_lone_side(*plan, s, sides[s]);
                    add_side_items(*plan, s);
                } else {
                    plan_lone_side(*plan, s, sides[s]);
                    add_items(sides[s], *plan, s, work[s]);
                }
            }
        } else if (is_unread_kind(src->kind) || is_unread_kind(tgt->kind)) {
            plan->preset = TableStatus::not_applicable;
            plan->result.message = unread_reason(is_unread_kind(src->kind) ? src->kind : tgt->kind);
        } else if (!src->populated || !tgt->populated) {
            plan->preset = TableStatus::skipped;
            plan->result.message = std::string("materialized view is not populated in the ") +
                                   (!src->populated ? "source" : "target");
        } else {
            if (pushdown) {
                if (!count_mode) {
                    plan_pushdown(*plan, sides);
                }
            } else if (sides[k_source].snapshot != nullptr || sides[k_target].snapshot != nullptr) {
                plan_columns_fixed(*plan, sides);
            } else {
                plan_columns(*plan, sides[k_source], sides[k_target]);
            }
            plan->placement = checksum::decide_placement(src->policy, tgt->policy);
            plan->rollup =
                src->kind == TableKind::partition_root || tgt->kind == TableKind::partition_root;
            if (options.check_placement && !pushdown && sides[k_target].snapshot == nullptr &&
                sides[k_target].cluster->is_greenplum() && tgt->kind != TableKind::partition_root) {
                plan_target_placement(*plan, sides[k_target]);
            }
            for (std::size_t s = 0; s < 2; ++s) {
                if (plan->sides[s].spec->kind != TableKind::partition_root &&
                    sides[s].snapshot == nullptr) {
                    add_side_items(*plan, s);
                }
            }
            if (plan->target_check && plan->target_check->check) {
                for (std::size_t item : plan->sides[k_target].items) {
                    work[k_target].items[item].placement = &*plan->target_check->check;
                }
            }
            plan->read = true;
        }
        plan_by_identity[identity] = plan.get();
        plans.push_back(std::move(plan));
    }

    std::vector<std::vector<checksum::ScanOutcome>> outcomes;
    checksum::EngineOptions engine;
    engine.jobs = options.jobs;
    if (options.handle_signals) {
        engine.interrupt = &interrupt;
    }
    std::optional<ProgressTracker> progress;
    if (options.progress && !pushdown) {
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> scans_of_table;
        for (const auto& plan : plans) {
            auto& scans = scans_of_table.emplace_back();
            for (std::size_t s = 0; s < 2; ++s) {
                for (std::size_t item : plan->sides[s].items) {
                    scans.emplace_back(s, item);
                }
            }
        }
        progress.emplace(options.progress, work, scans_of_table);
    }
    try {
        if (pushdown) {
            checksum::run_pushdown(pushdown_work, engine, outcomes);
        } else {
            checksum::run_scans(work, engine, outcomes);
        }
    } catch (const catalog::CancelledError&) {
        report.errors.push_back("interrupted: tables not finished are reported as errors");
        outcomes.resize(2);
        for (std::size_t s = 0; s < 2; ++s) {
            outcomes[s].resize(pushdown ? pushdown_work[s].items.size() : work[s].items.size());
        }
    }
    if (progress) {
        progress->finish();
    }

    // Per side, the digests of every table that was read (roots are filled from their leaves).
    std::map<std::string, std::array<checksum::SideDigests, 2>> digests;
    for (const auto& plan : plans) {
        if (plan->lone_side) {
            std::size_t s = *plan->lone_side;
            digests[plan->identity][s] = sides[s].snapshot != nullptr
                                             ? gather_snapshot(sides[s], plan->identity)
                                             : gather(sides[s], plan->sides[s], outcomes[s]);
            continue;
        }
        if (!plan->read) {
            continue;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            if (plan->sides[s].spec->kind != TableKind::partition_root) {
                digests[plan->identity][s] = sides[s].snapshot != nullptr
                                                 ? gather_snapshot(sides[s], plan->identity)
                                                 : gather(sides[s], plan->sides[s], outcomes[s]);
            }
        }
    }
    // Roll leaves up: a root's rows are the sum of its read leaves, per content id.
    std::map<std::string, std::vector<TablePlan*>> leaves_of;
    for (std::size_t s = 0; s < 2; ++s) {
        // The root's identity as the report prints it, looked up on the same side.
        std::map<std::pair<std::string, std::string>, std::string> root_identity;
        for (const auto& t : sides[s].tables.tables) {
            if (t.kind == TableKind::partition_root) {
                root_identity[{t.schema, t.name}] = t.identity;
            }
        }
        for (const auto& plan : plans) {
            const TableSpec* spec = plan->sides[s].spec;
            if (spec == nullptr || spec->kind != TableKind::partition_leaf) {
                continue;
            }
            auto root = root_identity.find({spec->root_schema, spec->root_name});
            if (root == root_identity.end()) {
                continue;
            }
            auto& list = leaves_of[root->second];
            if (std::find(list.begin(), list.end(), plan.get()) == list.end()) {
                list.push_back(plan.get());
            }
        }
    }
    for (const auto& plan : plans) {
        if (!plan->read || !plan->rollup) {
            continue;
        }
        const auto& leaves = leaves_of[plan->identity];
        for (std::size_t s = 0; s < 2; ++s) {
            if (plan->sides[s].spec->kind != TableKind::partition_root) {
                continue;
            }
            checksum::SideDigests sum;
            sum.replicated =
                plan->sides[s].spec->policy.kind == checksum::DistributionPolicy::Kind::replicated;
            for (TablePlan* leaf : leaves) {
                const TableSpec* leaf_spec = leaf->sides[s].spec;
                if (leaf_spec == nullptr || leaf_spec->root_name != plan->sides[s].spec->name ||
                    leaf_spec->root_schema != plan->sides[s].spec->schema) {
                    continue;
                }
                auto d = digests.find(leaf->identity);
                if (d == digests.end()) {
                    continue; // not read (external, or absent on the other side)
                }
                const checksum::SideDigests& part = d->second[s];
                if (part.error) {
                    sum.error = "leaf " + leaf->identity + " could not be read";
                }
                for (const auto& [content, digest] : part.segments) {
                    sum.segments[content] += digest;
                }
            }
            if (sum.error) {
                sum.segments.clear();
            }
            digests[plan->identity][s] = std::move(sum);
        }
    }

    // Count mode compares counts only: count_match, never match.
    auto compare = count_mode ? checksum::compare_counts : checksum::compare_table;
    DataSection data;
    data.strategy = options.strategy;
    data.mode = options.mode;
    for (const auto& plan : plans) {
        checksum::TableResult result = plan->result;
        if (plan->preset) {
            result.status = *plan->preset;
            if (plan->lone_side) {
                const checksum::SideDigests& d = digests[plan->identity][*plan->lone_side];
                if (!d.error) {
                    (*plan->lone_side == k_source ? result.source_rows : result.target_rows) =
                        checksum::whole_table(d).count;
                }
            }
        } else {
            auto& d = digests[plan->identity];
            compare(d[k_source], d[k_target], plan->placement, result);
            apply_incomparable(*plan, result);
            if (plan->target_check) {
                checksum::apply_placement_check(
                    *plan->target_check, target_findings(plan->sides[k_target], outcomes[k_target]),
                    d[k_target].segments, result);
            }
            if (plan->rollup) {
                const auto& leaves = leaves_of[plan->identity];
                result.placement_note = "partition root: the sum of its " +
                                        std::to_string(leaves.size()) + " leaves; " +
                                        result.placement_note;
                // A root differs when any of its leaves does (a row moved between leaves
                // keeps the root's totals equal).
                TableStatus status = result.status;
                for (TablePlan* leaf : leaves) {
                    TableStatus leaf_status = TableStatus::match;
                    if (leaf->preset) {
                        leaf_status = *leaf->preset;
                    } else if (auto ld = digests.find(leaf->identity); ld != digests.end()) {
                        checksum::TableResult probe;
                        compare(ld->second[k_source], ld->second[k_target], leaf->placement, probe);
                        apply_incomparable(*leaf, probe);
                        leaf_status = probe.status;
                    }
                    if (result.status != TableStatus::error) {
                        status = checksum::more_severe(status, rollup_contribution(leaf_status));
                    }
                }
                result.status = status;
            }
        }
        data.tables.push_back(std::move(result));
    }
    roll_up_misplaced(leaves_of, data);
    if (options.show_rows > 0 && any_snapshot) {
        // A snapshot holds digests, not rows: there is nothing to drill into.
        report.warnings.push_back("--show-rows: differing rows cannot be shown when a side is a "
                                  "snapshot file (it holds digests, not rows)");
    } else if (options.show_rows > 0 && !interrupt.requested()) {
        drill_into(plans, sides, digests, data, options, pushdown,
                   options.handle_signals ? &interrupt : nullptr, report);
    }
    watcher.reset();
    report.data = std::move(data);
    report.options["strategy"] = options.strategy;
    report.options["mode"] = options.mode;
    report.options["jobs"] = std::to_string(options.jobs);
    if (!pushdown) {
        report.options["via"] = options.via;
    }
    if (!count_mode) {
        // Digests are comparable only within one encoding: c1 (stream) or p1 (pushdown).
        report.options["encoding"] = std::string(pushdown ? checksum::k_pushdown_encoding_version
                                                          : checksum::k_encoding_version);
    }
    report.options["check_placement"] = options.check_placement && !pushdown ? "on" : "off";
}

SnapshotData take_data_snapshot(catalog::Cluster& cluster, const DataRunOptions& options,
                                std::vector<std::string>& warnings) {
    checksum::Interrupt interrupt;
    std::optional<checksum::SignalWatcher> watcher;
    if (options.handle_signals) {
        watcher.emplace(interrupt);
    }
    ClusterSide side;
    side.cluster = &cluster;
    side.tables = checksum::load_cluster_tables(cluster.coordinator(), cluster.flavor());
    for (const auto& t : side.tables.tables) {
        if (t.kind != TableKind::intermediate && accepted(options.filter, t)) {
            side.by_identity[t.identity] = &t;
        }
    }
    for (const auto& pattern : options.filter.includes()) {
        if (std::none_of(side.tables.tables.begin(), side.tables.tables.end(),
                         [&](const TableSpec& t) {
                             return catalog::glob_match(pattern, t.schema + "." + t.name);
                         })) {
            throw catalog::UsageError("--include '" + pattern + "' matches no table");
        }
    }
    if (cluster.is_greenplum()) {
        side.via_coordinator = options.via == "coordinator";
        if (!side.via_coordinator) {
            if (auto failure = checksum::probe_segments(cluster, options.jobs)) {
                side.via_coordinator = true;
                warnings.push_back(cluster.side() + ": the primaries cannot be reached directly (" +
                                   *failure + "); rows were read through the coordinator");
            }
        }
    }

    // Each table is planned as a partition leaf present on one side is: every readable column,
    // in attnum order, with the codec a live comparison would give it.
    std::vector<std::unique_ptr<TablePlan>> plans;
    std::vector<checksum::SideWork> work(1);
    checksum::PgScanSource source(cluster);
    work[0].source = &source;
    SnapshotData data;
    data.strategy = "stream";
    data.encoding = std::string(checksum::k_encoding_version);
    data.flavor = std::string(catalog::to_string(cluster.flavor()));
    for (const auto& segment : cluster.identity().segments) {
        data.segment_contents.push_back(segment.content);
    }
    data.numsegments = static_cast<int>(data.segment_contents.size());
    for (const auto& [identity, spec] : side.by_identity) {
        auto plan = std::make_unique<TablePlan>();
        plan->identity = identity;
        SnapshotTable table;
        table.spec = *spec;
        for (auto& column : table.spec.columns) {
            column.type_oid = 0; // oids mean nothing on another cluster
        }
        const bool readable = spec->kind != TableKind::partition_root &&
                              !is_unread_kind(spec->kind) && spec->populated;
        if (readable) {
            SidePlan& sp = plan->sides[k_source];
            sp.spec = spec;
            std::string select;
            bool plain = true;
            for (const auto& column : spec->columns) {
                std::string quoted = cluster.coordinator().quote_ident(column.name);
                checksum::ColumnPlan cp =
                    checksum::plan_column(side.tables.types, column.type_oid, quoted);
                if (!cp.read) {
                    table.excluded_columns.push_back(column.name + ": " + cp.excluded_reason +
                                                     " (" + column.type_name + ")");
                    continue;
                }
                table.digest_columns.push_back(column.name);
                select += (select.empty() ? "" : ", ") + cp.read->sql;
                plain = plain && cp.read->sql == quoted;
                sp.codec.columns.push_back(cp.read->codec);
            }
            if (select.empty()) {
                select = "1";
                plain = false;
                sp.codec.columns.push_back(
                    checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
            }
            sp.select_list = select;
            sp.plain_columns = plain;
            add_items(side, *plan, k_source, work[0]);
            plan->read = true;
        }
        data.tables.push_back(std::move(table));
        plans.push_back(std::move(plan));
    }

    std::vector<std::vector<checksum::ScanOutcome>> outcomes;
    checksum::EngineOptions engine;
    engine.jobs = options.jobs;
    if (options.handle_signals) {
        engine.interrupt = &interrupt;
    }
    std::optional<ProgressTracker> progress;
    if (options.progress) {
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> scans_of_table;
        for (const auto& plan : plans) {
            auto& scans = scans_of_table.emplace_back();
            for (std::size_t item : plan->sides[k_source].items) {
                scans.emplace_back(0, item);
            }
        }
        progress.emplace(options.progress, work, scans_of_table);
    }
    // An interrupted snapshot is not written: CancelledError propagates.
    checksum::run_scans(work, engine, outcomes);
    if (progress) {
        progress->finish();
    }
    watcher.reset();
    for (std::size_t i = 0; i < plans.size(); ++i) {
        if (!plans[i]->read) {
            continue;
        }
        checksum::SideDigests d = gather(side, plans[i]->sides[k_source], outcomes[0]);
        SnapshotTable& table = data.tables[i];
        table.read = true;
        table.error = d.error;
        for (const auto& [content, digest] : d.segments) {
            if (digest.total.count != 0) {
                table.segments.push_back(SnapshotSegment{content, digest.total}); // map order
            }
        }
    }
    return data;
}

} // namespace gpparity::verify
