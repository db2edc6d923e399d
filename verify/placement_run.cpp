#include "verify/placement_run.hpp"

#include "catalog/error.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/compare.hpp"
#include "checksum/engine.hpp"
#include "checksum/interrupt.hpp"
#include "checksum/pg_scan.hpp"
#include "checksum/placement_check.hpp"
#include "checksum/table_spec.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace gpparity::verify {

namespace {

using checksum::PlacementCheckPlan;
using checksum::TableKind;
using checksum::TableSpec;
using checksum::TableStatus;

// One table of the run.
struct TableCheck {
    const TableSpec* spec = nullptr;
    PlacementCheckPlan plan;
    checksum::RowCodec codec;
    std::string select_list;
    bool plain_columns = true;
    std::vector<std::size_t> items;
    checksum::TableResult result;
    bool read = false;
};

// --include on a partition root includes its leaves; --exclude on a root excludes them (as in
// `gpparity data`).
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

// TEST ONLY: the table as if it were hash-distributed as `pretend` says.
TableSpec pretend_spec(const TableSpec& spec, const checksum::TypeRegistry& types,
                       const PretendDistribution& pretend) {
    TableSpec out = spec;
    out.policy = {};
    out.policy.kind = checksum::DistributionPolicy::Kind::hash;
    out.policy.numsegments = pretend.numsegments;
    for (const auto& name : pretend.key_columns) {
        auto column = std::find_if(spec.columns.begin(), spec.columns.end(),
                                   [&](const checksum::ColumnSpec& c) { return c.name == name; });
        std::string type_name = "unknown";
        if (column != spec.columns.end()) {
            auto t = types.find(column->type_oid);
            if (t != types.end()) {
                type_name = t->second.name;
            }
        }
        // The type's default hash opclass is named after it (int4_ops, text_ops, ...); the
        // legacy one is cdbhash_<type>_ops.
        std::string opclass = (pretend.legacy ? "cdbhash_" : "") + type_name + "_ops";
        out.policy.key_columns.push_back(name);
        out.policy.key_opclasses.push_back("pg_catalog." + opclass);
        out.policy.keys.push_back(name + " pg_catalog." + opclass);
    }
    return out;
}

std::string copy_sql(catalog::Cluster& cluster, const TableSpec& spec, const TableCheck& check,
                     bool via_coordinator) {
    catalog::pg::Connection& conn = cluster.coordinator();
    std::string table = catalog::pg::qualified_name(conn, spec.schema, spec.name);
    if (!via_coordinator || !cluster.is_greenplum()) {
        if (check.plain_columns && spec.kind != TableKind::matview) {
            return "COPY " + table + " (" + check.select_list + ") TO STDOUT (FORMAT binary)";
        }
        return "COPY (SELECT " + check.select_list + " FROM ONLY " + table +
               ") TO STDOUT (FORMAT binary)";
    }
    // Through the coordinator: rows tagged with their segment; gp_dist_random reads every copy
    // of a replicated table (greenplum.md §2.3).
    checksum::SegmentScan scan =
        checksum::segment_scan(table, conn.quote_literal(table),
                               spec.policy.kind == checksum::DistributionPolicy::Kind::replicated);
    return "COPY (SELECT " + scan.segment_id + ", " + check.select_list + " FROM " + scan.from +
           ") TO STDOUT (FORMAT binary)";
}

// Hash-distributed: only the key columns are read, raw; the digest counts rows.
void plan_key_read(TableCheck& check, catalog::Cluster& cluster) {
    auto& plan = *check.plan.check;
    std::vector<std::string> raw;
    for (const auto& key : plan.keys) {
        check.select_list +=
            (check.select_list.empty() ? "" : ", ") + cluster.coordinator().quote_ident(key.column);
        check.codec.columns.push_back(
            checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
        raw.push_back(key.column);
    }
    (void)checksum::bind_key_fields(plan, raw);
}

// Replicated: whole rows, so the segments' digests can be compared with each other.
void plan_row_read(TableCheck& check, catalog::Cluster& cluster,
                   const checksum::TypeRegistry& types) {
    for (const auto& column : check.spec->columns) {
        std::string quoted = cluster.coordinator().quote_ident(column.name);
        checksum::ColumnPlan cp = checksum::plan_column(types, column.type_oid, quoted);
        if (!cp.read) {
            check.result.excluded_columns.push_back(column.name + ": " + cp.excluded_reason);
            continue;
        }
        check.select_list += (check.select_list.empty() ? "" : ", ") + cp.read->sql;
        check.plain_columns = check.plain_columns && cp.read->sql == quoted;
        check.codec.columns.push_back(cp.read->codec);
    }
    if (check.select_list.empty()) {
        check.select_list = "1";
        check.plain_columns = false;
        check.codec.columns.push_back(
            checksum::Codec{checksum::ValueClass::null, checksum::Wire::ignore, {}});
    }
}

} // namespace

PretendDistribution parse_pretend_distribution(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string::npos ? colon : colon - start));
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    auto bad = [&]() {
        return catalog::UsageError("--test-pretend-distribution '" + text +
                                   "': expected COL[,COL...]:NUMSEGMENTS:SEGMENT[:legacy]");
    };
    if (parts.size() < 3 || parts.size() > 4 || parts[0].empty() ||
        (parts.size() == 4 && parts[3] != "legacy")) {
        throw bad();
    }
    PretendDistribution out;
    std::size_t at = 0;
    while (at <= parts[0].size()) {
        std::size_t comma = parts[0].find(',', at);
        std::string column = parts[0].substr(at, comma == std::string::npos ? comma : comma - at);
        if (column.empty()) {
            throw bad();
        }
        out.key_columns.push_back(column);
        if (comma == std::string::npos) {
            break;
        }
        at = comma + 1;
    }
    try {
        std::size_t used = 0;
        out.numsegments = std::stoi(parts[1], &used);
        if (used != parts[1].size()) {
            throw bad();
        }
        out.segment = std::stoi(parts[2], &used);
        if (used != parts[2].size()) {
            throw bad();
        }
    } catch (const std::logic_error&) {
        throw bad();
    }
    if (out.numsegments < 1 || out.segment < 0 || out.segment >= out.numsegments) {
        throw bad();
    }
    out.legacy = parts.size() == 4;
    return out;
}

