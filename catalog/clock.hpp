#pragma once
/// Timestamps as every gpparity artifact writes them: ISO 8601 in UTC, to the second
/// (`2026-11-24T09:20:26Z`). Pure.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gpparity::catalog {

/// `when` as `YYYY-MM-DDTHH:MM:SSZ`.
[[nodiscard]] std::string iso8601_utc(std::chrono::system_clock::time_point when);

/// The time iso8601_utc wrote as `text`; nullopt for anything else (another form, a date that
/// does not exist).
[[nodiscard]] std::optional<std::chrono::system_clock::time_point>
parse_iso8601_utc(std::string_view text);

} // namespace gpparity::catalog
