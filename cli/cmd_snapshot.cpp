#include "catalog/error.hpp"
#include "catalog/extract.hpp"
#include "cli/command.hpp"
#include "verify/side.hpp"
#include "verify/data_run.hpp"
#include "verify/snapshot_file.hpp"

#include <iostream>
#include <memory>

namespace gpparity::cli {

namespace {

} // namespace

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
                catalog::Snapshot snapshot;
                std::optional<verify::SnapshotData> data;
                std::vector<std::string> warnings;
                std::string from;
                if (verify::classify_side(options.source, "source") ==
                    verify::SideKind::snapshot_file) {
                    // Re-reading a snapshot file verifies it (format, version, checksum) and
                    // writes it again; filtering a snapshot is not supported (yet).
                    if (!options.include.empty() || !options.exclude.empty()) {
                        throw catalog::UsageError(
                            "--include/--exclude apply to a live source, not to snapshot " +
                            options.source);
                    }
                    verify::SnapshotFile file =
                        verify::read_snapshot_file_with_data(options.source);
                    snapshot = std::move(file.catalog);
                    data = std::move(file.data);
                    from = "snapshot " + options.source;
                } else {
                    catalog::ConnectOptions connect;
                    connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                    catalog::Cluster cluster =
                        verify::connect_side(options.source, "source", connect);
                    snapshot = catalog::extract_catalog(
                        cluster, catalog::Filter(options.include, options.exclude));
                    if (*with_data) {
                        verify::DataRunOptions run;
                        run.jobs = options.jobs;
                        run.filter = catalog::Filter(options.include, options.exclude);
                        run.handle_signals = true;
                        std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
                        if (printer) {
                            run.progress = printer->callback();
                        }
                        data = verify::take_data_snapshot(cluster, run, warnings);
                        if (printer) {
                            printer->finish();
                        }
                    }
                    from = std::string(catalog::to_string(snapshot.cluster.flavor)) + " database " +
                           snapshot.cluster.database;
                }
                verify::write_snapshot_file(options.output, snapshot, data ? &*data : nullptr);
                if (!options.quiet) {
                    std::cout << "snapshot " << options.output << ": " << snapshot.objects.size()
                              << " objects from " << from << " (" << snapshot.query_count
                              << " queries)";
                    if (data) {
                        std::size_t errors = 0;
                        std::uint64_t rows = 0;
                        for (const auto& t : data->tables) {
                            errors += t.error ? 1U : 0U;
                            for (const auto& [content, digest] : t.segments) {
                                rows += digest.count;
                            }
                        }
                        std::cout << "; data: " << data->tables.size() << " tables, " << rows
                                  << " rows, " << data->strategy << " digests, encoding "
                                  << data->encoding;
                        if (errors != 0) {
                            std::cout << ", " << errors << " tables could not be read";
                        }
                    }
                    std::cout << "\n";
                    for (const auto& w : warnings) {
                        std::cerr << "gpparity: warning: " << w << "\n";
                    }
                }
                // A table that could not be read leaves a file that cannot vouch for it.
                if (data && std::any_of(data->tables.begin(), data->tables.end(),
                                        [](const verify::SnapshotTable& t) { return t.error; })) {
                    for (const auto& t : data->tables) {
                        if (t.error) {
                            std::cerr << "gpparity: " << t.spec.identity << ": " << *t.error
                                      << "\n";
                        }
                    }
                    return 2;
                }
                return 0;
            }};
}

} // namespace gpparity::cli
