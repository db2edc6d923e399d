#include "verify/duration.hpp"
#include "verify/write_common.hpp"
#include "verify/writers.hpp"

#include <algorithm>
#include <map>

namespace gpparity::verify {

namespace {

using detail::printable;
using detail::truncate_display;

constexpr std::string_view k_red = "\x1b[1;31m";
constexpr std::string_view k_green = "\x1b[1;32m";
constexpr std::string_view k_yellow = "\x1b[1;33m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_dim = "\x1b[2m";
constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::size_t k_list_limit = 20; ///< lines per informational list before "… N more"

class TextWriter {
public:
    TextWriter(const Report& report, bool color) : m_report(report), m_color(color) {}

    std::string render() {
        write_verdict();
        write_history();
        write_header();
        write_list("Databases", detail::database_lines(m_report), k_dim);
        write_counts();
        write_catalog_actions();
        write_expected_changes();
        write_presence_only();
        write_table_actions();
        write_waived();
        write_resolved();
        write_reused();
        write_not_compared();
        write_list("Warnings", m_report.warnings, k_yellow);
        write_list("Errors", m_report.errors, k_red);
        write_options();
        return m_out;
    }

private:
    [[nodiscard]] std::string paint(std::string_view text, std::string_view code) const {
        if (!m_color) {
            return std::string(text);
        }
        return std::string(code) + std::string(text) + std::string(k_reset);
    }

    void line(std::string_view text = {}) {
        m_out += text;
        m_out += '\n';
    }

    void heading(std::string_view text) {
        line();
        line(paint(text, k_bold));
    }

    static std::string pad(std::string text, std::size_t width) {
        const std::size_t w = detail::display_width(text);
        if (w < width) {
            text.append(width - w, ' ');
        }
        return text;
    }

    void write_verdict() {
        const Verdict verdict = verdict_of(m_report);
        const std::string_view code = verdict == Verdict::pass   ? k_green
                                      : verdict == Verdict::fail ? k_red
                                                                 : k_yellow;
        line(paint("VERDICT: " + detail::verdict_word(verdict), code) + " — " +
             detail::verdict_summary(m_report));
    }

    /// Under --history: the counts against the previous comparable run, right below the verdict.
    void write_history() {
        const std::string summary = detail::history_summary(m_report);
        if (!summary.empty()) {
            line(printable(summary));
        }
    }

    /// "  [new]" after an item that needed no attention in the previous comparable run.
    [[nodiscard]] std::string new_mark(const std::string& since_last) const {
        return since_last == "new" ? "  " + paint("[new]", k_bold) : std::string();
    }

    void write_resolved() {
        if (!m_report.history || m_report.history->resolved.empty()) {
            return;
        }
        const auto& resolved = m_report.history->resolved;
        heading("Resolved since the previous run (" + std::to_string(resolved.size()) + ")");
        for (std::size_t i = 0; i < resolved.size() && i < k_list_limit; ++i) {
            line("  " + printable(detail::resolved_label(resolved[i])));
        }
        if (resolved.size() > k_list_limit) {
            line("  … " + std::to_string(resolved.size() - k_list_limit) + " more");
        }
    }

    void write_header() {
        line();
        line("gpparity " + printable(m_report.gpparity_version) + ", " +
             printable(m_report.command) + ", started " + printable(m_report.started) + ", took " +
             format_duration(m_report.duration_s));
        if (m_report.has_source) {
            write_side("source", m_report.source);
        }
        write_side("target", m_report.target);
    }

    void write_side(std::string_view name, const SideEvidence& side) {
        const auto& id = side.identity;
        const std::size_t n = id.segments.size();
        line(std::string(name) + "  " + printable(detail::version_line(id)) + ", database " +
             printable(id.database) + ", " + std::to_string(n) +
             (n == 1 ? " segment" : " segments"));
        if (side.snapshot) {
            const auto& s = *side.snapshot;
            line("        snapshot " + printable(s.file) + ", taken " + printable(s.taken));
            line("        sha256 " + printable(s.sha256));
        }
        if (side.backup) {
            line("        " + printable(detail::backup_line(*side.backup)));
        }
    }

    void write_counts() {
        if (m_report.catalog) {
            const detail::Tally t = detail::tally(m_report);
            heading("Catalog: " + detail::format_count(t.objects_compared) + " objects compared");
            for (const auto& [status, count] : detail::finding_counts(*m_report.catalog)) {
                const bool bad = count > 0 && catalog::fails_verdict(status);
                const std::string text =
                    pad("  " + detail::status_label(catalog::to_string(status)), 24) +
                    pad_left(detail::format_count(count), 8);
                line(bad ? paint(text, k_red) : text);
            }
        }
        if (m_report.data) {
            const auto& data = *m_report.data;
            heading("Data: " + detail::format_count(data.tables.size()) + " tables, strategy " +
                    printable(data.strategy) + ", mode " + printable(data.mode));
            for (const auto& [status, count] : detail::table_counts(data)) {
                const std::string text =
                    pad("  " + detail::status_label(checksum::to_string(status)), 24) +
                    pad_left(detail::format_count(count), 8);
                if (checksum::is_incomplete(status)) {
                    line(paint(text, k_yellow));
                } else if (checksum::is_difference(status)) {
                    line(paint(text, k_red));
                } else {
                    line(text);
                }
            }
            if (const std::string reuse = detail::reuse_summary(data); !reuse.empty()) {
                line("  " + reuse);
            }
        }
    }

    // --skip-unchanged: the tables whose digests were reused, and since when.
    void write_reused() {
        if (!m_report.data || !m_report.data->reuse || m_report.data->reuse->tables == 0) {
            return;
        }
        std::vector<std::string> items;
        for (const auto& t : m_report.data->tables) {
            if (!t.reused_from.empty()) {
                items.push_back(printable(t.table) + ": " +
                                detail::status_label(checksum::to_string(t.status)) + " " +
                                printable(detail::reused_note(t)));
            }
        }
        heading("Not read again: unchanged since an earlier run (" + std::to_string(items.size()) +
                ")");
        for (std::size_t i = 0; i < items.size() && i < k_list_limit; ++i) {
            line("  " + truncate_display(items[i], k_width));
        }
        if (items.size() > k_list_limit) {
            line("  … " + std::to_string(items.size() - k_list_limit) +
                 " more (see --format json)");
        }
    }

    static std::string pad_left(const std::string& text, std::size_t width) {
        const std::size_t w = detail::display_width(text);
        return w < width ? std::string(width - w, ' ') + text : text;
    }

    void write_catalog_actions() {
        if (!m_report.catalog) {
            return;
        }
        const auto& findings = m_report.catalog->findings;
        bool any = false;
        for (auto status : detail::finding_action_order()) {
            std::vector<const catalog::Finding*> group;
            std::size_t kind_width = 0;
            for (const auto& f : findings) {
                if (f.status == status) {
                    group.push_back(&f);
                    kind_width = std::max(kind_width, catalog::to_string(f.kind).size());
                }
            }
            if (group.empty()) {
                continue;
            }
            if (!any) {
                heading("Catalog differences");
                any = true;
            }
            line(paint("  " + detail::status_label(catalog::to_string(status)) + " (" +
                           std::to_string(group.size()) + ")",
                       k_red));
            for (const auto* f : group) {
                line("    " + pad(std::string(catalog::to_string(f->kind)), kind_width) + "  " +
                     printable(f->object) + new_mark(f->since_last));
                if (!f->reason.empty()) {
                    wrap_words("        ", printable(f->reason));
                }
                for (const auto& d : f->details) {
                    const auto [source, target] =
                        detail::display_pair(d.source, d.target, detail::k_value_chars);
                    line("        " + printable(d.attribute));
                    line("          source: " + source);
                    line("          target: " + target);
                }
            }
        }
    }

    void write_expected_changes() {
        if (!m_report.catalog) {
            return;
        }
        const auto rules = detail::expected_rules(*m_report.catalog);
        if (rules.empty()) {
            return;
        }
        std::size_t total = 0;
        std::string list;
        for (const auto& [rule, count] : rules) {
            total += count;
            list += (list.empty() ? "" : ", ") + printable(rule) + " " + std::to_string(count);
        }
        heading("Expected changes: " + std::to_string(total) + " (GP6 -> GP7 rules)");
        wrap("  ", list);
    }

    void write_presence_only() {
        if (!m_report.catalog || m_report.catalog->presence_only.empty()) {
            return;
        }
        const auto& notes = m_report.catalog->presence_only;
        heading("Compared for presence only (" + std::to_string(notes.size()) +
                "): the backup's statements for them are not parsed");
        for (const auto& note : notes) {
            wrap_words("  ", printable(note), "      ");
        }
    }

    /// Writes `text` (server messages, reasons: never truncated) in lines of at most
    /// k_width columns, breaking at spaces; a word longer than a line is cut where it must be.
    void wrap_words(const std::string& first_indent, const std::string& text,
                    const std::string& next_indent = {}) {
        const std::string& rest = next_indent.empty() ? first_indent : next_indent;
        std::string current = first_indent;
        std::size_t current_width = detail::display_width(current);
        bool empty_line = true;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find(' ', start);
            if (end == std::string::npos) {
                end = text.size();
            }
            std::string word = text.substr(start, end - start);
            start = end + 1;
            if (word.empty()) {
                continue;
            }
            std::size_t word_width = detail::display_width(word);
            if (!empty_line && current_width + 1 + word_width > k_width) {
                line(current);
                current = rest;
                current_width = detail::display_width(rest);
                empty_line = true;
            }
            while (empty_line && current_width + word_width > k_width) {
                // A word wider than a line: emit it in line-sized pieces.
                const std::size_t room = std::max<std::size_t>(k_width - current_width, 8);
                std::size_t cut = 0;
                for (std::size_t kept = 0; cut < word.size(); ++cut) {
                    if ((static_cast<unsigned char>(word[cut]) & 0xC0) != 0x80) {
                        if (kept == room) {
                            break;
                        }
                        ++kept;
                    }
                }
                line(current + word.substr(0, cut));
                word = word.substr(cut);
                word_width = detail::display_width(word);
                current = rest;
                current_width = detail::display_width(rest);
                if (word.empty()) {
                    break;
                }
            }
            if (word.empty()) {
                continue;
            }
            current += (empty_line ? "" : " ") + word;
            current_width += (empty_line ? 0 : 1) + detail::display_width(word);
            empty_line = false;
        }
        if (!empty_line) {
            line(current);
        }
    }

    /// Writes `text` in lines of at most 96 columns, breaking after ", ".
    void wrap(const std::string& indent, const std::string& text) {
        std::string current = indent;
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find(", ", start);
            std::string piece =
                end == std::string::npos ? text.substr(start) : text.substr(start, end - start + 1);
            start = end == std::string::npos ? text.size() : end + 2;
            if (current.size() > indent.size() &&
                detail::display_width(current) + 1 + detail::display_width(piece) > k_width) {
                line(current);
                current = indent;
            }
            current += (current.size() > indent.size() ? " " : "") + piece;
        }
        if (current.size() > indent.size()) {
            line(current);
        }
    }

