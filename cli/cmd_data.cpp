#include "catalog/clock.hpp"
#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "cli/command.hpp"
#include "verify/data_run.hpp"
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
    return {app, [&options, data]() {
                auto started = std::chrono::system_clock::now();
                auto clock_start = std::chrono::steady_clock::now();
                catalog::ConnectOptions connect;
                connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                catalog::Cluster source =
                    catalog::Cluster::connect(options.source, "source", connect);
                catalog::Cluster target =
                    catalog::Cluster::connect(options.target, "target", connect);

                verify::Report report;
                report.command = "data";
                report.started = catalog::iso8601_utc(started);
                report.source.identity = source.identity();
                report.target.identity = target.identity();

                verify::DataRunOptions run = *data;
                run.jobs = options.jobs;
                run.filter = catalog::Filter(options.include, options.exclude);
                run.handle_signals = true;
                verify::run_data_comparison(source, target, run, report);

                report.duration_s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start)
                        .count();
                verify::sort_report(report);
                return emit_report(report, options);
            }};
}

} // namespace gpparity::cli
