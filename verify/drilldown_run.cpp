#include "verify/drilldown_run.hpp"

#include "catalog/error.hpp"
#include "checksum/bucket_key.hpp"
#include "checksum/drilldown.hpp"
#include "checksum/engine.hpp"
#include "checksum/pg_scan.hpp"
#include "checksum/table_spec.hpp"
#include "verify/write_common.hpp"

#include <algorithm>
#include <array>
#include <memory>

namespace gpparity::verify {

namespace {

// What one side of one table needs while the drill-down runs.
struct DrillSideState {
    DrillSide* side = nullptr;
    std::map<int, checksum::SegmentDigest> digests;
    checksum::RowCodec coordinator_codec; // codec with a leading gp_segment_id
    checksum::SegmentMasks masks;
    std::string display;
    std::string bucket_expr;        // the server's twin of the bucket hash; empty: no server filter
    checksum::FineDigests fine;     // the fine pass's digests, when it ran
    std::vector<std::size_t> items; // indexes into the drill items
    std::vector<std::size_t> digest_items;
    std::optional<std::string> error;
};

bool reads_coordinator(const DrillSide& side) {
    return side.via_coordinator && side.cluster->is_greenplum();
}

// The rows whose bucket is in `buckets`: one bit test per row, however many buckets differ
// (bytea get_bit numbers bits from the right within each byte).
std::string bucket_predicate(const std::string& expr, const checksum::BucketMask& buckets) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string hex;
    for (std::size_t byte = 0; byte < checksum::k_bucket_count / 8; ++byte) {
        unsigned value = 0;
        for (std::size_t bit = 0; bit < 8; ++bit) {
            if (buckets.test(byte * 8 + bit)) {
                value |= 1U << bit;
            }
        }
        hex += k_hex[value >> 4];
        hex += k_hex[value & 0xF];
    }
    return "pg_catalog.get_bit(pg_catalog.decode('" + hex + "', 'hex'), (" + expr + ") & " +
           std::to_string(checksum::k_bucket_count - 1) + ") = 1";
}

// The rows whose fine bucket is in `fine`.
std::string fine_predicate(const std::string& expr, const checksum::FineSet& fine) {
    std::vector<std::uint32_t> ids(fine.begin(), fine.end());
    std::sort(ids.begin(), ids.end());
    std::string list;
    for (std::uint32_t id : ids) {
        list += (list.empty() ? "" : ", ") + std::to_string(id);
    }
    return "((" + expr + ") & " + std::to_string(checksum::k_fine_bucket_mask) + ") IN (" + list +
           ")";
}

// At most this many fine buckets are listed in a re-read's WHERE; more, and the re-read asks
// for the differing buckets (and gpparity keeps the fine ones).
constexpr std::size_t k_max_listed_fine_buckets = 1024;

// COPY of the canonical columns (and the display columns when `display` is set), on one
// segment, or through the coordinator restricted to `contents`; `predicate` narrows the rows.
// Always a SELECT: the table may be a materialized view, which `COPY t (cols)` refuses.
std::string copy_sql(const DrillSide& side, const std::string& display,
                     const std::set<int>& contents, const std::string& predicate) {
    CopySource source;
    source.relation = side.table;
    source.relation_literal = side.cluster->coordinator().quote_literal(side.table);
    source.through_coordinator = reads_coordinator(side);
    source.replicated = side.replicated;
    SelectList select = side.select;
    select.plain_columns = false;
    return verify::copy_sql(source, select, CopyExtras{display, contents, predicate});
}

// The checksum's digests of the buckets a side's masks select, summed by bucket.
checksum::BucketDigests expected_buckets(const DrillSideState& w) {
    checksum::BucketDigests out;
    for (const auto& [content, mask] : w.masks) {
        auto d = w.digests.find(content);
        if (d == w.digests.end() || d->second.buckets.empty()) {
            continue;
        }
        for (std::size_t b = 0; b < checksum::k_bucket_count; ++b) {
            if (mask.test(b)) {
                out[static_cast<std::uint32_t>(b)] += d->second.buckets[b];
            }
        }
    }
    return out;
}

// The fine pass's digests of the fine buckets in `fine`.
checksum::BucketDigests expected_fine(const DrillSideState& w, const checksum::FineSet& fine) {
    checksum::BucketDigests out;
    for (std::uint32_t id : fine) {
        auto d = w.fine.find(id);
        if (d != w.fine.end()) {
            out[id] = d->second;
        }
    }
    return out;
}

// Whether the rows a re-read admitted are exactly those the digests it was planned from saw.
bool reproduces(const checksum::BucketDigests& expected, const checksum::BucketDigests& admitted) {
    const checksum::MultisetDigest none;
    for (const auto& [id, digest] : expected) {
        auto a = admitted.find(id);
        if (!(digest == (a == admitted.end() ? none : a->second))) {
            return false;
        }
    }
    return std::all_of(admitted.begin(), admitted.end(), [&](const auto& entry) {
        return expected.count(entry.first) != 0 || entry.second == none;
    });
}

// One drill-down over a set of tables, phase by phase: prepare each side (and read the digests
// a pushdown run lacks), find the differing buckets, a fine pass for large ones, then the re-read
// that keeps the differing rows; a server-filtered re-read that does not reproduce the checksum
// is done again without the filter.
class DrillRun {
public:
    DrillRun(std::vector<DrillTable>& tables, const DrillOptions& options, Report& report)
        : m_tables(tables), m_options(options), m_report(report), m_stats(tables.size()),
          m_work(tables.size()), m_fine_pass(tables.size(), false), m_fine_sets(tables.size()),
          m_unfiltered_because(tables.size()) {}

