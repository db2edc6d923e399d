#include "catalog/clock.hpp"

#include <charconv>
#include <ctime>

namespace gpparity::catalog {

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
    std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SSZ, exactly.
    constexpr std::string_view k_shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != k_shape.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (k_shape[i] == 'd' ? !digit : text[i] != k_shape[i]) {
            return std::nullopt;
        }
    }
    auto number = [text](std::size_t at, std::size_t length) {
        int value = 0;
        std::from_chars(text.data() + at, text.data() + at + length, value);
        return value;
    };
    using namespace std::chrono;
    const year_month_day date{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                              day{static_cast<unsigned>(number(8, 2))}};
    const int hour = number(11, 2);
    const int minute = number(14, 2);
    const int second = number(17, 2);
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    return sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
}

} // namespace gpparity::catalog
