#include "verify/check_run.hpp"

#include "catalog/backup_catalog.hpp"
#include "catalog/clock.hpp"
#include "catalog/ddl.hpp"
#include "catalog/diff.hpp"
#include "catalog/error.hpp"
#include "catalog/library_check.hpp"
#include "catalog/pg/conninfo.hpp"
#include "catalog/text.hpp"
#include "checksum/pushdown.hpp"
#include "verify/all_databases.hpp"
#include "verify/side.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

namespace gpparity::verify {

namespace {

// The catalog diff of two opened sides, with the target's shared-library check.
CatalogSection compare_catalogs(OpenedSide& source, OpenedSide& target, bool library_check,
                                Report& report) {
    if (source.backup) {
        catalog::limit_to_backup_scope(source.snapshot, target.snapshot);
    }
    catalog::DiffResult diff =
        catalog::diff(std::move(source.snapshot), std::move(target.snapshot));
    CatalogSection section;
    section.findings = std::move(diff.findings);
    section.compared = std::move(diff.compared);
    section.presence_only = source.presence_only;
    if (!library_check) {
        report.options["library_check"] = "off";
    } else if (!target.cluster) {
        report.warnings.push_back(
            "shared libraries of C functions not checked: the target is a snapshot file");
    } else {
        catalog::LibraryCheck check =
            catalog::check_libraries(*target.cluster, diff.target.snapshot);
        for (auto& f : check.findings) {
            section.findings.push_back(std::move(f));
        }
        for (auto& w : check.warnings) {
            report.warnings.push_back(std::move(w));
        }
    }
    return section;
}

// The report of a comparing command, started now, with its sides and common options.
Report start_report(const std::string& command, const OpenedSide& source, const OpenedSide& target,
                    const CheckOptions& options) {
    Report report;
    report.command = command;
    report.started = catalog::iso8601_utc(std::chrono::system_clock::now());
    report.source = source.report_side;
    report.target = target.report_side;
    record_common_options(report, RecordedSide{options.source, !source.cluster},
                          RecordedSide{options.target, !target.cluster}, options.data.filter,
                          options.connect);
    return report;
}

void finish_report(Report& report, std::chrono::steady_clock::time_point clock_start,
                   std::array<const catalog::Cluster*, 2> clusters, const CheckOptions& options) {
    if (!options.waivers_file.empty()) {
        report.options["waivers"] = options.waivers_file;
        apply_waivers(report, options.waivers, today_utc());
    }
    for (auto [cluster, evidence] :
         {std::pair{clusters[0], &report.source}, std::pair{clusters[1], &report.target}}) {
        if (cluster != nullptr) {
            evidence->connections_peak = cluster->peak_connections();
        }
    }
    report.duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
    sort_report(report);
    if (options.history && options.history->keep_reports) {
        report.options["history"] = options.history->dir.string();
        record_history(report, *options.history);
    }
}

void finish_report(Report& report, std::chrono::steady_clock::time_point clock_start,
                   const OpenedSide& source, const OpenedSide& target,
                   const CheckOptions& options) {
    finish_report(
        report, clock_start,
        {source.cluster ? &*source.cluster : nullptr, target.cluster ? &*target.cluster : nullptr},
        options);
}

std::vector<std::string> names_of(const std::map<std::string, std::string>& databases) {
    std::vector<std::string> names;
    names.reserve(databases.size());
    for (const auto& [name, identity] : databases) {
        names.push_back(name);
    }
    return names;
}

// One side of a whole-cluster run: a live cluster (its maintenance database given), or a
// directory `snapshot --all-databases` wrote (one file per database).
struct WholeSide {
    std::string spec;
    std::optional<catalog::Cluster> cluster;
    std::map<std::string, std::string> files;      ///< directory: name -> file
    std::map<std::string, std::string> identities; ///< name -> identity

    [[nodiscard]] std::string spec_for(const std::string& database) const {
        return cluster ? catalog::pg::with_database(spec, database) : files.at(database);
    }
};

// A database's identity where no server quotes it: as is when it needs no quotes.
std::string plain_identity(const std::string& name) {
    const bool plain = !name.empty() &&
                       (std::islower(static_cast<unsigned char>(name[0])) != 0 || name[0] == '_') &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                           return std::islower(static_cast<unsigned char>(c)) != 0 ||
                                  std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
                       });
    return plain ? name : catalog::quote_identifier(name);
}

