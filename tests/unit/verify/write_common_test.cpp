#include "verify/write_common.hpp"

#include "verify/writers.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace gpparity;
using namespace gpparity::verify::detail;

TEST(WriteCommon, CleanUtf8ReplacesInvalidSequencesOnly) {
    EXPECT_EQ(clean_utf8("café 日本 🐘"), "café 日本 🐘");
    EXPECT_EQ(clean_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong";
    EXPECT_EQ(clean_utf8("a\xED\xA0\x80z"), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz")
        << "UTF-16 surrogate";
    EXPECT_EQ(clean_utf8("\xE6\x97"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "cut short";
    EXPECT_EQ(clean_utf8("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD") << "above U+10FFFF";
}

TEST(WriteCommon, PrintableMakesControlCharactersVisible) {
    EXPECT_EQ(printable("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    EXPECT_EQ(printable("\x1b[31m"), "\\x1B[31m");
    EXPECT_EQ(printable("\x7f"), "\\x7F");
    EXPECT_EQ(printable("\xC2\x9B"), "\\u009B") << "C1 CSI";
    EXPECT_EQ(printable("back\\slash é"), "back\\slash é");
}

TEST(WriteCommon, TruncateCountsCodePoints) {
    EXPECT_EQ(truncate_display("café日本", 6), "café日本");
    EXPECT_EQ(truncate_display("café日本", 5), "café…");
    EXPECT_EQ(truncate_display("日本語テキスト", 3), "日本…");
    EXPECT_EQ(display_width("café日本"), 6U);
}

TEST(WriteCommon, DisplayPairShowsWhereLongValuesDiffer) {
    const std::string prefix(200, 'x');
    const auto [a, b] = display_pair(prefix + " AND a = 1", prefix + " AND a = 2", 40);
    EXPECT_EQ(a.rfind("…", 0), 0U);
    EXPECT_NE(a.find("a = 1"), std::string::npos) << a;
    EXPECT_NE(b.find("a = 2"), std::string::npos) << b;
    const auto [c, d] = display_pair(std::string("SELECT  1"), std::string("SELECT 1"), 40);
    EXPECT_NE(c, d) << "a whitespace-only difference stays visible";
    const auto [e, f] = display_pair(std::string("x"), std::nullopt, 40);
    EXPECT_EQ(e, "x");
    EXPECT_EQ(f, "NULL");
}

TEST(WriteCommon, FormatsCountsAndDurations) {
    EXPECT_EQ(format_count(0), "0");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(format_count(1234567), "1,234,567");
    EXPECT_EQ(format_count(std::nullopt), "-");
}

TEST(WriteCommon, TextWrapsLongMessagesWithoutLosingThem) {
    verify::Report report;
    report.command = "data";
    report.data = verify::DataSection{};
    checksum::TableResult t;
    t.table = "public.t";
    t.status = checksum::TableStatus::error;
    const std::string word(250, 'w');
    t.message = "ERROR: " + word + " tail";
    report.data->tables.push_back(t);
    const std::string text = verify::render_report(report, "text", false);
    std::istringstream lines(text);
    std::string line;
    std::string joined;
    while (std::getline(lines, line)) {
        EXPECT_LE(display_width(line), 100U) << line;
        if (line.find('w') != std::string::npos || line.find("tail") != std::string::npos) {
            joined += line.substr(line.find_first_not_of(' '));
        }
    }
    EXPECT_NE(joined.find(word), std::string::npos) << "the message is wrapped, not cut";
    EXPECT_NE(joined.find("tail"), std::string::npos);
}

TEST(WriteCommon, FormatRowValueQuotesOnlyAmbiguousValues) {
    EXPECT_EQ(format_row_value(std::nullopt), "NULL");
    EXPECT_EQ(format_row_value(std::string()), "''");
    EXPECT_EQ(format_row_value(std::string("NULL")), "'NULL'");
    EXPECT_EQ(format_row_value(std::string("null")), "'null'");
    EXPECT_EQ(format_row_value(std::string("a b")), "'a b'");
    EXPECT_EQ(format_row_value(std::string("1,5")), "'1,5'");
    EXPECT_EQ(format_row_value(std::string("it's")), "'it''s'");
    EXPECT_EQ(format_row_value(std::string("nulls")), "nulls");
    EXPECT_EQ(format_row_value(std::string("0.30000000000000004")), "0.30000000000000004");
}

TEST(WriteCommon, DescribeRowListsOnlyTheColumnsThatChanged) {
    const checksum::RowDifference row{
        "changed", {"11"}, {"11", std::nullopt, "1.1"}, {"11", "", "1.2"}, 1, 1, {1, 2}};
    const RowDescription d = describe_row(row, {"id", "note", "amount"}, 72);
    EXPECT_EQ(d.heading, "(11) changed");
    EXPECT_TRUE(d.only_differences);
    ASSERT_EQ(d.cells.size(), 2U);
    EXPECT_EQ(d.cells[0].column, "note");
    EXPECT_EQ(d.cells[0].value, "NULL");
    EXPECT_EQ(d.cells[0].target_value, "''");
    EXPECT_EQ(format_row_cell(d.cells[0]), "note NULL → ''");
    EXPECT_EQ(format_row_cell(d.cells[1]), "amount 1.1 → 1.2");
}

TEST(WriteCommon, DescribeRowShowsAKeylessRowWholeWithItsCopies) {
    const checksum::RowDifference row{"missing_in_target", {}, {"7", " x"}, {}, 20, 19, {}};
    const RowDescription d = describe_row(row, {"a"}, 72);
    EXPECT_EQ(d.heading, "missing in target (copies: source 20, target 19)");
    EXPECT_FALSE(d.only_differences);
    ASSERT_EQ(d.cells.size(), 2U);
    EXPECT_EQ(format_row_cell(d.cells[0]), "a 7");
    EXPECT_EQ(format_row_cell(d.cells[1]), "column 2 ' x'") << "a column without a name";
    EXPECT_FALSE(d.cells[1].target_value);

    const checksum::RowDifference extra{"extra_in_target", {"5"}, {}, {"5", "b\nc"}, 0, 1, {}};
    const RowDescription e = describe_row(extra, {"id", "note"}, 72);
    EXPECT_EQ(e.heading, "(5) extra in target") << "a keyed row with single copies";
    ASSERT_EQ(e.cells.size(), 2U);
    EXPECT_EQ(e.cells[1].value, "'b\\nc'") << "the target's values, control characters visible";
}

TEST(WriteCommon, DescribeRowCutsLongValuesAroundTheDifference) {
    const std::string prefix(200, 'x');
    const checksum::RowDifference row{
        "changed", {std::string(100, 'k')}, {prefix + "1"}, {prefix + "2"}, 1, 1, {0}};
    const RowDescription d = describe_row(row, {"v"}, 40);
    EXPECT_EQ(display_width(d.heading), 40U + std::string(" changed").size());
    ASSERT_EQ(d.cells.size(), 1U);
    EXPECT_EQ(d.cells[0].value.rfind("…", 0), 0U) << d.cells[0].value;
    EXPECT_EQ(d.cells[0].value.substr(d.cells[0].value.size() - 2), "x1");
    EXPECT_EQ(d.cells[0].target_value->substr(d.cells[0].target_value->size() - 2), "x2");
    EXPECT_LE(display_width(d.cells[0].value), 40U);

    const checksum::RowDifference whole{"missing_in_target", {"1"}, {prefix}, {}, 1, 0, {}};
    const RowDescription w = describe_row(whole, {"v"}, 40);
    EXPECT_EQ(w.cells[0].value, std::string(39, 'x') + "…");
}

TEST(WriteCommon, DescribeRowListsTheColumnsWhoseValuesDifferNotTheirText) {
    // GP6 prints the float 0.1 as 0.10000000000000001, GP7 as 0.1: the same value.
    const checksum::RowDifference row{
        "changed", {"7"}, {"7", "0.10000000000000001", "a"}, {"7", "0.1", "b"}, 1, 1, {2}};
    const RowDescription d = describe_row(row, {"id", "ratio", "note"}, 72);
    ASSERT_EQ(d.cells.size(), 1U);
    EXPECT_EQ(format_row_cell(d.cells[0]), "note a → b");

    // Without the list (a report built by hand), the columns whose text differs.
    checksum::RowDifference unknown = row;
    unknown.changed_columns.clear();
    EXPECT_EQ(describe_row(unknown, {"id", "ratio", "note"}, 72).cells.size(), 2U);
}
