#include "checksum/text_codec.hpp"

#include "checksum/big_endian.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>

namespace gpparity::checksum {

namespace {

using big_endian::patch_u32;
using big_endian::put_u32;
using big_endian::put_u64;

constexpr std::int64_t k_usecs_per_sec = 1000000;
constexpr std::int64_t k_usecs_per_day = 86400 * k_usecs_per_sec;
// date2j(2000, 1, 1): PostgreSQL dates and timestamps count from 2000-01-01.
constexpr std::int64_t k_postgres_epoch_jdate = 2451545;

void put_i64(std::string& out, std::int64_t v) {
    put_u64(out, static_cast<std::uint64_t>(v));
}

void put_i32(std::string& out, std::int32_t v) {
    put_u32(out, static_cast<std::uint32_t>(v));
}

[[noreturn]] void bad(const char* what, std::string_view text) {
    constexpr std::size_t k_shown = 60;
    std::string shown(text.substr(0, k_shown));
    if (text.size() > k_shown) {
        shown += "...";
    }
    throw DecodeError(std::string("cannot parse a ") + what + " value from the text '" + shown +
                      "'");
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// A cursor over one value's text; every reader throws through `what` on a mismatch.
struct Cursor {
    std::string_view text;
    std::size_t pos = 0;
    const char* what;

    [[nodiscard]] bool done() const noexcept { return pos >= text.size(); }
    [[nodiscard]] char peek() const noexcept { return done() ? '\0' : text[pos]; }
    [[noreturn]] void fail() const { bad(what, text); }
    void expect(char c) {
        if (peek() != c || done()) {
            fail();
        }
        ++pos;
    }
    bool accept(char c) {
        if (!done() && text[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    }
    // An unsigned decimal of min..max digits.
    std::int64_t digits(std::size_t min_digits, std::size_t max_digits) {
        std::size_t start = pos;
        std::int64_t v = 0;
        while (!done() && is_digit(text[pos]) && pos - start < max_digits) {
            v = v * 10 + (text[pos] - '0');
            ++pos;
        }
        if (pos - start < min_digits) {
            fail();
        }
        return v;
    }
    // `.ffffff` (1 to 6 digits) as microseconds, or 0 when absent.
    std::int64_t fraction_usecs() {
        if (!accept('.')) {
            return 0;
        }
        std::size_t start = pos;
        std::int64_t v = digits(1, 6);
        for (std::size_t n = pos - start; n < 6; ++n) {
            v *= 10;
        }
        return v;
    }
    void finish() const {
        if (!done()) {
            fail();
        }
    }
};

// PostgreSQL's date2j (Julian day number of a proleptic Gregorian date; year 0 = 1 BC).
std::int64_t date2j(std::int64_t y, std::int64_t m, std::int64_t d) {
    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    std::int64_t century = y / 100;
    std::int64_t julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + d;
    return julian;
}

// Strips a trailing " BC" (ISO DateStyle puts it after the time and zone).
bool strip_bc(std::string_view& text) {
    constexpr std::string_view k_bc = " BC";
    if (text.size() > k_bc.size() && text.substr(text.size() - k_bc.size()) == k_bc) {
        text.remove_suffix(k_bc.size());
        return true;
    }
    return false;
}

// `YYYY-MM-DD` (4 or more year digits) -> days since 2000-01-01.
std::int64_t read_date(Cursor& c, bool bc) {
    std::int64_t year = c.digits(1, 8);
    c.expect('-');
    std::int64_t month = c.digits(2, 2);
    c.expect('-');
    std::int64_t day = c.digits(2, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31 || (bc && year < 1)) {
        c.fail();
    }
    if (bc) {
        year = 1 - year;
    }
    return date2j(year, month, day) - k_postgres_epoch_jdate;
}

// `HH:MM:SS[.ffffff]` -> microseconds.
std::int64_t read_time(Cursor& c) {
    std::int64_t hour = c.digits(2, 2);
    c.expect(':');
    std::int64_t minute = c.digits(2, 2);
    c.expect(':');
    std::int64_t second = c.digits(2, 2);
    std::int64_t fraction = c.fraction_usecs();
    if (minute > 59 || second > 60) {
        c.fail();
    }
    return ((hour * 60 + minute) * 60 + second) * k_usecs_per_sec + fraction;
}

// `+HH[:MM[:SS]]` or `-...` -> seconds east of UTC.
std::int64_t read_zone(Cursor& c) {
    bool west = false;
    if (c.accept('-')) {
        west = true;
    } else {
        c.expect('+');
    }
    std::int64_t seconds = c.digits(2, 2) * 3600;
    if (c.accept(':')) {
        seconds += c.digits(2, 2) * 60;
        if (c.accept(':')) {
            seconds += c.digits(2, 2);
        }
    }
    return west ? -seconds : seconds;
}

void encode_int(std::string_view text, const char* what, std::int64_t min, std::int64_t max,
                std::string& out) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || v < min ||
        v > max) {
        bad(what, text);
    }
    put_i64(out, v);
}

template <class Float> Float parse_float(std::string_view text, const char* what) {
    // float4out/float8out print NaN, Infinity and -Infinity; from_chars reads them (it ignores
    // case) and rounds correctly, subnormals included, without the C locale's decimal point.
    Float v{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (end != text.data() + text.size() || text.empty() ||
        (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        bad(what, text);
    }
    if (ec == std::errc::result_out_of_range) {
        // Underflow or overflow of a value the server printed: it printed a finite value of
        // its own type, so this is only reached for text that is not such a value.
        bad(what, text);
    }
    return v;
}

void encode_numeric_text(std::string_view text, std::string& out) {
    // numeric_out text is what the live read encodes (append_numeric_text prints numeric_send
    // the same way): validate it and take it as it is.
    if (text == "NaN" || text == "Infinity" || text == "-Infinity") {
        out.append(text);
        return;
    }
    std::size_t i = text.starts_with('-') ? 1 : 0;
    std::size_t int_digits = 0;
    while (i < text.size() && is_digit(text[i])) {
        ++i;
        ++int_digits;
    }
    if (int_digits == 0) {
        bad("numeric", text);
    }
    if (i < text.size()) {
        if (text[i] != '.' || i + 1 == text.size()) {
            bad("numeric", text);
        }
        for (++i; i < text.size(); ++i) {
            if (!is_digit(text[i])) {
                bad("numeric", text);
            }
        }
    }
    out.append(text);
}

bool looks_like_money(std::string_view text) {
    return text.find('$') != std::string_view::npos || text.starts_with('(');
}

void encode_money_text(std::string_view text, std::string& out) {
    // cash_out under lc_monetary C or en_US: `$1,234.56`, `-$1,234.56` (C, en_US) or
    // `($1,234.56)` (locales with n_sign_posn 0), always two fraction digits. The live read
    // prints numeric text with scale 2: `1234.56`, `-1234.56`.
    std::string_view s = text;
    bool negative = false;
    if (s.starts_with('(') && s.ends_with(')')) {
        negative = true;
        s = s.substr(1, s.size() - 2);
    }
    if (s.starts_with('-')) {
        if (negative) {
            bad("money", text);
        }
        negative = true;
        s.remove_prefix(1);
    }
    if (!s.starts_with('$')) {
        bad("money (only the C and en_US lc_monetary forms are read)", text);
    }
    s.remove_prefix(1);
    std::size_t dot = s.find('.');
    if (dot == std::string_view::npos || s.size() - dot - 1 != 2 || dot == 0) {
        bad("money (only the C and en_US lc_monetary forms are read)", text);
    }
    std::string digits;
    for (std::size_t i = 0; i < dot; ++i) {
        if (is_digit(s[i])) {
            digits.push_back(s[i]);
        } else if (s[i] != ',') {
            bad("money", text);
        }
    }
    if (digits.empty() || !is_digit(s[dot + 1]) || !is_digit(s[dot + 2])) {
        bad("money", text);
    }
    std::size_t first = digits.find_first_not_of('0');
    std::string_view integer =
        first == std::string::npos ? std::string_view("0") : std::string_view(digits).substr(first);
    bool zero = integer == "0" && s[dot + 1] == '0' && s[dot + 2] == '0';
    if (negative && !zero) {
        out.push_back('-');
    }
    out.append(integer).push_back('.');
    out.append(s.substr(dot + 1, 2));
}

void encode_bytea_text(std::string_view text, std::string& out) {
    if (text.starts_with("\\x")) {
        // bytea_output hex: two hex digits per byte.
        if (text.size() % 2 != 0) {
            bad("bytea", text);
        }
        for (std::size_t i = 2; i < text.size(); i += 2) {
            int hi = hex_value(text[i]);
            int lo = hex_value(text[i + 1]);
            if (hi < 0 || lo < 0) {
                bad("bytea", text);
            }
            out.push_back(static_cast<char>((hi << 4) | lo));
        }
        return;
    }
    // bytea_output escape: `\\` is a backslash, `\ooo` an octal byte, anything else itself.
    for (std::size_t i = 0; i < text.size(); ++i) {
        char ch = text[i];
        if (ch != '\\') {
            out.push_back(ch);
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '\\') {
            out.push_back('\\');
            ++i;
            continue;
        }
        if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' && text[i + 2] >= '0' &&
            text[i + 2] <= '7' && text[i + 3] >= '0' && text[i + 3] <= '7') {
            out.push_back(static_cast<char>(((text[i + 1] - '0') << 6) |
                                            ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
            i += 3;
            continue;
        }
        bad("bytea", text);
    }
}

void encode_date_text(std::string_view text, std::string& out) {
    // date ±infinity are stored as the int32 extremes (DATEVAL_NOBEGIN/NOEND).
    if (text == "infinity") {
        put_i32(out, std::numeric_limits<std::int32_t>::max());
        return;
    }
    if (text == "-infinity") {
        put_i32(out, std::numeric_limits<std::int32_t>::min());
        return;
    }
    std::string_view s = text;
    bool bc = strip_bc(s);
    Cursor c{s, 0, "date"};
    std::int64_t days = read_date(c, bc);
    c.finish();
    if (days < std::numeric_limits<std::int32_t>::min() ||
        days > std::numeric_limits<std::int32_t>::max()) {
        c.fail();
    }
    put_i32(out, static_cast<std::int32_t>(days));
}

void encode_timestamp_text(std::string_view text, bool with_zone, std::string& out) {
    // timestamp ±infinity are the int64 extremes (DT_NOBEGIN/DT_NOEND).
    if (text == "infinity") {
        put_i64(out, std::numeric_limits<std::int64_t>::max());
        return;
    }
    if (text == "-infinity") {
        put_i64(out, std::numeric_limits<std::int64_t>::min());
        return;
    }
    std::string_view s = text;
    bool bc = strip_bc(s);
    Cursor c{s, 0, with_zone ? "timestamptz" : "timestamp"};
    std::int64_t days = read_date(c, bc);
    c.expect(' ');
    std::int64_t usecs = 0;
    if (__builtin_mul_overflow(days, k_usecs_per_day, &usecs) ||
        __builtin_add_overflow(usecs, read_time(c), &usecs)) {
        c.fail();
    }
    if (with_zone) {
        // ISO DateStyle prints the session zone's offset east of UTC; UTC = local - offset.
        if (__builtin_sub_overflow(usecs, read_zone(c) * k_usecs_per_sec, &usecs)) {
            c.fail();
        }
    }
    c.finish();
    put_i64(out, usecs);
}

void encode_time_text(std::string_view text, bool with_zone, std::string& out) {
    Cursor c{text, 0, with_zone ? "timetz" : "time"};
    std::int64_t usecs = read_time(c);
    if (usecs > k_usecs_per_day) {
        c.fail();
    }
    put_i64(out, usecs);
    if (with_zone) {
        // timetz_send's zone is in seconds *west* of UTC.
        std::int64_t east = read_zone(c);
        put_i32(out, static_cast<std::int32_t>(-east));
    }
    c.finish();
}

void encode_interval_text(std::string_view text, std::string& out) {
    // IntervalStyle postgres (EncodeInterval): `[+-]N year[s] [+-]N mon[s] [+-]N day[s]
    // [+-]HH:MM:SS[.ffffff]`, each part only when non-zero, `00:00:00` when all are zero. The
    // years and months are one stored month count, hours/minutes/seconds one microsecond count.
    Cursor c{text, 0, "interval"};
    std::int64_t months = 0;
    std::int64_t days = 0;
    std::int64_t usecs = 0;
    bool any = false;
    while (!c.done()) {
        if (any) {
            c.expect(' ');
        }
        any = true;
        bool negative = c.accept('-');
        if (!negative) {
            c.accept('+');
        }
        std::int64_t n = c.digits(1, 18);
        if (c.accept(':')) {
            std::int64_t minute = c.digits(2, 2);
            c.expect(':');
            std::int64_t second = c.digits(2, 2);
            std::int64_t fraction = c.fraction_usecs();
            // Unsigned, so that the most negative interval (-2562047788:00:54.775808) wraps
            // to its own value instead of overflowing.
            std::uint64_t v =
                ((static_cast<std::uint64_t>(n) * 60 + static_cast<std::uint64_t>(minute)) * 60 +
                 static_cast<std::uint64_t>(second)) *
                    static_cast<std::uint64_t>(k_usecs_per_sec) +
                static_cast<std::uint64_t>(fraction);
            usecs = static_cast<std::int64_t>(negative ? 0 - v : v);
            if (!c.done()) {
                c.fail();
            }
            break;
        }
        c.expect(' ');
        std::int64_t v = negative ? -n : n;
        std::int64_t years_in_months = 0;
        std::string_view rest = text.substr(c.pos);
        std::size_t unit_end = rest.find(' ');
        std::string_view unit = rest.substr(0, unit_end);
        if (unit == "year" || unit == "years") {
            if (__builtin_mul_overflow(v, 12, &years_in_months) ||
                __builtin_add_overflow(months, years_in_months, &months)) {
                c.fail();
            }
        } else if (unit == "mon" || unit == "mons") {
            if (__builtin_add_overflow(months, v, &months)) {
                c.fail();
            }
        } else if (unit == "day" || unit == "days") {
            if (__builtin_add_overflow(days, v, &days)) {
                c.fail();
            }
        } else {
            c.fail();
        }
        c.pos += unit.size();
    }
    if (!any) {
        c.fail();
    }
    constexpr std::int64_t k_min = std::numeric_limits<std::int32_t>::min();
    constexpr std::int64_t k_max = std::numeric_limits<std::int32_t>::max();
    if (days < k_min || days > k_max || months < k_min || months > k_max) {
        c.fail();
    }
    put_i64(out, usecs);
    put_i32(out, static_cast<std::int32_t>(days));
    put_i32(out, static_cast<std::int32_t>(months));
}

void encode_hex_bytes(std::string_view text, const char* what, std::size_t count, char separator,
                      std::string& out) {
    // macaddr/macaddr8 (`08:00:2b:01:02:03`) and uuid (32 hex digits, hyphens anywhere).
    std::size_t produced = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (separator != '\0' && text[i] == separator) {
            ++i;
            continue;
        }
        if (i + 1 >= text.size()) {
            bad(what, text);
        }
        int hi = hex_value(text[i]);
        int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) {
            bad(what, text);
        }
        out.push_back(static_cast<char>((hi << 4) | lo));
        ++produced;
        i += 2;
    }
    if (produced != count) {
        bad(what, text);
    }
}

void encode_inet_text(std::string_view text, bool is_cidr, std::string& out) {
    // inet_send: family (PGSQL_AF_INET 2, PGSQL_AF_INET6 3), bits, is_cidr, address length,
    // address bytes. network_out omits /32 (/128) for inet and always prints it for cidr.
    std::size_t slash = text.find('/');
    std::string address(text.substr(0, slash));
    bool v6 = address.find(':') != std::string::npos;
    unsigned char bytes[16];
    if (inet_pton(v6 ? AF_INET6 : AF_INET, address.c_str(), bytes) != 1) {
        bad("inet", text);
    }
    int max_bits = v6 ? 128 : 32;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
        Cursor c{text, slash + 1, "inet"};
        bits = static_cast<int>(c.digits(1, 3));
        c.finish();
        if (bits > max_bits) {
            bad("inet", text);
        }
    }
    out.push_back(static_cast<char>(v6 ? 3 : 2));
    out.push_back(static_cast<char>(bits));
    out.push_back(is_cidr ? '\1' : '\0');
    out.push_back(static_cast<char>(v6 ? 16 : 4));
    out.append(reinterpret_cast<const char*>(bytes), v6 ? 16 : 4);
}

void encode_bit_text(std::string_view text, std::string& out) {
    // bit_send: int32 bit count, then the bits, most significant first, zero-padded.
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        bad("bit", text);
    }
    put_u32(out, static_cast<std::uint32_t>(text.size()));
    unsigned byte = 0;
    std::size_t n = 0;
    for (char ch : text) {
        if (ch != '0' && ch != '1') {
            bad("bit", text);
        }
        byte = (byte << 1) | (ch == '1' ? 1U : 0U);
        if (++n % 8 == 0) {
            out.push_back(static_cast<char>(byte));
            byte = 0;
        }
    }
    if (n % 8 != 0) {
        out.push_back(static_cast<char>(byte << (8 - n % 8)));
    }
}

void encode_nested(const Codec& codec, std::optional<std::string_view> text, std::string& out);

// array_out text: optional `[lb:ub]...=` bounds (only when a lower bound is not 1), then
// nested braces; elements separated by `,`, double-quoted (with `\` escapes) when empty or
// holding `"`, `\`, `{`, `}`, `,`, white space, or spelling NULL; an unquoted NULL is NULL.
class ArrayText {
public:
    ArrayText(const Codec& codec, std::string_view text, std::string& out)
        : m_element(codec.children.front()), m_c{text, 0, "array"}, m_out(out) {}

