#include "catalog/filter.hpp"
#include "cli/command.hpp"
#include "verify/placement_run.hpp"

#include <memory>
#include <optional>

namespace gpparity::cli {

namespace {

struct PlacementOptions {
    verify::Via via = verify::Via::segments;
    std::string test_pretend; ///< TEST ONLY (hidden): see verify::PretendDistribution
};

} // namespace

Command add_placement_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "placement", "Check that every target row is on the segment its distribution key "
                     "dictates (no source needed)");
    auto placement = std::make_shared<PlacementOptions>();
    add_target_option(*app, options);
    add_format_option(*app, options);
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_jobs_option(*app, options);
    add_timeout_option(*app, options);
    add_progress_options(*app, options);
    add_via_option(*app, placement->via);
    // A test seam, hidden from --help (empty group): lets CI, which has only PostgreSQL, run
    // the whole read path. Refused on Greenplum.
    app->add_option("--test-pretend-distribution", placement->test_pretend,
                    "TEST ONLY: COL[,COL...]:NUMSEGMENTS:SEGMENT[:legacy]")
        ->group("");
    return {app, [&options, placement]() {
                verify::PlacementRunOptions run;
                if (!placement->test_pretend.empty()) {
                    run.test_pretend = verify::parse_pretend_distribution(placement->test_pretend);
                }
                run.jobs = options.jobs;
                run.via = placement->via;
                run.filter = catalog::Filter(options.include, options.exclude);
                run.handle_signals = true;
                const catalog::ConnectOptions connect = connect_options(options);
                std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
                if (printer) {
                    run.progress = printer->callback();
                }
                verify::Report report = verify::run_placement(options.target, connect, run);
                if (printer) {
                    printer->finish();
                }
                return emit_report(report, options);
            }};
}

} // namespace gpparity::cli