WholeSide open_whole_side(const std::string& spec, const std::string& label,
                          const catalog::ConnectOptions& connect) {
    WholeSide side;
    side.spec = spec;
    side.files = cluster_snapshot_files(spec);
    if (!side.files.empty()) {
        for (const auto& [name, file] : side.files) {
            side.identities.emplace(name, plain_identity(name));
        }
        return side;
    }
    std::error_code ec;
    if (BackupSet::is_backup_set(spec)) {
        throw catalog::UsageError(label + ": " + spec +
                                  " is a gpbackup backup set, which holds one database: compare "
                                  "it without --all-databases");
    }
    if (!spec.empty() && std::filesystem::is_directory(spec, ec)) {
        throw catalog::UsageError(label + ": " + spec +
                                  ": a directory without database snapshots (`snapshot "
                                  "--all-databases --output DIR` writes them)");
    }
    if (classify_side(spec, label) == SideKind::snapshot_file) {
        throw catalog::UsageError(label + ": --all-databases takes a live cluster or a directory "
                                          "that `snapshot --all-databases` wrote, not one "
                                          "snapshot file (it holds one database)");
    }
    side.cluster.emplace(connect_side(spec, label, connect));
    side.identities = list_databases(*side.cluster);
    return side;
}

// One database of a whole-cluster run, compared as its own run would compare it (or on one
// side only: nothing to run).
DatabaseRun compare_database(const CheckOptions& options, const PlannedDatabase& d,
                             const std::string& identity, const std::array<WholeSide, 2>& sides,
                             Report (*entry)(const CheckOptions&)) {
    DatabaseRun run{d, identity, std::nullopt, {}};
    if (!d.on_source || !d.on_target) {
        return run;
    }
    CheckOptions one = options;
    one.all_databases = false;
    one.source = sides[0].spec_for(d.name);
    one.target = sides[1].spec_for(d.name);
    one.data.filter.set_requires_include_matches(false);
    one.waivers.clear();
    one.waivers_file.clear();
    if (one.history) {
        one.history->keep_reports = false; // the whole run's report is kept
    }
    try {
        run.report = entry(one);
    } catch (const catalog::CancelledError&) {
        throw;
    } catch (const catalog::Error& e) {
        run.error = e.what();
    }
    return run;
}

// A directory side's evidence: the cluster its first compared database's file was taken from,
// and the directory.
void take_directory_evidence(const std::array<WholeSide, 2>& sides,
                             const std::vector<DatabaseRun>& runs, Report& report) {
    const auto first = std::find_if(runs.begin(), runs.end(),
                                    [](const DatabaseRun& r) { return r.report.has_value(); });
    if (first == runs.end()) {
        return;
    }
    for (std::size_t s = 0; s < 2; ++s) {
        if (sides[s].cluster) {
            continue;
        }
        SideEvidence& evidence = s == 0 ? report.source : report.target;
        evidence = s == 0 ? first->report->source : first->report->target;
        evidence.identity.database = "(every database)";
        if (evidence.snapshot) {
            evidence.snapshot->file = sides[s].spec;
        }
    }
}

// --skip-unchanged: the digest store an earlier run of this scope left, and the one this run
// leaves (verify/reuse.hpp).
class DigestReuse {
public:
    // Sets `data.reuse` when the options ask for it.
    DigestReuse(const CheckOptions& options, const Report& started, DataRunOptions& data) {
        if (!options.history || !options.history->skip_unchanged) {
            return;
        }
        m_path = digest_store_path(
            options.history->dir, history_scope_before(started, std::string(to_string(data.mode))));
        m_previous = load_digest_store(*m_path, m_warnings);
        data.reuse = ReuseOptions{m_previous ? &*m_previous : nullptr,
                                  options.history->max_reuse_age, &m_next};
    }

    // Keeps what this run leaves; a failure is a run error (the next night would read all).
    void keep(Report& report) {
        for (auto& w : m_warnings) {
            report.warnings.push_back(std::move(w));
        }
        if (!m_path) {
            return;
        }
        try {
            save_digest_store(*m_path, m_next);
        } catch (const catalog::Error& e) {
            report.errors.push_back(std::string("--skip-unchanged: ") + e.what());
        }
    }

private:
    std::optional<std::filesystem::path> m_path;
    std::optional<DigestStore> m_previous;
    DigestStore m_next;
    std::vector<std::string> m_warnings;
};

