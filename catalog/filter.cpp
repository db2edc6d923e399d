#include "catalog/filter.hpp"

#include <fnmatch.h>

namespace gpparity::catalog {

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
    std::string p(pattern);
    std::string t(text);
    return ::fnmatch(p.c_str(), t.c_str(), 0) == 0;
}

bool Filter::accepts(std::string_view schema, std::string_view name) const {
    std::string full;
    full.reserve(schema.size() + 1 + name.size());
    full.append(schema).append(".").append(name);
    bool included = m_include.empty();
    for (const auto& pattern : m_include) {
        if (glob_match(pattern, full)) {
            included = true;
            break;
        }
    }
    if (!included) {
        return false;
    }
    for (const auto& pattern : m_exclude) {
        if (glob_match(pattern, full)) {
            return false;
        }
    }
    return true;
}

} // namespace gpparity::catalog