    std::vector<DrillStats> run() {
        prepare_sides();
        read_missing_digests();
        find_differing_buckets();
        // Large differing buckets: fine bucket digests first.
        if (std::find(m_fine_pass.begin(), m_fine_pass.end(), true) != m_fine_pass.end()) {
            run_fine_pass();
        }
        // Re-read, keep the rows of differing (fine) buckets, and compare them.
        plan_items(false);
        checksum::run_drill_scans(m_items, m_options.jobs, m_options.interrupt);
        std::vector<std::size_t> again; // server-filtered re-reads to do again unfiltered
        for (std::size_t t = 0; t < m_tables.size(); ++t) {
            if (!finish_table(t)) {
                again.push_back(t);
            }
        }
        if (!again.empty()) {
            retry_unfiltered(again);
        }
        return std::move(m_stats);
    }

private:
    checksum::PgScanSource* source_for(catalog::Cluster* cluster) {
        auto& s = m_sources[cluster];
        if (!s) {
            s = std::make_unique<checksum::PgScanSource>(*cluster);
        }
        return s.get();
    }

    static std::set<int> endpoints(const DrillSide& side, const std::set<int>& wanted) {
        std::set<int> out;
        if (!side.cluster->is_greenplum()) {
            out.insert(-1);
            return out;
        }
        for (const auto& segment : side.cluster->identity().segments) {
            if (wanted.empty() || wanted.count(segment.content) != 0) {
                out.insert(segment.content);
            }
        }
        return out;
    }

    // Each side's display list and server-side bucket expression; sides without bucket digests
    // (pushdown) get items that read their segments once with the stream codec.
    void prepare_sides() {
        for (std::size_t t = 0; t < m_tables.size(); ++t) {
            for (std::size_t s = 0; s < 2; ++s) {
                DrillSide& side = s == 0 ? m_tables[t].source : m_tables[t].target;
                DrillSideState& w = m_work[t][s];
                w.side = &side;
                w.coordinator_codec = side.codec;
                w.coordinator_codec.leading_segment_id = true;
                catalog::pg::Connection& conn = side.cluster->coordinator();
                w.display = display_list(conn, side.columns);
                if (m_options.server_filter &&
                    side.select.column_sql.size() == side.codec.columns.size() &&
                    checksum::bucket_sql_usable(side.codec,
                                                conn.parameter_status("server_encoding"))) {
                    w.bucket_expr = checksum::bucket_sql(side.codec, side.select.column_sql);
                }
                if (side.digests) {
                    w.digests = *side.digests;
                } else {
                    add_digest_items(side, w);
                }
            }
        }
    }

    void add_digest_items(DrillSide& side, DrillSideState& w) {
        auto [it, added] = m_digest_side.try_emplace(side.cluster, m_digest_work.size());
        if (added) {
            m_digest_work.push_back(checksum::SideScans{source_for(side.cluster), {}});
        }
        auto& items = m_digest_work[it->second].items;
        std::set<int> contents = endpoints(side, side.segments);
        if (reads_coordinator(side)) {
            w.digest_items.push_back(items.size());
            items.push_back(checksum::ScanItem{-1, copy_sql(side, "", contents, ""),
                                               &w.coordinator_codec, -1, nullptr});
            return;
        }
        for (int content : contents) {
            w.digest_items.push_back(items.size());
            items.push_back(checksum::ScanItem{content, copy_sql(side, "", {}, ""), &side.codec,
                                               content, nullptr});
        }
    }

