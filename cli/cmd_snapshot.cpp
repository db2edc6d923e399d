#include "catalog/error.hpp"
#include "catalog/extract.hpp"
#include "cli/command.hpp"
#include "verify/snapshot_file.hpp"

#include <iostream>

namespace gpparity::cli {

namespace {

// A --source that cannot be a libpq connection string (no "key=value", no URI) names a
// snapshot file: libpq itself rejects anything else that is not empty.
bool is_snapshot_path(const std::string& source) {
    return !source.empty() && source.find('=') == std::string::npos &&
           source.rfind("postgresql://", 0) != 0 && source.rfind("postgres://", 0) != 0;
}

} // namespace

Command add_snapshot_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "snapshot", "Write the catalog of one database to a compressed, checksummed snapshot file");
    add_source_option(*app, options);
    app->add_option("--output,-o", options.output, "The snapshot file to write")->required();
    add_filter_options(*app, options);
    add_timeout_option(*app, options);
    app->add_flag("--quiet,-q", options.quiet, "Do not print the summary line");
    return {app, [&options]() {
                catalog::Snapshot snapshot;
                std::string from;
                if (is_snapshot_path(options.source)) {
                    // Re-reading a snapshot file verifies it (format, version, checksum) and
                    // writes it again; filtering a snapshot is not supported (yet).
                    if (!options.include.empty() || !options.exclude.empty()) {
                        throw catalog::UsageError(
                            "--include/--exclude apply to a live source, not to snapshot " +
                            options.source);
                    }
                    snapshot = verify::read_snapshot_file(options.source);
                    from = "snapshot " + options.source;
                } else {
                    catalog::ConnectOptions connect;
                    connect.statement_timeout_ms = options.statement_timeout_s * 1000;
                    catalog::Cluster cluster =
                        catalog::Cluster::connect(options.source, "source", connect);
                    snapshot = catalog::extract_catalog(
                        cluster, catalog::Filter(options.include, options.exclude));
                    from = std::string(catalog::to_string(snapshot.cluster.flavor)) + " database " +
                           snapshot.cluster.database;
                }
                verify::write_snapshot_file(options.output, snapshot);
                if (!options.quiet) {
                    std::cout << "snapshot " << options.output << ": " << snapshot.objects.size()
                              << " objects from " << from << " (" << snapshot.query_count
                              << " queries)\n";
                }
                return 0;
            }};
}

} // namespace gpparity::cli
