#pragma once
/// Timestamps as every gpparity artifact writes them: ISO 8601 in UTC, to the second
/// (`2026-11-24T09:20:26Z`). Pure.

#include <chrono>
#include <string>

namespace gpparity::catalog {

/// `when` as `YYYY-MM-DDTHH:MM:SSZ`.
[[nodiscard]] std::string iso8601_utc(std::chrono::system_clock::time_point when);

} // namespace gpparity::catalog