    void write_table_actions() {
        if (!m_report.data) {
            return;
        }
        const auto& tables = m_report.data->tables;
        bool differ_heading = false;
        bool incomplete_heading = false;
        bool not_applicable_heading = false;
        for (auto status : detail::table_action_order()) {
            std::vector<const checksum::TableResult*> group;
            for (const auto& t : tables) {
                if (t.status == status) {
                    group.push_back(&t);
                }
            }
            if (group.empty()) {
                continue;
            }
            const bool incomplete = checksum::is_incomplete(status);
            if (status == checksum::TableStatus::not_applicable) {
                if (!not_applicable_heading) {
                    heading("Tables not applicable (their data lives outside the cluster)");
                    not_applicable_heading = true;
                }
                for (const auto* t : group) {
                    line("    " + printable(t->table));
                    wrap_words("      ", printable(detail::redacted(t->message)));
                }
                continue;
            }
            if (!incomplete && !differ_heading) {
                heading("Tables that differ");
                differ_heading = true;
            }
            if (incomplete && !incomplete_heading) {
                heading("Tables not compared");
                incomplete_heading = true;
            }
            line(paint("  " + detail::status_label(checksum::to_string(status)) + " (" +
                           std::to_string(group.size()) + ")",
                       incomplete ? k_yellow : k_red));
            for (const auto* t : group) {
                write_table(*t);
            }
        }
    }

