/// libFuzzer target: the --config file (TOML/INI, CLI11's reader) as gpparity's own command line
/// reads it (cli/app.hpp build_app). Only parsing runs, never a command. CLI11 reports bad input
/// through CLI::Error; any other exception or a crash is a finding.

#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    CLI::App root;
    gpparity::cli::CommonOptions options;
    const auto commands = gpparity::cli::build_app(root, options);
    std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
    try {
        root.parse_from_stream(file);
    } catch (const CLI::Error&) {
        return 0;
    }
    return 0;
}
