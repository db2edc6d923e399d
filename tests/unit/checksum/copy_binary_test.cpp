#include "checksum/copy_binary.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

namespace {

struct Collect final : RowSink {
    std::vector<std::vector<std::optional<std::string>>> rows;
    void on_row(const std::vector<FieldView>& fields) override {
        std::vector<std::optional<std::string>> row;
        for (const auto& f : fields) {
            row.push_back(f.is_null() ? std::nullopt
                                      : std::optional<std::string>(std::string(f.bytes())));
        }
        rows.push_back(row);
    }
};

std::string sample() {
    std::string data = copy_binary_header();
    append_copy_binary_row(data, {std::string("abc"), std::nullopt});
    append_copy_binary_row(data, {std::string(), std::string("\xff\x00", 2)});
    return data + copy_binary_trailer();
}

} // namespace

TEST(CopyBinary, ParsesRowsWhateverTheChunking) {
    std::string data = sample();
    for (std::size_t chunk = 1; chunk <= data.size(); ++chunk) {
        CopyBinaryParser parser;
        parser.set_expected_fields(2);
        Collect sink;
        for (std::size_t at = 0; at < data.size(); at += chunk) {
            parser.feed(std::string_view(data).substr(at, chunk), sink);
        }
        parser.finish();
        ASSERT_EQ(sink.rows.size(), 2u) << chunk;
        EXPECT_EQ(sink.rows[0][0], "abc");
        EXPECT_EQ(sink.rows[0][1], std::nullopt);
        EXPECT_EQ(sink.rows[1][0], "");
        EXPECT_EQ(sink.rows[1][1], std::string("\xff\x00", 2));
    }
}

TEST(CopyBinary, RejectsMalformedStreams) {
    Collect sink;
    {
        CopyBinaryParser parser;
        EXPECT_THROW(
            parser.feed(std::string("PGCOPX\n\xff\r\n\0", 11) + std::string(8, '\0'), sink),
            DecodeError);
    }
    {
        CopyBinaryParser parser;
        parser.set_expected_fields(3);
        EXPECT_THROW(parser.feed(sample(), sink), DecodeError);
    }
    {
        CopyBinaryParser parser;
        std::string data = sample();
        parser.feed(data.substr(0, data.size() - 2), sink);
        EXPECT_THROW(parser.finish(), DecodeError) << "no trailer";
    }
    {
        CopyBinaryParser parser;
        EXPECT_THROW(parser.feed(sample() + "x", sink), DecodeError) << "data after the trailer";
    }
}
