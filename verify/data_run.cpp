#include "verify/data_run.hpp"

#include "catalog/error.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/compare.hpp"
#include "checksum/engine.hpp"
#include "checksum/interrupt.hpp"
#include "checksum/pg_scan.hpp"
#include "checksum/placement.hpp"
#include "checksum/table_spec.hpp"

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
    bool plain_columns = false;     // every column read as itself: `COPY table (cols) TO` works
    std::vector<std::size_t> items; // indexes into that side's SideWork::items
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
};

struct ClusterSide {
    catalog::Cluster* cluster = nullptr;
    checksum::ClusterTables tables;
    std::map<std::string, const TableSpec*> by_identity;
    bool via_coordinator = false;
};

bool is_unread_kind(TableKind kind) {
    return kind == TableKind::external || kind == TableKind::foreign;
}

std::string unread_reason(TableKind kind) {
    return kind == TableKind::external
               ? "external table: never read (a readable external table may run a command)"
               : "foreign table: never read (it may run a command or reach another server)";
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
    std::string from =
        spec.policy.kind == checksum::DistributionPolicy::Kind::replicated
            ? "pg_catalog.gp_dist_random(" + side.cluster->coordinator().quote_literal(table) + ")"
            : "ONLY " + table;
    return "COPY (SELECT gp_segment_id, " + select_list + " FROM " + from +
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

TableStatus rollup_contribution(TableStatus leaf) {
    switch (leaf) {
    case TableStatus::missing_in_target:
    case TableStatus::extra_in_target:
        return TableStatus::count_mismatch;
    case TableStatus::skipped:
        return TableStatus::match;
    default:
        return leaf;
    }
}

} // namespace

void run_data_comparison(catalog::Cluster& source_cluster, catalog::Cluster& target_cluster,
                         const DataRunOptions& options, Report& report) {
    // Ctrl-C from here on cancels the server-side work and still writes the report.
    checksum::Interrupt interrupt;
    std::optional<checksum::SignalWatcher> watcher;
    if (options.handle_signals) {
        watcher.emplace(interrupt);
    }
    std::array<ClusterSide, 2> sides;
    sides[k_source].cluster = &source_cluster;
    sides[k_target].cluster = &target_cluster;
    for (auto& side : sides) {
        side.tables =
            checksum::load_cluster_tables(side.cluster->coordinator(), side.cluster->flavor());
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

    // Where each Greenplum side reads from: each primary directly, unless asked otherwise or
    // the primaries cannot be reached (then the coordinator, and the report says so).
    for (auto& side : sides) {
        if (!side.cluster->is_greenplum()) {
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
    std::array<std::unique_ptr<checksum::PgScanSource>, 2> sources;
    for (std::size_t s = 0; s < 2; ++s) {
        sources[s] = std::make_unique<checksum::PgScanSource>(*sides[s].cluster);
        work[s].source = sources[s].get();
    }
    std::map<std::string, TablePlan*> plan_by_identity;
    for (const auto& identity : identities) {
        auto plan = std::make_unique<TablePlan>();
        plan->identity = identity;
        plan->result.table = identity;
        plan->result.strategy = "stream";
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
                plan_lone_side(*plan, s, sides[s]);
                add_items(sides[s], *plan, s, work[s]);
            }
        } else if (is_unread_kind(src->kind) || is_unread_kind(tgt->kind)) {
            plan->preset = TableStatus::skipped;
            plan->result.message = unread_reason(is_unread_kind(src->kind) ? src->kind : tgt->kind);
        } else if (!src->populated || !tgt->populated) {
            plan->preset = TableStatus::skipped;
            plan->result.message = std::string("materialized view is not populated in the ") +
                                   (!src->populated ? "source" : "target");
        } else {
            plan_columns(*plan, sides[k_source], sides[k_target]);
            plan->placement = checksum::decide_placement(src->policy, tgt->policy);
            plan->rollup =
                src->kind == TableKind::partition_root || tgt->kind == TableKind::partition_root;
            for (std::size_t s = 0; s < 2; ++s) {
                if (plan->sides[s].spec->kind != TableKind::partition_root) {
                    add_items(sides[s], *plan, s, work[s]);
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
    try {
        checksum::run_scans(work, engine, outcomes);
    } catch (const catalog::CancelledError&) {
        report.errors.push_back("interrupted: tables not finished are reported as errors");
        outcomes.resize(2);
        for (std::size_t s = 0; s < 2; ++s) {
            outcomes[s].resize(work[s].items.size());
        }
    }
    watcher.reset();

    // Per side, the digests of every table that was read (roots are filled from their leaves).
    std::map<std::string, std::array<checksum::SideDigests, 2>> digests;
    for (const auto& plan : plans) {
        if (plan->lone_side) {
            std::size_t s = *plan->lone_side;
            digests[plan->identity][s] = gather(sides[s], plan->sides[s], outcomes[s]);
            continue;
        }
        if (!plan->read) {
            continue;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            if (plan->sides[s].spec->kind != TableKind::partition_root) {
                digests[plan->identity][s] = gather(sides[s], plan->sides[s], outcomes[s]);
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

    DataSection data;
    data.strategy = "stream";
    data.mode = "hash";
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
            checksum::compare_table(d[k_source], d[k_target], plan->placement, result);
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
                        checksum::compare_table(ld->second[k_source], ld->second[k_target],
                                                leaf->placement, probe);
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
    report.data = std::move(data);
    report.options["strategy"] = "stream";
    report.options["jobs"] = std::to_string(options.jobs);
    report.options["via"] = options.via;
    report.options["encoding"] = std::string(checksum::k_encoding_version);
}

} // namespace gpparity::verify
