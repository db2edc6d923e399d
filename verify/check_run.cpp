#include "verify/check_run.hpp"

#include "catalog/clock.hpp"
#include "catalog/diff.hpp"
#include "catalog/error.hpp"
#include "catalog/library_check.hpp"
#include "catalog/pg/conninfo.hpp"
#include "verify/side.hpp"

#include <chrono>
#include <ctime>

namespace gpparity::verify {

namespace {

// A side as the report's options record it: a snapshot file by its path, a connection string
// with its password masked.
std::string recorded_spec(const std::string& spec, bool is_file) {
    if (is_file) {
        return spec;
    }
    try {
        return catalog::pg::redacted_conninfo(spec);
    } catch (const catalog::Error&) {
        return catalog::pg::redact_secrets(spec);
    }
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        out += (out.empty() ? "" : " ") + v;
    }
    return out;
}

} // namespace

std::map<std::string, long long> read_write_counters(catalog::Cluster& cluster) {
    // One statement, its own transaction: pg_stat_* values are cached per transaction
    // (stats_fetch_consistency), so each call sees the current counters.
    catalog::pg::Result r = cluster.coordinator().exec(
        "SELECT pg_catalog.quote_ident(schemaname::pg_catalog.text) || '.' || "
        "pg_catalog.quote_ident(relname::pg_catalog.text), "
        "(n_tup_ins + n_tup_upd + n_tup_del)::pg_catalog.int8 "
        "FROM pg_catalog.pg_stat_user_tables");
    std::map<std::string, long long> out;
    for (int i = 0; i < r.rows(); ++i) {
        out[r.text(i, 0)] = r.integer(i, 1);
    }
    return out;
}

std::vector<std::string> tables_written(const std::map<std::string, long long>& before,
                                        const std::map<std::string, long long>& after) {
    std::vector<std::string> out;
    for (const auto& [table, count] : after) {
        auto it = before.find(table);
        if (it == before.end() || it->second != count) {
            out.push_back(table);
        }
    }
    return out;
}

Report run_check(const CheckOptions& options) {
    const auto started = std::chrono::system_clock::now();
    const auto clock_start = std::chrono::steady_clock::now();
    const catalog::Filter& filter = options.data.filter;
    OpenedSide source = open_side(options.source, "source", options.connect, filter);
    OpenedSide target = open_side(options.target, "target", options.connect, filter);
    for (const auto* side : {&source, &target}) {
        if (!side->cluster && !side->data) {
            const std::string& file = side->report_side.snapshot->file;
            throw catalog::UsageError(
                std::string(side == &source ? "source" : "target") + ": snapshot " + file +
                " holds the catalog only, no data digests (take it with `gpparity snapshot "
                "--data`)");
        }
    }

    Report report;
    report.command = "check";
    report.started = catalog::iso8601_utc(started);
    report.source = source.report_side;
    report.target = target.report_side;
    report.options = options.extra_options;
    report.options["source"] = recorded_spec(options.source, !source.cluster);
    report.options["target"] = recorded_spec(options.target, !target.cluster);
    if (!filter.includes().empty()) {
        report.options["include"] = joined(filter.includes());
    }
    if (!filter.excludes().empty()) {
        report.options["exclude"] = joined(filter.excludes());
    }

    // Catalog.
    catalog::DiffResult diff =
        catalog::diff(std::move(source.snapshot), std::move(target.snapshot));
    CatalogSection section;
    section.findings = std::move(diff.findings);
    section.compared = std::move(diff.compared);
    if (!options.library_check) {
        report.options["library_check"] = "off";
    } else if (!target.cluster) {
        report.warnings.push_back(
            "shared libraries of C functions not checked: the target is a snapshot file");
    } else {
        catalog::LibraryCheck check =
            catalog::check_libraries(*target.cluster, diff.target.snapshot);
        for (auto& f : check.findings) {
            section.findings.push_back(std::move(f));
        }
        for (auto& w : check.warnings) {
            report.warnings.push_back(std::move(w));
        }
    }
    report.catalog = std::move(section);

    // Data, noting which live tables were written while they were read.
    std::array<std::optional<std::map<std::string, long long>>, 2> before;
    std::array<OpenedSide*, 2> sides{&source, &target};
    for (std::size_t s = 0; s < 2; ++s) {
        if (sides[s]->cluster) {
            before[s] = read_write_counters(*sides[s]->cluster);
        }
    }
    run_data_comparison(data_side_of(source, "source"), data_side_of(target, "target"), options.data,
                        report);
    for (std::size_t s = 0; s < 2; ++s) {
        if (!before[s]) {
            continue;
        }
        const std::string side_name = s == 0 ? "source" : "target";
        for (const auto& table :
             tables_written(*before[s], read_write_counters(*sides[s]->cluster))) {
            report.warnings.push_back(side_name + ": table " + table +
                                      " was written during the run (n_tup_ins/upd/del changed): "
                                      "its result may not be exact");
        }
    }
    if (report.data) {
        for (const auto& t : report.data->tables) {
            if (t.status == checksum::TableStatus::skipped &&
                t.message.rfind("materialized view is not populated", 0) == 0) {
                report.warnings.push_back(t.table + ": " + t.message +
                                          "; its rows were not compared (REFRESH MATERIALIZED VIEW "
                                          "populates it)");
            }
        }
    }
    report.duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
    sort_report(report);
    return report;
}

} // namespace gpparity::verify
