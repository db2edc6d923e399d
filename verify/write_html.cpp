#include "verify/duration.hpp"
#include "verify/write_common.hpp"
#include "verify/writers.hpp"

namespace gpparity::verify {

namespace {

/// Text safe in HTML element content and double-quoted attributes; control characters made
/// visible first so nothing invisible reaches the page.
std::string h(std::string_view text) {
    const std::string visible = detail::printable(text);
    std::string out;
    out.reserve(visible.size());
    for (char c : visible) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

/// A value shown in full inside a collapsed <details> when it is long (no script needed).
/// `summary` (already display-ready, e.g. from detail::display_pair) replaces the default
/// shortened text of a long value.
std::string value_html(const std::optional<std::string>& value, const std::string& summary = {}) {
    if (!value) {
        return "<span class=\"null\">NULL</span>";
    }
    const std::string clean = detail::clean_utf8(*value);
    if (detail::display_width(clean) <= detail::k_wide_value_chars &&
        clean.find('\n') == std::string::npos) {
        return "<code>" + h(clean) + "</code>";
    }
    // In <pre> newlines are meant; every other control is still made visible.
    std::string full;
    for (std::size_t start = 0;;) {
        const std::size_t end = clean.find('\n', start);
        full += h(std::string_view(clean).substr(start, end == std::string::npos ? std::string::npos
                                                                                 : end - start));
        if (end == std::string::npos) {
            break;
        }
        full += '\n';
        start = end + 1;
    }
    return "<details><summary><code>" +
           h(summary.empty() ? detail::truncate_display(detail::printable(clean), 80) : summary) +
           "</code></summary><pre>" + full + "</pre></details>";
}

std::string status_badge(std::string_view status, std::string_view css) {
    return "<span class=\"badge " + std::string(css) + "\">" + h(detail::status_label(status)) +
           "</span>";
}

std::string finding_css(catalog::FindingStatus status) {
    return catalog::fails_verdict(status) ? "bad" : "ok";
}

std::string table_css(checksum::TableStatus status) {
    if (status == checksum::TableStatus::not_applicable) {
        return "na";
    }
    if (checksum::is_incomplete(status)) {
        return "warn";
    }
    return checksum::is_difference(status) ? "bad" : "ok";
}

constexpr std::string_view k_style = R"css(
:root { --bad: #b3261e; --ok: #1b7f3b; --warn: #a15c00; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
       margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 20px; margin: 0 0 16px; color: var(--muted); font-weight: 600; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.verdict { border-radius: 8px; padding: 18px 22px; color: #fff; margin-bottom: 20px; }
.verdict .word { font-size: 34px; font-weight: 800; letter-spacing: .04em; }
.verdict .summary { font-size: 17px; margin-top: 4px; }
.verdict.pass { background: var(--ok); } .verdict.fail { background: var(--bad); }
.verdict.incomplete { background: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td code { overflow-wrap: anywhere; }
table.sides th:first-child { width: 18%; } table.sides td { width: 41%; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.meta { width: auto; } table.meta th { white-space: nowrap; }
code, pre { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; background: #f6f8fa; padding: 6px; margin: 4px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 13px;
         white-space: nowrap; color: #fff; }
.badge.bad { background: var(--bad); } .badge.ok { background: var(--ok); }
.badge.warn { background: var(--warn); } .badge.na { background: var(--muted); }
.null { color: var(--muted); font-style: italic; }
.note { color: var(--muted); }
ul.detail { margin: 0; padding-left: 18px; }
footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr, .verdict { break-inside: avoid; } h2, h3 { break-after: avoid; }
  details > pre { display: block; }
}
)css";

class HtmlWriter {
public:
    explicit HtmlWriter(const Report& report) : m_report(report) {}

    std::string render() {
        const Verdict verdict = verdict_of(m_report);
        const std::string word = detail::verdict_word(verdict);
        m_out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
        m_out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
        m_out += "<title>gpparity " + h(m_report.command) + ": " + word + "</title>\n";
        m_out += "<style>" + std::string(k_style) + "</style>\n</head>\n<body>\n";
        m_out += "<h1>gpparity sign-off report</h1>\n";
        m_out += "<div class=\"verdict " + std::string(to_string(verdict)) +
                 "\"><div class=\"word\">VERDICT: " + word + "</div><div class=\"summary\">" +
                 h(detail::verdict_summary(m_report)) + "</div></div>\n";
        if (const std::string history = detail::history_summary(m_report); !history.empty()) {
            m_out += "<p class=\"history\"><b>" + h(history) + "</b></p>\n";
        }
        write_run();
        write_clusters();
        write_list("Databases", detail::database_lines(m_report));
        write_catalog();
        write_data();
        write_resolved();
        if (m_report.catalog) {
            write_list("Compared for presence only", m_report.catalog->presence_only);
        }
        write_list("Warnings", m_report.warnings);
        write_list("Errors", m_report.errors);
        write_options();
        m_out += "<footer>Written by gpparity " + h(m_report.gpparity_version) +
                 ". Long values are shortened here; the JSON report (--format json) has them "
                 "in full.</footer>\n</body>\n</html>\n";
        return m_out;
    }

private:
    void write_run() {
        const Verdict verdict = verdict_of(m_report);
        m_out += "<table class=\"meta\">\n";
        meta_row("command", h(m_report.command));
        meta_row("started", h(m_report.started));
        meta_row("duration", h(format_duration(m_report.duration_s)));
        meta_row("exit status", std::to_string(exit_status(verdict)) + " (" +
                                    std::string(to_string(verdict)) + ")");
        meta_row("gpparity", h(m_report.gpparity_version));
        m_out += "</table>\n";
    }

    void meta_row(std::string_view name, const std::string& value_html) {
        m_out += "<tr><th>" + std::string(name) + "</th><td>" + value_html + "</td></tr>\n";
    }

    std::string side_cell(const SideEvidence& side, int field) const {
        if (&side == &m_report.source && !m_report.has_source) {
            return "<span class=\"null\">not read</span>";
        }
        const auto& id = side.identity;
        switch (field) {
        case 0:
            return h(catalog::to_string(id.flavor));
        case 1:
            return h(id.server_version);
        case 2:
            return id.gp_version ? h(*id.gp_version) : "—";
        case 3:
            return h(id.database);
        case 4:
            return h(id.user);
        case 5: {
            std::string out = std::to_string(id.segments.size());
            if (!id.segments.empty() && id.segments.size() <= 8) {
                out += "<br><span class=\"note\">";
                for (std::size_t i = 0; i < id.segments.size(); ++i) {
                    const auto& s = id.segments[i];
                    out += (i ? ", " : "") + std::to_string(s.content) + " " + h(s.host) + ":" +
                           std::to_string(s.port);
                }
                out += "</span>";
            }
            return out;
        }
        case 6:
            if (side.backup) {
                return h(detail::backup_line(*side.backup));
            }
            if (!side.snapshot) {
                return "<span class=\"null\">live cluster</span>";
            }
            return "<code>" + h(side.snapshot->file) + "</code><br>taken " +
                   h(side.snapshot->taken) + "<br>sha256 <code>" + h(side.snapshot->sha256) +
                   "</code>";
        default:
            return "";
        }
    }

    void write_clusters() {
        m_out += "<h2>Clusters</h2>\n<table "
                 "class=\"sides\">\n<tr><th></th><th>source</th><th>target</th></tr>\n";
        const char* labels[] = {"flavor", "server version",   "Greenplum version", "database",
                                "user",   "primary segments", "snapshot"};
        for (int field = 0; field < 7; ++field) {
            m_out += "<tr><th>" + std::string(labels[field]) + "</th><td>" +
                     side_cell(m_report.source, field) + "</td><td>" +
                     side_cell(m_report.target, field) + "</td></tr>\n";
        }
        m_out += "</table>\n";
    }

    void write_catalog() {
        if (!m_report.catalog) {
            return;
        }
        const auto& catalog = *m_report.catalog;
        const detail::Tally tally = detail::tally(m_report);
        m_out += "<h2>Catalog</h2>\n<p>" + detail::format_count(tally.objects_compared) +
                 " objects compared";
        if (!catalog.compared.empty()) {
            std::string kinds;
            for (const auto& [kind, count] : catalog.compared) {
                kinds += (kinds.empty() ? "" : ", ") + h(kind) + " " + detail::format_count(count);
            }
            m_out += " <span class=\"note\">(" + kinds + ")</span>";
        }
        m_out += ".</p>\n<table class=\"meta\">\n<tr><th>status</th><th "
                 "class=\"num\">objects</th></tr>\n";
        for (const auto& [status, count] : detail::finding_counts(catalog)) {
            m_out += "<tr><td>" +
                     (count > 0 ? status_badge(catalog::to_string(status), finding_css(status))
                                : h(detail::status_label(catalog::to_string(status)))) +
                     "</td><td class=\"num\">" + std::to_string(count) + "</td></tr>\n";
        }
        m_out += "</table>\n";
        if (catalog.findings.empty()) {
            return;
        }
        m_out += "<h3>Findings</h3>\n<table>\n<tr><th>status</th><th>kind</th><th>object</th>"
                 "<th>details</th></tr>\n";
        for (auto status : detail::finding_status_order()) {
            for (const auto& f : catalog.findings) {
                if (f.status != status) {
                    continue;
                }
                std::string details;
                for (const auto& d : f.details) {
                    const auto [source, target] = detail::display_pair(d.source, d.target, 80);
                    details += "<li><b>" + h(d.attribute) + "</b>: source " +
                               value_html(d.source, source) + " → target " +
                               value_html(d.target, target) + "</li>";
                }
                if (!f.rule.empty()) {
                    details += "<li>rule <code>" + h(f.rule) + "</code></li>";
                }
                if (!f.reason.empty()) {
                    details += "<li>" + h(f.reason) + "</li>";
                }
                details += waiver_html(f.waiver);
                m_out += "<tr><td>" +
                         status_badge(catalog::to_string(f.status), finding_css(f.status)) +
                         "</td><td>" + h(catalog::to_string(f.kind)) + "</td><td><code>" +
                         h(f.object) + "</code>" + new_badge(f.since_last) + "</td><td>" +
                         (details.empty() ? "" : "<ul class=\"detail\">" + details + "</ul>") +
                         "</td></tr>\n";
            }
        }
        m_out += "</table>\n";
    }

    /// A display-ready drill-down value (detail::RowCell). NULL is bare only for SQL NULL —
    /// the text "NULL" is quoted (detail::format_row_value) — so it can be styled as such.
    static std::string row_value_html(const std::string& value) {
        if (value == "NULL") {
            return "<span class=\"null\">NULL</span>";
        }
        return "<code>" + h(value) + "</code>";
    }

    /// Drill-down rows, all of them (`--show-rows N` already limits them), as
    /// detail::describe_row says: one item per row, its heading, then the columns that differ
    /// (changed) or every column (missing, extra).
    static std::string rows_html(const checksum::TableResult& t) {
        if (t.rows.empty()) {
            return {};
        }
        std::string out = "<li>differing rows (" + std::to_string(t.rows.size()) +
                          " shown):<ul class=\"detail\">";
        for (const auto& r : t.rows) {
            const detail::RowDescription row =
                detail::describe_row(r, t.column_names, detail::k_wide_value_chars);
            out += "<li>" + h(row.heading);
            for (std::size_t i = 0; i < row.cells.size(); ++i) {
                const auto& cell = row.cells[i];
                out += std::string(i ? ", " : ": ") + "<b>" + h(cell.column) + "</b> " +
                       row_value_html(cell.value);
                if (cell.target_value) {
                    out += " → " + row_value_html(*cell.target_value);
                }
            }
            out += "</li>";
        }
        return out + "</ul></li>";
    }

    /// A badge after an item that needed no attention in the previous comparable run.
    static std::string new_badge(const std::string& since_last) {
        return since_last == "new" ? " <span class=\"badge bad\">new</span>" : std::string();
    }

    /// What a waiver accepted, and why (`<li>`), for a waived item.
    static std::string waiver_html(const std::optional<catalog::AppliedWaiver>& waiver) {
        if (!waiver) {
            return {};
        }
        return "<li>waived (was " + h(detail::status_label(waiver->status)) +
               "): " + h(waiver->reason) + " <span class=\"note\">(until " + h(waiver->expires) +
               ")</span></li>";
    }

    void write_resolved() {
        if (!m_report.history || m_report.history->resolved.empty()) {
            return;
        }
        m_out += "<h2>Resolved since the previous run</h2>\n<ul>\n";
        for (const auto& r : m_report.history->resolved) {
            m_out += "<li>" + h(detail::resolved_label(r)) + "</li>\n";
        }
        m_out += "</ul>\n";
    }

    static std::string table_details(const checksum::TableResult& t) {
        std::string out;
        if (checksum::is_incomplete(t.status)) {
            out += "<li>" + h(detail::redacted(t.message)) + "</li>";
        }
        out += waiver_html(t.waiver);
        std::size_t problems = 0;
        for (const auto& s : t.segments) {
            if (detail::is_segment_problem(s) && ++problems <= detail::k_segments_shown) {
                out += "<li>segment " + std::to_string(s.content) + ": source " +
                       detail::format_count(s.source_rows) + ", target " +
                       detail::format_count(s.target_rows) + " (" +
                       h(detail::status_label(checksum::to_string(s.status))) + ")</li>";
            }
        }
        if (problems > detail::k_segments_shown) {
            out += "<li>… " + std::to_string(problems - detail::k_segments_shown) +
                   " more segments differ</li>";
        }
        if (!t.placement_note.empty() &&
            (t.status == checksum::TableStatus::placement_mismatch || !t.placement_compared)) {
            out += "<li>placement: " + h(t.placement_note) + "</li>";
        }
        if (t.misplaced_rows && *t.misplaced_rows > 0) {
            out += "<li>" + detail::format_count(t.misplaced_rows) +
                   (*t.misplaced_rows == 1 ? " row" : " rows") + " on the wrong segment</li>";
        }
        out += rows_html(t);
        for (const auto& c : t.excluded_columns) {
            out += "<li>not compared: " + h(c) + "</li>";
        }
        return out.empty() ? out : "<ul class=\"detail\">" + out + "</ul>";
    }

    void write_data() {
        if (!m_report.data) {
            return;
        }
        const auto& data = *m_report.data;
        m_out += "<h2>Data</h2>\n<p>" + detail::format_count(data.tables.size()) +
                 " tables, strategy <code>" + h(data.strategy) + "</code>, mode <code>" +
                 h(data.mode) + "</code>.</p>\n";
        m_out += "<table class=\"meta\">\n<tr><th>status</th><th class=\"num\">tables</th></tr>\n";
        for (const auto& [status, count] : detail::table_counts(data)) {
            m_out += "<tr><td>" + status_badge(checksum::to_string(status), table_css(status)) +
                     "</td><td class=\"num\">" + std::to_string(count) + "</td></tr>\n";
        }
        m_out += "</table>\n";
        if (const std::string reuse = detail::reuse_summary(data); !reuse.empty()) {
            m_out += "<p>" + h(reuse) + ".</p>\n";
        }
        bool any = false;
        for (auto status : detail::table_action_order()) {
            for (const auto& t : data.tables) {
                if (t.status != status) {
                    continue;
                }
                if (!any) {
                    m_out += "<h3>Tables that differ or were not compared</h3>\n<table>\n"
                             "<tr><th>table</th><th>status</th><th class=\"num\">source rows</th>"
                             "<th class=\"num\">target rows</th><th>details</th></tr>\n";
                    any = true;
                }
                m_out += "<tr><td><code>" + h(t.table) + "</code>" + new_badge(t.since_last) +
                         "</td><td>" +
                         status_badge(checksum::to_string(t.status), table_css(t.status)) +
                         "</td><td class=\"num\">" + detail::format_count(t.source_rows) +
                         "</td><td class=\"num\">" + detail::format_count(t.target_rows) +
                         "</td><td>" + table_details(t) + "</td></tr>\n";
            }
        }
        if (any) {
            m_out += "</table>\n";
        }
        if (data.tables.empty()) {
            return;
        }
        m_out += "<h3>All tables</h3>\n<table>\n<tr><th>table</th><th>status</th><th>strategy</th>"
                 "<th class=\"num\">source rows</th><th class=\"num\">target rows</th>"
                 "<th>placement</th></tr>\n";
        for (const auto& t : data.tables) {
            std::string placement = checksum::is_incomplete(t.status) ? "—"
                                    : t.placement_compared            ? "compared"
                                                                      : "not compared";
            if (!t.placement_note.empty()) {
                placement += " <span class=\"note\">(" + h(t.placement_note) + ")</span>";
            }
            const std::string reused = detail::reused_note(t);
            m_out += "<tr><td><code>" + h(t.table) + "</code></td><td>" +
                     status_badge(checksum::to_string(t.status), table_css(t.status)) +
                     (reused.empty() ? "" : " <span class=\"note\">" + h(reused) + "</span>") +
                     "</td><td>" + h(t.strategy) + "</td><td class=\"num\">" +
                     detail::format_count(t.source_rows) + "</td><td class=\"num\">" +
                     detail::format_count(t.target_rows) + "</td><td>" + placement + "</td></tr>\n";
        }
        m_out += "</table>\n";
    }

    void write_list(std::string_view title, const std::vector<std::string>& items) {
        if (items.empty()) {
            return;
        }
        m_out += "<h2>" + std::string(title) + "</h2>\n<ul>\n";
        for (const auto& item : items) {
            m_out += "<li>" + h(detail::redacted(item)) + "</li>\n";
        }
        m_out += "</ul>\n";
    }

    void write_options() {
        if (m_report.options.empty()) {
            return;
        }
        m_out += "<h2>Options</h2>\n<table class=\"meta\">\n";
        for (const auto& [name, value] : m_report.options) {
            m_out += "<tr><th>" + h(name) + "</th><td><code>" + h(detail::redacted(value)) +
                     "</code></td></tr>\n";
        }
        m_out += "</table>\n";
    }

    const Report& m_report;
    std::string m_out;
};

} // namespace

std::string render_html(const Report& report) {
    const Report safe = detail::human_report(report);
    return HtmlWriter(safe).render();
}

} // namespace gpparity::verify
