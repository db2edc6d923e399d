#include "verify/data_run.hpp"

#include "catalog/ao_signature.hpp"
#include "catalog/error.hpp"
#include "catalog/text.hpp"
#include "checksum/count_compare.hpp"
#include "checksum/interrupt.hpp"
#include "checksum/pushdown.hpp"
#include "checksum/table_spec.hpp"
#include "verify/drilldown_run.hpp"
#include "verify/duration.hpp"
#include "verify/read_executor.hpp"
#include "verify/table_plan.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace gpparity::verify {

namespace {

using checksum::TableKind;
using checksum::TableSpec;
using checksum::TableStatus;

using DigestsByTable = std::map<std::string, std::array<checksum::SideDigests, 2>>;

// One side of a run as loaded: a live cluster or a snapshot's digests, its tables, and the
// facts the plan is made from.
struct LoadedSide {
    catalog::Cluster* cluster = nullptr;
    const SnapshotData* snapshot = nullptr;
    std::string label;
    std::string snapshot_sha256;
    checksum::ClusterTables tables;
    std::map<std::string, const SnapshotTable*> snapshot_tables;
    checksum::CompositeFields composite_fields;
    SideFacts facts;
};

bool is_replicated(const TableSpec& spec) {
    return spec.policy.kind == checksum::DistributionPolicy::Kind::replicated;
}

// Reads a side's tables (from the server, or the snapshot file) and the facts for the plan;
// a live side's tables already loaded in this run are taken as they are.
void load_side(LoadedSide& side, const checksum::ClusterTables* loaded = nullptr) {
    side.facts.tables = &side.tables;
    if (side.snapshot != nullptr) {
        for (const auto& t : side.snapshot->tables) {
            side.tables.tables.push_back(t.spec);
            side.snapshot_tables[t.spec.identity] = &t;
        }
        side.facts.snapshot_tables = &side.snapshot_tables;
        side.facts.flavor =
            catalog::parse_flavor_name(side.snapshot->flavor).value_or(catalog::Flavor::postgres);
        return;
    }
    catalog::pg::Connection& conn = side.cluster->coordinator();
    side.tables =
        loaded != nullptr ? *loaded : checksum::load_cluster_tables(conn, side.cluster->flavor());
    side.facts.flavor = side.cluster->flavor();
    for (const auto& segment : side.cluster->identity().segments) {
        side.facts.segments.push_back(segment.content);
    }
    side.facts.quote_ident = [&conn](std::string_view name) { return conn.quote_ident(name); };
    side.facts.quote_literal = [&conn](std::string_view text) { return conn.quote_literal(text); };
    side.facts.composite_fields = &side.composite_fields;
}

// Where a live Greenplum side reads from: each primary directly, unless asked otherwise or the
// primaries cannot be reached (then the coordinator, and the report says so).
void choose_read_path(LoadedSide& side, const DataRunOptions& options,
                      std::vector<std::string>& warnings, const std::string& exact_note) {
    if (side.cluster == nullptr || !side.cluster->is_greenplum()) {
        return;
    }
    side.facts.via = options.via;
    if (options.via == Via::coordinator) {
        return;
    }
    if (auto failure = checksum::probe_segments(*side.cluster, options.jobs)) {
        side.facts.via = Via::coordinator;
        warnings.push_back(side.cluster->side() + ": the primaries cannot be reached directly (" +
                           *failure + "); rows were read through the coordinator");
    } else if (!exact_note.empty()) {
        warnings.push_back(side.cluster->side() + ": " + exact_note);
    }
}

// A snapshot side's digests of one table, shaped as a live side's are.
checksum::SideDigests snapshot_digests(const LoadedSide& side, const std::string& identity) {
    checksum::SideDigests out;
    const SnapshotTable& t = *side.snapshot_tables.at(identity);
    out.replicated = is_replicated(t.spec);
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

// A partition root's misplaced rows are its leaves'.
void roll_up_misplaced(const DataPlan& plan, DataSection& data) {
    std::map<std::string, checksum::TableResult*> by_identity;
    for (auto& t : data.tables) {
        by_identity[t.table] = &t;
    }
    for (const auto& [root, leaves] : plan.leaves_of) {
        auto r = by_identity.find(root);
        if (r == by_identity.end() || r->second->status == TableStatus::error) {
            continue;
        }
        std::optional<std::uint64_t> misplaced;
        for (std::size_t leaf : leaves) {
            auto l = by_identity.find(plan.tables[leaf].identity);
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

// One `data` comparison, phase by phase: load both sides, choose the strategy and read paths,
// plan (verify/table_plan.hpp), read, gather and roll up the digests, compare, drill down.
class DataRun {
public:
    DataRun(const DataSide& source, const DataSide& target, const DataRunOptions& options,
            Report& report)
        : m_options(options), m_report(report) {
        m_sides[k_source].cluster = source.cluster;
        m_sides[k_source].snapshot = source.snapshot;
        m_sides[k_source].label = source.label;
        m_sides[k_source].snapshot_sha256 = source.snapshot_sha256;
        m_sides[k_target].cluster = target.cluster;
        m_sides[k_target].snapshot = target.snapshot;
        m_sides[k_target].label = target.label;
        m_sides[k_target].snapshot_sha256 = target.snapshot_sha256;
        m_loaded = {source.tables, target.tables};
    }

    void run() {
        // Ctrl-C from here on cancels the server-side work and still writes the report.
        std::optional<checksum::SignalWatcher> watcher;
        if (m_options.handle_signals) {
            watcher.emplace(m_interrupt);
        }
        load();
        choose_strategy();
        choose_read_paths();
        m_plan = plan_data({m_sides[k_source].facts, m_sides[k_target].facts},
                           {m_strategy, m_options.mode, m_options.check_placement, m_options.filter,
                            m_server_digest});
        decide_reuse();
        execute();
        collect_digests();
        DataSection data = compare();
        drill(data);
        watcher.reset();
        hand_on(data);
        m_report.data = std::move(data);
        record_options();
    }

private:
    [[nodiscard]] bool any_snapshot() const {
        return m_sides[k_source].snapshot != nullptr || m_sides[k_target].snapshot != nullptr;
    }
    [[nodiscard]] bool is_pushdown() const { return m_strategy == Strategy::pushdown; }

    void load() {
        for (auto& side : m_sides) {
            if (side.snapshot != nullptr) {
                require_comparable(*side.snapshot, "stream", checksum::k_encoding_version,
                                   side.label);
            }
        }
        for (std::size_t s = 0; s < m_sides.size(); ++s) {
            load_side(m_sides[s], m_loaded[s]);
        }
        require_includes_match(m_options.filter,
                               {&m_sides[k_source].tables, &m_sides[k_target].tables});
    }

    // Which live sides have the gpparity extension at the version this gpparity speaks; sets
    // each such side's digest function. Returns why the others cannot use it.
    std::vector<std::string> find_digest_extensions() {
        std::vector<std::string> lacking;
        for (auto& side : m_sides) {
            if (side.cluster == nullptr) {
                continue;
            }
            catalog::pg::Connection& conn = side.cluster->coordinator();
            auto extension = checksum::find_digest_extension(conn);
            const bool right_version =
                extension && extension->version == checksum::k_digest_extension_version;
            if (right_version && extension->usable) {
                side.facts.digest_function = conn.quote_ident(extension->schema) + ".c1_digest";
                continue;
            }
            std::string why = " has no gpparity extension";
            if (right_version) {
                why = " has the gpparity extension, but role " + side.cluster->identity().user +
                      " lacks the privilege to call it (USAGE on schema " + extension->schema +
                      ", EXECUTE on " + extension->schema + ".c1_digest)";
            } else if (extension) {
                why = " has the gpparity extension at version " + extension->version + ", not " +
                      std::string(checksum::k_digest_extension_version);
            }
            lacking.push_back(side.cluster->side() + " database " +
                              side.cluster->identity().database + why);
        }
        return lacking;
    }

    // Which strategy runs (DESIGN.md §4): two live Greenplum clusters push down; a snapshot
    // side holds stream digests (`c1`), which a live Greenplum side's pushdown matches only
    // through the gpparity extension; count mode always counts in SQL.
    void choose_strategy() {
        const bool snapshot = any_snapshot();
        const bool hash = m_options.mode == Mode::hash;
        std::vector<std::string> lacking;
        if (hash && m_options.strategy != Strategy::stream) {
            lacking = find_digest_extensions();
        }
        auto live_greenplum = [](const LoadedSide& side) {
            return side.cluster != nullptr && side.cluster->is_greenplum();
        };
        m_strategy =
            resolve_strategy(m_options.strategy, m_options.mode, live_greenplum(m_sides[k_source]),
                             live_greenplum(m_sides[k_target]), snapshot, lacking.empty());
        m_server_digest = is_pushdown() && hash && lacking.empty();
        if (is_pushdown() && snapshot && !m_server_digest) {
            throw catalog::UsageError(
                hash ? "--strategy pushdown against a snapshot file needs the gpparity extension " +
                           std::string(checksum::k_digest_extension_version) +
                           " on the live side (" + catalog::join(lacking, "; ") + ")"
                     : std::string("--mode count needs two live clusters: a snapshot file holds "
                                   "digests, not SQL counts"));
        }
        if (is_pushdown() && hash && !m_server_digest) {
            m_report.warnings.push_back(
                "pushdown: digests were computed in SQL (md5 of each row's text, encoding p1), "
                "not by the gpparity extension (" +
                catalog::join(lacking, "; ") +
                "); they compare only with SQL pushdown digests, and cost what an md5 checksum "
                "costs");
        }
        for (auto& side : m_sides) {
            if (side.cluster == nullptr || !is_pushdown() || m_server_digest) {
                continue;
            }
            side.facts.utf8_text = checksum::has_utf8_text(side.cluster->coordinator());
            if (hash) {
                side.composite_fields =
                    checksum::load_composite_fields(side.cluster->coordinator(), side.tables.types);
            }
        }
    }

    // Pushdown and count mode run on the coordinator: only aggregates leave the segments.
    void choose_read_paths() {
        if (is_pushdown()) {
            return;
        }
        for (auto& side : m_sides) {
            choose_read_path(side, m_options, m_report.warnings,
                             "each primary was read in its own snapshot; the per-segment counts "
                             "are exact when the tables are not written during the run");
        }
    }

    void execute() {
        m_executor.emplace(
            std::array<catalog::Cluster*, 2>{m_sides[k_source].cluster, m_sides[k_target].cluster},
            m_strategy, m_plan.tables.size());
        for (std::size_t i = 0; i < m_plan.tables.size(); ++i) {
            const TablePlan& table = m_plan.tables[i];
            for (std::size_t s = 0; s < 2 && m_reused[i] == nullptr; ++s) {
                const bool checked =
                    s == k_target && table.target_check && table.target_check->check;
                m_executor->add(i, s, table.sides[s], m_options.mode,
                                checked ? &*table.target_check->check : nullptr);
            }
        }
        checksum::EngineOptions engine;
        engine.jobs = m_options.jobs;
        if (m_options.handle_signals) {
            engine.interrupt = &m_interrupt;
        }
        try {
            m_executor->run(engine, is_pushdown() ? ProgressCallback{} : m_options.progress);
        } catch (const catalog::CancelledError&) {
            m_report.errors.push_back("interrupted: tables not finished are reported as errors");
            m_executor->mark_unfinished();
        }
    }

    [[nodiscard]] checksum::SideDigests side_digests(std::size_t table, std::size_t s) const {
        const TablePlan& plan = m_plan.tables[table];
        if (m_reused[table] != nullptr) {
            return stored_digests(*m_reused[table], s, is_replicated(*plan.sides[s].spec));
        }
        if (m_sides[s].snapshot != nullptr) {
            return snapshot_digests(m_sides[s], plan.identity);
        }
        return m_executor->digests(table, s, m_sides[s].facts, is_replicated(*plan.sides[s].spec));
    }

    // Per side, the digests of every table that was read; roots are their leaves' sums.
    void collect_digests() {
        for (std::size_t i = 0; i < m_plan.tables.size(); ++i) {
            const TablePlan& plan = m_plan.tables[i];
            if (plan.lone_side) {
                m_digests[plan.identity][*plan.lone_side] = side_digests(i, *plan.lone_side);
                continue;
            }
            for (std::size_t s = 0; plan.compared && s < 2; ++s) {
                if (plan.sides[s].spec->kind != TableKind::partition_root) {
                    m_digests[plan.identity][s] = side_digests(i, s);
                }
            }
        }
        roll_up_digests(m_plan, m_digests);
    }

    void compare_digests(const TablePlan& plan, checksum::TableResult& result) const {
        const auto& d = m_digests.at(plan.identity);
        // Count mode compares counts only: count_match, never match.
        if (m_options.mode == Mode::count) {
            checksum::compare_counts(d[k_source], d[k_target], plan.placement, result);
        } else {
            checksum::compare_table(d[k_source], d[k_target], plan.placement, result);
        }
        apply_incomparable(plan, result);
    }

    // A leaf's own status, for its root's.
    [[nodiscard]] TableStatus leaf_status(const TablePlan& leaf) const {
        if (leaf.preset) {
            return *leaf.preset;
        }
        if (m_digests.find(leaf.identity) == m_digests.end()) {
            return TableStatus::match;
        }
        checksum::TableResult probe;
        compare_digests(leaf, probe);
        return probe.status;
    }

    // A root differs when any of its leaves does (a row moved between leaves keeps the root's
    // totals equal).
    void roll_up_status(const TablePlan& root, checksum::TableResult& result) const {
        auto found = m_plan.leaves_of.find(root.identity);
        const std::vector<std::size_t> none;
        const auto& leaves = found == m_plan.leaves_of.end() ? none : found->second;
        result.placement_note = "partition root: the sum of its " + std::to_string(leaves.size()) +
                                " leaves; " + result.placement_note;
        TableStatus status = result.status;
        for (std::size_t leaf : leaves) {
            TableStatus contribution = rollup_contribution(leaf_status(m_plan.tables[leaf]));
            if (result.status != TableStatus::error) {
                status = checksum::more_severe(status, contribution);
            }
        }
        result.status = status;
    }

    [[nodiscard]] checksum::TableResult table_result(std::size_t i) const {
        const TablePlan& plan = m_plan.tables[i];
        checksum::TableResult result = plan.result;
        if (plan.preset) {
            result.status = *plan.preset;
            if (plan.lone_side) {
                const checksum::SideDigests& d = m_digests.at(plan.identity)[*plan.lone_side];
                if (!d.error) {
                    (*plan.lone_side == k_source ? result.source_rows : result.target_rows) =
                        checksum::whole_table(d).count;
                }
            }
            return result;
        }
        compare_digests(plan, result);
        if (plan.target_check) {
            checksum::apply_placement_check(*plan.target_check, placement_findings(i),
                                            m_digests.at(plan.identity)[k_target].segments, result);
        }
        if (m_reused[i] != nullptr) {
            result.reused_from = m_reused[i]->read_at;
        }
        if (plan.rollup) {
            roll_up_status(plan, result);
        }
        return result;
    }

    [[nodiscard]] DataSection compare() const {
        DataSection data;
        data.strategy = std::string(to_string(m_options.strategy));
        data.mode = std::string(to_string(m_options.mode));
        for (std::size_t i = 0; i < m_plan.tables.size(); ++i) {
            data.tables.push_back(table_result(i));
        }
        roll_up_misplaced(m_plan, data);
        return data;
    }

    // One side of one table to drill into: its stream read (`columns`), and its digests when
    // they have buckets, else the segments to re-read for them.
    DrillSide drill_side(const TablePlan& plan, const TablePlan& columns, std::size_t s,
                         const checksum::TableResult& result) const {
        DrillSide side;
        const SideRead& read = columns.sides[s];
        const SideFacts& facts = m_sides[s].facts;
        side.cluster = m_sides[s].cluster;
        side.table =
            facts.quote_ident(read.spec->schema) + "." + facts.quote_ident(read.spec->name);
        side.select = read.select;
        side.columns = result.column_names;
        side.codec = read.codec;
        side.codec.leading_segment_id = false;
        side.via_coordinator = facts.reads_coordinator() || is_pushdown();
        side.replicated = is_replicated(*read.spec);
        // Pushdown digests carry no buckets: then the drill-down re-reads the segments that
        // differ (all of them when placement is not compared) to compute them.
        const auto& segs = m_digests.at(plan.identity)[s].segments;
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
        return side;
    }

    [[nodiscard]] static bool is_keyed(const TableSpec& source, const TablePlan& columns,
                                       const std::vector<std::string>& names) {
        return !source.primary_key.empty() &&
               columns.sides[k_source].codec.key_columns.size() == source.primary_key.size() &&
               std::all_of(source.primary_key.begin(), source.primary_key.end(),
                           [&](const std::string& c) {
                               return std::find(names.begin(), names.end(), c) != names.end();
                           });
    }

    // The rows behind every count or content mismatch of a read table (not roots: their rows
    // are their leaves'; not placement-only mismatches: their segments already say it all). A
    // pushdown run has no stream plan: its tables are planned for the stream codec here, and
    // re-read through the coordinator (only the mismatching segments, when placement is
    // compared).
    void drill(DataSection& data) {
        if (m_options.show_rows == 0) {
            return;
        }
        if (any_snapshot()) {
            // A snapshot holds digests, not rows: there is nothing to drill into.
            m_report.warnings.push_back("--show-rows: differing rows cannot be shown when a side "
                                        "is a snapshot file (it holds digests, not rows)");
            return;
        }
        if (m_interrupt.requested()) {
            return;
        }
        std::vector<TablePlan> stream_plans; // pushdown: the stream plans
        stream_plans.reserve(m_plan.tables.size());
        std::vector<DrillTable> tables;
        for (std::size_t i = 0; i < m_plan.tables.size(); ++i) {
            const TablePlan& plan = m_plan.tables[i];
            checksum::TableResult& result = data.tables[i];
            if (!plan.compared || plan.rollup ||
                (result.status != TableStatus::count_mismatch &&
                 result.status != TableStatus::content_mismatch)) {
                continue;
            }
            const TablePlan* columns = &plan;
            if (is_pushdown()) {
                columns = &stream_plans.emplace_back(
                    plan_stream_columns(plan, {m_sides[k_source].facts, m_sides[k_target].facts}));
                // The rows are the stream plan's columns (pushdown may match a different set).
                result.column_names = columns->result.column_names;
            }
            DrillTable table;
            table.result = &result;
            table.per_segment =
                plan.placement.mode == checksum::PlacementDecision::Mode::per_segment;
            table.keyed = is_keyed(*plan.sides[k_source].spec, *columns, result.column_names);
            table.source = drill_side(plan, *columns, k_source, result);
            table.target = drill_side(plan, *columns, k_target, result);
            tables.push_back(std::move(table));
        }
        DrillOptions drill_options;
        drill_options.max_rows = m_options.show_rows;
        drill_options.jobs = m_options.jobs;
        drill_options.interrupt = m_options.handle_signals ? &m_interrupt : nullptr;
        try {
            (void)drill_down(tables, drill_options, m_report);
        } catch (const catalog::CancelledError&) {
            m_report.errors.push_back(
                "interrupted during the drill-down: differing rows not shown");
        }
    }

    // The target's placement check over a table's rows: the executor's, or, for a reused
    // table, what its stored read found (nothing misplaced: only matching tables are stored).
    [[nodiscard]] std::optional<checksum::PlacementFindings>
    placement_findings(std::size_t i) const {
        const StoredTable* stored = m_reused[i];
        if (stored == nullptr) {
            return m_executor->findings(i, k_target);
        }
        if (!stored->placement_checked) {
            return std::nullopt;
        }
        checksum::PlacementFindings findings;
        for (const auto& segment : stored->sides[k_target].segments) {
            findings.rows_checked += segment.digest.count;
        }
        return findings;
    }

    [[nodiscard]] static checksum::SideDigests stored_digests(const StoredTable& stored,
                                                              std::size_t s, bool replicated) {
        checksum::SideDigests out;
        out.replicated = replicated;
        for (const auto& [content, digest] : stored.sides[s].segments) {
            out.segments[content].total = digest;
        }
        return out;
    }

    // A table whose digests can be handed on to a later run: read (or taken from a snapshot)
    // on both sides as one table, not rolled up from leaves.
    [[nodiscard]] bool can_hand_on(const TablePlan& plan) const {
        if (!plan.compared || plan.rollup || plan.preset || plan.lone_side) {
            return false;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            const SideRead& read = plan.sides[s];
            if (read.spec == nullptr || read.spec->kind == TableKind::partition_root ||
                (m_sides[s].snapshot == nullptr && read.items.empty())) {
                return false;
            }
        }
        return true;
    }

    // What the digests of a table depend on besides its storage.
    [[nodiscard]] std::string fingerprint(const TablePlan& plan) const {
        const bool sql_digests = is_pushdown() && !m_server_digest;
        nlohmann::json parts = {
            {"encoding",
             sql_digests ? checksum::k_pushdown_encoding_version : checksum::k_encoding_version},
            {"strategy", to_string(m_strategy)},
            {"mode", to_string(m_options.mode)},
            {"placement", static_cast<int>(plan.placement.mode)},
            {"target_check", plan.target_check ? static_cast<int>(plan.target_check->kind) : -1},
            {"columns", plan.result.column_names},
            {"excluded", plan.result.excluded_columns},
            {"incomparable", plan.incomparable},
        };
        for (std::size_t s = 0; s < 2; ++s) {
            parts["sides"].push_back({{"sql", plan.sides[s].sql},
                                      {"items", plan.sides[s].items.size()},
                                      {"snapshot", m_sides[s].snapshot != nullptr}});
        }
        return digest_fingerprint(parts);
    }

    // One side's change signatures: a snapshot's tables all have its file's SHA-256; a live
    // side's AO tables theirs (catalog/ao_signature.hpp). A side whose signatures cannot be
    // read has none, and every table is read.
    void read_signatures(std::size_t s) {
        LoadedSide& side = m_sides[s];
        if (side.snapshot != nullptr) {
            return;
        }
        try {
            catalog::AoSignatures found = catalog::read_ao_signatures(*side.cluster);
            if (found.unavailable) {
                m_report.warnings.push_back("--skip-unchanged: " + side.cluster->side() + ": " +
                                            *found.unavailable + "; every table was read");
                return;
            }
            m_signatures[s] = std::move(found.tables);
        } catch (const catalog::QueryError& e) {
            m_report.warnings.push_back("--skip-unchanged: " + side.cluster->side() +
                                        ": the AO tables' signatures could not be read (" +
                                        e.what() + "); every table was read");
        }
    }

    [[nodiscard]] std::optional<std::string> signature_of(const TablePlan& plan,
                                                          std::size_t s) const {
        if (m_sides[s].snapshot != nullptr) {
            return "snapshot " + m_sides[s].snapshot_sha256;
        }
        if (!m_signatures[s]) {
            return std::nullopt;
        }
        auto found = m_signatures[s]->find(plan.identity);
        if (found == m_signatures[s]->end()) {
            return std::nullopt;
        }
        return found->second;
    }

    // --skip-unchanged: the signatures, read before any table is (a write during the reads
    // then changes the next run's), and the tables whose stored digests stand in for reading
    // them (verify/reuse.hpp).
    void decide_reuse() {
        m_reused.assign(m_plan.tables.size(), nullptr);
        if (!m_options.reuse) {
            return;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            read_signatures(s);
        }
        const ReuseOptions& reuse = *m_options.reuse;
        const auto now = std::chrono::system_clock::now();
        m_fingerprints.assign(m_plan.tables.size(), std::string());
        for (std::size_t i = 0; i < m_plan.tables.size(); ++i) {
            const TablePlan& plan = m_plan.tables[i];
            if (!can_hand_on(plan)) {
                continue;
            }
            m_fingerprints[i] = fingerprint(plan);
            if (reuse.previous == nullptr) {
                continue;
            }
            auto stored = reuse.previous->tables.find(plan.identity);
            if (stored != reuse.previous->tables.end() &&
                !reuse_refusal(stored->second, m_fingerprints[i],
                               {signature_of(plan, k_source), signature_of(plan, k_target)}, now,
                               reuse.max_age)) {
                m_reused[i] = &stored->second;
            }
        }
    }

    // --skip-unchanged: counts what was reused, and hands every matching table with a
    // signature on both sides on to the next run (a reused one keeps its time of reading).
    void hand_on(DataSection& data) const {
        if (!m_options.reuse) {
            return;
        }
        ReuseSummary summary;
        summary.max_age_s = m_options.reuse->max_age.count();
        DigestStore& next = *m_options.reuse->next;
        for (std::size_t i = 0; i < m_plan.tables.size(); ++i) {
            const TablePlan& plan = m_plan.tables[i];
            const checksum::TableResult& result = data.tables[i];
            if (m_reused[i] != nullptr) {
                ++summary.tables;
                summary.rows += result.source_rows.value_or(0) + result.target_rows.value_or(0);
            }
            const auto source_signature = signature_of(plan, k_source);
            const auto target_signature = signature_of(plan, k_target);
            if (m_fingerprints[i].empty() || !source_signature || !target_signature ||
                (result.status != TableStatus::match &&
                 result.status != TableStatus::count_match)) {
                continue;
            }
            if (m_reused[i] != nullptr) {
                next.tables[plan.identity] = *m_reused[i];
                continue;
            }
            StoredTable stored;
            stored.read_at = m_report.started;
            stored.fingerprint = m_fingerprints[i];
            stored.placement_checked = result.misplaced_rows.has_value();
            for (std::size_t s = 0; s < 2; ++s) {
                stored.sides[s].signature = s == k_source ? *source_signature : *target_signature;
                for (const auto& [content, digest] : m_digests.at(plan.identity)[s].segments) {
                    stored.sides[s].segments.push_back(SnapshotSegment{content, digest.total});
                }
            }
            next.tables[plan.identity] = std::move(stored);
        }
        data.reuse = summary;
    }

    void record_options() {
        auto& options = m_report.options;
        options["strategy"] = std::string(to_string(m_options.strategy));
        options["mode"] = std::string(to_string(m_options.mode));
        options["jobs"] = std::to_string(m_options.jobs);
        if (!is_pushdown()) {
            options["via"] = std::string(to_string(m_options.via));
        }
        if (m_options.mode == Mode::hash) {
            // Digests are comparable only within one encoding: c1 (stream, and pushdown through
            // the gpparity extension) or p1 (pushdown in SQL).
            const bool sql_digests = is_pushdown() && !m_server_digest;
            options["encoding"] = std::string(sql_digests ? checksum::k_pushdown_encoding_version
                                                          : checksum::k_encoding_version);
            if (is_pushdown()) {
                options["digest"] =
                    m_server_digest
                        ? "gpparity extension " + std::string(checksum::k_digest_extension_version)
                        : std::string("sql");
            }
        }
        options["check_placement"] = m_options.check_placement && !is_pushdown() ? "on" : "off";
        if (m_options.reuse) {
            options["skip_unchanged"] = "on";
            options["max_reuse_age"] = format_duration_option(m_options.reuse->max_age);
        }
        if (m_options.show_rows != 0) {
            options["show_rows"] = std::to_string(m_options.show_rows);
        }
    }

    const DataRunOptions& m_options;
    Report& m_report;
    std::array<LoadedSide, 2> m_sides;
    std::array<const checksum::ClusterTables*, 2> m_loaded{}; ///< tables loaded before the run
    checksum::Interrupt m_interrupt;
    Strategy m_strategy = Strategy::stream;
    bool m_server_digest = false; ///< pushdown digests come from the gpparity extension
    DataPlan m_plan;
    std::optional<ReadExecutor> m_executor;
    DigestsByTable m_digests;
    /// --skip-unchanged: per side, the AO signatures (nullopt: none could be read); per plan
    /// table, the stored digests standing in for reading it (null: read) and the fingerprint
    /// of its digests (empty: it cannot be handed on).
    std::array<std::optional<std::map<std::string, std::string>>, 2> m_signatures;
    std::vector<const StoredTable*> m_reused;
    std::vector<std::string> m_fingerprints;
};

// The snapshot's record of one planned table: its columns, and per segment its digest.
SnapshotTable snapshot_table(const TablePlan& plan, const ReadExecutor& executor, std::size_t index,
                             const SideFacts& facts) {
    SnapshotTable table;
    table.spec = *plan.sides[k_source].spec;
    for (auto& column : table.spec.columns) {
        column.type_oid = 0; // oids mean nothing on another cluster
    }
    const SideRead& read = plan.sides[k_source];
    if (read.items.empty()) {
        return table;
    }
    table.digest_columns = plan.result.column_names;
    table.excluded_columns = plan.result.excluded_columns;
    checksum::SideDigests d = executor.digests(index, k_source, facts, is_replicated(*read.spec));
    table.read = true;
    table.error = d.error;
    for (const auto& [content, digest] : d.segments) {
        if (digest.total.count != 0) {
            table.segments.push_back(SnapshotSegment{content, digest.total}); // map order
        }
    }
    return table;
}

} // namespace

void run_data_comparison(catalog::Cluster& source_cluster, catalog::Cluster& target_cluster,
                         const DataRunOptions& options, Report& report) {
    run_data_comparison(DataSide{&source_cluster, nullptr, "source", {}, nullptr},
                        DataSide{&target_cluster, nullptr, "target", {}, nullptr}, options, report);
}

void run_data_comparison(const DataSide& source, const DataSide& target,
                         const DataRunOptions& options, Report& report) {
    DataRun(source, target, options, report).run();
}

SnapshotData take_data_snapshot(catalog::Cluster& cluster, const DataRunOptions& options,
                                std::vector<std::string>& warnings) {
    checksum::Interrupt interrupt;
    std::optional<checksum::SignalWatcher> watcher;
    if (options.handle_signals) {
        watcher.emplace(interrupt);
    }
    LoadedSide side;
    side.cluster = &cluster;
    load_side(side);
    require_includes_match(options.filter, {&side.tables});
    choose_read_path(side, options, warnings, "");

    // Each table is planned as a partition leaf present on one side is: every readable column,
    // in attnum order, with the codec a live comparison would give it.
    const DataPlan plan = plan_snapshot(side.facts, options.filter);
    ReadExecutor executor({&cluster, nullptr}, Strategy::stream, plan.tables.size());
    for (std::size_t i = 0; i < plan.tables.size(); ++i) {
        executor.add(i, k_source, plan.tables[i].sides[k_source], Mode::hash);
    }
    checksum::EngineOptions engine;
    engine.jobs = options.jobs;
    if (options.handle_signals) {
        engine.interrupt = &interrupt;
    }
    // An interrupted snapshot is not written: CancelledError propagates.
    executor.run(engine, options.progress);
    watcher.reset();

    SnapshotData data;
    data.strategy = "stream";
    data.encoding = std::string(checksum::k_encoding_version);
    data.flavor = std::string(catalog::to_string(cluster.flavor()));
    data.segment_contents = side.facts.segments;
    data.numsegments = static_cast<int>(data.segment_contents.size());
    for (std::size_t i = 0; i < plan.tables.size(); ++i) {
        data.tables.push_back(snapshot_table(plan.tables[i], executor, i, side.facts));
    }
    return data;
}

} // namespace gpparity::verify
