#pragma once
/// The binary COPY wire format (`COPY ... TO STDOUT (FORMAT binary)`): a streaming parser that
/// turns the chunks libpq hands out into rows of fields, each field the bytes of its type's
/// binary send function (or NULL). The header and tuple layout are identical on GP6, GP7 and
/// PostgreSQL (greenplum.md §2.3, §4). Pure: no I/O. Reusable by the placement hash
/// (checksum/cdbhash.hpp), which hashes the same send-format bytes.

#include "catalog/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// One field of a row: the send-format bytes, or NULL. Views into the parser's input, valid
/// until the next chunk is fed.
struct FieldView {
    const char* data = nullptr;
    std::int32_t length = -1; ///< -1 = NULL
    [[nodiscard]] bool is_null() const noexcept { return length < 0; }
    [[nodiscard]] std::string_view bytes() const noexcept {
        return is_null() ? std::string_view()
                         : std::string_view(data, static_cast<std::size_t>(length));
    }
};

/// Malformed COPY data or send-format bytes that cannot be decoded.
class DecodeError : public catalog::Error {
public:
    using catalog::Error::Error;
};

/// Receives rows from CopyBinaryParser.
class RowSink {
public:
    virtual ~RowSink() = default;
    /// One row; `fields` is valid only during the call. May throw (the parser lets it through).
    virtual void on_row(const std::vector<FieldView>& fields) = 0;
};

/// Incremental parser of the binary COPY format. Chunks may split rows anywhere (libpq gives
/// one CopyData message per call; the header comes glued to the first row, the trailer on its
/// own, but nothing here relies on that).
class CopyBinaryParser {
public:
    /// Parses `chunk`, calling sink.on_row for every complete row. Throws DecodeError for a bad
    /// signature, an unsupported header flag, a field count that differs from
    /// `expected_fields` (when >= 0), or data after the trailer.
    void feed(std::string_view chunk, RowSink& sink);
    /// Call at the end of the stream: throws DecodeError when the trailer was not seen or a row
    /// is incomplete.
    void finish() const;
    void set_expected_fields(int expected_fields) noexcept { m_expected_fields = expected_fields; }
    [[nodiscard]] std::uint64_t rows() const noexcept { return m_rows; }

private:
    /// Parses as much of `data` as possible; returns the number of bytes consumed.
    std::size_t parse(std::string_view data, RowSink& sink);

    std::string m_carry; ///< an incomplete row (or header) left over from the previous chunk
    std::vector<FieldView> m_fields;
    bool m_header_done = false;
    bool m_trailer_seen = false;
    int m_expected_fields = -1;
    std::uint64_t m_rows = 0;
};

/// Big-endian readers for send-format bytes.
[[nodiscard]] inline std::uint16_t read_u16(const char* p) noexcept {
    return static_cast<std::uint16_t>(
        (static_cast<unsigned>(static_cast<unsigned char>(p[0])) << 8) |
        static_cast<unsigned>(static_cast<unsigned char>(p[1])));
}
[[nodiscard]] inline std::uint32_t read_u32(const char* p) noexcept {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(p[0])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(p[1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(p[2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(p[3]));
}
[[nodiscard]] inline std::uint64_t read_u64(const char* p) noexcept {
    return (static_cast<std::uint64_t>(read_u32(p)) << 32) | read_u32(p + 4);
}

/// Test and bench helper: builds binary COPY bytes (header, rows of send-format fields,
/// trailer). nullopt fields are NULL.
[[nodiscard]] std::string copy_binary_header();
void append_copy_binary_row(std::string& out,
                            const std::vector<std::optional<std::string>>& fields);
[[nodiscard]] std::string copy_binary_trailer();

} // namespace gpparity::checksum
