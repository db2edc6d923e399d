#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "catalog/clock.hpp"
#include "cli/command.hpp"
#include "verify/side.hpp"
#include "verify/placement_run.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <optional>

namespace gpparity::cli {

namespace {

struct PlacementOptions {
    std::string via = "segments";
    std::string test_pretend; ///< TEST ONLY (hidden): see verify::PretendDistribution
};

} // namespace

Command add_placement_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "placement", "Check that every target row is on the segment its distribution key "
                     "dictates (no source needed)");
    auto placement = std::make_shared<PlacementOptions>();
    add_target_option(*app, options);
    add_format_option(*app, options,
                      {verify::k_report_formats.begin(), verify::k_report_formats.end()});
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_jobs_option(*app, options);
    add_timeout_option(*app, options);
    add_progress_options(*app, options);
    app->add_option("--via", placement->via,
                    "Read each primary directly in utility mode (segments) or through the "
                    "coordinator tagged with gp_segment_id (coordinator)")
        ->check(CLI::IsMember({"segments", "coordinator"}))
        ->capture_default_str();
    // A test seam, hidden from --help (empty group): lets CI, which has only PostgreSQL, run
    // the whole read path. Refused on Greenplum.
    app->add_option("--test-pretend-distribution", placement->test_pretend,
                    "TEST ONLY: COL[,COL...]:NUMSEGMENTS:SEGMENT[:legacy]")
        ->group("");
    return {app, [&options, placement]() {
                auto started = std::chrono::system_clock::now();
                auto clock_start = std::chrono::steady_clock::now();
                verify::PlacementRunOptions run;
                if (!placement->test_pretend.empty()) {
                    run.test_pretend = verify::parse_pretend_distribution(placement->test_pretend);
                }
                catalog::ConnectOptions connect;
                connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                if (verify::classify_side(options.target, "target") ==
                    verify::SideKind::snapshot_file) {
                    throw catalog::UsageError("target: placement reads the rows of a live "
                                              "cluster; snapshot " +
                                              options.target + " holds digests, not rows");
                }
                catalog::Cluster target = verify::connect_side(options.target, "target", connect);

                verify::Report report;
                report.command = "placement";
                report.has_source = false;
                report.started = catalog::iso8601_utc(started);
                report.target.identity = target.identity();

                run.jobs = options.jobs;
                run.via = placement->via;
                run.filter = catalog::Filter(options.include, options.exclude);
                run.handle_signals = true;
                std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
                if (printer) {
                    run.progress = printer->callback();
                }
                verify::run_placement_check(target, run, report);
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
