#include "cli/command.hpp"
#include "verify/check_run.hpp"

namespace gpparity::cli {

Command add_recreate_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "recreate", "Print the SQL that creates on the target what it lacks (never executed)");
    add_source_option(*app, options);
    add_target_option(*app, options);
    add_progress_options(*app, options);
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_timeout_option(*app, options);
    return {app, [&options]() {
                const catalog::RecreateScript script =
                    verify::run_recreate(check_options(options, verify::DataRunOptions{}));
                if (!options.quiet || !options.output.empty()) {
                    write_output(script.sql, options.output);
                }
                return 0;
            }};
}

} // namespace gpparity::cli
