#pragma once
/// Durations for people, the same everywhere gpparity prints one: the reports' run time and the
/// progress line's elapsed time and ETA.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gpparity::verify {

/// "1.2 s" under a minute, "1 min 23 s", "1 h 02 min 03 s"; "?" for a negative, NaN or infinite
/// duration (an ETA that cannot be estimated).
[[nodiscard]] std::string format_duration(double seconds);

/// A duration as an option gives it: a whole number and a unit, `s`, `m` (minutes), `h`, `d` or
/// `w` ("7d", "36h"); nullopt for anything else, zero or negative included.
[[nodiscard]] std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// `duration` as parse_duration reads it, in the largest of d, h and m that divides it ("7d",
/// "90m").
[[nodiscard]] std::string format_duration_option(std::chrono::seconds duration);

} // namespace gpparity::verify
