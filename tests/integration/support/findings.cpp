#include "tests/integration/support/findings.hpp"

#include <sstream>

namespace gpparity::testing {

std::string describe(const std::vector<catalog::Finding>& findings) {
    std::ostringstream out;
    for (const auto& f : findings) {
        out << "  " << catalog::to_string(f.status) << " " << catalog::to_string(f.kind) << " "
            << f.object;
        for (const auto& d : f.details) {
            out << " [" << d.attribute << ": " << d.source.value_or("NULL") << " -> "
                << d.target.value_or("NULL") << "]";
        }
        if (!f.rule.empty()) {
            out << " (rule: " << f.rule << ")";
        }
        if (!f.reason.empty()) {
            out << " (reason: " << f.reason << ")";
        }
        out << "\n";
    }
    return out.str();
}

} // namespace gpparity::testing
