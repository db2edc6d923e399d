/// libFuzzer target: a waiver file (`--waivers`, verify/waivers.hpp), parsed with toml++ and
/// checked entry by entry, then applied to a small report. UsageError is the expected outcome of
/// bad input; anything else (a crash, another exception) is a finding.

#include "verify/waivers.hpp"
#include "catalog/error.hpp"
#include "verify/report.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace v = gpparity::verify;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::chrono::year_month_day today{std::chrono::year(2026), std::chrono::December,
                                            std::chrono::day(5)};
    try {
        const auto waivers = v::parse_waivers(text, "fuzz.toml", today);
        v::Report report;
        report.catalog.emplace();
        report.catalog->findings.push_back({gpparity::catalog::ObjectKind::table,
                                            "shop.orders",
                                            gpparity::catalog::FindingStatus::changed,
                                            {},
                                            "",
                                            "",
                                            {}});
        report.data.emplace();
        gpparity::checksum::TableResult t;
        t.table = "shop.orders";
        t.status = gpparity::checksum::TableStatus::content_mismatch;
        report.data->tables.push_back(t);
        v::apply_waivers(report, waivers, today);
    } catch (const gpparity::catalog::UsageError&) {
        return 0;
    }
    return 0;
}
