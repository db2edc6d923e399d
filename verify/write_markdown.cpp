#include "verify/duration.hpp"
#include "verify/write_common.hpp"
#include "verify/writers.hpp"

namespace gpparity::verify {

namespace {

/// Text safe in a Markdown table cell or paragraph: control characters made visible, Markdown
/// punctuation backslash-escaped (CommonMark/GFM), `&` as an entity so `&lt;` stays literal,
/// and no raw HTML can get through.
std::string md(std::string_view text) {
    const std::string visible = detail::printable(text);
    std::string out;
    out.reserve(visible.size());
    for (char c : visible) {
        switch (c) {
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '<':
        case '>':
        case '|':
        case '#':
        case '~':
        case '!':
        case '$':
            out += '\\';
            out += c;
            break;
        case '&':
            out += "&amp;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) {
        out += " " + (c.empty() ? std::string(" ") : c) + " |";
    }
    return out + "\n";
}

std::string side_cell(const Report& report, const SideEvidence& side, int field) {
    if (&side == &report.source && !report.has_source) {
        return "—";
    }
    const auto& id = side.identity;
    switch (field) {
    case 0:
        return md(catalog::to_string(id.flavor));
    case 1:
        return md(id.server_version);
    case 2:
        return id.gp_version ? md(*id.gp_version) : "—";
    case 3:
        return md(id.database);
    case 4:
        return md(id.user);
    case 5:
        return std::to_string(id.segments.size());
    case 6:
        if (side.backup) {
            return md(detail::backup_line(*side.backup));
        }
        return side.snapshot ? md(side.snapshot->file) : "— (live cluster)";
    case 7:
        return side.snapshot ? md(side.snapshot->sha256) : "—";
    case 8:
        return side.snapshot ? md(side.snapshot->taken) : "—";
    default:
        return "";
    }
}

/// What a waiver accepted, and why, for a waived item; empty otherwise.
std::string waiver_note(const std::optional<catalog::AppliedWaiver>& waiver) {
    if (!waiver) {
        return {};
    }
    return "waived (was " + md(detail::status_label(waiver->status)) + "): " + md(waiver->reason) +
           " (until " + md(waiver->expires) + ")";
}

/// " **new**" after an item that needed no attention in the previous comparable run.
std::string new_mark(const std::string& since_last) {
    return since_last == "new" ? " **new**" : std::string();
}

std::string finding_details(const catalog::Finding& f) {
    std::string out;
    for (const auto& d : f.details) {
        // display_pair has made control characters visible already; md() leaves them be.
        const auto [source, target] =
            detail::display_pair(d.source, d.target, detail::k_wide_value_chars);
        out += (out.empty() ? "" : "<br>") + std::string("**") + md(d.attribute) + "**: source " +
               md(source) + " → target " + md(target);
    }
    if (!f.rule.empty()) {
        out += (out.empty() ? "" : "<br>") + std::string("rule ") + md(f.rule);
    }
    if (!f.reason.empty()) {
        out += (out.empty() ? "" : "<br>") + md(f.reason);
    }
    if (f.waiver) {
        out += (out.empty() ? "" : "<br>") + waiver_note(f.waiver);
    }
    return out;
}

/// Drill-down rows, all of them (`--show-rows N` already limits them), one note each as
/// detail::describe_row says: "**(11) changed**: note NULL → ''",
/// "**missing in target (copies: source 20, target 19)**: a 7, b x".
void append_rows(const checksum::TableResult& t, std::vector<std::string>& notes) {
    if (t.rows.empty()) {
        return;
    }
    notes.push_back("differing rows (" + std::to_string(t.rows.size()) + " shown):");
    for (const auto& r : t.rows) {
        const detail::RowDescription row =
            detail::describe_row(r, t.column_names, detail::k_wide_value_chars);
        // describe_row has made control characters visible already; md() leaves them be.
        std::string note = "**" + md(row.heading) + "**";
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            note += (i ? ", " : ": ") + md(detail::format_row_cell(row.cells[i]));
        }
        notes.push_back(note);
    }
}

std::string table_notes(const checksum::TableResult& t) {
    std::vector<std::string> notes;
    if (checksum::is_incomplete(t.status)) {
        notes.push_back(md(detail::redacted(t.message)));
    }
    if (t.waiver) {
        notes.push_back(waiver_note(t.waiver));
    }
    std::size_t shown = 0;
    std::size_t problems = 0;
    for (const auto& s : t.segments) {
        if (detail::is_segment_problem(s) && ++problems <= detail::k_segments_shown) {
            ++shown;
            notes.push_back("segment " + std::to_string(s.content) + ": source " +
                            detail::format_count(s.source_rows) + ", target " +
                            detail::format_count(s.target_rows) + " (" +
                            md(detail::status_label(checksum::to_string(s.status))) + ")");
        }
    }
    if (problems > shown) {
        notes.push_back("… " + std::to_string(problems - shown) + " more segments differ");
    }
    if (!t.placement_note.empty()) {
        notes.push_back("placement: " + md(t.placement_note));
    }
    if (t.misplaced_rows && *t.misplaced_rows > 0) {
        notes.push_back(detail::format_count(t.misplaced_rows) +
                        (*t.misplaced_rows == 1 ? " row" : " rows") + " on the wrong segment");
    }
    append_rows(t, notes);
    for (const auto& c : t.excluded_columns) {
        notes.push_back("not compared: " + md(c));
    }
    std::string out;
    for (const auto& n : notes) {
        out += (out.empty() ? "" : "<br>") + n;
    }
    return out;
}

// The title, the verdict and the run's facts.
void append_run(const Report& report, Verdict verdict, std::string& out) {
    out += "# gpparity sign-off: " + detail::verdict_word(verdict) + "\n\n";
    out += "**VERDICT: " + detail::verdict_word(verdict) + "** — " +
           md(detail::verdict_summary(report)) + "\n\n";
    if (const std::string history = detail::history_summary(report); !history.empty()) {
        out += "**" + md(history) + "**\n\n";
    }
    out += row({"run", ""}) + row({"---", "---"});
    out += row({"gpparity", md(report.gpparity_version)});
    out += row({"command", md(report.command)});
    out += row({"started", md(report.started)});
    out += row({"duration", format_duration(report.duration_s)});
    out += row({"exit status", std::to_string(exit_status(verdict))});
}

void append_clusters(const Report& report, std::string& out) {
    out += "\n## Clusters\n\n";
    out += row({"", "source", "target"}) + row({"---", "---", "---"});
    const char* labels[] = {
        "flavor",           "server version", "Greenplum version", "database",      "user",
        "primary segments", "snapshot",       "snapshot sha256",   "snapshot taken"};
    for (int field = 0; field < 9; ++field) {
        out += row({labels[field], side_cell(report, report.source, field),
                    side_cell(report, report.target, field)});
    }
}

void append_catalog(const CatalogSection& catalog, const detail::Tally& tally, std::string& out) {
    out += "\n## Catalog\n\n";
    out += detail::format_count(tally.objects_compared) + " objects compared";
    if (!catalog.compared.empty()) {
        std::string kinds;
        for (const auto& [kind, count] : catalog.compared) {
            kinds += (kinds.empty() ? "" : ", ") + md(kind) + " " + detail::format_count(count);
        }
        out += " (" + kinds + ")";
    }
    out += ".\n\n" + row({"status", "objects"}) + row({"---", "---:"});
    for (const auto& [status, count] : detail::finding_counts(catalog)) {
        out += row({md(detail::status_label(catalog::to_string(status))), std::to_string(count)});
    }
    if (catalog.findings.empty()) {
        return;
    }
    out += "\n### Findings\n\n";
    out += row({"status", "kind", "object", "details"}) + row({"---", "---", "---", "---"});
    for (auto status : detail::finding_status_order()) {
        for (const auto& f : catalog.findings) {
            if (f.status == status) {
                out += row({md(detail::status_label(catalog::to_string(f.status))),
                            md(catalog::to_string(f.kind)), md(f.object) + new_mark(f.since_last),
                            finding_details(f)});
            }
        }
    }
}

// The tables that differ or were not compared, in the order of what to do about them.
void append_tables_to_act_on(const DataSection& data, std::string& out) {
    bool any_action = false;
    for (auto status : detail::table_action_order()) {
        for (const auto& t : data.tables) {
            if (t.status != status) {
                continue;
            }
            if (!any_action) {
                out += "\n### Tables that differ or were not compared\n\n";
                out += row({"table", "status", "source rows", "target rows", "details"}) +
                       row({"---", "---", "---:", "---:", "---"});
                any_action = true;
            }
            out += row({md(t.table) + new_mark(t.since_last),
                        md(detail::status_label(checksum::to_string(t.status))),
                        detail::format_count(t.source_rows), detail::format_count(t.target_rows),
                        table_notes(t)});
        }
    }
}

void append_all_tables(const DataSection& data, std::string& out) {
    if (data.tables.empty()) {
        return;
    }
    out += "\n### All tables\n\n";
    out += row({"table", "status", "strategy", "source rows", "target rows", "placement"}) +
           row({"---", "---", "---", "---:", "---:", "---"});
    for (const auto& t : data.tables) {
        std::string placement = checksum::is_incomplete(t.status) ? "—"
                                : t.placement_compared            ? "compared"
                                                                  : "not compared";
        if (!t.placement_note.empty()) {
            placement += ": " + md(t.placement_note);
        }
        const std::string reused = detail::reused_note(t);
        out += row({md(t.table),
                    md(detail::status_label(checksum::to_string(t.status)) +
                       (reused.empty() ? "" : " " + reused)),
                    md(t.strategy), detail::format_count(t.source_rows),
                    detail::format_count(t.target_rows), placement});
    }
}

void append_data(const DataSection& data, std::string& out) {
    out += "\n## Data\n\n";
    out += detail::format_count(data.tables.size()) + " tables, strategy " + md(data.strategy) +
           ", mode " + md(data.mode) + ".\n\n";
    out += row({"status", "tables"}) + row({"---", "---:"});
    for (const auto& [status, count] : detail::table_counts(data)) {
        out += row({md(detail::status_label(checksum::to_string(status))), std::to_string(count)});
    }
    if (const std::string reuse = detail::reuse_summary(data); !reuse.empty()) {
        out += "\n" + md(reuse) + ".\n";
    }
    append_tables_to_act_on(data, out);
    append_all_tables(data, out);
}

// A titled bullet list (warnings, errors), or nothing when there are no items.
void append_list(std::string_view title, const std::vector<std::string>& items, std::string& out) {
    if (items.empty()) {
        return;
    }
    out += "\n## " + std::string(title) + "\n\n";
    for (const auto& item : items) {
        out += "- " + md(detail::redacted(item)) + "\n";
    }
}

void append_options(const Report& report, std::string& out) {
    if (report.options.empty()) {
        return;
    }
    out += "\n## Options\n\n" + row({"option", "value"}) + row({"---", "---"});
    for (const auto& [name, value] : report.options) {
        out += row({md(name), md(detail::redacted(value))});
    }
}

} // namespace

std::string render_markdown(const Report& unredacted) {
    const Report report = detail::human_report(unredacted);
    const Verdict verdict = verdict_of(report);
    std::string out;
    append_run(report, verdict, out);
    append_clusters(report, out);
    append_list("Databases", detail::database_lines(report), out);
    if (report.catalog) {
        append_catalog(*report.catalog, detail::tally(report), out);
    }
    if (report.data) {
        append_data(*report.data, out);
    }
    if (report.history && !report.history->resolved.empty()) {
        std::vector<std::string> resolved;
        for (const auto& r : report.history->resolved) {
            resolved.push_back(detail::resolved_label(r));
        }
        append_list("Resolved since the previous run", resolved, out);
    }
    if (report.catalog) {
        append_list("Compared for presence only", report.catalog->presence_only, out);
    }
    append_list("Warnings", report.warnings, out);
    append_list("Errors", report.errors, out);
    append_options(report, out);
    out += "\nLong values are shortened with “…”; the JSON report (`--format json`) has them in "
           "full.\n";
    return out;
}

} // namespace gpparity::verify