void run_placement_check(catalog::Cluster& target, const PlacementRunOptions& options,
                         Report& report) {
    if (options.test_pretend && target.is_greenplum()) {
        throw catalog::UsageError("--test-pretend-distribution is a test seam for PostgreSQL "
                                  "targets; it is refused on Greenplum");
    }
    if (!target.is_greenplum() && !options.test_pretend) {
        throw catalog::UsageError("target: " + std::string(catalog::to_string(target.flavor())) +
                                  " has no segments, so there is no placement to check; "
                                  "gpparity placement needs a Greenplum target");
    }
    checksum::Interrupt interrupt;
    std::optional<checksum::SignalWatcher> watcher;
    if (options.handle_signals) {
        watcher.emplace(interrupt);
    }
    checksum::ClusterTables tables =
        checksum::load_cluster_tables(target.coordinator(), target.flavor());
    for (const auto& pattern : options.filter.includes()) {
        bool any = std::any_of(tables.tables.begin(), tables.tables.end(), [&](const TableSpec& t) {
            return catalog::glob_match(pattern, t.schema + "." + t.name);
        });
        if (!any) {
            throw catalog::UsageError("--include '" + pattern + "' matches no table");
        }
    }
    if (options.test_pretend) {
        const auto& p = *options.test_pretend;
        report.warnings.push_back(
            "TEST ONLY: --test-pretend-distribution: every table was treated as hash-distributed "
            "over " +
            std::to_string(p.numsegments) + " segments with all its rows on segment " +
            std::to_string(p.segment) + "; this report says nothing about a real cluster");
    }

    bool via_coordinator = options.via == "coordinator";
    if (target.is_greenplum() && !via_coordinator) {
        if (auto failure = checksum::probe_segments(target, options.jobs)) {
            via_coordinator = true;
            report.warnings.push_back(target.side() +
                                      ": the primaries cannot be reached directly (" + *failure +
                                      "); rows were read through the coordinator");
        } else {
            report.warnings.push_back(target.side() +
                                      ": each primary was read in its own snapshot; the check "
                                      "is exact when the tables are not written during the run");
        }
    }

    std::vector<std::unique_ptr<TableCheck>> checks;
    std::vector<std::unique_ptr<TableSpec>> pretended;
    checksum::SideWork work;
    checksum::PgScanSource source(target);
    work.source = &source;
    for (const auto& t : tables.tables) {
        if (t.kind == TableKind::intermediate || !accepted(options.filter, t)) {
            continue;
        }
        auto check = std::make_unique<TableCheck>();
        check->spec = &t;
        if (options.test_pretend && t.kind != TableKind::partition_root) {
            pretended.push_back(
                std::make_unique<TableSpec>(pretend_spec(t, tables.types, *options.test_pretend)));
            check->spec = pretended.back().get();
        }
        const TableSpec& spec = *check->spec;
        check->result.table = spec.identity;
        check->result.strategy = "stream";
        if (spec.kind == TableKind::external || spec.kind == TableKind::foreign) {
            // Their rows live outside the cluster: there is no placement to check.
            check->result.status = TableStatus::not_applicable;
            check->result.message = spec.kind == TableKind::external
                                        ? "external table: its data lives outside the cluster"
                                        : "foreign table: its data lives outside the cluster";
        } else if (!spec.populated) {
            check->result.status = TableStatus::skipped;
            check->result.message = "materialized view is not populated";
        } else if (spec.kind == TableKind::partition_root) {
            check->result.placement_note = "partition root: its rows are checked in its leaves";
        } else {
            check->plan = checksum::plan_placement_check(spec, tables.types, target.flavor());
            switch (check->plan.kind) {
            case PlacementCheckPlan::Kind::hash:
                plan_key_read(*check, target);
                check->read = true;
                break;
            case PlacementCheckPlan::Kind::replicated:
                plan_row_read(*check, target, tables.types);
                check->read = true;
                break;
            case PlacementCheckPlan::Kind::random:
                check->result.placement_note = check->plan.note;
                break;
            case PlacementCheckPlan::Kind::not_checked:
                check->result.status = TableStatus::skipped;
                check->result.message = check->plan.note;
                break;
            }
        }
        if (check->read) {
            std::string sql = copy_sql(target, spec, *check, via_coordinator);
            const checksum::PlacementCheck* placement =
                check->plan.check ? &*check->plan.check : nullptr;
            if (!target.is_greenplum()) {
                check->items.push_back(work.items.size());
                work.items.push_back(checksum::ScanItem{-1, sql, &check->codec,
                                                        options.test_pretend->segment, placement});
            } else if (via_coordinator) {
                check->codec.leading_segment_id = true;
                check->items.push_back(work.items.size());
                work.items.push_back(checksum::ScanItem{-1, sql, &check->codec, -1, placement});
            } else {
                for (const auto& segment : target.identity().segments) {
                    check->items.push_back(work.items.size());
                    work.items.push_back(checksum::ScanItem{segment.content, sql, &check->codec,
                                                            segment.content, placement});
                }
            }
        }
        checks.push_back(std::move(check));
    }

    std::vector<checksum::SideWork> sides{work};
    std::vector<std::vector<checksum::ScanOutcome>> outcomes;
    checksum::EngineOptions engine;
    engine.jobs = options.jobs;
    if (options.handle_signals) {
        engine.interrupt = &interrupt;
    }
    std::optional<ProgressTracker> progress;
    if (options.progress) {
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> scans_of_table;
        for (const auto& check : checks) {
            auto& scans = scans_of_table.emplace_back();
            for (std::size_t item : check->items) {
                scans.emplace_back(0, item);
            }
        }
        progress.emplace(options.progress, sides, scans_of_table);
    }
    try {
        checksum::run_scans(sides, engine, outcomes);
    } catch (const catalog::CancelledError&) {
        report.errors.push_back("interrupted: tables not finished are reported as errors");
        outcomes.resize(1);
        outcomes[0].resize(work.items.size());
    }
    if (progress) {
        progress->finish();
    }
    watcher.reset();

    DataSection data;
    data.strategy = "stream";
    data.mode = "hash";
    for (auto& check : checks) {
        checksum::TableResult& result = check->result;
        if (!check->read) {
            continue;
        }
        std::map<int, checksum::SegmentDigest> segments;
        if (target.is_greenplum()) {
            for (const auto& segment : target.identity().segments) {
                segments[segment.content];
            }
        }
        checksum::PlacementFindings findings;
        for (std::size_t item : check->items) {
            const checksum::ScanOutcome& o = outcomes[0][item];
            if (!o.done || o.error) {
                result.status = TableStatus::error;
                result.message = o.done ? *o.error : "not finished: the run was interrupted";
                break;
            }
            for (const auto& [content, digest] : o.segments) {
                segments[content] += digest;
            }
            if (o.placement) {
                findings += *o.placement;
            }
        }
        if (result.status == TableStatus::error) {
            continue;
        }
        bool replicated = check->plan.kind == PlacementCheckPlan::Kind::replicated;
        std::uint64_t total = 0;
        for (const auto& [content, digest] : segments) {
            checksum::SegmentResult seg;
            seg.content = content;
            seg.target_rows = digest.total.count;
            seg.status = TableStatus::match;
            result.segments.push_back(seg);
            total = replicated ? std::max(total, digest.total.count) : total + digest.total.count;
        }
        result.target_rows = total;
        result.status = TableStatus::match;
        checksum::apply_placement_check(
            check->plan,
            check->plan.check ? std::optional<checksum::PlacementFindings>(findings) : std::nullopt,
            segments, result);
    }
    // A partition root: the sum of its leaves' findings; it differs when any leaf does.
    for (auto& root : checks) {
        if (root->spec->kind != TableKind::partition_root) {
            continue;
        }
        checksum::TableResult& r = root->result;
        std::uint64_t misplaced = 0;
        bool any_checked = false;
        std::size_t leaves = 0;
        for (const auto& leaf : checks) {
            const TableSpec& l = *leaf->spec;
            if (l.root_schema != root->spec->schema || l.root_name != root->spec->name) {
                continue;
            }
            ++leaves;
            const checksum::TableResult& lr = leaf->result;
            r.status = checksum::more_severe(r.status, lr.status);
            if (lr.misplaced_rows) {
                any_checked = true;
                misplaced += *lr.misplaced_rows;
                for (const auto& example : lr.misplaced_examples) {
                    if (r.misplaced_examples.size() < checksum::k_misplaced_examples) {
                        r.misplaced_examples.push_back(example);
                    }
                }
            }
            if (lr.target_rows) {
                r.target_rows = r.target_rows.value_or(0) + *lr.target_rows;
            }
        }
        if (any_checked) {
            r.misplaced_rows = misplaced;
            r.placement_compared = true;
        }
        if (r.status == TableStatus::skipped || r.status == TableStatus::error) {
            r.message = "a leaf could not be checked";
        }
        r.placement_note =
            "partition root: its rows are checked in its " + std::to_string(leaves) + " leaves";
    }
    for (auto& check : checks) {
        data.tables.push_back(std::move(check->result));
    }
    report.data = std::move(data);
    report.has_source = false;
    report.options["strategy"] = "stream";
    report.options["jobs"] = std::to_string(options.jobs);
    report.options["via"] = via_coordinator ? "coordinator" : options.via;
    if (options.test_pretend) {
        report.options["test_pretend_distribution"] = "on (TEST ONLY)";
    }
}

} // namespace gpparity::verify