    void encode() {
        std::int64_t lower[6] = {1, 1, 1, 1, 1, 1};
        std::int64_t upper[6] = {0, 0, 0, 0, 0, 0};
        std::size_t bounded = 0;
        while (m_c.peek() == '[') {
            if (bounded == 6) {
                m_c.fail();
            }
            m_c.expect('[');
            lower[bounded] = signed_number();
            m_c.expect(':');
            upper[bounded] = signed_number();
            m_c.expect(']');
            ++bounded;
        }
        if (bounded > 0) {
            m_c.expect('=');
        }
        std::size_t depth = 0;
        while (m_c.pos + depth < m_c.text.size() && m_c.text[m_c.pos + depth] == '{') {
            ++depth;
        }
        if (depth == 0 || depth > 6) {
            m_c.fail();
        }
        if (m_c.text.substr(m_c.pos) == "{}") {
            put_u32(m_out, 0);
            return;
        }
        m_ndim = depth;
        if (bounded != 0 && bounded != m_ndim) {
            m_c.fail();
        }
        put_u32(m_out, static_cast<std::uint32_t>(m_ndim));
        std::size_t dims_at = m_out.size();
        m_out.append(8 * m_ndim, '\0');
        level(0);
        m_c.finish();
        for (std::size_t d = 0; d < m_ndim; ++d) {
            if (bounded != 0 && upper[d] - lower[d] + 1 != m_lengths[d]) {
                m_c.fail();
            }
            patch_u32(m_out, dims_at + 8 * d, static_cast<std::uint32_t>(m_lengths[d]));
            patch_u32(m_out, dims_at + 8 * d + 4, static_cast<std::uint32_t>(lower[d]));
        }
    }

private:
    std::int64_t signed_number() {
        bool negative = m_c.accept('-');
        std::int64_t v = m_c.digits(1, 10);
        return negative ? -v : v;
    }

