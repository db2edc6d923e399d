#pragma once
/// What every subcommand shares: the common options (DESIGN.md §1) and the way a command
/// registers itself. Each command lives in its own cli/cmd_<name>.cpp.

#include "cli/progress_printer.hpp"
#include "verify/check_run.hpp"
#include "verify/data_run.hpp"
#include "verify/report.hpp"
#include "verify/writers.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gpparity::cli {

/// Options shared by several commands. Each command adds only those it uses.
struct CommonOptions {
    std::string source;
    std::optional<std::string> backup_timestamp; ///< --backup-timestamp
    std::string target;
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    verify::ReportFormat format = verify::ReportFormat::text;
    std::string output;
    int jobs = 4;
    bool quiet = false;
    bool progress = false;    ///< --progress: draw progress even when stderr is no terminal
    bool no_progress = false; ///< --no-progress
    long statement_timeout_s = 0;
    long lock_timeout_s = 30;
    std::string waivers;                        ///< --waivers FILE
    std::string history;                        ///< --history DIR
    int keep = verify::k_default_history_keep;  ///< --keep N
    bool all_databases = false;                 ///< --all-databases
    std::vector<std::string> include_databases; ///< --include-database
    std::vector<std::string> exclude_databases; ///< --exclude-database
    bool skip_unchanged = false;                ///< --skip-unchanged
    std::string max_reuse_age = "7d";           ///< --max-reuse-age
};

/// A command's action: returns the exit status.
using Action = std::function<int()>;

/// The registration of one subcommand: its CLI11 node and its action.
struct Command {
    CLI::App* app = nullptr;
    Action action;
};

/// The session timeouts the options ask for (--statement-timeout, --lock-timeout), the one
/// place seconds become the milliseconds every connection is pinned with.
[[nodiscard]] catalog::ConnectOptions connect_options(const CommonOptions& options);

/// --source / --target. Neither is required: empty means libpq's PG* variables and defaults,
/// as in psql (README "Usage").
void add_source_option(CLI::App& app, CommonOptions& options);
void add_target_option(CLI::App& app, CommonOptions& options);
/// --quiet, --progress and --no-progress, the same for every long-running command.
void add_progress_options(CLI::App& app, CommonOptions& options);
/// The progress line the options ask for: none under --quiet or --no-progress, else drawn on
/// standard error when it is a terminal or --progress is given. Null when none.
[[nodiscard]] std::unique_ptr<ProgressPrinter> make_progress_printer(const CommonOptions& options);
/// --waivers FILE: accepted differences (verify/waivers.hpp).
void add_waivers_option(CLI::App& app, CommonOptions& options);
/// --history DIR and --keep N: compare with the previous comparable run and keep this one
/// (verify/history.hpp); with `reuse`, also --skip-unchanged and --max-reuse-age
/// (verify/reuse.hpp), for the commands that read data.
void add_history_options(CLI::App& app, CommonOptions& options, bool reuse = false);
/// --format, accepting `formats` (every report format when empty).
void add_format_option(CLI::App& app, CommonOptions& options,
                       const std::vector<verify::ReportFormat>& formats = {});
/// --via, typed.
void add_via_option(CLI::App& app, verify::Via& via);
void add_output_option(CLI::App& app, CommonOptions& options);
void add_filter_options(CLI::App& app, CommonOptions& options);
/// --all-databases, --include-database and --exclude-database (`check`, `catalog`, `data`).
void add_database_options(CLI::App& app, CommonOptions& options);
void add_jobs_option(CLI::App& app, CommonOptions& options);
void add_timeout_option(CLI::App& app, CommonOptions& options);
/// The options of a data comparison (`data` and `check`): --strategy, --mode, --via,
/// --show-rows, --check-placement/--no-check-placement, bound to `run`, which must outlive the
/// parse (the command keeps it).
void add_data_run_options(CLI::App& app, verify::DataRunOptions& run);

/// The typed options of `catalog`, `data` and `check` from the common ones and the data-run
/// options the command bound (`data`; filter, jobs and signal handling are filled here).
[[nodiscard]] verify::CheckOptions check_options(const CommonOptions& options,
                                                 const verify::DataRunOptions& data);

/// Runs `run` with the progress line the options ask for drawn on its data run, then renders
/// its report (emit_report) and returns the exit status.
[[nodiscard]] int run_with_progress(const CommonOptions& options, verify::CheckOptions run,
                                    verify::Report (*entry)(const verify::CheckOptions&),
                                    const std::string& command);

/// Writes `text` to `path`, or to stdout when path is empty or "-". Throws UsageError when the
/// file cannot be written.
void write_output(const std::string& text, const std::string& path);

/// The end of every comparing command: renders the (sorted) report in options.format — coloured
/// only when it goes to a terminal — to options.output or stdout (nothing to stdout under
/// --quiet), and returns the exit status of its verdict (DESIGN.md §1).
[[nodiscard]] int emit_report(const verify::Report& report, const CommonOptions& options);

// One function per command, each in cli/cmd_<name>.cpp.
Command add_info_command(CLI::App& root, CommonOptions& options);
Command add_snapshot_command(CLI::App& root, CommonOptions& options);
Command add_data_command(CLI::App& root, CommonOptions& options);
Command add_catalog_command(CLI::App& root, CommonOptions& options);
Command add_recreate_command(CLI::App& root, CommonOptions& options);
Command add_check_command(CLI::App& root, CommonOptions& options);
Command add_placement_command(CLI::App& root, CommonOptions& options);
Command add_history_command(CLI::App& root, CommonOptions& options);

} // namespace gpparity::cli
