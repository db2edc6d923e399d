#include "catalog/cluster.hpp"
#include "cli/command.hpp"
#include "verify/check_run.hpp"
#include "verify/identity.hpp"

namespace gpparity::cli {

Command add_info_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "info",
        "Print the flavor, version, database, user and primary segments of a cluster and whether "
        "its database has the gpparity extension (or the cluster a snapshot file was taken from, "
        "or "
        "a gpbackup backup set's timestamp, versions, segments, compression and status)");
    add_source_option(*app, options);
    add_format_option(*app, options, {verify::ReportFormat::text, verify::ReportFormat::json});
    add_output_option(*app, options);
    add_timeout_option(*app, options);
    return {app, [&options]() {
                const catalog::ConnectOptions connect = connect_options(options);
                const verify::InfoResult info =
                    verify::run_info(options.source, connect, options.backup_timestamp);
                if (options.format == verify::ReportFormat::json) {
                    write_output(verify::info_to_json(info).dump(2) + "\n", options.output);
                } else {
                    write_output(verify::info_to_text(info), options.output);
                }
                return 0;
            }};
}

} // namespace gpparity::cli