    void level(std::size_t d) {
        m_c.expect('{');
        std::int64_t count = 0;
        do {
            if (d + 1 < m_ndim) {
                level(d + 1);
            } else {
                element();
            }
            ++count;
        } while (m_c.accept(','));
        m_c.expect('}');
        if (m_seen[d] && m_lengths[d] != count) {
            m_c.fail();
        }
        m_seen[d] = true;
        m_lengths[d] = count;
    }

    void element() {
        std::string_view t = m_c.text;
        if (m_c.accept('"')) {
            std::size_t start = m_c.pos;
            bool escaped = false;
            while (!m_c.done() && t[m_c.pos] != '"') {
                if (t[m_c.pos] == '\\') {
                    if (m_c.pos + 1 >= t.size()) {
                        m_c.fail();
                    }
                    escaped = true;
                    ++m_c.pos;
                }
                ++m_c.pos;
            }
            if (m_c.done()) {
                m_c.fail();
            }
            std::string_view raw = t.substr(start, m_c.pos - start);
            ++m_c.pos;
            if (!escaped) {
                encode_nested(m_element, raw, m_out);
                return;
            }
            std::string value;
            value.reserve(raw.size());
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '\\') {
                    ++i;
                }
                value.push_back(raw[i]);
            }
            encode_nested(m_element, value, m_out);
            return;
        }
        std::size_t start = m_c.pos;
        while (!m_c.done() && t[m_c.pos] != ',' && t[m_c.pos] != '}') {
            if (t[m_c.pos] == '\\' || t[m_c.pos] == '"' || t[m_c.pos] == '{') {
                m_c.fail();
            }
            ++m_c.pos;
        }
        std::string_view raw = t.substr(start, m_c.pos - start);
        if (raw.empty()) {
            m_c.fail();
        }
        if (raw.size() == 4 && (raw[0] == 'N' || raw[0] == 'n') &&
            (raw[1] == 'U' || raw[1] == 'u') && (raw[2] == 'L' || raw[2] == 'l') &&
            (raw[3] == 'L' || raw[3] == 'l')) {
            encode_nested(m_element, std::nullopt, m_out);
            return;
        }
        encode_nested(m_element, raw, m_out);
    }

