#include "verify/duration.hpp"

#include <cmath>
#include <cstdio>

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

} // namespace gpparity::verify