    void read_missing_digests() {
        if (m_digest_work.empty()) {
            return;
        }
        std::vector<std::vector<checksum::ScanOutcome>> outcomes;
        checksum::EngineOptions engine;
        engine.jobs = m_options.jobs;
        engine.interrupt = m_options.interrupt;
        checksum::run_scans(m_digest_work, engine, outcomes);
        for (std::size_t t = 0; t < m_tables.size(); ++t) {
            for (std::size_t s = 0; s < 2; ++s) {
                DrillSideState& w = m_work[t][s];
                if (w.side->digests) {
                    continue;
                }
                const auto& side_outcomes = outcomes[m_digest_side[w.side->cluster]];
                for (std::size_t i : w.digest_items) {
                    const checksum::ScanOutcome& o = side_outcomes[i];
                    if (o.error) {
                        w.error = *o.error;
                    }
                    for (const auto& [content, digest] : o.segments) {
                        w.digests[content] += digest;
                        m_stats[t].digest_rows_read += digest.total.count;
                    }
                }
            }
        }
    }

    // The differing buckets, and per side the segments holding their rows.
    void find_differing_buckets() {
        for (std::size_t t = 0; t < m_tables.size(); ++t) {
            DrillTable& table = m_tables[t];
            m_stats[t].table = table.result != nullptr ? table.result->table : table.source.table;
            checksum::DrillPlan plan = checksum::plan_drill(
                checksum::DrillDigests{&m_work[t][0].digests, table.source.replicated},
                checksum::DrillDigests{&m_work[t][1].digests, table.target.replicated},
                table.per_segment);
            m_stats[t].differing_buckets = plan.differing_buckets;
            m_work[t][0].masks = std::move(plan.source);
            m_work[t][1].masks = std::move(plan.target);
            // The rows a re-read would keep, known from the bucket counts: too many, and a first
            // re-read computes fine buckets so the second keeps only theirs.
            std::uint64_t to_keep = 0;
            for (std::size_t s = 0; s < 2; ++s) {
                for (const auto& [bucket, digest] : expected_buckets(m_work[t][s])) {
                    to_keep += digest.count;
                }
            }
            m_fine_pass[t] = to_keep > m_options.keep_without_fine_buckets;
            m_stats[t].server_filtered =
                !m_work[t][0].bucket_expr.empty() && !m_work[t][1].bucket_expr.empty();
        }
    }

    // The WHERE of one re-read: the rows of the differing (fine) buckets, when the server can
    // compute the bucket.
    std::string predicate(std::size_t t, const DrillSideState& w, bool fine_filter,
                          const checksum::BucketMask& buckets) const {
        if (w.bucket_expr.empty()) {
            return {};
        }
        if (fine_filter && m_fine_sets[t].size() <= k_max_listed_fine_buckets) {
            return fine_predicate(w.bucket_expr, m_fine_sets[t]);
        }
        return bucket_predicate(w.bucket_expr, buckets);
    }

    void add_item(std::size_t t, DrillSideState& w, bool fine, bool fine_filter, int endpoint,
                  std::string sql, const checksum::RowCodec* codec, int segment) {
        checksum::DrillItem item;
        item.source = source_for(w.side->cluster);
        item.endpoint = endpoint;
        item.sql = std::move(sql);
        item.codec = codec;
        item.display_columns = fine ? 0 : w.side->columns.size();
        item.segment = segment;
        item.masks = &w.masks;
        item.fine_digests = fine;
        item.fine_filter = fine_filter ? &m_fine_sets[t] : nullptr;
        w.items.push_back(m_items.size());
        m_items.push_back(std::move(item));
    }