    const Codec& m_element;
    Cursor m_c;
    std::string& m_out;
    std::size_t m_ndim = 0;
    std::int64_t m_lengths[6] = {};
    bool m_seen[6] = {};
};

void encode_record_text(const Codec& codec, std::string_view text, std::string& out) {
    // record_out: `(f1,f2,...)`; a NULL field is empty; a field is double-quoted when empty or
    // holding `"`, `\`, `(`, `)`, `,` or white space, with `"` and `\` doubled inside. record_in
    // also reads `\x` as x.
    Cursor c{text, 0, "composite"};
    c.expect('(');
    put_u32(out, static_cast<std::uint32_t>(codec.children.size()));
    std::size_t field = 0;
    std::string value;
    for (;;) {
        if (field == codec.children.size()) {
            throw DecodeError("composite value has more fields than the expected " +
                              std::to_string(codec.children.size()) + ": '" +
                              std::string(text.substr(0, 60)) + "'");
        }
        const Codec& child = codec.children[field++];
        if (c.peek() == ',' || c.peek() == ')') {
            encode_nested(child, std::nullopt, out);
        } else {
            value.clear();
            bool quoted = false;
            bool copied = false;
            std::size_t start = c.pos;
            while (!c.done()) {
                char ch = text[c.pos];
                if (!quoted && (ch == ',' || ch == ')')) {
                    break;
                }
                if (ch == '\\') {
                    if (c.pos + 1 == text.size()) {
                        c.fail();
                    }
                    copied = true;
                    value.push_back(text[c.pos + 1]);
                    c.pos += 2;
                    continue;
                }
                if (ch == '"') {
                    if (quoted && c.pos + 1 < text.size() && text[c.pos + 1] == '"') {
                        copied = true;
                        value.push_back('"');
                        c.pos += 2;
                        continue;
                    }
                    quoted = !quoted;
                    copied = true;
                    ++c.pos;
                    continue;
                }
                value.push_back(ch);
                ++c.pos;
            }
            if (quoted) {
                c.fail();
            }
            // `value` is this call's own: a nested composite unescapes into its own buffer.
            encode_nested(
                child, copied ? std::string_view(value) : text.substr(start, c.pos - start), out);
        }
        if (c.accept(')')) {
            break;
        }
        c.expect(',');
    }
    c.finish();
    if (field != codec.children.size()) {
        throw DecodeError("composite value has " + std::to_string(field) + " fields, expected " +
                          std::to_string(codec.children.size()));
    }
}

