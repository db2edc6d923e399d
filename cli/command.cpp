#include "cli/command.hpp"

#include "catalog/error.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace gpparity::cli {

void add_source_option(CLI::App& app, CommonOptions& options, bool required) {
    auto* opt = app.add_option("--source,-s", options.source,
                               "Source: a libpq connection string or postgresql:// URI "
                               "(PG* variables and .pgpass apply), or a snapshot file");
    if (required) {
        opt->required();
    }
}

void add_target_option(CLI::App& app, CommonOptions& options, bool required) {
    auto* opt = app.add_option("--target,-t", options.target,
                               "Target: a connection string, URI or snapshot file");
    if (required) {
        opt->required();
    }
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

} // namespace gpparity::cli
