#include "verify/write_common.hpp"
#include "verify/writers.hpp"

#include <cstdio>

namespace gpparity::verify {

namespace {

/// Escapes text for XML 1.0 character data or (with `attribute`) a double-quoted attribute
/// value. Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return,
/// U+FFFE, U+FFFF) become visible `\xNN` text; invalid UTF-8 becomes U+FFFD.
std::string xml_escape(std::string_view text, bool attribute) {
    const std::string clean = detail::clean_utf8(text);
    std::string out;
    out.reserve(clean.size());
    for (std::size_t i = 0; i < clean.size(); ++i) {
        const auto c = static_cast<unsigned char>(clean[i]);
        switch (c) {
        case '&':
            out += "&amp;";
            continue;
        case '<':
            out += "&lt;";
            continue;
        case '>':
            out += "&gt;";
            continue;
        case '"':
            out += attribute ? "&quot;" : "\"";
            continue;
        case '\'':
            out += attribute ? "&apos;" : "'";
            continue;
        case '\t':
            out += attribute ? "&#9;" : "\t";
            continue;
        case '\n':
            out += attribute ? "&#10;" : "\n";
            continue;
        case '\r':
            out += "&#13;";
            continue;
        default:
            break;
        }
        if (c < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(c));
            out += buffer;
        } else if (c == 0xEF && i + 2 < clean.size() &&
                   static_cast<unsigned char>(clean[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(clean[i + 2]) == 0xBE ||
                    static_cast<unsigned char>(clean[i + 2]) == 0xBF)) {
            out += "\xEF\xBF\xBD"; // U+FFFE and U+FFFF are not XML characters
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string attr(std::string_view text) {
    return xml_escape(text, true);
}

std::string format_seconds(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", seconds >= 0.0 ? seconds : 0.0);
    return buffer;
}

/// Body text limit per value: CI pages show these inline, JSON has the full text.
constexpr std::size_t k_body_value_chars = 1000;

std::string body_value(const std::optional<std::string>& value) {
    return detail::truncate_display(detail::clean_utf8(detail::format_value(value)),
                                    k_body_value_chars);
}

struct Suite {
    std::string name;
    std::size_t tests = 0;
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::size_t skipped = 0;
    std::string properties; ///< rendered <property/> lines
    std::string cases;      ///< rendered <testcase> elements
    std::string system_out; ///< raw text
};

void add_case(Suite& suite, const std::string& classname, const std::string& name,
              const std::string& inner) {
    ++suite.tests;
    suite.cases +=
        "    <testcase classname=\"" + attr(classname) + "\" name=\"" + attr(name) + "\"";
    if (inner.empty()) {
        suite.cases += "/>\n";
    } else {
        suite.cases += ">\n" + inner + "    </testcase>\n";
    }
}

std::string element(std::string_view tag, const std::string& type, const std::string& message,
                    const std::string& body) {
    std::string out = "      <" + std::string(tag);
    if (!type.empty()) {
        out += " type=\"" + attr(type) + "\"";
    }
    out += " message=\"" + attr(message) + "\"";
    if (body.empty()) {
        return out + "/>\n";
    }
    return out + ">" + xml_escape(body, false) + "</" + std::string(tag) + ">\n";
}

// A passing case's note for a difference a waiver accepted.
std::string waived_line(const catalog::AppliedWaiver& w) {
    return "was " + w.status + "; " + w.reason + " (until " + w.expires + ")";
}

std::string system_out(const std::string& body) {
    return "      <system-out>" + xml_escape(body, false) + "</system-out>\n";
}

void property(Suite& suite, const std::string& name, const std::string& value) {
    suite.properties +=
        "      <property name=\"" + attr(name) + "\" value=\"" + attr(value) + "\"/>\n";
}

std::string side_text(const SideEvidence& side) {
    std::string out = detail::version_line(side.identity) + ", database " + side.identity.database +
                      ", " + std::to_string(side.identity.segments.size()) + " segments";
    if (side.backup) {
        out += ", " + detail::backup_line(*side.backup);
    }
    if (side.snapshot) {
        out += ", snapshot " + side.snapshot->file + " (sha256 " + side.snapshot->sha256 +
               ", taken " + side.snapshot->taken + ")";
    }
    return out;
}

Suite run_suite(const Report& report) {
    Suite suite;
    suite.name = "run";
    property(suite, "verdict", std::string(to_string(verdict_of(report))));
    property(suite, "gpparity", report.gpparity_version);
    property(suite, "command", report.command);
    property(suite, "started", report.started);
    property(suite, "duration_s", format_seconds(report.duration_s));
    if (report.has_source) {
        property(suite, "source", side_text(report.source));
    }
    property(suite, "target", side_text(report.target));
    for (const auto& [name, value] : report.options) {
        property(suite, "option." + name, detail::redacted(value));
    }
    if (const std::string history = detail::history_summary(report); !history.empty()) {
        property(suite, "history", history);
        if (report.history && !report.history->resolved.empty()) {
            suite.system_out += "resolved since the previous run:\n";
            for (const auto& r : report.history->resolved) {
                suite.system_out += "  " + detail::resolved_label(r) + "\n";
            }
        }
    }
    std::size_t n = 0;
    for (const auto& e : report.errors) {
        ++suite.errors;
        const std::string message = detail::redacted(e);
        add_case(suite, "run", "error " + std::to_string(++n),
                 element("error", "error", message, ""));
    }
    for (const auto& w : report.warnings) {
        suite.system_out += "warning: " + detail::redacted(w) + "\n";
    }
    return suite;
}

Suite catalog_suite(const CatalogSection& catalog) {
    Suite suite;
    suite.name = "catalog";
    for (const auto& f : catalog.findings) {
        const std::string kind(catalog::to_string(f.kind));
        const std::string status(catalog::to_string(f.status));
        std::string body;
        for (const auto& d : f.details) {
            body += d.attribute + "\n  source: " + body_value(d.source) +
                    "\n  target: " + body_value(d.target) + "\n";
        }
        if (!f.reason.empty()) {
            body += "reason: " + f.reason + "\n";
        }
        if (f.status == catalog::FindingStatus::expected_change) {
            add_case(suite, "catalog." + kind, f.object,
                     system_out("expected change (rule " + f.rule + ")\n" + body));
            continue;
        }
        if (f.waiver) {
            add_case(suite, "catalog." + kind, f.object,
                     system_out("waived: " + waived_line(*f.waiver) + "\n" + body));
            continue;
        }
        ++suite.failures;
        std::string message = kind + " " + f.object + ": " + detail::status_label(status);
        if (!f.reason.empty()) {
            message += ": " + f.reason;
        }
        add_case(suite, "catalog." + kind, f.object, element("failure", status, message, body));
    }
    // Objects without findings are not listed one by one in the report; one passing case per
    // kind records how many were compared, so a clean run still shows its coverage.
    for (const auto& [kind, count] : catalog.compared) {
        add_case(suite, "catalog.compared", kind + ": " + std::to_string(count) + " compared", "");
    }
    return suite;
}

std::string table_body(const checksum::TableResult& t) {
    std::string body = detail::rows_summary(t) + "\n";
    if (t.waiver) {
        body = waived_line(*t.waiver) + "\n" + body;
    }
    for (const auto& s : t.segments) {
        if (detail::is_segment_problem(s)) {
            body += "segment " + std::to_string(s.content) + ": source " +
                    detail::format_count(s.source_rows) + ", target " +
                    detail::format_count(s.target_rows) + " (" +
                    detail::status_label(checksum::to_string(s.status)) + ")\n";
        }
    }
    if (!t.placement_note.empty()) {
        body += std::string("placement ") + (t.placement_compared ? "" : "not ") +
                "compared: " + t.placement_note + "\n";
    }
    if (t.misplaced_rows && *t.misplaced_rows > 0) {
        body += detail::format_count(t.misplaced_rows) +
                (*t.misplaced_rows == 1 ? " row" : " rows") + " on the wrong segment\n";
        for (const auto& m : t.misplaced_examples) {
            body += "  key " + detail::format_key(m.key) + " on segment " +
                    std::to_string(m.on_segment) + ", belongs to " + std::to_string(m.belongs_to) +
                    "\n";
        }
    }
    for (const auto& r : t.rows) {
        body += "row " + detail::format_key(r.key) + ": " + detail::status_label(r.change) +
                " (copies " + std::to_string(r.source_copies) + " / " +
                std::to_string(r.target_copies) + ")\n";
        if (!r.source.empty()) {
            body += "  source: " + detail::format_key(r.source) + "\n";
        }
        if (!r.target.empty()) {
            body += "  target: " + detail::format_key(r.target) + "\n";
        }
    }
    for (const auto& c : t.excluded_columns) {
        body += "column not compared: " + c + "\n";
    }
    return body;
}

Suite data_suite(const DataSection& data) {
    Suite suite;
    suite.name = "data";
    for (const auto& t : data.tables) {
        const std::string status(checksum::to_string(t.status));
        if (t.status == checksum::TableStatus::skipped ||
            t.status == checksum::TableStatus::not_applicable) {
            ++suite.skipped;
            add_case(suite, "data", t.table,
                     element("skipped", "", detail::redacted(t.message), ""));
        } else if (t.status == checksum::TableStatus::error) {
            ++suite.errors;
            add_case(suite, "data", t.table,
                     element("error", status, detail::redacted(t.message), ""));
        } else if (checksum::is_difference(t.status)) {
            ++suite.failures;
            add_case(suite, "data", t.table,
                     element("failure", status,
                             detail::status_label(status) + ": " + detail::rows_summary(t),
                             table_body(t)));
        } else {
            const std::string reused = detail::reused_note(t);
            add_case(suite, "data", t.table,
                     system_out(detail::status_label(status) + (reused.empty() ? "" : " ") +
                                reused + ": " + table_body(t)));
        }
    }
    return suite;
}

} // namespace

std::string render_junit(const Report& unredacted) {
    const Report report = detail::human_report(unredacted);
    std::vector<Suite> suites;
    suites.push_back(run_suite(report));
    if (report.catalog) {
        suites.push_back(catalog_suite(*report.catalog));
    }
    if (report.data) {
        suites.push_back(data_suite(*report.data));
    }
    Suite total;
    for (const auto& s : suites) {
        total.tests += s.tests;
        total.failures += s.failures;
        total.errors += s.errors;
        total.skipped += s.skipped;
    }

    const auto counts = [](const Suite& s) {
        return "tests=\"" + std::to_string(s.tests) + "\" failures=\"" +
               std::to_string(s.failures) + "\" errors=\"" + std::to_string(s.errors) +
               "\" skipped=\"" + std::to_string(s.skipped) + "\"";
    };
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites name=\"" + attr("gpparity " + report.command) + "\" " + counts(total) +
           " time=\"" + format_seconds(report.duration_s) + "\">\n";
    for (const auto& s : suites) {
        out += "  <testsuite name=\"" + attr(s.name) + "\" " + counts(s) + " timestamp=\"" +
               attr(report.started) + "\">\n";
        if (!s.properties.empty()) {
            out += "    <properties>\n" + s.properties + "    </properties>\n";
        }
        out += s.cases;
        if (!s.system_out.empty()) {
            out += "    <system-out>" + xml_escape(s.system_out, false) + "</system-out>\n";
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

} // namespace gpparity::verify
