#include "checksum/csv_reader.hpp"

#include <algorithm>
#include <cstring>

namespace gpparity::checksum {

namespace {

[[noreturn]] void malformed(const char* what) {
    throw DecodeError(std::string("malformed CSV: ") + what);
}

} // namespace

const char* CsvReader::parse_record(const char* p, const char* end) {
    m_spans.clear();
    m_unescaped.clear();
    for (;;) {
        if (p == end) {
            return nullptr;
        }
        Span span;
        if (*p == '"') {
            // A quoted field: `""` is one quote; it ends at a quote not followed by another.
            const char* q = p + 1;
            const char* value = q;
            bool escaped = false;
            for (;;) {
                const auto* r = static_cast<const char*>(
                    std::memchr(q, '"', static_cast<std::size_t>(end - q)));
                if (r == nullptr || r + 1 == end) {
                    return nullptr;
                }
                if (r[1] != '"') {
                    q = r;
                    break;
                }
                if (!escaped) {
                    escaped = true;
                    span.offset = m_unescaped.size();
                }
                m_unescaped.append(value, static_cast<std::size_t>(r + 1 - value));
                value = r + 2;
                q = r + 2;
            }
            if (escaped) {
                m_unescaped.append(value, static_cast<std::size_t>(q - value));
                span.length = m_unescaped.size() - span.offset;
            } else {
                span.data = value;
                span.length = static_cast<std::size_t>(q - value);
            }
            p = q + 1;
        } else {
            // An unquoted field ends at `,` or the end of the line; PostgreSQL quotes every
            // value holding a quote, CR or LF, so a CR here can only start a CRLF.
            const char* q = p;
            while (q != end && *q != ',' && *q != '\n' && *q != '\r' && *q != '"') {
                ++q;
            }
            if (q == end) {
                return nullptr;
            }
            if (*q == '"') {
                malformed("a quote inside an unquoted field");
            }
            span.data = p;
            span.length = static_cast<std::size_t>(q - p);
            span.is_null = q == p;
            p = q;
        }
        m_spans.push_back(span);
        if (p == end) {
            return nullptr;
        }
        if (*p == ',') {
            ++p;
            continue;
        }
        if (*p == '\r') {
            if (p + 1 == end) {
                return nullptr;
            }
            if (p[1] != '\n') {
                malformed("a carriage return outside quotes that does not end a record");
            }
            return p + 2;
        }
        if (*p == '\n') {
            return p + 1;
        }
        malformed("text after a closing quote");
    }
}

void CsvReader::resolve_fields() {
    m_fields.resize(m_spans.size());
    for (std::size_t i = 0; i < m_spans.size(); ++i) {
        const Span& s = m_spans[i];
        if (s.is_null) {
            m_fields[i] = std::nullopt;
        } else if (s.data != nullptr) {
            m_fields[i] = std::string_view(s.data, s.length);
        } else {
            m_fields[i] = std::string_view(m_unescaped.data() + s.offset, s.length);
        }
    }
}

std::size_t CsvReader::extend_carry(std::string_view chunk, bool& complete) {
    // The record ends at the first LF outside quotes; every quote toggles the state (`""`
    // toggles twice), as PostgreSQL's own CSV line reader counts them.
    bool quoted = m_carry_quoted;
    for (std::size_t i = 0; i < chunk.size(); ++i) {
        char c = chunk[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\n' && !quoted) {
            m_carry.append(chunk.substr(0, i + 1));
            m_carry_quoted = false;
            complete = true;
            return i + 1;
        }
    }
    m_carry.append(chunk);
    m_carry_quoted = quoted;
    complete = false;
    return chunk.size();
}

void CsvReader::start_carry(const char* p, const char* end) {
    m_carry.assign(p, static_cast<std::size_t>(end - p));
    m_carry_quoted = (std::count(m_carry.begin(), m_carry.end(), '"') % 2) != 0;
}

} // namespace gpparity::checksum
