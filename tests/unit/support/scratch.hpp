#pragma once
/// Unit-test support for tests that need files: a fresh scratch directory, and writing a file.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gpparity::testing {

/// A fresh, empty directory for one test under the temporary directory, named after `stem`,
/// this process and a counter: every call gives another.
inline std::filesystem::path scratch_dir(const std::string& stem) {
    static int counter = 0;
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("gpparity-unit-" + std::to_string(::getpid()) +
                                                  "-" + stem + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// Writes `bytes` to `file`, creating the directories above it.
inline void write_file(const std::filesystem::path& file, const std::string& bytes) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
}

} // namespace gpparity::testing