// NOLINTNEXTLINE(readability-function-size): a flat switch over the wire types
void encode_value(const Codec& codec, std::string_view t, std::string& out) {
    switch (codec.wire) {
    case Wire::int2:
        encode_int(t, "int2", std::numeric_limits<std::int16_t>::min(),
                   std::numeric_limits<std::int16_t>::max(), out);
        return;
    case Wire::int4:
        encode_int(t, "int4", std::numeric_limits<std::int32_t>::min(),
                   std::numeric_limits<std::int32_t>::max(), out);
        return;
    case Wire::int8:
        encode_int(t, "int8", std::numeric_limits<std::int64_t>::min(),
                   std::numeric_limits<std::int64_t>::max(), out);
        return;
    case Wire::float4:
        // The float4 first (as float4in rounds), then widened exactly, as the send path does.
        put_u64(out, canonical_float_bits(static_cast<double>(parse_float<float>(t, "float4"))));
        return;
    case Wire::float8:
        put_u64(out, canonical_float_bits(parse_float<double>(t, "float8")));
        return;
    case Wire::numeric:
        // money is read live in its own send form (Wire::money); a numeric codec meeting money
        // text (a plan from before that) still reads it as money.
        if (looks_like_money(t)) {
            encode_money_text(t, out);
        } else {
            encode_numeric_text(t, out);
        }
        return;
    case Wire::money:
        encode_money_text(t, out);
        return;
    case Wire::boolean:
        if (t == "t") {
            out.push_back('\1');
        } else if (t == "f") {
            out.push_back('\0');
        } else {
            bad("boolean", t);
        }
        return;
    case Wire::bytea:
        encode_bytea_text(t, out);
        return;
    case Wire::date:
        encode_date_text(t, out);
        return;
    case Wire::time:
        encode_time_text(t, false, out);
        return;
    case Wire::timetz:
        encode_time_text(t, true, out);
        return;
    case Wire::timestamp:
        encode_timestamp_text(t, false, out);
        return;
    case Wire::timestamptz:
        encode_timestamp_text(t, true, out);
        return;
    case Wire::interval:
        encode_interval_text(t, out);
        return;
    case Wire::uuid:
        encode_hex_bytes(t, "uuid", 16, '-', out);
        return;
    case Wire::macaddr:
        encode_hex_bytes(t, "macaddr", 6, ':', out);
        return;
    case Wire::macaddr8:
        encode_hex_bytes(t, "macaddr8", 8, ':', out);
        return;
    case Wire::inet:
        encode_inet_text(t, codec.is_cidr, out);
        return;
    case Wire::bit:
        encode_bit_text(t, out);
        return;
    case Wire::array:
        if (codec.children.size() != 1) {
            bad("array", t);
        }
        ArrayText(codec, t, out).encode();
        return;
    case Wire::record:
        encode_record_text(codec, t, out);
        return;
    case Wire::jsonb:
        // jsonb_send is a version byte and jsonb_out's text; the encoding drops the byte.
    case Wire::text:
    case Wire::json:
    case Wire::ignore:
        out.append(t);
        return;
    }
}

