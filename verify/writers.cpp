#include "verify/writers.hpp"

#include "catalog/error.hpp"

namespace gpparity::verify {

std::string render_report(const Report &report, std::string_view format, bool color) {
    if (format == "text") {
        return render_text(report, color);
    }
    if (format == "json") {
        return render_json(report);
    }
    if (format == "junit") {
        return render_junit(report);
    }
    if (format == "markdown") {
        return render_markdown(report);
    }
    if (format == "html") {
        return render_html(report);
    }
    throw catalog::UsageError("unknown report format \"" + std::string(format) +
                              "\" (expected text, json, junit, markdown or html)");
}

} // namespace gpparity::verify
