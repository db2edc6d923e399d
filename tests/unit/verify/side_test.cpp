#include "verify/side.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

TEST(VerifySide, TellsSnapshotFilesFromConnectionStrings) {
    using gpparity::verify::is_snapshot_file_spec;
    EXPECT_FALSE(is_snapshot_file_spec(""));
    EXPECT_FALSE(is_snapshot_file_spec("host=localhost dbname=shop"));
    EXPECT_FALSE(is_snapshot_file_spec("postgresql://u@h/db"));
    auto dir = std::filesystem::temp_directory_path();
    auto gz = (dir / "gpparity_side_test.snapshot").string();
    auto text = (dir / "gpparity_side_test.txt").string();
    std::ofstream(gz, std::ios::binary) << "\x1f\x8b"
                                        << "rest";
    std::ofstream(text) << "dbname=shop";
    EXPECT_TRUE(is_snapshot_file_spec(gz));
    EXPECT_FALSE(is_snapshot_file_spec(text));
    EXPECT_FALSE(is_snapshot_file_spec(dir.string()));
    std::filesystem::remove(gz);
    std::filesystem::remove(text);
}
