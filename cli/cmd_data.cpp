#include "catalog/clock.hpp"
#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "cli/command.hpp"
#include "verify/data_run.hpp"
#include "verify/side.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <memory>

namespace gpparity::cli {

namespace {

} // namespace

Command add_data_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "data", "Compare the row counts, row content and placement of every table");
    auto data = std::make_shared<verify::DataRunOptions>();
    add_source_option(*app, options);
    add_target_option(*app, options);
    add_format_option(*app, options,
                      {verify::k_report_formats.begin(), verify::k_report_formats.end()});
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_jobs_option(*app, options);
    add_timeout_option(*app, options);
    add_data_run_options(*app, *data);
    add_progress_options(*app, options);
    return {app, [&options, data]() {
                auto started = std::chrono::system_clock::now();
                auto clock_start = std::chrono::steady_clock::now();
                catalog::ConnectOptions connect;
                connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                // Either side may be a snapshot file taken with `snapshot --data`.
                verify::OpenedSide source =
                    verify::open_data_side(options.source, "source", connect);
                verify::OpenedSide target =
                    verify::open_data_side(options.target, "target", connect);

                verify::Report report;
                report.command = "data";
                report.started = catalog::iso8601_utc(started);
                report.source = source.report_side;
                report.target = target.report_side;

                verify::DataRunOptions run = *data;
                run.jobs = options.jobs;
                run.filter = catalog::Filter(options.include, options.exclude);
                run.handle_signals = true;
                std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
                if (printer) {
                    run.progress = printer->callback();
                }
                verify::run_data_comparison(verify::data_side_of(source, "source"),
                                            verify::data_side_of(target, "target"), run, report);
                if (printer) {
                    printer->finish();
                }

                report.duration_s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start)
                        .count();
                verify::sort_report(report);
                return emit_report(report, options);
            }};
}

} // namespace gpparity::cli
