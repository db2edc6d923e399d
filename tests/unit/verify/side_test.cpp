#include "verify/side.hpp"

#include "catalog/error.hpp"

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

TEST(VerifySide, AMistypedPathIsAOneLineErrorNotAConnectionAttempt) {
    using gpparity::catalog::UsageError;
    using gpparity::verify::classify_side;
    using gpparity::verify::SideKind;
    EXPECT_EQ(classify_side("", "source"), SideKind::live);
    EXPECT_EQ(classify_side("host=localhost dbname=shop", "source"), SideKind::live);
    EXPECT_EQ(classify_side("postgresql://u@h/db", "source"), SideKind::live);
    EXPECT_EQ(classify_side("postgres://u@h/db", "source"), SideKind::live);
    auto dir = std::filesystem::temp_directory_path() / "gpparity_classify_test";
    std::filesystem::create_directories(dir);
    auto gz = (dir / "saved.snapshot").string();
    auto text = (dir / "notes.txt").string();
    std::ofstream(gz, std::ios::binary) << "\x1f\x8b"
                                        << "rest";
    std::ofstream(text) << "not a snapshot";
    EXPECT_EQ(classify_side(gz, "source"), SideKind::snapshot_file);
    auto message = [](const std::string& spec) {
        try {
            (void)classify_side(spec, "target");
        } catch (const UsageError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message((dir / "mistyped.snapshot").string()),
              "target: snapshot " + (dir / "mistyped.snapshot").string() +
                  ": cannot read: no such file; a connection string is key=value pairs or a "
                  "postgresql:// URI");
    EXPECT_EQ(message(dir.string()),
              "target: " + dir.string() +
                  " is a directory, but neither a gpbackup backup set (no "
                  "backups/YYYYMMDD/<timestamp>/gpbackup_<timestamp>_config.yaml under it) nor a "
                  "snapshot file");
    EXPECT_EQ(message(text), "target: snapshot " + text +
                                 ": not a gzip-compressed gpparity snapshot file; a connection "
                                 "string is key=value pairs or a postgresql:// URI");
    std::filesystem::remove_all(dir);
}
