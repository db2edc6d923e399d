#include "verify/data_strategy.hpp"

namespace gpparity::verify {

namespace {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<std::string_view, Enum>, N>& names,
                         Enum value) noexcept {
    for (const auto& [name, v] : names) {
        if (v == value) {
            return name;
        }
    }
    return "?";
}

} // namespace

std::string_view to_string(Strategy strategy) noexcept {
    return name_of(k_strategies, strategy);
}
std::string_view to_string(Mode mode) noexcept {
    return name_of(k_modes, mode);
}
std::string_view to_string(Via via) noexcept {
    return name_of(k_vias, via);
}

Strategy resolve_strategy(Strategy requested, Mode mode, bool source_greenplum,
                          bool target_greenplum, bool any_snapshot, bool server_digest) noexcept {
    if (mode == Mode::count || requested == Strategy::pushdown) {
        return Strategy::pushdown;
    }
    if (requested == Strategy::stream) {
        return Strategy::stream;
    }
    if (any_snapshot) {
        return server_digest && (source_greenplum || target_greenplum) ? Strategy::pushdown
                                                                       : Strategy::stream;
    }
    return source_greenplum && target_greenplum ? Strategy::pushdown : Strategy::stream;
}

} // namespace gpparity::verify
