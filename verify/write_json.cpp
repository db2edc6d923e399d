#include "verify/write_common.hpp"
#include "verify/writers.hpp"

#include "verify/identity.hpp"

#include <cmath>

namespace gpparity::verify {

namespace {

using nlohmann::json;

json optional_text(const std::string& text) {
    return text.empty() ? json() : json(detail::redacted(text));
}

json optional_count(const std::optional<std::uint64_t>& count) {
    return count ? json(*count) : json();
}

json optional_value(const std::optional<std::string>& value) {
    return value ? json(*value) : json();
}

json values_to_json(const std::vector<std::optional<std::string>>& values) {
    json out = json::array();
    for (const auto& v : values) {
        out.push_back(optional_value(v));
    }
    return out;
}

json waiver_to_json(const std::optional<catalog::AppliedWaiver>& waiver) {
    if (!waiver) {
        return nullptr;
    }
    return {{"status", waiver->status}, {"reason", waiver->reason}, {"expires", waiver->expires}};
}

json waivers_to_json(const std::vector<WaiverOutcome>& waivers) {
    json out = json::array();
    for (const auto& w : waivers) {
        out.push_back({{"line", w.line},
                       {"object", w.object},
                       {"status", w.statuses},
                       {"database", w.database ? json(*w.database) : json()},
                       {"reason", w.reason},
                       {"expires", w.expires},
                       {"state", w.state},
                       {"covered", w.covered}});
    }
    return out;
}

json history_to_json(const std::optional<HistorySummary>& history) {
    if (!history) {
        return nullptr;
    }
    json previous = nullptr;
    if (history->previous_file) {
        previous = {{"file", *history->previous_file},
                    {"started", history->previous_started},
                    {"verdict", history->previous_verdict}};
    }
    return {{"dir", history->dir},
            {"previous", previous},
            {"new", history->new_items},
            {"persisting", history->persisting},
            {"resolved", history->resolved.size()}};
}

json databases_to_json(const std::vector<DatabaseResult>& databases) {
    json out = json::array();
    for (const auto& d : databases) {
        out.push_back({{"name", d.name},
                       {"status", d.status},
                       {"message", optional_text(detail::redacted(d.message))}});
    }
    return out;
}

json resolved_to_json(const std::optional<HistorySummary>& history) {
    json out = json::array();
    if (history) {
        for (const auto& r : history->resolved) {
            out.push_back({{"section", r.section},
                           {"kind", r.kind},
                           {"object", r.object},
                           {"database", optional_text(r.database)},
                           {"previous_status", r.previous_status}});
        }
    }
    return out;
}

json side_to_json(const SideEvidence& side) {
    json out = identity_to_json(side.identity);
    if (side.snapshot) {
        out["snapshot"] = {
            {"file", side.snapshot->file},
            {"sha256", side.snapshot->sha256},
            {"taken", side.snapshot->taken},
            {"gpparity", side.snapshot->gpparity_version.empty()
                             ? json()
                             : json(side.snapshot->gpparity_version)},
        };
    } else {
        out["snapshot"] = nullptr;
    }
    if (side.backup) {
        const BackupEvidence& b = *side.backup;
        out["backup"] = {{"directory", b.directory},
                         {"timestamp", b.timestamp},
                         {"gpbackup_version", b.gpbackup_version},
                         {"database_version", b.database_version},
                         {"segment_count", b.segment_count},
                         {"compression", b.compression},
                         {"status", b.status},
                         {"data_files", b.data_files},
                         {"chain", b.chain},
                         {"end_time", b.end_time}};
    }
    out["connections_peak"] = side.connections_peak ? json(*side.connections_peak) : json();
    return out;
}

json catalog_to_json(const CatalogSection& catalog) {
    json summary = json::object();
    for (const auto& [status, count] : detail::finding_counts(catalog, true)) {
        summary[std::string(catalog::to_string(status))] = count;
    }
    json compared = json::object();
    for (const auto& [kind, count] : catalog.compared) {
        compared[kind] = count;
    }
    json findings = json::array();
    for (const auto& f : catalog.findings) {
        json details = json::array();
        for (const auto& d : f.details) {
            details.push_back({{"attribute", d.attribute},
                               {"source", optional_value(d.source)},
                               {"target", optional_value(d.target)}});
        }
        findings.push_back({
            {"kind", catalog::to_string(f.kind)},
            {"object", f.object},
            {"status", catalog::to_string(f.status)},
            {"details", details},
            {"rule", f.rule.empty() ? json() : json(f.rule)},
            {"reason", f.reason.empty() ? json() : json(f.reason)},
            {"waiver", waiver_to_json(f.waiver)},
            {"since_last", optional_text(f.since_last)},
            {"database", optional_text(f.database)},
        });
    }
    json out = {{"summary", summary}, {"compared", compared}, {"findings", findings}};
    if (!catalog.presence_only.empty()) {
        out["presence_only"] = catalog.presence_only;
    }
    return out;
}

json table_to_json(const checksum::TableResult& t) {
    json segments = json::array();
    for (const auto& s : t.segments) {
        segments.push_back({{"content", s.content},
                            {"source_rows", optional_count(s.source_rows)},
                            {"target_rows", optional_count(s.target_rows)},
                            {"status", checksum::to_string(s.status)}});
    }
    json out = {
        {"table", t.table},
        {"status", checksum::to_string(t.status)},
        {"strategy", t.strategy.empty() ? json() : json(t.strategy)},
        {"source_rows", optional_count(t.source_rows)},
        {"target_rows", optional_count(t.target_rows)},
        {"placement", t.placement_compared ? "compared" : "not_compared"},
        {"placement_note", t.placement_note.empty() ? json() : json(t.placement_note)},
        {"excluded_columns", t.excluded_columns},
        {"message", optional_text(t.message)},
        {"segments", segments},
        {"waiver", waiver_to_json(t.waiver)},
        {"since_last", optional_text(t.since_last)},
        {"reused_from", optional_text(t.reused_from)},
        {"database", optional_text(t.database)},
    };
    if (t.misplaced_rows || !t.misplaced_examples.empty()) {
        out["misplaced_rows"] = optional_count(t.misplaced_rows);
        json examples = json::array();
        for (const auto& m : t.misplaced_examples) {
            examples.push_back({{"key", values_to_json(m.key)},
                                {"on_segment", m.on_segment},
                                {"belongs_to", m.belongs_to}});
        }
        out["misplaced_examples"] = examples;
    }
    if (!t.column_names.empty()) {
        out["columns"] = t.column_names;
    }
    if (!t.rows.empty()) {
        json rows = json::array();
        for (const auto& r : t.rows) {
            json row = {{"change", r.change},
                        {"key", values_to_json(r.key)},
                        {"source", values_to_json(r.source)},
                        {"target", values_to_json(r.target)},
                        {"source_copies", r.source_copies},
                        {"target_copies", r.target_copies}};
            if (!r.changed_columns.empty()) {
                // By name: the columns whose values differ (the text of others may differ too).
                json names = json::array();
                for (std::size_t c : r.changed_columns) {
                    names.push_back(c < t.column_names.size() ? t.column_names[c]
                                                              : std::to_string(c + 1));
                }
                row["changed_columns"] = names;
            }
            rows.push_back(row);
        }
        out["rows"] = rows;
    }
    return out;
}

json data_to_json(const DataSection& data) {
    json summary = json::object();
    for (const auto& [status, count] : detail::table_counts(data)) {
        summary[std::string(checksum::to_string(status))] = count;
    }
    json tables = json::array();
    for (const auto& t : data.tables) {
        tables.push_back(table_to_json(t));
    }
    json reuse;
    if (data.reuse) {
        reuse = {{"tables", data.reuse->tables},
                 {"rows_not_reread", data.reuse->rows},
                 {"max_age_s", data.reuse->max_age_s}};
    }
    return {{"strategy", data.strategy},
            {"mode", data.mode},
            {"summary", summary},
            {"reuse", reuse},
            {"tables", tables}};
}

} // namespace

nlohmann::json report_to_json(const Report& unredacted) {
    const Report report = detail::redact_report(unredacted);
    json options = json::object();
    for (const auto& [name, value] : report.options) {
        options[name] = detail::redacted(value);
    }
    json warnings = json::array();
    for (const auto& w : report.warnings) {
        warnings.push_back(detail::redacted(w));
    }
    json errors = json::array();
    for (const auto& e : report.errors) {
        errors.push_back(detail::redacted(e));
    }
    // Milliseconds are all a duration needs, and rounding keeps the text short and stable.
    const double duration_s = std::round(report.duration_s * 1000.0) / 1000.0;
    return {
        {"report_version", report.report_version},
        {"gpparity", report.gpparity_version},
        {"command", report.command},
        {"started", report.started},
        {"duration_s", duration_s},
        {"verdict", to_string(verdict_of(report))},
        {"options", options},
        {"warnings", warnings},
        {"errors", errors},
        {"waivers", waivers_to_json(report.waivers)},
        {"history", history_to_json(report.history)},
        {"resolved", resolved_to_json(report.history)},
        {"databases", databases_to_json(report.databases)},
        {"source", report.has_source ? side_to_json(report.source) : json()},
        {"target", side_to_json(report.target)},
        {"catalog", report.catalog ? catalog_to_json(*report.catalog) : json()},
        {"data", report.data ? data_to_json(*report.data) : json()},
    };
}

std::string render_json(const Report& report) {
    // Names and values come from the servers and may hold bytes that are not UTF-8 (a
    // SQL_ASCII database): replace them rather than throw, so a report is always written.
    return report_to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n";
}

} // namespace gpparity::verify
