#include "cli/command.hpp"

#include "catalog/error.hpp"
#include "checksum/interrupt.hpp"
#include "verify/duration.hpp"
#include "verify/output_file.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace gpparity::cli {

void add_source_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--source,-s", options.source,
                   "Source: a libpq connection string or postgresql:// URI (PG* variables and "
                   ".pgpass apply; empty: PG* alone), a snapshot file, or a gpbackup backup set "
                   "directory (its --backup-dir, or a backups/YYYYMMDD/<timestamp> directory)");
    app.add_option("--backup-timestamp", options.backup_timestamp,
                   "Which backup of a backup-set --source to compare (YYYYMMDDHHMMSS): needed "
                   "when the directory holds several")
        ->check([](const std::string& value) {
            const bool ok =
                value.size() == 14 && std::all_of(value.begin(), value.end(),
                                                  [](char c) { return c >= '0' && c <= '9'; });
            return ok ? std::string()
                      : std::string("a backup timestamp is 14 digits, YYYYMMDDHHMMSS");
        });
}

void add_target_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--target,-t", options.target,
                   "Target: a connection string or URI (empty: PG* alone), or a snapshot file");
}

void add_progress_options(CLI::App& app, CommonOptions& options) {
    app.add_flag("--quiet,-q", options.quiet,
                 "Nothing on standard output and no progress: the exit status (and --output "
                 "FILE) carry the result");
    auto* progress = app.add_flag("--progress", options.progress,
                                  "Show progress on standard error even when it is not a terminal");
    app.add_flag("--no-progress", options.no_progress, "Never show progress")->excludes(progress);
}

std::unique_ptr<ProgressPrinter> make_progress_printer(const CommonOptions& options) {
    if (options.quiet || options.no_progress || (!options.progress && ::isatty(2) == 0)) {
        return nullptr;
    }
    return std::make_unique<ProgressPrinter>(std::cerr);
}

namespace {

// An option whose values are names of an enum (`names`: name -> value, in help order): typed
// from the moment it is parsed, the choices listed in --help, the default shown by name.
template <typename Enum>
CLI::Option* add_enum_option(CLI::App& app, const std::string& flags, Enum& value,
                             const std::vector<std::pair<std::string, Enum>>& names,
                             const std::string& help) {
    std::string default_name;
    std::vector<std::string> choices;
    for (const auto& [name, v] : names) {
        choices.push_back(name);
        if (v == value) {
            default_name = name;
        }
    }
    return app
        .add_option_function<std::string>(
            flags,
            [&value, names](const std::string& chosen) {
                for (const auto& [name, v] : names) {
                    if (name == chosen) {
                        value = v;
                    }
                }
            },
            help)
        ->check(CLI::IsMember(choices))
        ->default_str(default_name);
}

template <typename Enum, std::size_t N>
std::vector<std::pair<std::string, Enum>>
names_of(const std::array<std::pair<std::string_view, Enum>, N>& names) {
    std::vector<std::pair<std::string, Enum>> out;
    out.reserve(N);
    for (const auto& [name, v] : names) {
        out.emplace_back(std::string(name), v);
    }
    return out;
}

} // namespace

void add_format_option(CLI::App& app, CommonOptions& options,
                       const std::vector<verify::ReportFormat>& formats) {
    std::vector<std::pair<std::string, verify::ReportFormat>> names;
    for (std::string_view name : verify::k_report_formats) {
        verify::ReportFormat format = *verify::parse_report_format(name);
        if (formats.empty() || std::find(formats.begin(), formats.end(), format) != formats.end()) {
            names.emplace_back(std::string(name), format);
        }
    }
    add_enum_option(app, "--format,-f", options.format, names, "Output format");
}

void add_via_option(CLI::App& app, verify::Via& via) {
    add_enum_option(app, "--via", via, names_of(verify::k_vias),
                    "Greenplum: read each primary directly in utility mode (segments) or through "
                    "the coordinator tagged with gp_segment_id (coordinator)");
}

void add_output_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--output,-o", options.output, "Write the output to FILE instead of stdout");
}

void add_filter_options(CLI::App& app, CommonOptions& options) {
    app.add_option("--include", options.include,
                   "Only objects whose schema.name matches this glob (repeatable)");
    app.add_option("--exclude", options.exclude,
                   "Skip objects whose schema.name matches this glob (repeatable)");
}

void add_database_options(CLI::App& app, CommonOptions& options) {
    CLI::Option* all = app.add_flag(
        "--all-databases", options.all_databases,
        "Every database of the cluster, not templates (--source/--target name a maintenance "
        "database): compare them in one run and one report, roles, tablespaces and resource "
        "queues and groups once, a database on one side only as missing or extra; a side may be "
        "a directory `snapshot --all-databases` wrote. With snapshot: one file per database "
        "into the --output directory");
    app.add_option("--include-database", options.include_databases,
                   "With --all-databases: only databases whose name matches this glob "
                   "(repeatable)")
        ->needs(all);
    app.add_option("--exclude-database", options.exclude_databases,
                   "With --all-databases: skip databases whose name matches this glob "
                   "(repeatable)")
        ->needs(all);
}

void add_waivers_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--waivers", options.waivers,
                   "TOML file of accepted differences ([[waiver]] tables with object, status, "
                   "reason, expires and an optional database): a difference a live waiver covers "
                   "is reported as waived and does not fail the run");
}