// Data, noting which live tables were written while they were read.
void compare_data(OpenedSide& source, OpenedSide& target, const DataRunOptions& options,
                  Report& report) {
    std::array<std::optional<std::map<std::string, long long>>, 2> before;
    std::array<OpenedSide*, 2> sides{&source, &target};
    for (std::size_t s = 0; s < 2; ++s) {
        if (sides[s]->cluster) {
            before[s] = read_write_counters(*sides[s]->cluster);
        }
    }
    prepare_backup_data(source, target, options, report.warnings);
    prepare_backup_data(target, source, options, report.warnings);
    run_data_comparison(data_side_of(source, "source"), data_side_of(target, "target"), options,
                        report);
    for (std::size_t s = 0; s < 2; ++s) {
        if (!before[s]) {
            continue;
        }
        const std::string side_name = s == 0 ? "source" : "target";
        for (const auto& table :
             tables_written(*before[s], read_write_counters(*sides[s]->cluster))) {
            std::string warning = side_name + ": table ";
            warning += table;
            warning += " was written during the run (n_tup_ins/upd/del changed): its result may "
                       "not be exact";
            report.warnings.push_back(std::move(warning));
        }
    }
}

} // namespace

std::map<std::string, long long> read_write_counters(catalog::Cluster& cluster) {
    // One statement, its own transaction: pg_stat_* values are cached per transaction
    // (stats_fetch_consistency), so each call sees the current counters.
    catalog::pg::Result r = cluster.coordinator().exec(
        "SELECT pg_catalog.quote_ident(schemaname::pg_catalog.text) || '.' || "
        "pg_catalog.quote_ident(relname::pg_catalog.text), "
        "(n_tup_ins + n_tup_upd + n_tup_del)::pg_catalog.int8 "
        "FROM pg_catalog.pg_stat_user_tables");
    std::map<std::string, long long> out;
    for (int i = 0; i < r.rows(); ++i) {
        out[r.text(i, 0)] = r.integer(i, 1);
    }
    return out;
}

std::vector<std::string> tables_written(const std::map<std::string, long long>& before,
                                        const std::map<std::string, long long>& after) {
    std::vector<std::string> out;
    for (const auto& [table, count] : after) {
        auto it = before.find(table);
        if (it == before.end() || it->second != count) {
            out.push_back(table);
        }
    }
    return out;
}

Report run_check(const CheckOptions& options) {
    const auto clock_start = std::chrono::steady_clock::now();
    const catalog::Filter& filter = options.data.filter;
    OpenedSide source =
        open_side(options.source, "source", options.connect, filter, options.backup_timestamp);
    OpenedSide target = open_side(options.target, "target", options.connect, filter);
    for (const auto* side : {&source, &target}) {
        if (!side->cluster && !side->data && !side->backup) {
            const std::string& file = side->report_side.snapshot->file;
            throw catalog::UsageError(
                std::string(side == &source ? "source" : "target") + ": snapshot " + file +
                " holds the catalog only, no data digests (take it with `gpparity snapshot "
                "--data`)");
        }
    }
    Report report = start_report("check", source, target, options);
    DataRunOptions data = options.data;
    DigestReuse reuse(options, report, data);
    // A backup's digests are planned from its catalog, which the diff consumes.
    prepare_backup_data(source, target, data, report.warnings);
    report.catalog = compare_catalogs(source, target, options.library_check, report);
    compare_data(source, target, data, report);
    reuse.keep(report);
    if (report.data) {
        for (const auto& t : report.data->tables) {
            if (t.status == checksum::TableStatus::skipped &&
                t.message.rfind("materialized view is not populated", 0) == 0) {
                report.warnings.push_back(t.table + ": " + t.message +
                                          "; its rows were not compared (REFRESH MATERIALIZED VIEW "
                                          "populates it)");
            }
        }
    }
    finish_report(report, clock_start, source, target, options);
    return report;
}

Report run_catalog(const CheckOptions& options) {
    const auto clock_start = std::chrono::steady_clock::now();
    OpenedSide source = open_side(options.source, "source", options.connect, options.data.filter,
                                  options.backup_timestamp);
    OpenedSide target = open_side(options.target, "target", options.connect, options.data.filter);
    Report report = start_report("catalog", source, target, options);
    report.catalog = compare_catalogs(source, target, options.library_check, report);
    finish_report(report, clock_start, source, target, options);
    return report;
}

Report run_data(const CheckOptions& options) {
    const auto clock_start = std::chrono::steady_clock::now();
    // Either side may be a snapshot file taken with `snapshot --data`.
    OpenedSide source =
        open_data_side(options.source, "source", options.connect, options.backup_timestamp);
    OpenedSide target = open_data_side(options.target, "target", options.connect);
    Report report = start_report("data", source, target, options);
    DataRunOptions data = options.data;
    DigestReuse reuse(options, report, data);
    prepare_backup_data(source, target, data, report.warnings);
    run_data_comparison(data_side_of(source, "source"), data_side_of(target, "target"), data,
                        report);
    reuse.keep(report);
    finish_report(report, clock_start, source, target, options);
    return report;
}

