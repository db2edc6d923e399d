#include "verify/snapshot_run.hpp"

#include "catalog/error.hpp"
#include "catalog/extract.hpp"
#include "catalog/pg/conninfo.hpp"
#include "verify/all_databases.hpp"
#include "verify/side.hpp"
#include "verify/snapshot_file.hpp"

namespace gpparity::verify {

TakenSnapshot take_snapshot(const SnapshotOptions& options) {
    TakenSnapshot out;
    const SideKind kind = classify_side(options.source, "source");
    if (kind == SideKind::backup_set) {
        throw catalog::UsageError("source: " + options.source +
                                  " is a gpbackup backup set: it stands in for the source as it "
                                  "is (check/catalog/data/recreate --source DIR); snapshot reads "
                                  "a live cluster");
    }
    if (kind == SideKind::snapshot_file) {
        // Re-reading a snapshot file verifies it (format, version, checksum) and writes it
        // again; filtering a snapshot is not supported (yet).
        if (!options.data.filter.is_empty()) {
            throw catalog::UsageError(
                "--include/--exclude apply to a live source, not to snapshot " + options.source);
        }
        SnapshotFile file = read_snapshot_file_with_data(options.source);
        out.catalog = std::move(file.catalog);
        out.data = std::move(file.data);
        out.from = "snapshot " + options.source;
        return out;
    }
    catalog::Cluster cluster = connect_side(options.source, "source", options.connect);
    out.catalog = catalog::extract_catalog(cluster, options.data.filter);
    if (options.with_data) {
        out.data = take_data_snapshot(cluster, options.data, out.warnings);
    }
    out.from = std::string(catalog::to_string(out.catalog.cluster.flavor)) + " database " +
               out.catalog.cluster.database;
    return out;
}

void take_cluster_snapshots(const SnapshotOptions& options, const std::vector<std::string>& include,
                            const std::vector<std::string>& exclude,
                            const std::function<void(const std::string&, TakenSnapshot&)>& each) {
    if (classify_side(options.source, "source") == SideKind::snapshot_file) {
        throw catalog::UsageError("source: --all-databases takes a live cluster, not snapshot " +
                                  options.source);
    }
    std::vector<std::string> names;
    {
        catalog::Cluster maintenance = connect_side(options.source, "source", options.connect);
        for (const auto& [name, identity] : list_databases(maintenance)) {
            names.push_back(name);
        }
    }
    for (const auto& database : plan_databases(names, {}, include, exclude)) {
        SnapshotOptions one = options;
        one.source = catalog::pg::with_database(options.source, database.name);
        one.data.filter.set_requires_include_matches(false);
        TakenSnapshot taken = take_snapshot(one);
        each(database.name, taken);
    }
}

std::string summary_line(const TakenSnapshot& taken, const std::string& output) {
    std::string line = "snapshot " + output + ": " + std::to_string(taken.catalog.objects.size()) +
                       " objects from " + taken.from + " (" +
                       std::to_string(taken.catalog.query_count) + " queries)";
    if (taken.data) {
        std::size_t errors = 0;
        std::uint64_t rows = 0;
        for (const auto& t : taken.data->tables) {
            errors += t.error ? 1U : 0U;
            for (const auto& segment : t.segments) {
                rows += segment.digest.count;
            }
        }
        line += "; data: " + std::to_string(taken.data->tables.size()) + " tables, " +
                std::to_string(rows) + " rows, " + taken.data->strategy + " digests, encoding " +
                taken.data->encoding;
        if (errors != 0) {
            line += ", " + std::to_string(errors) + " tables could not be read";
        }
    }
    return line;
}

std::vector<std::string> unreadable_tables(const TakenSnapshot& taken) {
    std::vector<std::string> out;
    if (taken.data) {
        for (const auto& t : taken.data->tables) {
            if (t.error) {
                out.push_back(t.spec.identity + ": " + *t.error);
            }
        }
    }
    return out;
}

} // namespace gpparity::verify
