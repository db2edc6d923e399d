#include "verify/drilldown_run.hpp"

#include "catalog/error.hpp"
#include "checksum/drilldown.hpp"
#include "checksum/engine.hpp"
#include "checksum/pg_scan.hpp"
#include "checksum/table_spec.hpp"

#include <algorithm>
#include <memory>

namespace gpparity::verify {

namespace {

// What one side of one table needs while the drill-down runs.
struct SideWork {
    DrillSide* side = nullptr;
    std::map<int, checksum::SegmentDigest> digests;
    checksum::RowCodec coordinator_codec; // codec with a leading gp_segment_id
    checksum::SegmentMasks masks;
    std::string display;
    std::vector<std::size_t> items; // indexes into the drill items
    std::vector<std::size_t> digest_items;
    std::optional<std::string> error;
};

std::string from_clause(const DrillSide& side) {
    return checksum::scan_from(side.table, side.cluster->coordinator().quote_literal(side.table),
                               side.via_coordinator && side.cluster->is_greenplum() &&
                                   side.replicated);
}

bool reads_coordinator(const DrillSide& side) {
    return side.via_coordinator && side.cluster->is_greenplum();
}

std::string segment_filter(const std::set<int>& contents) {
    std::string list;
    for (int c : contents) {
        list += (list.empty() ? "" : ", ") + std::to_string(c);
    }
    return " WHERE gp_segment_id IN (" + list + ")";
}

// COPY of the canonical columns (and the display columns when `display` is set), on one
// segment, or through the coordinator restricted to `contents`.
std::string copy_sql(const DrillSide& side, const std::string& display,
                     const std::set<int>& contents) {
    std::string select = side.select_list;
    if (!display.empty()) {
        select += ", " + display;
    }
    if (reads_coordinator(side)) {
        return "COPY (SELECT gp_segment_id, " + select + " FROM " + from_clause(side) +
               segment_filter(contents) + ") TO STDOUT (FORMAT binary)";
    }
    return "COPY (SELECT " + select + " FROM " + from_clause(side) + ") TO STDOUT (FORMAT binary)";
}

std::string with_thousands(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
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
    std::vector<std::array<SideWork, 2>> work(tables.size());
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
            SideWork& w = work[t][s];
            w.side = &side;
            w.coordinator_codec = side.codec;
            w.coordinator_codec.leading_segment_id = true;
            w.display = display_list(side.cluster->coordinator(), side.columns);
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
                items.push_back(
                    checksum::ScanItem{-1, copy_sql(side, "", contents), &w.coordinator_codec, -1});
            } else {
                for (int content : contents) {
                    w.digest_items.push_back(items.size());
                    items.push_back(
                        checksum::ScanItem{content, copy_sql(side, "", {}), &side.codec, content});
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
                SideWork& w = work[t][s];
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
            for (const auto& [content, mask] : work[t][s].masks) {
                const checksum::SegmentDigest& d = work[t][s].digests[content];
                for (std::size_t b = 0; b < checksum::k_bucket_count && !d.buckets.empty(); ++b) {
                    if (mask.test(b)) {
                        to_keep += d.buckets[b].count;
                    }
                }
            }
        }
        fine_pass[t] = to_keep > options.keep_without_fine_buckets;
    }

    // The re-reads of the chosen segments: `fine` ones compute fine bucket digests only.
    std::vector<checksum::DrillItem> items;
    auto plan_items = [&](bool fine) {
        items.clear();
        for (auto& sides_work : work) {
            sides_work[0].items.clear();
            sides_work[1].items.clear();
        }
        for (std::size_t t = 0; t < tables.size(); ++t) {
            if (work[t][0].error || work[t][1].error || (fine && !fine_pass[t])) {
                continue;
            }
            for (std::size_t s = 0; s < 2; ++s) {
                SideWork& w = work[t][s];
                const DrillSide& side = *w.side;
                if (w.masks.empty()) {
                    continue;
                }
                std::set<int> contents;
                for (const auto& [content, mask] : w.masks) {
                    contents.insert(content);
                }
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
                    item.fine_filter = !fine && fine_pass[t] ? &fine_sets[t] : nullptr;
                    w.items.push_back(items.size());
                    items.push_back(std::move(item));
                };
                if (reads_coordinator(side)) {
                    add(-1, copy_sql(side, display, contents), &w.coordinator_codec, -1);
                } else if (!side.cluster->is_greenplum()) {
                    add(-1, copy_sql(side, display, {}), &side.codec, -1);
                } else {
                    for (int content : contents) {
                        add(content, copy_sql(side, display, {}), &side.codec, content);
                    }
                }
                stats[t].segments_read += contents.size();
            }
        }
    };
    auto item_error = [&](std::size_t t) {
        for (std::size_t s = 0; s < 2; ++s) {
            for (std::size_t i : work[t][s].items) {
                if (items[i].error && !work[t][s].error) {
                    work[t][s].error = items[i].error;
                }
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
            item_error(t);
            std::array<checksum::KeptRows, 2> fine;
            for (std::size_t s = 0; s < 2; ++s) {
                for (std::size_t i : work[t][s].items) {
                    stats[t].rows_read += items[i].kept.rows_read;
                    fine[s].merge(std::move(items[i].kept));
                }
            }
            fine_sets[t] = checksum::differing_fine_buckets(fine[0].fine, fine[1].fine);
            stats[t].differing_fine_buckets = fine_sets[t].size();
        }
    }

    // 4. Re-read, keep the rows of differing (fine) buckets, and compare them.
    plan_items(false);
    checksum::run_drill_scans(items, options.jobs, options.interrupt);
    for (std::size_t t = 0; t < tables.size(); ++t) {
        DrillTable& table = tables[t];
        std::array<checksum::KeptRows, 2> kept;
        for (std::size_t s = 0; s < 2; ++s) {
            SideWork& w = work[t][s];
            for (std::size_t i : w.items) {
                if (items[i].error) {
                    w.error = items[i].error;
                }
                stats[t].rows_read += items[i].kept.rows_read;
                stats[t].rows_kept += items[i].kept.rows_kept;
                kept[s].merge(std::move(items[i].kept));
            }
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
            kept[0], kept[1], table.keyed, table.source.codec.key_columns, options.max_rows, found);
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
            "; " + with_thousands(stats[t].rows_read) + " rows re-read from " +
            std::to_string(stats[t].segments_read) + " segment stream(s), " +
            with_thousands(stats[t].rows_kept) + " kept; " + with_thousands(found) +
            " differing rows found";
        if (found > options.max_rows) {
            line += ", " + std::to_string(options.max_rows) + " shown";
        }
        report.warnings.push_back(line);
    }
    return stats;
}

} // namespace gpparity::verify
