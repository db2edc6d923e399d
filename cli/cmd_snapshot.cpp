#include "catalog/error.hpp"
#include "cli/command.hpp"
#include "verify/all_databases.hpp"
#include "verify/snapshot_file.hpp"
#include "verify/snapshot_run.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace gpparity::cli {

Command add_snapshot_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "snapshot", "Write the catalog of one database to a compressed, checksummed snapshot file");
    add_source_option(*app, options);
    app->add_option("--output,-o", options.output,
                    "The snapshot file to write (with --all-databases: the directory to write one "
                    "file per database into)")
        ->required();
    add_filter_options(*app, options);
    add_database_options(*app, options);
    add_timeout_option(*app, options);
    add_progress_options(*app, options);
    auto with_data = std::make_shared<bool>(false);
    app->add_flag("--data", *with_data,
                  "Also read every table and store its per-segment row counts and digests "
                  "(stream strategy), so the file can stand in for this cluster in `check`");
    add_jobs_option(*app, options);
    return {app, [&options, with_data]() {
                verify::SnapshotOptions run;
                run.source = options.source;
                run.connect = connect_options(options);
                run.with_data = *with_data;
                run.data.jobs = options.jobs;
                run.data.filter = catalog::Filter(options.include, options.exclude);
                run.data.handle_signals = true;
                std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
                if (printer && run.with_data) {
                    run.data.progress = printer->callback();
                }
                std::size_t unreadable = 0;
                // Writes one snapshot and says so; a table that could not be read leaves a
                // file that cannot vouch for it.
                auto keep = [&](const std::string& path, verify::TakenSnapshot& taken) {
                    verify::write_snapshot_file(path, taken.catalog,
                                                taken.data ? &*taken.data : nullptr);
                    if (!options.quiet) {
                        std::cout << verify::summary_line(taken, path) << "\n";
                        for (const auto& w : taken.warnings) {
                            std::cerr << "gpparity: warning: " << w << "\n";
                        }
                    }
                    for (const auto& t : verify::unreadable_tables(taken)) {
                        std::cerr << "gpparity: " << t << "\n";
                        ++unreadable;
                    }
                };
                if (options.all_databases) {
                    std::error_code ec;
                    std::filesystem::create_directories(options.output, ec);
                    if (ec || !std::filesystem::is_directory(options.output, ec)) {
                        throw catalog::UsageError("--output " + options.output +
                                                  ": not a directory that can be written");
                    }
                    verify::take_cluster_snapshots(
                        run, options.include_databases, options.exclude_databases,
                        [&](const std::string& database, verify::TakenSnapshot& taken) {
                            keep((std::filesystem::path(options.output) /
                                  verify::snapshot_file_name(database))
                                     .string(),
                                 taken);
                        });
                } else {
                    verify::TakenSnapshot taken = verify::take_snapshot(run);
                    keep(options.output, taken);
                }
                if (printer && run.with_data) {
                    printer->finish();
                }
                return unreadable == 0 ? 0 : 2;
            }};
}

} // namespace gpparity::cli
