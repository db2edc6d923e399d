#include "catalog/finding.hpp"

namespace gpparity::catalog {

std::string_view to_string(FindingStatus status) noexcept {
    switch (status) {
    case FindingStatus::missing_in_target:
        return "missing_in_target";
    case FindingStatus::extra_in_target:
        return "extra_in_target";
    case FindingStatus::changed:
        return "changed";
    case FindingStatus::expected_change:
        return "expected_change";
    case FindingStatus::incompatible:
        return "incompatible";
    case FindingStatus::waived:
        return "waived";
    }
    return "changed";
}

std::optional<FindingStatus> parse_finding_status(std::string_view name) noexcept {
    for (FindingStatus s :
         {FindingStatus::missing_in_target, FindingStatus::extra_in_target, FindingStatus::changed,
          FindingStatus::expected_change, FindingStatus::incompatible, FindingStatus::waived}) {
        if (to_string(s) == name) {
            return s;
        }
    }
    return std::nullopt;
}

} // namespace gpparity::catalog
