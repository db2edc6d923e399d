#include "catalog/diff.hpp"
#include "catalog/library_check.hpp"
#include "catalog/clock.hpp"
#include "cli/command.hpp"
#include "verify/side.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <memory>

namespace gpparity::cli {

namespace {

struct CatalogOptions {
    bool skip_library_check = false;
};

} // namespace

Command add_catalog_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "catalog", "Compare the catalogs of two databases, with GP6 -> GP7 normalization");
    auto catalog_options = std::make_shared<CatalogOptions>();
    add_source_option(*app, options);
    add_target_option(*app, options);
    add_progress_options(*app, options);
    add_format_option(*app, options,
                      {verify::k_report_formats.begin(), verify::k_report_formats.end()});
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_timeout_option(*app, options);
    app->add_flag("--no-library-check", catalog_options->skip_library_check,
                  "Do not LOAD the shared libraries of the target's C functions");
    return {app, [&options, catalog_options]() {
                auto started = std::chrono::system_clock::now();
                auto clock_start = std::chrono::steady_clock::now();
                catalog::ConnectOptions connect;
                connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                catalog::Filter filter(options.include, options.exclude);
                verify::OpenedSide source =
                    verify::open_side(options.source, "source", connect, filter);
                verify::OpenedSide target =
                    verify::open_side(options.target, "target", connect, filter);

                verify::Report report;
                report.command = "catalog";
                report.started = catalog::iso8601_utc(started);
                report.source = source.report_side;
                report.target = target.report_side;
                for (const auto& p : options.include) {
                    report.options["include"] += (report.options["include"].empty() ? "" : " ") + p;
                }
                for (const auto& p : options.exclude) {
                    report.options["exclude"] += (report.options["exclude"].empty() ? "" : " ") + p;
                }

                catalog::DiffResult diff =
                    catalog::diff(std::move(source.snapshot), std::move(target.snapshot));
                verify::CatalogSection section;
                section.findings = std::move(diff.findings);
                section.compared = std::move(diff.compared);

                if (catalog_options->skip_library_check) {
                    report.options["library_check"] = "off";
                } else if (!target.cluster) {
                    report.warnings.push_back(
                        "shared libraries of C functions not checked: the target is a "
                        "snapshot file");
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
                report.duration_s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start)
                        .count();
                verify::sort_report(report);
                return emit_report(report, options);
            }};
}

} // namespace gpparity::cli
