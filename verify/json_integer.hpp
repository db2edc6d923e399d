#pragma once
/// Integers read from JSON that gpparity did not necessarily write (snapshot files, history
/// reports): nlohmann's get<int>() of a float or of an integer out of range is undefined
/// behaviour, so every such field goes through json_integer.

#include "catalog/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace gpparity::verify {

/// `value` as a T. Throws catalog::UsageError "<what> is not an integer" for anything but a
/// JSON integer, and "<what> is out of range" for one T cannot hold.
template <typename T>
[[nodiscard]] T json_integer(const nlohmann::json& value, std::string_view what) {
    if (value.is_number_unsigned()) {
        const auto v = value.get<std::uint64_t>();
        if (!std::in_range<T>(v)) {
            throw catalog::UsageError(std::string(what) + " is out of range");
        }
        return static_cast<T>(v);
    }
    if (value.is_number_integer()) {
        const auto v = value.get<std::int64_t>();
        if (!std::in_range<T>(v)) {
            throw catalog::UsageError(std::string(what) + " is out of range");
        }
        return static_cast<T>(v);
    }
    throw catalog::UsageError(std::string(what) + " is not an integer");
}

} // namespace gpparity::verify