void encode_nested(const Codec& codec, std::optional<std::string_view> text, std::string& out) {
    if (!text) {
        out.push_back(static_cast<char>(ValueClass::null));
        return;
    }
    out.push_back(static_cast<char>(codec.value_class));
    std::size_t length_at = out.size();
    out.append(4, '\0');
    encode_value(codec, *text, out);
    patch_u32(out, length_at, static_cast<std::uint32_t>(out.size() - length_at - 4));
}

} // namespace

void encode_text_field(const Codec& codec, std::optional<std::string_view> text, std::string& out) {
    encode_nested(codec, text, out);
}

void encode_text_row(const RowCodec& codec,
                     const std::vector<std::optional<std::string_view>>& fields, std::string& out,
                     std::string& key) {
    out.clear();
    key.clear();
    std::size_t n = codec.columns.size();
    if (fields.size() != n) {
        throw DecodeError("CSV row has " + std::to_string(fields.size()) + " fields, expected " +
                          std::to_string(n));
    }
    if (codec.key_columns.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (codec.columns[i].wire != Wire::ignore) {
                encode_nested(codec.columns[i], fields[i], out);
            }
        }
        return;
    }
    // As encode_row: remember where each field starts to cut the key out of the row encoding.
    constexpr std::size_t k_max_remembered = 64;
    std::size_t starts[k_max_remembered];
    bool small = n < k_max_remembered;
    for (std::size_t i = 0; i < n; ++i) {
        if (small) {
            starts[i] = out.size();
        }
        if (codec.columns[i].wire != Wire::ignore) {
            encode_nested(codec.columns[i], fields[i], out);
        }
    }
    for (std::size_t k : codec.key_columns) {
        if (small) {
            std::size_t end = k + 1 < n ? starts[k + 1] : out.size();
            key.append(out, starts[k], end - starts[k]);
        } else {
            encode_nested(codec.columns[k], fields[k], key);
        }
    }
}

} // namespace gpparity::checksum
