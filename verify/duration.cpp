#include "verify/duration.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace gpparity::verify {

std::string format_duration(double seconds) {
    if (!(seconds >= 0.0) || std::isinf(seconds)) {
        return "?";
    }
    char buffer[64];
    if (seconds < 60.0) {
        std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
        return buffer;
    }
    const auto total = static_cast<long long>(std::llround(seconds));
    const long long hours = total / 3600;
    const long long minutes = (total % 3600) / 60;
    const long long secs = total % 60;
    if (hours > 0) {
        std::snprintf(buffer, sizeof buffer, "%lld h %02lld min %02lld s", hours, minutes, secs);
    } else {
        std::snprintf(buffer, sizeof buffer, "%lld min %02lld s", minutes, secs);
    }
    return buffer;
}

std::string format_duration_option(std::chrono::seconds duration) {
    const long long s = duration.count();
    for (const auto& [unit, size] :
         {std::pair{'d', 86400LL}, std::pair{'h', 3600LL}, std::pair{'m', 60LL}}) {
        if (s > 0 && s % size == 0) {
            return std::to_string(s / size) + unit;
        }
    }
    return std::to_string(s) + "s";
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    long long count = 0;
    const char* end = text.data() + text.size() - 1;
    auto [stop, ec] = std::from_chars(text.data(), end, count);
    if (ec != std::errc() || stop != end || count <= 0) {
        return std::nullopt;
    }
    long long unit = 0;
    switch (text.back()) {
    case 's':
        unit = 1;
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'd':
        unit = 86400;
        break;
    case 'w':
        unit = 7LL * 86400;
        break;
    default:
        return std::nullopt;
    }
    if (count > std::chrono::seconds::max().count() / unit) {
        return std::nullopt;
    }
    return std::chrono::seconds(count * unit);
}

} // namespace gpparity::verify
