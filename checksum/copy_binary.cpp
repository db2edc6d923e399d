#include "checksum/copy_binary.hpp"

#include <cstring>

namespace gpparity::checksum {

namespace {

// "PGCOPY\n\377\r\n\0": the same signature on GP6, GP7 and PostgreSQL (copy.c).
constexpr char k_signature[] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};
constexpr std::size_t k_signature_size = sizeof k_signature;
constexpr std::size_t k_header_fixed = k_signature_size + 8; // signature, flags, extension length

} // namespace

std::size_t CopyBinaryParser::parse(std::string_view data, RowSink& sink) {
    std::size_t pos = 0;
    const std::size_t size = data.size();
    const char* base = data.data();
    if (!m_header_done) {
        if (size < k_header_fixed) {
            return 0;
        }
        if (std::memcmp(base, k_signature, k_signature_size) != 0) {
            throw DecodeError("binary COPY: bad signature");
        }
        std::uint32_t flags = read_u32(base + k_signature_size);
        // Bit 16 means OIDs are included; nothing else is defined. gpparity never asks for OIDs.
        if ((flags & 0xFFFF0000U) != 0) {
            throw DecodeError("binary COPY: unsupported header flags");
        }
        std::uint32_t extension = read_u32(base + k_signature_size + 4);
        if (size < k_header_fixed + extension) {
            return 0;
        }
        pos = k_header_fixed + extension;
        m_header_done = true;
    }
    while (pos < size) {
        if (m_trailer_seen) {
            throw DecodeError("binary COPY: data after the trailer");
        }
        if (size - pos < 2) {
            return pos;
        }
        auto count = static_cast<std::int16_t>(read_u16(base + pos));
        if (count == -1) {
            m_trailer_seen = true;
            pos += 2;
            continue;
        }
        if (count < 0 || (m_expected_fields >= 0 && count != m_expected_fields)) {
            throw DecodeError("binary COPY: row has " + std::to_string(count) +
                              " fields, expected " + std::to_string(m_expected_fields));
        }
        std::size_t p = pos + 2;
        m_fields.resize(static_cast<std::size_t>(count));
        bool complete = true;
        for (auto& field : m_fields) {
            if (size - p < 4) {
                complete = false;
                break;
            }
            auto length = static_cast<std::int32_t>(read_u32(base + p));
            p += 4;
            if (length < -1) {
                throw DecodeError("binary COPY: negative field length");
            }
            if (length == -1) {
                field = FieldView{nullptr, -1};
                continue;
            }
            if (size - p < static_cast<std::size_t>(length)) {
                complete = false;
                break;
            }
            field = FieldView{base + p, length};
            p += static_cast<std::size_t>(length);
        }
        if (!complete) {
            return pos;
        }
        sink.on_row(m_fields);
        ++m_rows;
        pos = p;
    }
    return pos;
}

void CopyBinaryParser::feed(std::string_view chunk, RowSink& sink) {
    if (m_carry.empty()) {
        std::size_t used = parse(chunk, sink);
        if (used < chunk.size()) {
            m_carry.assign(chunk.substr(used));
        }
        return;
    }
    // A row split across chunks: join it with the new chunk. Rare (libpq delivers whole
    // CopyData messages), so the copy does not matter.
    m_carry.append(chunk);
    std::string pending = std::move(m_carry);
    m_carry.clear();
    std::size_t used = parse(pending, sink);
    if (used < pending.size()) {
        m_carry.assign(std::string_view(pending).substr(used));
    }
}

void CopyBinaryParser::finish() const {
    if (!m_carry.empty() || !m_header_done) {
        throw DecodeError("binary COPY: the stream ended inside a row");
    }
    if (!m_trailer_seen) {
        throw DecodeError("binary COPY: the stream ended without its trailer");
    }
}

std::string copy_binary_header() {
    std::string out(k_signature, k_signature_size);
    out.append(8, '\0');
    return out;
}

namespace {
void append_u32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>((v >> 24) & 0xFF));
    out.push_back(static_cast<char>((v >> 16) & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
}
} // namespace

void append_copy_binary_row(std::string& out,
                            const std::vector<std::optional<std::string>>& fields) {
    auto n = static_cast<std::uint16_t>(fields.size());
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
    for (const auto& f : fields) {
        if (!f) {
            append_u32(out, 0xFFFFFFFFU);
            continue;
        }
        append_u32(out, static_cast<std::uint32_t>(f->size()));
        out.append(*f);
    }
}

std::string copy_binary_trailer() {
    return std::string("\xFF\xFF", 2);
}

} // namespace gpparity::checksum
