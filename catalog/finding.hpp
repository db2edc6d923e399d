#pragma once
/// What the catalog diff returns: one Finding per object that is missing, extra, changed,
/// changed only as a known GP6->GP7 rule explains, or cannot exist on the target as it was
/// (DESIGN.md §3 step 4, §7). Differences are data, not errors.

#include "catalog/object_kind.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::catalog {

enum class FindingStatus {
    missing_in_target,
    extra_in_target,
    changed,
    expected_change,
    incompatible,
    /// A difference a waiver accepts (verify/waivers.hpp): reported, never failing the run.
    waived
};

[[nodiscard]] std::string_view to_string(FindingStatus status) noexcept;
[[nodiscard]] std::optional<FindingStatus> parse_finding_status(std::string_view name) noexcept;
/// All statuses but expected_change and waived fail the verdict.
[[nodiscard]] constexpr bool fails_verdict(FindingStatus status) noexcept {
    return status != FindingStatus::expected_change && status != FindingStatus::waived;
}

/// One attribute that differs: {attribute, source, target}; nullopt is "absent/NULL".
struct FindingDetail {
    std::string attribute;
    std::optional<std::string> source;
    std::optional<std::string> target;

    friend bool operator==(const FindingDetail&, const FindingDetail&) = default;
};

/// The waiver that accepted a difference: the status it had, and the waiver's reason and
/// expiry date (YYYY-MM-DD).
struct AppliedWaiver {
    std::string status;
    std::string reason;
    std::string expires;

    friend bool operator==(const AppliedWaiver&, const AppliedWaiver&) = default;
};

struct Finding {
    ObjectKind kind = ObjectKind::table;
    std::string object; ///< the report identity
    FindingStatus status = FindingStatus::changed;
    std::vector<FindingDetail> details;
    std::string rule;                      ///< the normalization rule, for expected_change
    std::string reason;                    ///< why, for incompatible (and a note where useful)
    std::optional<AppliedWaiver> waiver{}; ///< set exactly when status is waived
    /// `new` or `persisting` against the previous comparable run (`--history`,
    /// verify/history.hpp); empty without one.
    std::string since_last{};
    /// `--all-databases`: the database the object is in; empty for a cluster-wide object (role,
    /// tablespace, resource queue or group) and in a single-database run.
    std::string database{};

    friend bool operator==(const Finding&, const Finding&) = default;
};

} // namespace gpparity::catalog
