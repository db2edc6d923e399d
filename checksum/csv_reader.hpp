#pragma once
/// A streaming reader of the PostgreSQL CSV that gpbackup's `COPY ... TO ... WITH CSV DELIMITER
/// ','` writes (gpbackup.md §3 "Format details", §7 gotcha 1): delimiter `,`, quote and escape
/// `"`, NULL = an empty *unquoted* field, `""` = the empty string, quoted fields may hold `,`,
/// `""`, CR and LF; records end with `\n` (`\r\n` accepted); no header. Chunks (decompressed
/// data as it arrives) may be split at any byte. Pure: no I/O. Rows go to a callback with views
/// into the chunk where possible; only a record split between chunks and fields holding `""`
/// are copied, into buffers reused from row to row.

#include "checksum/copy_binary.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// The fields of one CSV record: one per column, nullopt = NULL.
using CsvFields = std::vector<std::optional<std::string_view>>;

class CsvReader {
public:
    /// Parses `chunk`, calling `on_row(const CsvFields&)` for every complete record. The views
    /// are valid only during the call. Throws DecodeError for malformed CSV (a quote inside an
    /// unquoted field, text after a closing quote, a lone CR); exceptions from `on_row` pass
    /// through and leave the reader unusable.
    template <class OnRow> void feed(std::string_view chunk, OnRow&& on_row);
    /// Call at the end of the data. Throws DecodeError when it ends inside a quoted field or
    /// after a record's last byte without its `\n` (a truncated file: PostgreSQL ends every
    /// record with a newline). Emits nothing: complete records were emitted by feed().
    template <class OnRow> void finish(OnRow&& on_row);
    /// Records emitted so far.
    [[nodiscard]] std::uint64_t rows() const noexcept { return m_rows; }

private:
    /// Where one field's value lives while its record is parsed: in the input, in m_unescaped
    /// (a quoted field holding `""`), or NULL.
    struct Span {
        const char* data = nullptr; ///< null: the value is m_unescaped[offset, offset + length)
        std::size_t offset = 0;
        std::size_t length = 0;
        bool is_null = false;
    };

    /// Parses one record starting at `p`. Returns the position after its `\n`, or null when
    /// `[p, end)` holds no complete record. Fills m_spans.
    const char* parse_record(const char* p, const char* end);
    /// Builds m_fields from m_spans (after parse_record succeeded).
    void resolve_fields();
    /// Feeds the part of `chunk` that completes the carried partial record; returns how many
    /// bytes of `chunk` were used and whether the record is now complete in m_carry.
    std::size_t extend_carry(std::string_view chunk, bool& complete);
    /// Starts a carry with the partial record `[p, end)`.
    void start_carry(const char* p, const char* end);

    std::string m_carry;         ///< a record split between chunks, from its first byte
    bool m_carry_quoted = false; ///< m_carry ends inside a quoted field (odd number of quotes)
    std::string m_unescaped;     ///< values of this record's fields that held `""`
    std::vector<Span> m_spans;
    CsvFields m_fields;
    std::uint64_t m_rows = 0;
};

template <class OnRow> void CsvReader::feed(std::string_view chunk, OnRow&& on_row) {
    const char* p = chunk.data();
    const char* end = p + chunk.size();
    if (!m_carry.empty()) {
        bool complete = false;
        std::size_t used = extend_carry(chunk, complete);
        if (!complete) {
            return;
        }
        const char* carry_end = m_carry.data() + m_carry.size();
        if (parse_record(m_carry.data(), carry_end) != carry_end) {
            throw DecodeError("malformed CSV record split between chunks");
        }
        resolve_fields();
        on_row(static_cast<const CsvFields&>(m_fields));
        ++m_rows;
        m_carry.clear();
        p += used;
    }
    while (p != end) {
        const char* next = parse_record(p, end);
        if (next == nullptr) {
            start_carry(p, end);
            return;
        }
        resolve_fields();
        on_row(static_cast<const CsvFields&>(m_fields));
        ++m_rows;
        p = next;
    }
}

template <class OnRow> void CsvReader::finish(OnRow&& /*on_row*/) {
    if (m_carry.empty()) {
        return;
    }
    if (m_carry_quoted) {
        throw DecodeError("CSV data ends inside a quoted field after " + std::to_string(m_rows) +
                          " rows (truncated file?)");
    }
    throw DecodeError("CSV data ends inside a record after " + std::to_string(m_rows) +
                      " rows, without its newline (truncated file?)");
}

} // namespace gpparity::checksum
