#pragma once
/// The verdict of a run and the exit status it maps to (DESIGN.md §1, like diff(1)):
/// 0 pass, 1 differences found, 2 something could not be compared or the run could not start.

#include <string_view>

namespace gpparity::verify {

enum class Verdict { pass, fail, incomplete };

[[nodiscard]] constexpr int exit_status(Verdict verdict) noexcept {
    switch (verdict) {
    case Verdict::pass:
        return 0;
    case Verdict::fail:
        return 1;
    case Verdict::incomplete:
        return 2;
    }
    return 2;
}

[[nodiscard]] constexpr std::string_view to_string(Verdict verdict) noexcept {
    switch (verdict) {
    case Verdict::pass:
        return "pass";
    case Verdict::fail:
        return "fail";
    case Verdict::incomplete:
        return "incomplete";
    }
    return "incomplete";
}

/// Combines two verdicts: trouble wins over differences, differences over a pass.
[[nodiscard]] constexpr Verdict combine(Verdict a, Verdict b) noexcept {
    return static_cast<int>(a) > static_cast<int>(b) ? a : b;
}

} // namespace gpparity::verify