    void write_table(const checksum::TableResult& t) {
        if (checksum::is_incomplete(t.status)) {
            line("    " + printable(t.table) + new_mark(t.since_last));
            wrap_words("      ", printable(detail::redacted(t.message)));
            return;
        }
        line("    " + printable(t.table) + ": " + detail::rows_summary(t) + new_mark(t.since_last));
        std::size_t shown = 0;
        std::size_t problems = 0;
        for (const auto& s : t.segments) {
            if (!detail::is_segment_problem(s)) {
                continue;
            }
            ++problems;
            if (shown < detail::k_segments_shown) {
                ++shown;
                line("      segment " + std::to_string(s.content) + ": source " +
                     detail::format_count(s.source_rows) + ", target " +
                     detail::format_count(s.target_rows) + " (" +
                     detail::status_label(checksum::to_string(s.status)) + ")");
            }
        }
        if (problems > shown) {
            line("      … " + std::to_string(problems - shown) + " more segments differ");
        }
        if (!t.placement_note.empty() &&
            (t.status == checksum::TableStatus::placement_mismatch || !t.placement_compared)) {
            line("      placement: " + printable(t.placement_note));
        }
        if (t.misplaced_rows && *t.misplaced_rows > 0) {
            line("      " + detail::format_count(t.misplaced_rows) +
                 (*t.misplaced_rows == 1 ? " row" : " rows") + " on the wrong segment");
            for (std::size_t i = 0; i < t.misplaced_examples.size() && i < detail::k_rows_shown;
                 ++i) {
                const auto& m = t.misplaced_examples[i];
                line("        key " +
                     truncate_display(printable(detail::format_key(m.key)), detail::k_value_chars) +
                     " on segment " + std::to_string(m.on_segment) + ", belongs to " +
                     std::to_string(m.belongs_to));
            }
        }
        write_rows(t);
    }

