#pragma once
/// The gpparity command line: builds the CLI11 application with every working subcommand and
/// runs the one the user chose. main() is a thin shell around run().

#include <string>

namespace gpparity::cli {

/// Parses argv and runs the chosen command. Returns the exit status. Throws gpparity errors
/// (catalog::Error and subclasses) for main() to report; CLI11 parse errors are handled here.
[[nodiscard]] int run(int argc, char** argv);

} // namespace gpparity::cli
