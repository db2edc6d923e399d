#include "verify/writers.hpp"

#include "catalog/error.hpp"

namespace gpparity::verify {

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept {
    for (std::size_t i = 0; i < k_report_formats.size(); ++i) {
        if (k_report_formats[i] == name) {
            return static_cast<ReportFormat>(i);
        }
    }
    return std::nullopt;
}

std::string_view to_string(ReportFormat format) noexcept {
    return k_report_formats.at(static_cast<std::size_t>(format));
}

std::string render_report(const Report& report, ReportFormat format, bool color) {
    switch (format) {
    case ReportFormat::text:
        return render_text(report, color);
    case ReportFormat::json:
        return render_json(report);
    case ReportFormat::junit:
        return render_junit(report);
    case ReportFormat::markdown:
        return render_markdown(report);
    case ReportFormat::html:
        return render_html(report);
    }
    return render_text(report, color);
}

std::string render_report(const Report& report, std::string_view format, bool color) {
    if (auto parsed = parse_report_format(format)) {
        return render_report(report, *parsed, color);
    }
    throw catalog::UsageError("unknown report format \"" + std::string(format) +
                              "\" (expected text, json, junit, markdown or html)");
}

} // namespace gpparity::verify