Report run_all_databases(const CheckOptions& options, const std::string& command,
                         Report (*entry)(const CheckOptions&)) {
    const auto clock_start = std::chrono::steady_clock::now();
    std::array<WholeSide, 2> sides{open_whole_side(options.source, "source", options.connect),
                                   open_whole_side(options.target, "target", options.connect)};
    Report report;
    report.command = command;
    report.started = catalog::iso8601_utc(std::chrono::system_clock::now());
    for (std::size_t s = 0; s < 2; ++s) {
        if (sides[s].cluster) {
            (s == 0 ? report.source : report.target).identity = sides[s].cluster->identity();
        }
    }
    record_common_options(report, RecordedSide{options.source, !sides[0].cluster},
                          RecordedSide{options.target, !sides[1].cluster}, options.data.filter,
                          options.connect);
    report.options["all_databases"] = "on";
    if (!options.include_databases.empty()) {
        report.options["include_database"] = catalog::join(options.include_databases, ", ");
    }
    if (!options.exclude_databases.empty()) {
        report.options["exclude_database"] = catalog::join(options.exclude_databases, ", ");
    }

    const std::vector<PlannedDatabase> planned =
        plan_databases(names_of(sides[0].identities), names_of(sides[1].identities),
                       options.include_databases, options.exclude_databases);
    std::map<std::string, std::string> identities = sides[0].identities;
    identities.insert(sides[1].identities.begin(), sides[1].identities.end());
    // Cluster-wide objects come from the maintenance database's run when both sides have it.
    std::string maintenance;
    for (const auto& side : sides) {
        if (side.cluster && maintenance.empty()) {
            maintenance = side.cluster->identity().database;
        }
    }
    std::string cluster_wide_from;
    for (const auto& d : planned) {
        if (d.on_source && d.on_target && (cluster_wide_from.empty() || d.name == maintenance)) {
            cluster_wide_from = d.name;
        }
    }
    std::vector<DatabaseRun> runs;
    runs.reserve(planned.size());
    for (const auto& d : planned) {
        runs.push_back(compare_database(options, d, identities.at(d.name), sides, entry));
    }
    take_directory_evidence(sides, runs, report);
    merge_database_runs(report, std::move(runs), cluster_wide_from);
    finish_report(report, clock_start,
                  {sides[0].cluster ? &*sides[0].cluster : nullptr,
                   sides[1].cluster ? &*sides[1].cluster : nullptr},
                  options);
    return report;
}

catalog::RecreateScript run_recreate(const CheckOptions& options) {
    OpenedSide source = open_side(options.source, "source", options.connect, options.data.filter,
                                  options.backup_timestamp);
    OpenedSide target = open_side(options.target, "target", options.connect, options.data.filter);
    if (source.backup) {
        catalog::limit_to_backup_scope(source.snapshot, target.snapshot);
    }
    catalog::DiffResult diff =
        catalog::diff(std::move(source.snapshot), std::move(target.snapshot));
    return catalog::render_recreate(diff, source.report_side.identity, target.report_side.identity);
}

InfoResult run_info(const std::string& spec, const catalog::ConnectOptions& connect,
                    const std::optional<std::string>& backup_timestamp) {
    InfoResult info;
    if (classify_side(spec, "source") == SideKind::backup_set) {
        OpenedSide side = open_side(spec, "source", connect, catalog::Filter{}, backup_timestamp);
        info.identity = side.report_side.identity;
        info.backup = side.report_side.backup;
        info.backup_objects = side.snapshot.objects.size();
        const int segments = std::max(1, static_cast<int>(side.backup->contents().size()));
        for (const auto& d : side.backup->toc().data) {
            ++info.backup_tables;
            info.backup_rows +=
                static_cast<std::uint64_t>(d.replicated ? d.rows_copied / segments : d.rows_copied);
        }
        return info;
    }
    // A snapshot file: the identity of the cluster it was taken from.
    if (classify_side(spec, "source") == SideKind::snapshot_file) {
        info.identity = open_side(spec, "source", connect, catalog::Filter{}).report_side.identity;
        return info;
    }
    catalog::Cluster cluster = connect_side(spec, "source", connect);
    info.identity = cluster.identity();
    info.live = true;
    info.digest_extension = checksum::find_digest_extension(cluster.coordinator());
    return info;
}

} // namespace gpparity::verify
