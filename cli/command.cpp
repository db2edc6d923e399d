#include "cli/command.hpp"

#include "catalog/error.hpp"
#include "verify/writers.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace gpparity::cli {

void add_source_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--source,-s", options.source,
                   "Source: a libpq connection string or postgresql:// URI (PG* variables and "
                   ".pgpass apply; empty: PG* alone), or a snapshot file");
}

void add_target_option(CLI::App& app, CommonOptions& options) {
    app.add_option("--target,-t", options.target,
                   "Target: a connection string or URI (empty: PG* alone), or a snapshot file");
}

void add_progress_options(CLI::App& app, CommonOptions& options) {
    app.add_flag("--quiet,-q", options.quiet,
                 "Nothing on standard output and no progress: the exit status (and --output "
                 "FILE) carry the result");
    auto* progress =
        app.add_flag("--progress", options.progress,
                     "Show progress on standard error even when it is not a terminal");
    app.add_flag("--no-progress", options.no_progress, "Never show progress")->excludes(progress);
}

std::unique_ptr<ProgressPrinter> make_progress_printer(const CommonOptions& options) {
    if (options.quiet || options.no_progress || (!options.progress && ::isatty(2) == 0)) {
        return nullptr;
    }
    return std::make_unique<ProgressPrinter>(std::cerr);
}

void add_format_option(CLI::App& app, CommonOptions& options, std::vector<std::string> formats) {
    app.add_option("--format,-f", options.format, "Output format")
        ->check(CLI::IsMember(std::move(formats)))
        ->capture_default_str();
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
}

void add_data_run_options(CLI::App& app, verify::DataRunOptions& run) {
    app.add_option("--strategy", run.strategy,
                   "How rows are checksummed: stream (rows are read with COPY and hashed by "
                   "gpparity), pushdown (each segment checksums its rows in SQL; only aggregates "
                   "leave the cluster), auto (pushdown between two live Greenplum clusters, else "
                   "stream; a snapshot side dictates)")
        ->check(CLI::IsMember({"auto", "stream", "pushdown"}))
        ->capture_default_str();
    app.add_option("--mode", run.mode,
                   "hash: compare row content; count: per-segment row counts only (count_match, "
                   "never match)")
        ->check(CLI::IsMember({"hash", "count"}))
        ->capture_default_str();
    app.add_option("--via", run.via,
                   "Greenplum: read each primary directly in utility mode (segments) or through "
                   "the coordinator tagged with gp_segment_id (coordinator)")
        ->check(CLI::IsMember({"segments", "coordinator"}))
        ->capture_default_str();
    app.add_option("--show-rows", run.show_rows,
                   "For every table whose counts or contents differ, list up to N differing "
                   "rows (missing, extra or changed), found through the differing buckets")
        ->check(CLI::NonNegativeNumber);
    app.add_flag("--check-placement,!--no-check-placement", run.check_placement,
                 "Greenplum target: check every row read against the segment its distribution "
                 "key dictates (on by default)");
}

void write_output(const std::string& text, const std::string& path) {
    if (path.empty() || path == "-") {
        std::cout << text << std::flush;
        return;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw catalog::UsageError("cannot write " + path + ": " + std::strerror(errno));
    }
    out << text;
    out.close();
    if (!out) {
        throw catalog::UsageError("cannot write " + path + ": " + std::strerror(errno));
    }
}

int emit_report(const verify::Report& report, const CommonOptions& options) {
    if (!options.quiet || !options.output.empty()) {
        bool color = options.output.empty() && ::isatty(1) != 0;
        write_output(verify::render_report(report, options.format, color), options.output);
    }
    return verify::exit_status(verify::verdict_of(report));
}

} // namespace gpparity::cli
