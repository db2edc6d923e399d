#include "verify/write_common.hpp"

#include "catalog/pg/conninfo.hpp"
#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

namespace gpparity::verify::detail {

namespace {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD

/// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
            min_second = 0xA0; // overlong
        } else if (lead == 0xED) {
            max_second = 0x9F; // UTF-16 surrogates
        }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
            min_second = 0x90; // overlong
        } else if (lead == 0xF4) {
            max_second = 0x8F; // above U+10FFFF
        }
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    if (byte(i + 1) < min_second || byte(i + 1) > max_second) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return length;
}

std::string hex_escape(unsigned value, bool unicode) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, unicode ? "\\u%04X" : "\\x%02X", value);
    return buffer;
}

} // namespace

std::string clean_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out += k_replacement;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string printable(std::string_view text) {
    const std::string clean = clean_utf8(text);
    std::string out;
    out.reserve(clean.size());
    for (std::size_t i = 0; i < clean.size(); ++i) {
        const auto c = static_cast<unsigned char>(clean[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7F) {
            out += hex_escape(c, false);
        } else if (c == 0xC2 && i + 1 < clean.size() &&
                   static_cast<unsigned char>(clean[i + 1]) <= 0x9F) {
            // U+0080..U+009F: C1 controls (0x9B is a CSI on some terminals).
            out += hex_escape(static_cast<unsigned char>(clean[i + 1]), true);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string truncate_display(std::string_view text, std::size_t max_chars) {
    if (display_width(text) <= max_chars || max_chars == 0) {
        return std::string(text);
    }
    std::size_t kept = 0;
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (kept == max_chars - 1) {
                break;
            }
            ++kept;
        }
    }
    return std::string(text.substr(0, i)) + "…";
}

std::string redacted(std::string_view text) {
    return catalog::pg::redact_secrets(text);
}

Report redact_report(const Report& report) {
    Report out = report;
    for (auto& [name, value] : out.options) {
        value = redacted(value);
    }
    for (auto& w : out.warnings) {
        w = redacted(w);
    }
    for (auto& e : out.errors) {
        e = redacted(e);
    }
    if (out.catalog) {
        for (auto& f : out.catalog->findings) {
            f.reason = redacted(f.reason);
            for (auto& d : f.details) {
                if (d.source) {
                    d.source = redacted(*d.source);
                }
                if (d.target) {
                    d.target = redacted(*d.target);
                }
            }
        }
    }
    if (out.data) {
        for (auto& t : out.data->tables) {
            t.message = redacted(t.message);
            t.placement_note = redacted(t.placement_note);
            for (auto& c : t.excluded_columns) {
                c = redacted(c);
            }
        }
    }
    return out;
}

Report human_report(const Report& report) {
    Report out = redact_report(report);
    if (out.catalog) {
        for (auto& f : out.catalog->findings) {
            // A database's own finding is named by the database already.
            if (f.kind != catalog::ObjectKind::database) {
                f.object = qualified(f.database, f.object);
            }
        }
    }
    if (out.data) {
        for (auto& t : out.data->tables) {
            t.table = qualified(t.database, t.table);
        }
    }
    return out;
}

std::vector<std::string> database_lines(const Report& report) {
    std::vector<std::string> lines;
    for (const auto& d : report.databases) {
        std::size_t findings = 0;
        std::size_t tables = 0;
        if (report.catalog) {
            for (const auto& f : report.catalog->findings) {
                if (f.database == d.name && catalog::fails_verdict(f.status)) {
                    ++findings;
                }
            }
        }
        if (report.data) {
            for (const auto& t : report.data->tables) {
                if (t.database == d.name &&
                    (checksum::is_difference(t.status) || checksum::is_incomplete(t.status))) {
                    ++tables;
                }
            }
        }
        std::string line = d.name + ": " + status_label(d.status);
        if (d.status == "compared") {
            line += findings + tables == 0
                        ? ", no difference"
                        : ", " + plural(findings, "catalog difference", "catalog differences") +
                              ", " + plural(tables, "table to look at", "tables to look at");
        }
        if (!d.message.empty()) {
            line += " (" + redacted(d.message) + ")";
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::string format_count(std::optional<std::uint64_t> count) {
    if (!count) {
        return "-";
    }
    const std::string digits = std::to_string(*count);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

std::string format_value(const std::optional<std::string>& value) {
    return value ? *value : std::string("NULL");
}

std::string format_key(const std::vector<std::optional<std::string>>& key) {
    std::string out = "(";
    for (std::size_t i = 0; i < key.size(); ++i) {
        out += (i ? ", " : "") + format_value(key[i]);
    }
    return out + ")";
}

std::string format_row_value(const std::optional<std::string>& value) {
    if (!value) {
        return "NULL";
    }
    const std::string& v = *value;
    bool quote = v.empty() || v.find_first_of(" ,'\t\n") != std::string::npos;
    if (!quote && v.size() == 4) {
        std::string upper = v;
        for (char& c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        quote = upper == "NULL";
    }
    if (!quote) {
        return v;
    }
    std::string out = "'";
    for (char c : v) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

const std::vector<catalog::FindingStatus>& finding_status_order() {
    using S = catalog::FindingStatus;
    static const std::vector<S> k_order{S::missing_in_target, S::extra_in_target, S::changed,
                                        S::incompatible,      S::expected_change, S::waived};
    return k_order;
}

const std::vector<catalog::FindingStatus>& finding_action_order() {
    using S = catalog::FindingStatus;
    static const std::vector<S> k_order{S::missing_in_target, S::extra_in_target, S::changed,
                                        S::incompatible};
    return k_order;
}

const std::vector<checksum::TableStatus>& table_status_order() {
    using S = checksum::TableStatus;
    static const std::vector<S> k_order{S::match,
                                        S::count_match,
                                        S::count_mismatch,
                                        S::content_mismatch,
                                        S::placement_mismatch,
                                        S::missing_in_target,
                                        S::extra_in_target,
                                        S::error,
                                        S::skipped,
                                        S::not_applicable,
                                        S::waived};
    return k_order;
}

const std::vector<checksum::TableStatus>& table_action_order() {
    using S = checksum::TableStatus;
    static const std::vector<S> k_order{
        S::count_mismatch,    S::content_mismatch, S::placement_mismatch,
        S::missing_in_target, S::extra_in_target,  S::error,
        S::skipped,           S::not_applicable};
    return k_order;
}

Tally tally(const Report& report) {
    Tally t;
    t.run_errors = report.errors.size();
    if (report.catalog) {
        for (const auto& f : report.catalog->findings) {
            if (catalog::fails_verdict(f.status)) {
                ++t.catalog_differences;
            } else if (f.status == catalog::FindingStatus::waived) {
                ++t.waived_findings;
            } else {
                ++t.expected_changes;
            }
        }
        for (const auto& [kind, count] : report.catalog->compared) {
            t.objects_compared += count;
        }
    }
    if (report.data) {
        t.tables = report.data->tables.size();
        for (const auto& table : report.data->tables) {
            if (checksum::is_incomplete(table.status)) {
                ++t.tables_incomplete;
            } else if (table.status == checksum::TableStatus::not_applicable) {
                ++t.tables_not_applicable;
            } else if (table.status == checksum::TableStatus::waived) {
                ++t.tables_waived;
            } else if (checksum::is_difference(table.status)) {
                ++t.tables_differ;
            } else {
                ++t.tables_matching;
            }
        }
    }
    return t;
}

std::vector<std::pair<catalog::FindingStatus, std::size_t>>
finding_counts(const CatalogSection& catalog, bool every_status) {
    std::vector<std::pair<catalog::FindingStatus, std::size_t>> out;
    for (auto status : finding_status_order()) {
        const auto count = static_cast<std::size_t>(
            std::count_if(catalog.findings.begin(), catalog.findings.end(),
                          [&](const catalog::Finding& f) { return f.status == status; }));
        if (every_status || count > 0 || status != catalog::FindingStatus::waived) {
            out.emplace_back(status, count);
        }
    }
    return out;
}

std::vector<std::pair<checksum::TableStatus, std::size_t>> table_counts(const DataSection& data) {
    std::vector<std::pair<checksum::TableStatus, std::size_t>> out;
    for (auto status : table_status_order()) {
        const auto n = static_cast<std::size_t>(
            std::count_if(data.tables.begin(), data.tables.end(),
                          [&](const checksum::TableResult& t) { return t.status == status; }));
        if (n > 0) {
            out.emplace_back(status, n);
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::size_t>> expected_rules(const CatalogSection& catalog) {
    std::map<std::string, std::size_t> by_rule;
    for (const auto& f : catalog.findings) {
        if (f.status == catalog::FindingStatus::expected_change) {
            ++by_rule[f.rule.empty() ? std::string("(no rule)") : f.rule];
        }
    }
    std::vector<std::pair<std::string, std::size_t>> out(by_rule.begin(), by_rule.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

namespace {

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    bool in_space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) {
            out += ' ';
        }
        in_space = false;
        out += c;
    }
    return out;
}

/// Drops the first `count` code points of valid UTF-8 text.
std::string drop_chars(std::string_view text, std::size_t count) {
    std::size_t i = 0;
    for (std::size_t seen = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == count) {
                break;
            }
            ++seen;
        }
    }
    return std::string(text.substr(i));
}

} // namespace

std::pair<std::string, std::string> display_pair(const std::optional<std::string>& source,
                                                 const std::optional<std::string>& target,
                                                 std::size_t max_chars) {
    const std::string raw_source = format_value(source);
    const std::string raw_target = format_value(target);
    std::string a = collapse_whitespace(raw_source);
    std::string b = collapse_whitespace(raw_target);
    if (a == b && raw_source != raw_target) {
        a = raw_source;
        b = raw_target;
    }
    a = printable(a);
    b = printable(b);
    std::size_t common = 0;
    while (common < a.size() && common < b.size() && a[common] == b[common]) {
        ++common;
    }
    while (common > 0 && (static_cast<unsigned char>(a[common]) & 0xC0) == 0x80) {
        --common; // back to the start of the code point that differs
    }
    constexpr std::size_t k_context = 16;
    const std::size_t common_chars = display_width(std::string_view(a).substr(0, common));
    if (max_chars > 2 * k_context && common_chars + k_context > max_chars) {
        const std::size_t skip = common_chars - k_context;
        a = "…" + drop_chars(a, skip);
        b = "…" + drop_chars(b, skip);
    }
    return {truncate_display(a, max_chars), truncate_display(b, max_chars)};
}

RowDescription describe_row(const checksum::RowDifference& row,
                            const std::vector<std::string>& column_names, std::size_t max_chars) {
    const auto column = [&](std::size_t i) {
        return i < column_names.size() ? printable(column_names[i])
                                       : "column " + std::to_string(i + 1);
    };
    RowDescription out;
    if (!row.key.empty()) {
        out.heading = truncate_display(printable(format_key(row.key)), max_chars) + " ";
    }
    out.heading += status_label(printable(row.change));
    // Without a key, identical rows are told apart only by how many copies each side holds.
    if (row.key.empty() || row.source_copies > 1 || row.target_copies > 1) {
        out.heading += " (copies: source " + std::to_string(row.source_copies) + ", target " +
                       std::to_string(row.target_copies) + ")";
    }
    if (row.change == "changed" && row.source.size() == row.target.size()) {
        out.only_differences = true;
        // The columns whose values differ; without that list, those whose text differs.
        std::vector<std::size_t> changed = row.changed_columns;
        if (changed.empty()) {
            for (std::size_t i = 0; i < row.source.size(); ++i) {
                if (row.source[i] != row.target[i]) {
                    changed.push_back(i);
                }
            }
        }
        for (std::size_t i : changed) {
            if (i >= row.source.size()) {
                continue;
            }
            auto [a, b] = display_pair(format_row_value(row.source[i]),
                                       format_row_value(row.target[i]), max_chars);
            out.cells.push_back({column(i), std::move(a), std::move(b)});
        }
        return out;
    }
    const auto& values = row.source.empty() ? row.target : row.source;
    for (std::size_t i = 0; i < values.size(); ++i) {
        out.cells.push_back({column(i),
                             truncate_display(printable(format_row_value(values[i])), max_chars),
                             std::nullopt});
    }
    return out;
}

std::string format_row_cell(const RowCell& cell) {
    std::string out = cell.column + " " + cell.value;
    if (cell.target_value) {
        out += " → " + *cell.target_value;
    }
    return out;
}

std::string verdict_word(Verdict verdict) {
    switch (verdict) {
    case Verdict::pass:
        return "PASS";
    case Verdict::fail:
        return "FAIL";
    case Verdict::incomplete:
        return "INCOMPLETE";
    }
    return "INCOMPLETE";
}

std::string history_summary(const Report& report) {
    if (!report.history) {
        return {};
    }
    const HistorySummary& h = *report.history;
    if (!h.previous_file) {
        return "history: no earlier comparable run kept in " + h.dir +
               "; this run is the first (nothing is new or resolved yet)";
    }
    return "since the previous run (" + h.previous_started + ", " + h.previous_verdict +
           "): " + std::to_string(h.new_items) + " new, " + std::to_string(h.persisting) +
           " persisting, " + std::to_string(h.resolved.size()) + " resolved";
}

std::string resolved_label(const ResolvedItem& item) {
    return item.kind + " " + qualified(item.database, item.object) + " (was " +
           status_label(item.previous_status) + ")";
}

std::string qualified(const std::string& database, const std::string& identity) {
    return database.empty() ? identity : database + ": " + identity;
}

std::string verdict_summary(const Report& report) {
    const Tally t = tally(report);
    std::vector<std::string> parts;
    if (t.catalog_differences > 0) {
        parts.push_back(plural(t.catalog_differences, "catalog difference", "catalog differences"));
    }
    if (t.tables_differ > 0) {
        parts.push_back(plural(t.tables_differ, "table differs", "tables differ"));
    }
    if (t.tables_incomplete > 0) {
        parts.push_back(plural(t.tables_incomplete, "table not compared", "tables not compared"));
    }
    if (t.run_errors > 0) {
        parts.push_back(plural(t.run_errors, "error", "errors"));
    }
    if (parts.empty()) {
        std::vector<std::string> compared;
        if (report.catalog) {
            compared.push_back(
                plural(static_cast<std::size_t>(t.objects_compared), "object", "objects"));
        }
        if (report.data) {
            compared.push_back(plural(t.tables - t.tables_not_applicable, "table", "tables"));
        }
        std::string out = "the target is complete";
        if (!compared.empty()) {
            out += ": " + compared[0];
            if (compared.size() > 1) {
                out += " and " + compared[1];
            }
            out += " compared";
        }
        std::vector<std::string> notes;
        if (t.expected_changes > 0) {
            notes.push_back(plural(t.expected_changes, "expected change", "expected changes"));
        }
        if (t.tables_not_applicable > 0) {
            notes.push_back(std::to_string(t.tables_not_applicable) + " not applicable");
        }
        if (!notes.empty()) {
            out += " (" + notes[0] + (notes.size() > 1 ? ", " + notes[1] : "") + ")";
        }
        return out;
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        out += (i ? ", " : "") + parts[i];
    }
    return out;
}

std::string rows_summary(const checksum::TableResult& table) {
    const auto rows = [](const std::optional<std::uint64_t>& count) {
        return count ? format_count(count) + (*count == 1 ? " row" : " rows")
                     : std::string("not counted");
    };
    return "source " + rows(table.source_rows) + ", target " + rows(table.target_rows);
}

bool is_segment_problem(const checksum::SegmentResult& segment) {
    return segment.status != checksum::TableStatus::match &&
           segment.status != checksum::TableStatus::count_match;
}

std::string status_label(std::string_view status) {
    std::string out(status);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::string reused_note(const checksum::TableResult& table) {
    return table.reused_from.empty() ? std::string()
                                     : "(unchanged since " + table.reused_from + ")";
}

std::string reuse_summary(const DataSection& data) {
    if (!data.reuse) {
        return {};
    }
    return format_count(data.reuse->tables) + (data.reuse->tables == 1 ? " table" : " tables") +
           " unchanged since an earlier run (--skip-unchanged): " + format_count(data.reuse->rows) +
           " rows not read again";
}

std::string backup_line(const BackupEvidence& b) {
    std::string out = "gpbackup backup " + b.directory + ", timestamp " + b.timestamp +
                      ", gpbackup " + (b.gpbackup_version.empty() ? "?" : b.gpbackup_version) +
                      ", " + std::to_string(b.segment_count) +
                      (b.segment_count == 1 ? " segment, " : " segments, ") + b.compression +
                      ", files " + b.data_files + ", status " +
                      (b.status.empty() ? "not recorded" : b.status);
    if (b.chain.size() > 1) {
        out += ", incremental over " + catalog::join(b.chain, ", ");
    }
    return out;
}

std::string version_line(const catalog::ClusterIdentity& identity) {
    std::string out(catalog::to_string(identity.flavor));
    if (identity.gp_version) {
        out += " " + *identity.gp_version + " (PostgreSQL " + identity.server_version + ")";
    } else {
        out += " " + identity.server_version;
    }
    return out;
}

} // namespace gpparity::verify::detail
