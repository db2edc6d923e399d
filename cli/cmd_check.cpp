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
    add_format_option(*app, options);
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_database_options(*app, options);
    add_waivers_option(*app, options);
    add_history_options(*app, options, true);
    add_jobs_option(*app, options);
    add_timeout_option(*app, options);
    add_data_run_options(*app, check->data);
    app->add_flag("--no-library-check", check->skip_library_check,
                  "Do not LOAD the shared libraries of the target's C functions");
    add_progress_options(*app, options);
    return {app, [&options, check]() {
                verify::CheckOptions run = check_options(options, check->data);
                run.library_check = !check->skip_library_check;
                return run_with_progress(options, std::move(run), verify::run_check, "check");
            }};
}

} // namespace gpparity::cli
