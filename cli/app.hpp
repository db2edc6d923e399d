#pragma once
/// The gpparity command line: builds the CLI11 application with every working subcommand and
/// runs the one the user chose. main() is a thin shell around run().

#include "cli/command.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace gpparity::cli {

/// Sets up `root` as the gpparity command line (version flag, --config, one required
/// subcommand) and registers every subcommand, bound to `options`, which must outlive `root`.
/// run() parses argv with it; the config-file fuzz target (tests/fuzz/) parses a file with it.
[[nodiscard]] std::vector<Command> build_app(CLI::App& root, CommonOptions& options);

/// Parses argv and runs the chosen command. Returns the exit status. Throws gpparity errors
/// (catalog::Error and subclasses) for main() to report; CLI11 parse errors are handled here.
[[nodiscard]] int run(int argc, char** argv);

} // namespace gpparity::cli
