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

struct DataOptions {
    std::string strategy = "stream";
    std::string via = "segments";
};

std::string iso_now_utc(std::chrono::system_clock::time_point now) {
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

Command add_data_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "data", "Compare the row counts, row content and placement of every table");
    auto data = std::make_shared<DataOptions>();
    add_source_option(*app, options);
    add_target_option(*app, options);
    add_format_option(*app, options,
                      {verify::k_report_formats.begin(), verify::k_report_formats.end()});
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_jobs_option(*app, options);
    add_timeout_option(*app, options);
    app->add_option("--strategy", data->strategy,
                    "How rows are checksummed (stream: rows are "
                    "read with COPY and hashed by gpparity)")
        ->check(CLI::IsMember({"stream"}))
        ->capture_default_str();
    app->add_option("--via", data->via,
                    "Greenplum: read each primary directly in utility mode (segments) or through "
                    "the coordinator tagged with gp_segment_id (coordinator)")
        ->check(CLI::IsMember({"segments", "coordinator"}))
        ->capture_default_str();
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
                report.started = iso_now_utc(started);
                report.source.identity = source.identity();
                report.target.identity = target.identity();

                verify::DataRunOptions run;
                run.jobs = options.jobs;
                run.via = data->via;
                run.filter = catalog::Filter(options.include, options.exclude);
                run.handle_signals = true;
                verify::run_data_comparison(source, target, run, report);

                report.duration_s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start)
                        .count();
                verify::sort_report(report);
                bool color = options.output.empty() && ::isatty(1) != 0;
                write_output(verify::render_report(report, options.format, color), options.output);
                return verify::exit_status(verify::verdict_of(report));
            }};
}

} // namespace gpparity::cli