void add_history_options(CLI::App& app, CommonOptions& options, bool reuse) {
    CLI::Option* history = app.add_option(
        "--history", options.history,
        "Keep each run's JSON report in DIR, and mark every difference new or persisting "
        "against the previous comparable run kept there (same command, sides and filters); "
        "what differed then and matches now is listed as resolved");
    app.add_option("--keep", options.keep,
                   "With --history: how many reports of this run's kind to keep in DIR (the "
                   "newest)")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str()
        ->needs(history);
    if (!reuse) {
        return;
    }
    app.add_flag("--skip-unchanged", options.skip_unchanged,
                 "With --history: do not read again an append-optimized (AO row or column) table "
                 "whose storage on both sides is unchanged since a run kept in DIR read it and "
                 "found it matching (per segment: relfilenode, segment files' eof, tuple and "
                 "modification counts, Greenplum 6's hidden tuples; and its columns): its "
                 "digests are reused and it is reported as match (unchanged since that run). "
                 "Heap tables have no such signature and are always read; so is every table "
                 "that differed. A gpbackup backup set's files never change: each table's "
                 "digests are taken from the earlier run instead of reading its files again")
        ->needs(history);
    app.add_option("--max-reuse-age", options.max_reuse_age,
                   "With --skip-unchanged: read a table again when its reused digests are older "
                   "than this (a number and s, m, h, d or w)")
        ->capture_default_str()
        ->check(
            [](const std::string& text) {
                return verify::parse_duration(text)
                           ? std::string()
                           : "expected a positive number and a unit (s, m, h, d, w): 7d, 36h";
            },
            "DURATION")
        ->needs(history);
}

void add_jobs_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--jobs,-j", options.jobs, "Parallel connections per cluster")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
}

void add_timeout_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--statement-timeout", options.statement_timeout_s,
                   "Cancel any statement running longer than this many seconds (0 = never)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--lock-timeout", options.lock_timeout_s,
                   "Give up on a table whose lock another session holds after this many "
                   "seconds: that table is an error with the server's message, every other "
                   "table is still compared (0 = wait forever)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
}

catalog::ConnectOptions connect_options(const CommonOptions& options) {
    catalog::ConnectOptions connect;
    connect.statement_timeout_ms = options.statement_timeout_s * 1000;
    connect.lock_timeout_ms = options.lock_timeout_s * 1000;
    return connect;
}

void add_data_run_options(CLI::App& app, verify::DataRunOptions& run) {
    add_enum_option(app, "--strategy", run.strategy, names_of(verify::k_strategies),
                    "How rows are checksummed: stream (rows are read with COPY and hashed by "
                    "gpparity), pushdown (each segment checksums its rows, through the gpparity "
                    "extension when both sides have it, else in SQL; only aggregates leave the "
                    "cluster), auto (pushdown between two live Greenplum clusters, and for a live "
                    "Greenplum side against a snapshot when it has the extension; else stream)");
    add_enum_option(app, "--mode", run.mode, names_of(verify::k_modes),
                    "hash: compare row content; count: per-segment row counts only (count_match, "
                    "never match)");
    add_via_option(app, run.via);
    app.add_option("--show-rows", run.show_rows,
                   "For every table whose counts or contents differ, list up to N differing "
                   "rows (missing, extra or changed), found through the differing buckets")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--check-placement,!--no-check-placement", run.check_placement,
                 "Greenplum target: check every row read against the segment its distribution "
                 "key dictates (on by default)");
}

verify::CheckOptions check_options(const CommonOptions& options,
                                   const verify::DataRunOptions& data) {
    verify::CheckOptions run;
    run.source = options.source;
    run.backup_timestamp = options.backup_timestamp;
    run.target = options.target;
    run.connect = connect_options(options);
    run.data = data;
    run.data.jobs = options.jobs;
    run.data.filter = catalog::Filter(options.include, options.exclude);
    run.data.handle_signals = true;
    run.all_databases = options.all_databases;
    run.include_databases = options.include_databases;
    run.exclude_databases = options.exclude_databases;
    if (!options.waivers.empty()) {
        run.waivers = verify::load_waivers(options.waivers, verify::today_utc());
        run.waivers_file = options.waivers;
    }
    if (!options.history.empty()) {
        verify::prepare_history_dir(options.history);
        run.history = verify::HistoryOptions{options.history, options.keep};
        run.history->skip_unchanged = options.skip_unchanged;
        if (auto age = verify::parse_duration(options.max_reuse_age)) {
            run.history->max_reuse_age = *age;
        }
    }
    return run;
}

int run_with_progress(const CommonOptions& options, verify::CheckOptions run,
                      verify::Report (*entry)(const verify::CheckOptions&),
                      const std::string& command) {
    std::unique_ptr<ProgressPrinter> printer = make_progress_printer(options);
    if (printer) {
        run.data.progress = printer->callback();
    }
    verify::Report report =
        run.all_databases ? verify::run_all_databases(run, command, entry) : entry(run);
    if (printer) {
        printer->finish();
    }
    return emit_report(report, options);
}

void write_output(const std::string& text, const std::string& path) {
    if (path.empty() || path == "-") {
        std::cout << text << std::flush;
        return;
    }
    verify::write_file_atomically(path, text, "report " + path);
}

int emit_report(const verify::Report& report, const CommonOptions& options) {
    checksum::ignore_signals();
    if (!options.quiet || !options.output.empty()) {
        bool color = options.output.empty() && ::isatty(1) != 0;
        write_output(verify::render_report(report, options.format, color), options.output);
    }
    return verify::exit_status(verify::verdict_of(report));
}

} // namespace gpparity::cli
