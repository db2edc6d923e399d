#include "checksum/table_result.hpp"

#include <array>
#include <utility>

namespace gpparity::checksum {

namespace {

constexpr std::array<std::pair<TableStatus, std::string_view>, 11> k_names{{
    {TableStatus::match, "match"},
    {TableStatus::count_match, "count_match"},
    {TableStatus::count_mismatch, "count_mismatch"},
    {TableStatus::content_mismatch, "content_mismatch"},
    {TableStatus::placement_mismatch, "placement_mismatch"},
    {TableStatus::missing_in_target, "missing_in_target"},
    {TableStatus::extra_in_target, "extra_in_target"},
    {TableStatus::skipped, "skipped"},
    {TableStatus::error, "error"},
    {TableStatus::not_applicable, "not_applicable"},
    {TableStatus::waived, "waived"},
}};

} // namespace

std::string_view to_string(TableStatus status) noexcept {
    for (const auto& [s, name] : k_names) {
        if (s == status) {
            return name;
        }
    }
    return "error";
}

std::optional<TableStatus> parse_table_status(std::string_view name) noexcept {
    for (const auto& [s, n] : k_names) {
        if (n == name) {
            return s;
        }
    }
    return std::nullopt;
}

} // namespace gpparity::checksum
