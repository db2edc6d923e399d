#pragma once
/// Small string helpers shared by every layer (catalog is the lowest one, DESIGN.md §2).

#include <string>
#include <string_view>
#include <vector>

namespace gpparity::catalog {

/// `parts` with `separator` between each two of them ("" for none).
[[nodiscard]] inline std::string join(const std::vector<std::string>& parts,
                                      std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += parts[i];
    }
    return out;
}

} // namespace gpparity::catalog
