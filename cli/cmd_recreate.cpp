#include "catalog/ddl.hpp"
#include "catalog/diff.hpp"
#include "cli/command.hpp"
#include "verify/side.hpp"

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
                catalog::ConnectOptions connect;
                connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                catalog::Filter filter(options.include, options.exclude);
                verify::OpenedSide source =
                    verify::open_side(options.source, "source", connect, filter);
                verify::OpenedSide target =
                    verify::open_side(options.target, "target", connect, filter);
                catalog::DiffResult diff =
                    catalog::diff(std::move(source.snapshot), std::move(target.snapshot));
                catalog::RecreateScript script = catalog::render_recreate(
                    diff, source.report_side.identity, target.report_side.identity);
                if (!options.quiet || !options.output.empty()) {
                    write_output(script.sql, options.output);
                }
                return 0;
            }};
}

} // namespace gpparity::cli
