#include "cli/command.hpp"
#include "cli/progress_printer.hpp"
#include "verify/check_run.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <memory>

namespace gpparity::cli {

namespace {

struct CheckCliOptions {
    verify::DataRunOptions data;
    bool skip_library_check = false;
};

} // namespace

Command add_check_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "check", "Catalog diff and data checksums in one run and one report: the sign-off");
    auto check = std::make_shared<CheckCliOptions>();
    add_source_option(*app, options);
    add_target_option(*app, options);
    add_format_option(*app, options,
                      {verify::k_report_formats.begin(), verify::k_report_formats.end()});
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_jobs_option(*app, options);
    add_timeout_option(*app, options);
    add_data_run_options(*app, check->data);
    app->add_flag("--no-library-check", check->skip_library_check,
                  "Do not LOAD the shared libraries of the target's C functions");
    add_progress_options(*app, options);
    return {app, [&options, check]() {
                verify::CheckOptions run;
                run.source = options.source;
                run.target = options.target;
                run.connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                run.data = check->data;
                run.data.jobs = options.jobs;
                run.data.filter = catalog::Filter(options.include, options.exclude);
                run.data.handle_signals = true;
                run.library_check = !check->skip_library_check;
                if (options.statement_timeout_s != 0) {
                    run.extra_options["statement_timeout_s"] =
                        std::to_string(options.statement_timeout_s);
                }
                if (check->data.show_rows != 0) {
                    run.extra_options["show_rows"] = std::to_string(check->data.show_rows);
                }
                std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
                if (printer) {
                    run.data.progress = printer->callback();
                }
                verify::Report report = verify::run_check(run);
                if (printer) {
                    printer->finish();
                }
                return emit_report(report, options);
            }};
}

} // namespace gpparity::cli
