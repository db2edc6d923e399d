#include "cli/command.hpp"
#include "verify/check_run.hpp"

#include <memory>

namespace gpparity::cli {

Command add_data_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "data", "Compare the row counts, row content and placement of every table");
    auto data = std::make_shared<verify::DataRunOptions>();
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
    add_data_run_options(*app, *data);
    add_progress_options(*app, options);
    return {app, [&options, data]() {
                return run_with_progress(options, check_options(options, *data), verify::run_data,
                                         "data");
            }};
}

} // namespace gpparity::cli
