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
// What the drill-down keeps for one side of one table (not checksum::SideWork, the engine's
// work list of one side).
struct DrillSideState {
    DrillSide* side = nullptr;
    std::map<int, checksum::SegmentDigest> digests;
    checksum::RowCodec coordinator_codec; // codec with a leading gp_segment_id
    checksum::SegmentMasks masks;
    std::string display;
    std::string bucket_expr;     // the server's twin of the bucket hash; empty: no server filter
    checksum::FineDigests fine;  // the fine pass's digests, when it ran
    std::vector<std::size_t> items; // indexes into the drill items
    std::vector<std::size_t> digest_items;
    std::optional<std::string> error;
};

checksum::SegmentScan scan_of(const DrillSide& side) {
    return checksum::segment_scan(side.table,
                                  side.cluster->coordinator().quote_literal(side.table),
                                  side.via_coordinator && side.cluster->is_greenplum() &&
                                      side.replicated);
}

bool reads_coordinator(const DrillSide& side) {
    return side.via_coordinator && side.cluster->is_greenplum();
}

std::string segment_filter(const std::string& segment_id, const std::set<int>& contents) {
    std::string list;
    for (int c : contents) {
        list += (list.empty() ? "" : ", ") + std::to_string(c);
    }
    return segment_id + " IN (" + list + ")";
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
std::string copy_sql(const DrillSide& side, const std::string& display,
                     const std::set<int>& contents, const std::string& predicate) {
    std::string select = side.select_list;
    if (!display.empty()) {
        select += ", " + display;
    }
    std::vector<std::string> conditions;
    const checksum::SegmentScan scan = scan_of(side);
    if (reads_coordinator(side)) {
        select = scan.segment_id + ", " + select;
        conditions.push_back(segment_filter(scan.segment_id, contents));
    }
    if (!predicate.empty()) {
        conditions.push_back(predicate);
    }
    std::string where;
    for (const auto& c : conditions) {
        where += (where.empty() ? " WHERE " : " AND ") + c;
    }
    return "COPY (SELECT " + select + " FROM " + scan.from + where +
           ") TO STDOUT (FORMAT binary)";
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
    std::vector<DrillStats> stats(tables.size());
    if (tables.empty() || options.max_rows == 0) {
        return stats;
    }
    std::vector<std::array<DrillSideState, 2>> work(tables.size());
    std::map<catalog::Cluster*, std::unique_ptr<checksum::PgScanSource>> sources;
    auto source_for = [&](catalog::Cluster* cluster) {
        auto& s = sources[cluster];
        if (!s) {
            s = std::make_unique<checksum::PgScanSource>(*cluster);
        }
        return s.get();
    };
    auto endpoints = [](const DrillSide& side, const std::set<int>& wanted) {
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
    };

    // 1. Sides without bucket digests (pushdown) read their segments once with the stream codec.
    std::vector<checksum::SideWork> digest_work;
    std::map<catalog::Cluster*, std::size_t> digest_side;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        for (std::size_t s = 0; s < 2; ++s) {
            DrillSide& side = s == 0 ? tables[t].source : tables[t].target;
            DrillSideState& w = work[t][s];
            w.side = &side;
            w.coordinator_codec = side.codec;
            w.coordinator_codec.leading_segment_id = true;
            catalog::pg::Connection& conn = side.cluster->coordinator();
            w.display = display_list(conn, side.columns);
            if (options.server_filter && side.column_sql.size() == side.codec.columns.size() &&
                checksum::bucket_sql_usable(side.codec, conn.parameter_status("server_encoding"))) {
                w.bucket_expr = checksum::bucket_sql(side.codec, side.column_sql);
            }
            if (side.digests) {
                w.digests = *side.digests;
                continue;
            }
            auto [it, added] = digest_side.try_emplace(side.cluster, digest_work.size());
            if (added) {
                digest_work.push_back(checksum::SideWork{source_for(side.cluster), {}});
            }
            auto& items = digest_work[it->second].items;
            std::set<int> contents = endpoints(side, side.segments);
            if (reads_coordinator(side)) {
                w.digest_items.push_back(items.size());
                items.push_back(checksum::ScanItem{-1, copy_sql(side, "", contents, ""),
                                                   &w.coordinator_codec, -1, nullptr});
            } else {
                for (int content : contents) {
                    w.digest_items.push_back(items.size());
                    items.push_back(checksum::ScanItem{content, copy_sql(side, "", {}, ""),
                                                       &side.codec, content, nullptr});
                }
            }
        }
    }
    if (!digest_work.empty()) {
        std::vector<std::vector<checksum::ScanOutcome>> outcomes;
        checksum::EngineOptions engine;
        engine.jobs = options.jobs;
        engine.interrupt = options.interrupt;
        checksum::run_scans(digest_work, engine, outcomes);
        for (std::size_t t = 0; t < tables.size(); ++t) {
            for (std::size_t s = 0; s < 2; ++s) {
                DrillSideState& w = work[t][s];
                if (w.side->digests) {
                    continue;
                }
                const auto& side_outcomes = outcomes[digest_side[w.side->cluster]];
                for (std::size_t i : w.digest_items) {
                    const checksum::ScanOutcome& o = side_outcomes[i];
                    if (o.error) {
                        w.error = *o.error;
                    }
                    for (const auto& [content, digest] : o.segments) {
                        w.digests[content] += digest;
                        stats[t].digest_rows_read += digest.total.count;
                    }
                }
            }
        }
    }

    // 2. The differing buckets, and per side the segments holding their rows.
    std::vector<bool> fine_pass(tables.size(), false);
    std::vector<checksum::FineSet> fine_sets(tables.size());
    for (std::size_t t = 0; t < tables.size(); ++t) {
        DrillTable& table = tables[t];
        stats[t].table = table.result != nullptr ? table.result->table : table.source.table;
        checksum::DrillPlan plan = checksum::plan_drill(
            checksum::DrillDigests{&work[t][0].digests, table.source.replicated},
            checksum::DrillDigests{&work[t][1].digests, table.target.replicated},
            table.per_segment);
        stats[t].differing_buckets = plan.differing_buckets;
        work[t][0].masks = std::move(plan.source);
        work[t][1].masks = std::move(plan.target);
        // The rows a re-read would keep, known from the bucket counts: too many, and a first
        // re-read computes fine buckets so the second keeps only theirs.
        std::uint64_t to_keep = 0;
        for (std::size_t s = 0; s < 2; ++s) {
            for (const auto& [bucket, digest] : expected_buckets(work[t][s])) {
                to_keep += digest.count;
            }
        }
        fine_pass[t] = to_keep > options.keep_without_fine_buckets;
        stats[t].server_filtered =
            !work[t][0].bucket_expr.empty() && !work[t][1].bucket_expr.empty();
    }

    // Why a table's server-filtered re-read is done again without the filter.
    std::vector<std::string> unfiltered_because(tables.size());

    // The re-reads of the chosen segments: `fine` ones compute fine bucket digests only. With
    // the bucket's SQL twin, the server sends only the rows of the differing (fine) buckets.
    std::vector<checksum::DrillItem> items;
    auto plan_items = [&](bool fine) {
        items.clear();
        for (auto& sides_work : work) {
            sides_work[0].items.clear();
            sides_work[1].items.clear();
        }
        for (std::size_t t = 0; t < tables.size(); ++t) {
            if (work[t][0].error || work[t][1].error || (fine && !fine_pass[t]) ||
                !unfiltered_because[t].empty()) {
                continue;
            }
            bool fine_filter = !fine && fine_pass[t];
            for (std::size_t s = 0; s < 2; ++s) {
                DrillSideState& w = work[t][s];
                const DrillSide& side = *w.side;
                if (w.masks.empty()) {
                    continue;
                }
                std::set<int> contents;
                checksum::BucketMask all;
                for (const auto& [content, mask] : w.masks) {
                    contents.insert(content);
                    all |= mask;
                }
                auto predicate = [&](const checksum::BucketMask& buckets) -> std::string {
                    if (w.bucket_expr.empty()) {
                        return {};
                    }
                    if (fine_filter && fine_sets[t].size() <= k_max_listed_fine_buckets) {
                        return fine_predicate(w.bucket_expr, fine_sets[t]);
                    }
                    return bucket_predicate(w.bucket_expr, buckets);
                };
                const std::string display = fine ? std::string() : w.display;
                auto add = [&](int endpoint, std::string sql, const checksum::RowCodec* codec,
                               int segment) {
                    checksum::DrillItem item;
                    item.source = source_for(side.cluster);
                    item.endpoint = endpoint;
                    item.sql = std::move(sql);
                    item.codec = codec;
                    item.display_columns = fine ? 0 : side.columns.size();
                    item.segment = segment;
                    item.masks = &w.masks;
                    item.fine_digests = fine;
                    item.fine_filter = fine_filter ? &fine_sets[t] : nullptr;
                    w.items.push_back(items.size());
                    items.push_back(std::move(item));
                };
                if (reads_coordinator(side)) {
                    add(-1, copy_sql(side, display, contents, predicate(all)),
                        &w.coordinator_codec, -1);
                } else if (!side.cluster->is_greenplum()) {
                    add(-1, copy_sql(side, display, {}, predicate(all)), &side.codec, -1);
                } else {
                    for (const auto& [content, mask] : w.masks) {
                        add(content, copy_sql(side, display, {}, predicate(mask)), &side.codec,
                            content);
                    }
                }
                stats[t].segments_read += contents.size();
            }
        }
    };
    // A side's items' rows merged; a failed item is the side's error.
    auto collect = [&](std::size_t t, std::size_t s, checksum::KeptRows& into) {
        DrillSideState& w = work[t][s];
        for (std::size_t i : w.items) {
            if (items[i].error && !w.error) {
                w.error = items[i].error;
            }
            stats[t].rows_read += items[i].kept.rows_read;
            into.merge(std::move(items[i].kept));
        }
    };
    // After a pass: did each side's re-read admit exactly the rows the digests it was planned
    // from saw? When not, a server filter is suspect (the table is re-read without it); without
    // one, the table changed since the checksum.
    auto check_pass = [&](std::size_t t, std::size_t s, const checksum::BucketDigests& expected,
                          const checksum::KeptRows& kept) {
        DrillSideState& w = work[t][s];
        bool filtered = !w.bucket_expr.empty();
        const char* name = s == 0 ? "source" : "target";
        if (w.error) {
            if (filtered && unfiltered_because[t].empty()) {
                unfiltered_because[t] = std::string(name) + ": " + *w.error;
                w.error.reset();
            }
            return;
        }
        if (!w.items.empty() && !reproduces(expected, kept.admitted)) {
            if (filtered) {
                if (unfiltered_because[t].empty()) {
                    unfiltered_because[t] = std::string(name) +
                                            ": the rows it sent do not reproduce the checksum's "
                                            "bucket digests";
                }
            } else {
                stats[t].changed_since_checksum = true;
            }
        }
    };

    // 3. Large differing buckets: fine bucket digests first.
    if (std::find(fine_pass.begin(), fine_pass.end(), true) != fine_pass.end()) {
        plan_items(true);
        checksum::run_drill_scans(items, options.jobs, options.interrupt);
        for (std::size_t t = 0; t < tables.size(); ++t) {
            if (!fine_pass[t]) {
                continue;
            }
            std::array<checksum::KeptRows, 2> fine;
            for (std::size_t s = 0; s < 2; ++s) {
                collect(t, s, fine[s]);
                check_pass(t, s, expected_buckets(work[t][s]), fine[s]);
                work[t][s].fine = std::move(fine[s].fine);
            }
            fine_sets[t] = checksum::differing_fine_buckets(work[t][0].fine, work[t][1].fine);
            stats[t].differing_fine_buckets = fine_sets[t].size();
        }
    }

    // 4. Re-read, keep the rows of differing (fine) buckets, and compare them.
    plan_items(false);
    checksum::run_drill_scans(items, options.jobs, options.interrupt);
    std::vector<DrillTable> again;  // server-filtered re-reads to do again without the filter
    std::vector<std::size_t> again_of;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        DrillTable& table = tables[t];
        std::array<checksum::KeptRows, 2> kept;
        if (unfiltered_because[t].empty()) {
            for (std::size_t s = 0; s < 2; ++s) {
                collect(t, s, kept[s]);
                stats[t].rows_kept += kept[s].rows_kept;
                check_pass(t, s,
                           fine_pass[t] ? expected_fine(work[t][s], fine_sets[t])
                                        : expected_buckets(work[t][s]),
                           kept[s]);
            }
        }
        if (!unfiltered_because[t].empty()) {
            DrillTable retry = table;
            retry.source.digests = work[t][0].digests;
            retry.target.digests = work[t][1].digests;
            again.push_back(std::move(retry));
            again_of.push_back(t);
            continue;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            if (work[t][s].error && !stats[t].error) {
                stats[t].error = std::string(s == 0 ? "source: " : "target: ") + *work[t][s].error;
            }
        }
        if (stats[t].error) {
            report.warnings.push_back("drill-down of " + stats[t].table +
                                      ": the rows could not be re-read (" + *stats[t].error + ")");
            continue;
        }
        std::uint64_t found = 0;
        std::vector<checksum::RowDifference> rows = checksum::diff_rows(
            kept[0], kept[1], table.keyed, table.source.codec, options.max_rows, found);
        stats[t].rows_differ = found;
        if (table.result != nullptr) {
            table.result->rows = std::move(rows);
        }
        std::string line =
            "drill-down of " + stats[t].table + ": " + std::to_string(stats[t].differing_buckets) +
            " of " + std::to_string(checksum::k_bucket_count) + " buckets differ" +
            (fine_pass[t]
                 ? " (" + std::to_string(stats[t].differing_fine_buckets) + " fine buckets)"
                 : std::string()) +
            "; " + detail::format_count(stats[t].rows_read) + " rows re-read" +
            (stats[t].server_filtered ? " (only the differing buckets' rows)" : "") + " from " +
            std::to_string(stats[t].segments_read) + " segment stream(s), " +
            detail::format_count(stats[t].rows_kept) + " kept; " + detail::format_count(found) +
            " differing rows found";
        if (found > options.max_rows) {
            line += ", " + std::to_string(options.max_rows) + " shown";
        }
        if (stats[t].changed_since_checksum) {
            line += "; the re-read did not reproduce the checksum's digests: the table changed "
                    "since it was compared, and the rows shown may be incomplete";
        }
        report.warnings.push_back(line);
    }
    if (!again.empty()) {
        for (std::size_t i = 0; i < again.size(); ++i) {
            std::size_t t = again_of[i];
            report.warnings.push_back("drill-down of " + stats[t].table +
                                      ": reading again without the server-side bucket filter (" +
                                      unfiltered_because[t] + ")");
        }
        DrillOptions unfiltered = options;
        unfiltered.server_filter = false;
        std::vector<DrillStats> retried = drill_down(again, unfiltered, report);
        for (std::size_t i = 0; i < again.size(); ++i) {
            std::size_t t = again_of[i];
            DrillStats r = std::move(retried[i]);
            r.rows_read += stats[t].rows_read;
            r.digest_rows_read += stats[t].digest_rows_read;
            r.unfiltered_because = unfiltered_because[t];
            stats[t] = std::move(r);
        }
    }
    return stats;
}

} // namespace gpparity::verify