    /// Drill-down rows (`--show-rows N`, all of them: N already limits them), as
    /// detail::describe_row says: a changed row lists the columns that differ, one a line; a
    /// missing or extra row is shown whole, wrapped.
    void write_rows(const checksum::TableResult& t) {
        if (t.rows.empty()) {
            return;
        }
        line("      differing rows (" + std::to_string(t.rows.size()) + " shown):");
        for (const auto& r : t.rows) {
            const detail::RowDescription row =
                detail::describe_row(r, t.column_names, detail::k_value_chars);
            line("        " + row.heading + ":");
            if (row.only_differences) {
                for (const auto& cell : row.cells) {
                    line("          " + detail::format_row_cell(cell));
                }
                continue;
            }
            std::string whole;
            for (const auto& cell : row.cells) {
                whole += (whole.empty() ? "" : ", ") + detail::format_row_cell(cell);
            }
            wrap_words("          ", whole);
        }
    }

    /// What was compared only partly: excluded columns and tables whose placement was not
    /// compared. A sign-off needs to know, but there is nothing to fix, so it is compact.
    void write_not_compared() {
        if (!m_report.data) {
            return;
        }
        std::vector<std::string> columns;
        std::map<std::string, std::size_t> placement_notes;
        for (const auto& t : m_report.data->tables) {
            if (checksum::is_incomplete(t.status)) {
                continue;
            }
            for (const auto& c : t.excluded_columns) {
                columns.push_back(printable(t.table) + "." + printable(c));
            }
            // A table on one side only has nothing to place; its status already says so.
            const auto status =
                t.waiver ? checksum::parse_table_status(t.waiver->status) : std::optional(t.status);
            if (!t.placement_compared && status != checksum::TableStatus::missing_in_target &&
                status != checksum::TableStatus::extra_in_target) {
                ++placement_notes[t.placement_note.empty() ? std::string("no reason given")
                                                           : printable(t.placement_note)];
            }
        }
        if (!columns.empty()) {
            heading("Columns not compared (" + std::to_string(columns.size()) + ")");
            for (std::size_t i = 0; i < columns.size() && i < k_list_limit; ++i) {
                line("  " + truncate_display(columns[i], k_width));
            }
            if (columns.size() > k_list_limit) {
                line("  … " + std::to_string(columns.size() - k_list_limit) +
                     " more (see --format json)");
            }
        }
        if (!placement_notes.empty()) {
            std::size_t total = 0;
            for (const auto& [note, count] : placement_notes) {
                total += count;
            }
            heading("Placement not compared (" + std::to_string(total) +
                    (total == 1 ? " table)" : " tables)"));
            for (const auto& [note, count] : placement_notes) {
                line("  " + pad_left(std::to_string(count), 6) + "  " + truncate_display(note, 86));
            }
        }
    }

    // Differences a waiver accepted: what they were, and the waiver's reason and expiry.
    void write_waived() {
        std::vector<std::string> items;
        auto add = [&items](const std::string& what,
                            const std::optional<catalog::AppliedWaiver>& w) {
            if (w) {
                items.push_back(what + " (" + w->status + "): " + w->reason + " (until " +
                                w->expires + ")");
            }
        };
        if (m_report.catalog) {
            for (const auto& f : m_report.catalog->findings) {
                add(std::string(catalog::to_string(f.kind)) + " " + f.object, f.waiver);
            }
        }
        if (m_report.data) {
            for (const auto& t : m_report.data->tables) {
                add("data of " + t.table, t.waiver);
            }
        }
        write_list("Waived", items, k_dim);
    }

    void write_list(std::string_view title, const std::vector<std::string>& items,
                    std::string_view code) {
        if (items.empty()) {
            return;
        }
        line();
        line(paint(std::string(title) + " (" + std::to_string(items.size()) + ")", code));
        for (const auto& item : items) {
            wrap_words("  - ", printable(detail::redacted(item)), "    ");
        }
    }

    void write_options() {
        if (m_report.options.empty()) {
            return;
        }
        std::string list;
        for (const auto& [name, value] : m_report.options) {
            list += (list.empty() ? "" : ", ") + printable(name) + "=" +
                    truncate_display(printable(detail::redacted(value)), 60);
        }
        line();
        line(paint("Options", k_dim));
        wrap("  ", list);
    }

    static constexpr std::size_t k_width = 96;

    const Report& m_report;
    bool m_color;
    std::string m_out;
};

} // namespace

std::string render_text(const Report& report, bool color) {
    const Report safe = detail::human_report(report);
    return TextWriter(safe, color).render();
}

} // namespace gpparity::verify
