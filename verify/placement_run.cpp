#include "verify/placement_run.hpp"

#include "catalog/clock.hpp"
#include "catalog/error.hpp"
#include "checksum/compare.hpp"
#include "checksum/interrupt.hpp"
#include "checksum/placement_check.hpp"
#include "checksum/table_spec.hpp"
#include "verify/read_executor.hpp"
#include "verify/side.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace gpparity::verify {

namespace {

using checksum::PlacementCheckPlan;
using checksum::TableKind;
using checksum::TableSpec;
using checksum::TableStatus;

void refuse_unsuitable_target(const catalog::Cluster& target, const PlacementRunOptions& options) {
    if (options.test_pretend && target.is_greenplum()) {
        throw catalog::UsageError("--test-pretend-distribution is a test seam for PostgreSQL "
                                  "targets; it is refused on Greenplum");
    }
    if (!target.is_greenplum() && !options.test_pretend) {
        throw catalog::UsageError("target: " + std::string(catalog::to_string(target.flavor())) +
                                  " has no segments, so there is no placement to check; "
                                  "gpparity placement needs a Greenplum target");
    }
}

// The target's facts for the plan: its tables, segments and read path (probed).
SideFacts target_facts(catalog::Cluster& target, const checksum::ClusterTables& tables,
                       const PlacementRunOptions& options, Report& report) {
    catalog::pg::Connection& conn = target.coordinator();
    SideFacts facts;
    facts.tables = &tables;
    facts.flavor = target.flavor();
    for (const auto& segment : target.identity().segments) {
        facts.segments.push_back(segment.content);
    }
    facts.quote_ident = [&conn](std::string_view name) { return conn.quote_ident(name); };
    facts.quote_literal = [&conn](std::string_view text) { return conn.quote_literal(text); };
    facts.via = options.via;
    if (target.is_greenplum() && options.via == Via::segments) {
        if (auto failure = checksum::probe_segments(target, options.jobs)) {
            facts.via = Via::coordinator;
            report.warnings.push_back(target.side() +
                                      ": the primaries cannot be reached directly (" + *failure +
                                      "); rows were read through the coordinator");
        } else {
            report.warnings.push_back(target.side() +
                                      ": each primary was read in its own snapshot; the check "
                                      "is exact when the tables are not written during the run");
        }
    }
    return facts;
}

// One read table's result from its scans: rows per segment, then the placement findings.
void fill_result(PlacementTable& table, std::size_t index, const ReadExecutor& executor,
                 const SideFacts& facts) {
    checksum::TableResult& result = table.result;
    const bool replicated = table.check.kind == PlacementCheckPlan::Kind::replicated;
    checksum::SideDigests d = executor.digests(index, k_target, facts, replicated);
    if (d.error) {
        result.status = TableStatus::error;
        result.message = *d.error;
        return;
    }
    std::uint64_t total = 0;
    for (const auto& [content, digest] : d.segments) {
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
        table.check, table.check.check ? executor.findings(index, k_target) : std::nullopt,
        d.segments, result);
}

// A partition root: the sum of its leaves' findings; it differs when any leaf does.
void roll_up_root(PlacementTable& root, const std::vector<PlacementTable>& tables) {
    checksum::TableResult& r = root.result;
    std::uint64_t misplaced = 0;
    bool any_checked = false;
    std::size_t leaves = 0;
    for (const auto& leaf : tables) {
        if (leaf.spec->root_schema != root.spec->schema ||
            leaf.spec->root_name != root.spec->name) {
            continue;
        }
        ++leaves;
        const checksum::TableResult& lr = leaf.result;
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

void record_options(const PlacementRunOptions& options, Via via, Report& report) {
    report.has_source = false;
    report.options["strategy"] = "stream";
    report.options["jobs"] = std::to_string(options.jobs);
    report.options["via"] = std::string(to_string(via));
    if (options.test_pretend) {
        report.options["test_pretend_distribution"] = "on (TEST ONLY)";
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
    refuse_unsuitable_target(target, options);
    checksum::Interrupt interrupt;
    std::optional<checksum::SignalWatcher> watcher;
    if (options.handle_signals) {
        watcher.emplace(interrupt);
    }
    const checksum::ClusterTables tables =
        checksum::load_cluster_tables(target.coordinator(), target.flavor());
    require_includes_match(options.filter, {&tables});
    if (options.test_pretend) {
        const auto& p = *options.test_pretend;
        report.warnings.push_back(
            "TEST ONLY: --test-pretend-distribution: every table was treated as hash-distributed "
            "over " +
            std::to_string(p.numsegments) + " segments with all its rows on segment " +
            std::to_string(p.segment) + "; this report says nothing about a real cluster");
    }
    const SideFacts facts = target_facts(target, tables, options, report);
    PlacementPlan plan = plan_placement(facts, options.filter, options.test_pretend);

    // The target is side k_target of the executor: the engine reads one side.
    ReadExecutor executor({nullptr, &target}, Strategy::stream, plan.tables.size());
    for (std::size_t i = 0; i < plan.tables.size(); ++i) {
        const PlacementTable& table = plan.tables[i];
        executor.add(i, k_target, table.read, Mode::hash,
                     table.check.check ? &*table.check.check : nullptr);
    }
    checksum::EngineOptions engine;
    engine.jobs = options.jobs;
    if (options.handle_signals) {
        engine.interrupt = &interrupt;
    }
    try {
        executor.run(engine, options.progress);
    } catch (const catalog::CancelledError&) {
        report.errors.push_back("interrupted: tables not finished are reported as errors");
        executor.mark_unfinished();
    }
    watcher.reset();

    for (std::size_t i = 0; i < plan.tables.size(); ++i) {
        if (!plan.tables[i].read.items.empty()) {
            fill_result(plan.tables[i], i, executor, facts);
        }
    }
    for (auto& table : plan.tables) {
        if (table.spec->kind == TableKind::partition_root) {
            roll_up_root(table, plan.tables);
        }
    }
    DataSection data;
    data.strategy = "stream";
    data.mode = "hash";
    for (auto& table : plan.tables) {
        data.tables.push_back(std::move(table.result));
    }
    report.data = std::move(data);
    record_options(options, facts.via, report);
}

Report run_placement(const std::string& target_spec, const catalog::ConnectOptions& connect,
                     const PlacementRunOptions& options) {
    const auto clock_start = std::chrono::steady_clock::now();
    const SideKind kind = classify_side(target_spec, "target");
    if (kind == SideKind::backup_set) {
        throw catalog::UsageError("target: placement reads the rows of a live cluster; " +
                                  target_spec + " is a gpbackup backup set");
    }
    if (kind == SideKind::snapshot_file) {
        throw catalog::UsageError("target: placement reads the rows of a live cluster; snapshot " +
                                  target_spec + " holds digests, not rows");
    }
    catalog::Cluster target = connect_side(target_spec, "target", connect);
    Report report;
    report.command = "placement";
    report.has_source = false;
    report.started = catalog::iso8601_utc(std::chrono::system_clock::now());
    report.target.identity = target.identity();
    record_common_options(report, std::nullopt, RecordedSide{target_spec, false}, options.filter,
                          connect);
    run_placement_check(target, options, report);
    report.target.connections_peak = target.peak_connections();
    report.duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
    sort_report(report);
    return report;
}

} // namespace gpparity::verify
