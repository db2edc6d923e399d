#pragma once
/// --include / --exclude: shell globs over `schema.name` (raw, unquoted names), repeatable.
/// An object passes when it matches some include (or there are none) and no exclude. Pure.

#include <string>
#include <string_view>
#include <vector>

namespace gpparity::catalog {

/// fnmatch-style glob: `*` any run, `?` one character, `[...]` a class; no special meaning
/// for '.' or '/'. Case-sensitive (PostgreSQL names are).
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text) noexcept;

class Filter {
public:
    Filter() = default;
    Filter(std::vector<std::string> include, std::vector<std::string> exclude)
        : m_include(std::move(include)), m_exclude(std::move(exclude)) {}

    /// True when `schema.name` passes.
    [[nodiscard]] bool accepts(std::string_view schema, std::string_view name) const;
    [[nodiscard]] bool is_empty() const noexcept { return m_include.empty() && m_exclude.empty(); }
    [[nodiscard]] const std::vector<std::string>& includes() const noexcept { return m_include; }
    [[nodiscard]] const std::vector<std::string>& excludes() const noexcept { return m_exclude; }
    /// Whether an --include that matches nothing is an error (the default). Off for each
    /// database of an --all-databases run: an include may name one database's objects only.
    [[nodiscard]] bool requires_include_matches() const noexcept { return m_require_matches; }
    void set_requires_include_matches(bool require) noexcept { m_require_matches = require; }

private:
    std::vector<std::string> m_include;
    std::vector<std::string> m_exclude;
    bool m_require_matches = true;
};

} // namespace gpparity::catalog