    // The re-reads of one side's chosen segments.
    void plan_side_items(std::size_t t, DrillSideState& w, bool fine, bool fine_filter) {
        const DrillSide& side = *w.side;
        std::set<int> contents;
        checksum::BucketMask all;
        for (const auto& [content, mask] : w.masks) {
            contents.insert(content);
            all |= mask;
        }
        const std::string display = fine ? std::string() : w.display;
        if (reads_coordinator(side)) {
            add_item(t, w, fine, fine_filter, -1,
                     copy_sql(side, display, contents, predicate(t, w, fine_filter, all)),
                     &w.coordinator_codec, -1);
        } else if (!side.cluster->is_greenplum()) {
            add_item(t, w, fine, fine_filter, -1,
                     copy_sql(side, display, {}, predicate(t, w, fine_filter, all)), &side.codec,
                     -1);
        } else {
            for (const auto& [content, mask] : w.masks) {
                add_item(t, w, fine, fine_filter, content,
                         copy_sql(side, display, {}, predicate(t, w, fine_filter, mask)),
                         &side.codec, content);
            }
        }
        m_stats[t].segments_read += contents.size();
    }

    // The re-reads of the chosen segments: `fine` ones compute fine bucket digests only. With
    // the bucket's SQL twin, the server sends only the rows of the differing (fine) buckets.
    void plan_items(bool fine) {
        m_items.clear();
        for (auto& sides_work : m_work) {
            sides_work[0].items.clear();
            sides_work[1].items.clear();
        }
        for (std::size_t t = 0; t < m_tables.size(); ++t) {
            if (m_work[t][0].error || m_work[t][1].error || (fine && !m_fine_pass[t]) ||
                !m_unfiltered_because[t].empty()) {
                continue;
            }
            const bool fine_filter = !fine && m_fine_pass[t];
            for (std::size_t s = 0; s < 2; ++s) {
                if (!m_work[t][s].masks.empty()) {
                    plan_side_items(t, m_work[t][s], fine, fine_filter);
                }
            }
        }
    }

    // A side's items' rows merged; a failed item is the side's error.
    void collect(std::size_t t, std::size_t s, checksum::KeptRows& into) {
        DrillSideState& w = m_work[t][s];
        for (std::size_t i : w.items) {
            if (m_items[i].error && !w.error) {
                w.error = m_items[i].error;
            }
            m_stats[t].rows_read += m_items[i].kept.rows_read;
            into.merge(std::move(m_items[i].kept));
        }
    }

    // After a pass: did each side's re-read admit exactly the rows the digests it was planned
    // from saw? When not, a server filter is suspect (the table is re-read without it); without
    // one, the table changed since the checksum.
    void check_pass(std::size_t t, std::size_t s, const checksum::BucketDigests& expected,
                    const checksum::KeptRows& kept) {
        DrillSideState& w = m_work[t][s];
        const bool filtered = !w.bucket_expr.empty();
        const char* name = s == 0 ? "source" : "target";
        if (w.error) {
            if (filtered && m_unfiltered_because[t].empty()) {
                m_unfiltered_because[t] = std::string(name) + ": " + *w.error;
                w.error.reset();
            }
            return;
        }
        if (!w.items.empty() && !reproduces(expected, kept.admitted)) {
            if (!filtered) {
                m_stats[t].changed_since_checksum = true;
            } else if (m_unfiltered_because[t].empty()) {
                m_unfiltered_because[t] = std::string(name) +
                                          ": the rows it sent do not reproduce the checksum's "
                                          "bucket digests";
            }
        }
    }

    void run_fine_pass() {
        plan_items(true);
        checksum::run_drill_scans(m_items, m_options.jobs, m_options.interrupt);
        for (std::size_t t = 0; t < m_tables.size(); ++t) {
            if (!m_fine_pass[t]) {
                continue;
            }
            std::array<checksum::KeptRows, 2> fine;
            for (std::size_t s = 0; s < 2; ++s) {
                collect(t, s, fine[s]);
                check_pass(t, s, expected_buckets(m_work[t][s]), fine[s]);
                m_work[t][s].fine = std::move(fine[s].fine);
            }
            m_fine_sets[t] = checksum::differing_fine_buckets(m_work[t][0].fine, m_work[t][1].fine);
            m_stats[t].differing_fine_buckets = m_fine_sets[t].size();
        }
    }

