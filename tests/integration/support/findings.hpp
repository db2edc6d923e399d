#pragma once
/// Integration-test support for catalog findings: a readable listing for assertion messages.

#include "catalog/finding.hpp"

#include <string>
#include <vector>

namespace gpparity::testing {

/// One line a finding: status, kind, object, each detail `[attribute: source -> target]`, then
/// the normalization rule and the reason where there is one.
[[nodiscard]] std::string describe(const std::vector<catalog::Finding>& findings);

} // namespace gpparity::testing
