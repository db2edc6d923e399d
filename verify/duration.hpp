#pragma once
/// Durations for people, the same everywhere gpparity prints one: the reports' run time and the
/// progress line's elapsed time and ETA.

#include <string>

namespace gpparity::verify {

/// "1.2 s" under a minute, "1 min 23 s", "1 h 02 min 03 s"; "?" for a negative, NaN or infinite
/// duration (an ETA that cannot be estimated).
[[nodiscard]] std::string format_duration(double seconds);

} // namespace gpparity::verify
