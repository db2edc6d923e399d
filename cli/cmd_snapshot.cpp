#include "cli/command.hpp"
#include "verify/snapshot_file.hpp"
#include "verify/snapshot_run.hpp"

#include <iostream>
#include <memory>

namespace gpparity::cli {

Command add_snapshot_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "snapshot", "Write the catalog of one database to a compressed, checksummed snapshot file");
    add_source_option(*app, options);
    app->add_option("--output,-o", options.output, "The snapshot file to write")->required();
    add_filter_options(*app, options);
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
                verify::TakenSnapshot taken = verify::take_snapshot(run);
                if (printer && run.with_data) {
                    printer->finish();
                }
                verify::write_snapshot_file(options.output, taken.catalog,
                                            taken.data ? &*taken.data : nullptr);
                if (!options.quiet) {
                    std::cout << verify::summary_line(taken, options.output) << "\n";
                    for (const auto& w : taken.warnings) {
                        std::cerr << "gpparity: warning: " << w << "\n";
                    }
                }
                // A table that could not be read leaves a file that cannot vouch for it.
                const std::vector<std::string> unreadable = verify::unreadable_tables(taken);
                for (const auto& t : unreadable) {
                    std::cerr << "gpparity: " << t << "\n";
                }
                return unreadable.empty() ? 0 : 2;
            }};
}

} // namespace gpparity::cli
