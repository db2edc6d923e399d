#include "verify/data_strategy.hpp"

namespace gpparity::verify {

std::string_view to_string(DataStrategy strategy) noexcept {
    return strategy == DataStrategy::pushdown ? "pushdown" : "stream";
}

DataStrategy resolve_strategy(std::string_view requested, std::string_view mode,
                              bool source_greenplum, bool target_greenplum,
                              bool any_snapshot) noexcept {
    if (mode == "count" || requested == "pushdown") {
        return DataStrategy::pushdown;
    }
    if (requested == "stream") {
        return DataStrategy::stream;
    }
    if (any_snapshot) {
        return DataStrategy::stream;
    }
    return source_greenplum && target_greenplum ? DataStrategy::pushdown : DataStrategy::stream;
}

} // namespace gpparity::verify
