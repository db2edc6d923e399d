#pragma once
/// The report writers (DESIGN.md §3 step 8, §7; docs/report.md): pure functions that render a
/// verify::Report as text, JSON, JUnit XML, Markdown or a self-contained HTML page. Commands
/// build a Report, call render_report, and write the string where --output says.

#include "verify/report.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace gpparity::verify {

/// The names --format accepts, in the order help texts list them.
inline constexpr std::array<std::string_view, 5> k_report_formats = {"text", "json", "junit",
                                                                     "markdown", "html"};

/// The report formats, typed from the moment the CLI has parsed --format.
enum class ReportFormat { text, json, junit, markdown, html };

/// The format named `name` (one of k_report_formats); nullopt for any other name.
[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;
/// Its name in k_report_formats.
[[nodiscard]] std::string_view to_string(ReportFormat format) noexcept;

/// Renders `report` in `format`. `color` asks for ANSI
/// colour and only affects `text` (the caller decides, e.g. isatty(stdout) and no --output).
/// The verdict is computed with verdict_of(report); the report is rendered in the order it is
/// in (call sort_report first for deterministic output). Option values, warnings and errors
/// are passed through catalog::pg::redact_secrets. The result ends with a newline.
/// Pure: no I/O, no clock.
[[nodiscard]] std::string render_report(const Report& report, ReportFormat format, bool color);
/// The same with the format by name; throws catalog::UsageError for an unknown one.
[[nodiscard]] std::string render_report(const Report& report, std::string_view format, bool color);

/// The JSON report contract (report_version 2, docs/report.md). Absent sections are null.
[[nodiscard]] nlohmann::json report_to_json(const Report& report);

/// Individual writers, as render_report dispatches to them.
[[nodiscard]] std::string render_text(const Report& report, bool color);
[[nodiscard]] std::string render_json(const Report& report);
[[nodiscard]] std::string render_junit(const Report& report);
[[nodiscard]] std::string render_markdown(const Report& report);
[[nodiscard]] std::string render_html(const Report& report);

} // namespace gpparity::verify
