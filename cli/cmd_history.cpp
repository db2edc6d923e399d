#include "cli/command.hpp"
#include "verify/history.hpp"

#include <iostream>

namespace gpparity::cli {

Command add_history_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "history", "List the runs kept by --history DIR, oldest first: when each started, its "
                   "verdict, what was new, persisting and resolved against the run before it, "
                   "and how long it took");
    auto dir = std::make_shared<std::string>();
    app->add_option("dir", *dir, "The directory given to --history")->required();
    add_format_option(*app, options, {verify::ReportFormat::text, verify::ReportFormat::json});
    add_output_option(*app, options);
    return {app, [&options, dir]() {
                std::vector<std::string> unreadable;
                const std::vector<verify::HistoryEntry> entries =
                    verify::list_history(*dir, unreadable);
                for (const auto& u : unreadable) {
                    std::cerr << "warning: history: skipped " << u << "\n";
                }
                if (options.format == verify::ReportFormat::json) {
                    write_output(verify::history_to_json(entries).dump(2) + "\n", options.output);
                } else {
                    write_output(verify::render_history(entries), options.output);
                }
                return 0;
            }};
}

} // namespace gpparity::cli
