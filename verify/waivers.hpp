#pragma once
/// Waivers: accepted differences, read from a TOML file (`--waivers FILE`), one `[[waiver]]`
/// table per entry:
///
///     [[waiver]]
///     object   = "shop.orders*"              # glob over the report identity (catalog::glob_match)
///     status   = ["changed", "content_mismatch"]   # or one string
///     database = "shop"                      # optional: only when this database is compared
///     reason   = "re-keyed for GP7 (MIG-42)" # required
///     expires  = 2027-01-31                  # required, a TOML date, at most 90 days ahead
///
/// A finding or table a live waiver covers becomes `waived` (it no longer fails the run) and
/// keeps its status in `waiver.status`. An expired waiver covers nothing, and a live one that
/// covered nothing is stale: both are warnings. Parsing is pure; the file is read by the CLI.

#include "verify/report.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::verify {

/// The most days ahead a waiver may expire: accepted differences are looked at again.
inline constexpr int k_max_waiver_days = 90;

struct Waiver {
    int line = 0;                      ///< where the entry starts in the file (1-based)
    std::string object;                ///< glob over identities
    std::vector<std::string> statuses; ///< catalog finding or table statuses it covers
    std::optional<std::string> database;
    std::string reason;
    std::chrono::year_month_day expires;
};

/// Parses a waiver file's text. `today` (UTC) bounds `expires`: a waiver that expires more than
/// k_max_waiver_days after it is an error; one already past is kept (it covers nothing and is
/// reported). Throws catalog::UsageError with one line naming `file`, the line and the cause.
[[nodiscard]] std::vector<Waiver> parse_waivers(std::string_view text, const std::string& file,
                                                std::chrono::year_month_day today);

/// Reads and parses `file` (catalog::UsageError when it cannot be read or parsed).
[[nodiscard]] std::vector<Waiver> load_waivers(const std::string& file,
                                               std::chrono::year_month_day today);

/// Today's date in UTC.
[[nodiscard]] std::chrono::year_month_day today_utc();

/// `YYYY-MM-DD`.
[[nodiscard]] std::string to_string(std::chrono::year_month_day date);

/// Applies `waivers` to the report's findings and tables (of the database `database`; either
/// side's name matches), then records each waiver's outcome in report.waivers and a warning for
/// each expired or stale one. The first live waiver that covers an item wins.
void apply_waivers(Report& report, const std::vector<Waiver>& waivers,
                   std::chrono::year_month_day today);

} // namespace gpparity::verify
