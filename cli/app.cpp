#include "cli/app.hpp"

#include "cli/command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace gpparity::cli {

std::vector<Command> build_app(CLI::App& root, CommonOptions& options) {
    root.description("gpparity: prove a Greenplum 6 -> Greenplum 7 migration is complete.\n"
                     "Exit status: 0 parity, 1 differences found, 2 could not compare.");
    root.name("gpparity");
    root.set_version_flag("--version,-V", "gpparity " GPPARITY_VERSION);
    root.require_subcommand(1);
    root.failure_message(CLI::FailureMessage::help);
    // Any option of any command may come from a TOML/INI file (nightly jobs): `[check]` sections
    // hold a subcommand's options; the command line wins over the file.
    root.set_config("--config", "", "Read options from this file (TOML/INI)");

    std::vector<Command> commands;
    commands.push_back(add_info_command(root, options));
    commands.push_back(add_snapshot_command(root, options));
    commands.push_back(add_data_command(root, options));
    commands.push_back(add_catalog_command(root, options));
    commands.push_back(add_recreate_command(root, options));
    commands.push_back(add_check_command(root, options));
    commands.push_back(add_placement_command(root, options));
    commands.push_back(add_history_command(root, options));
    return commands;
}

int run(int argc, char** argv) {
    CLI::App root;
    CommonOptions options;
    const std::vector<Command> commands = build_app(root, options);

    try {
        root.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return root.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return root.exit(e);
    } catch (const CLI::ParseError& e) {
        // Usage errors are exit 2, like every other failure to start (DESIGN.md §1).
        std::cerr << "gpparity: " << e.what() << "\n"
                  << "Run 'gpparity --help' for usage.\n";
        return 2;
    }
    for (const auto& command : commands) {
        if (command.app->parsed()) {
            return command.action();
        }
    }
    return 2;
}

} // namespace gpparity::cli