    // The rows of one table after the last pass, compared; false when it must be read again
    // without the server filter.
    bool finish_table(std::size_t t) {
        DrillTable& table = m_tables[t];
        DrillStats& stats = m_stats[t];
        std::array<checksum::KeptRows, 2> kept;
        if (m_unfiltered_because[t].empty()) {
            for (std::size_t s = 0; s < 2; ++s) {
                collect(t, s, kept[s]);
                stats.rows_kept += kept[s].rows_kept;
                check_pass(t, s,
                           m_fine_pass[t] ? expected_fine(m_work[t][s], m_fine_sets[t])
                                          : expected_buckets(m_work[t][s]),
                           kept[s]);
            }
        }
        if (!m_unfiltered_because[t].empty()) {
            return false;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            if (m_work[t][s].error && !stats.error) {
                stats.error = std::string(s == 0 ? "source: " : "target: ") + *m_work[t][s].error;
            }
        }
        if (stats.error) {
            m_report.warnings.push_back("drill-down of " + stats.table +
                                        ": the rows could not be re-read (" + *stats.error + ")");
            return true;
        }
        std::uint64_t found = 0;
        std::vector<checksum::RowDifference> rows = checksum::diff_rows(
            kept[0], kept[1], table.keyed, table.source.codec, m_options.max_rows, found);
        stats.rows_differ = found;
        if (table.result != nullptr) {
            table.result->rows = std::move(rows);
        }
        m_report.warnings.push_back(summary(t, found));
        return true;
    }

    // The warning line saying what one table's drill-down read and found.
    [[nodiscard]] std::string summary(std::size_t t, std::uint64_t found) const {
        const DrillStats& stats = m_stats[t];
        std::string line =
            "drill-down of " + stats.table + ": " + std::to_string(stats.differing_buckets) +
            " of " + std::to_string(checksum::k_bucket_count) + " buckets differ" +
            (m_fine_pass[t] ? " (" + std::to_string(stats.differing_fine_buckets) + " fine buckets)"
                            : std::string()) +
            "; " + detail::format_count(stats.rows_read) + " rows re-read" +
            (stats.server_filtered ? " (only the differing buckets' rows)" : "") + " from " +
            std::to_string(stats.segments_read) + " segment stream(s), " +
            detail::format_count(stats.rows_kept) + " kept; " + detail::format_count(found) +
            " differing rows found";
        if (found > m_options.max_rows) {
            line += ", " + std::to_string(m_options.max_rows) + " shown";
        }
        if (stats.changed_since_checksum) {
            line += "; the re-read did not reproduce the checksum's digests: the table changed "
                    "since it was compared, and the rows shown may be incomplete";
        }
        return line;
    }

    void retry_unfiltered(const std::vector<std::size_t>& again_of) {
        std::vector<DrillTable> again;
        for (std::size_t t : again_of) {
            DrillTable retry = m_tables[t];
            retry.source.digests = m_work[t][0].digests;
            retry.target.digests = m_work[t][1].digests;
            again.push_back(std::move(retry));
            m_report.warnings.push_back("drill-down of " + m_stats[t].table +
                                        ": reading again without the server-side bucket filter (" +
                                        m_unfiltered_because[t] + ")");
        }
        DrillOptions unfiltered = m_options;
        unfiltered.server_filter = false;
        std::vector<DrillStats> retried = drill_down(again, unfiltered, m_report);
        for (std::size_t i = 0; i < again.size(); ++i) {
            std::size_t t = again_of[i];
            DrillStats r = std::move(retried[i]);
            r.rows_read += m_stats[t].rows_read;
            r.digest_rows_read += m_stats[t].digest_rows_read;
            r.unfiltered_because = m_unfiltered_because[t];
            m_stats[t] = std::move(r);
        }
    }

    std::vector<DrillTable>& m_tables;
    const DrillOptions& m_options;
    Report& m_report;
    std::vector<DrillStats> m_stats;
    std::vector<std::array<DrillSideState, 2>> m_work;
    std::map<catalog::Cluster*, std::unique_ptr<checksum::PgScanSource>> m_sources;
    std::vector<checksum::SideScans> m_digest_work;
    std::map<catalog::Cluster*, std::size_t> m_digest_side;
    std::vector<bool> m_fine_pass;
    std::vector<checksum::FineSet> m_fine_sets;
    std::vector<std::string> m_unfiltered_because; // why a re-read is done again unfiltered
    std::vector<checksum::DrillItem> m_items;
};

} // namespace

std::string display_list(const catalog::pg::Connection& conn,
                         const std::vector<std::string>& columns) {
    std::string out;
    for (const auto& c : columns) {
        out += (out.empty() ? "" : ", ") + conn.quote_ident(c) + "::pg_catalog.text";
    }
    return out;
}

std::vector<DrillStats> drill_down(std::vector<DrillTable>& tables, const DrillOptions& options,
                                   Report& report) {
    if (tables.empty() || options.max_rows == 0) {
        return std::vector<DrillStats>(tables.size());
    }
    return DrillRun(tables, options, report).run();
}

} // namespace gpparity::verify
