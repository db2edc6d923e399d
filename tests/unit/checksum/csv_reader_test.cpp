// The gpbackup CSV reader: PostgreSQL CSV edge cases, chunks split anywhere, truncation.
#include "checksum/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace gpparity::checksum;

namespace {

using Row = std::vector<std::optional<std::string>>;

// Feeds `data` cut at the given positions (ascending), then finishes.
std::vector<Row> read_cut(std::string_view data, const std::vector<std::size_t>& cuts) {
    CsvReader reader;
    std::vector<Row> rows;
    auto on_row = [&](const CsvFields& fields) {
        Row row;
        for (const auto& f : fields) {
            row.push_back(f ? std::optional<std::string>(std::string(*f)) : std::nullopt);
        }
        rows.push_back(std::move(row));
    };
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        reader.feed(data.substr(from, cut - from), on_row);
        from = cut;
    }
    reader.feed(data.substr(from), on_row);
    reader.finish(on_row);
    EXPECT_EQ(reader.rows(), rows.size());
    return rows;
}

std::vector<Row> read_all(std::string_view data) {
    return read_cut(data, {});
}

const std::optional<std::string> k_null;

// Every CSV feature in a few records: NULL next to "", quotes, delimiters, CR and LF inside
// quotes, CRLF record ends, a one-field NULL record.
const std::string k_tricky = "1,\"a,b\",,\"\"\n"
                             "\"x\"\"y\",\"\"\"\",\"\"\"\"\"\"\n"
                             "\"line1\nline2\",\"cr\r\nlf\",\"\\N\"\r\n"
                             "\n"
                             "NULL,\"NULL\",\\.,\" \"\n";

const std::vector<Row> k_tricky_rows = {
    {"1", "a,b", k_null, ""},
    {"x\"y", "\"", "\"\""},
    {"line1\nline2", "cr\r\nlf", "\\N"},
    {k_null},
    {"NULL", "NULL", "\\.", " "},
};

} // namespace

TEST(CsvReader, ReadsNullsEmptyStringsQuotesAndLineBreaks) {
    EXPECT_EQ(read_all(k_tricky), k_tricky_rows);
}

TEST(CsvReader, ChunkSplitsAtEveryBytePositionGiveTheSameRows) {
    for (std::size_t cut = 0; cut <= k_tricky.size(); ++cut) {
        EXPECT_EQ(read_cut(k_tricky, {cut}), k_tricky_rows) << "cut at " << cut;
        for (std::size_t second = cut; second <= k_tricky.size(); second += 3) {
            EXPECT_EQ(read_cut(k_tricky, {cut, second}), k_tricky_rows)
                << "cuts at " << cut << ", " << second;
        }
    }
    std::vector<std::size_t> every_byte;
    for (std::size_t i = 1; i < k_tricky.size(); ++i) {
        every_byte.push_back(i);
    }
    EXPECT_EQ(read_cut(k_tricky, every_byte), k_tricky_rows);
}

TEST(CsvReader, DataEndingInsideAQuotedFieldIsATruncatedFile) {
    for (std::string_view data : {"1,\"abc", "1,\"a\"\"", "1,\"a\n", "1,\""}) {
        CsvReader reader;
        auto ignore = [](const CsvFields&) {};
        reader.feed(data, ignore);
        try {
            reader.finish(ignore);
            ADD_FAILURE() << "no error for " << data;
        } catch (const DecodeError& e) {
            EXPECT_NE(std::string(e.what()).find("inside a quoted field"), std::string::npos)
                << e.what();
        }
    }
}

TEST(CsvReader, ARecordWithoutItsNewlineIsTruncatedToo) {
    CsvReader reader;
    std::size_t rows = 0;
    auto count = [&](const CsvFields&) { ++rows; };
    reader.feed("1,2\n3,4", count);
    EXPECT_EQ(rows, 1U);
    EXPECT_THROW(reader.finish(count), DecodeError);
}

TEST(CsvReader, MalformedRecordsThrow) {
    auto ignore = [](const CsvFields&) {};
    for (std::string_view data : {"a\"b\n", "\"a\"b\n", "a\rb\n"}) {
        CsvReader reader;
        EXPECT_THROW(reader.feed(data, ignore), DecodeError) << data;
    }
}

TEST(CsvReader, EmptyInputHasNoRows) {
    EXPECT_TRUE(read_all("").empty());
}
