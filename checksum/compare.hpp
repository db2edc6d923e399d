#pragma once
/// Turns the digests of one table's two sides into its verdict (DESIGN.md §3 step 7): the first
/// that applies of count_mismatch (totals differ), content_mismatch (the rows summed over all
/// segments differ), placement_mismatch (rows per segment differ where placement is
/// comparable), else match; error when a side could not be read. Per-segment detail is always
/// kept. Pure.

#include "checksum/placement.hpp"
#include "checksum/segment_digest.hpp"
#include "checksum/table_result.hpp"

#include <map>
#include <optional>
#include <string>

namespace gpparity::checksum {

/// One side of one table as the engine left it.
struct SideDigests {
    std::map<int, SegmentDigest> segments; ///< content id -> digest
    std::optional<std::string> error;      ///< the reason this side could not be read
    bool replicated = false;               ///< every segment holds the whole table
};

/// The whole table of one side: the sum over segments, or one copy when replicated.
[[nodiscard]] MultisetDigest whole_table(const SideDigests& side);

/// Compares one table. `result` must already carry the identity, strategy, excluded columns;
/// this fills status, rows, placement and segments.
void compare_table(const SideDigests& source, const SideDigests& target,
                   const PlacementDecision& placement, TableResult& result);

/// The more severe of two statuses for a roll-up (error > count > content > placement > match).
[[nodiscard]] TableStatus more_severe(TableStatus a, TableStatus b) noexcept;

} // namespace gpparity::checksum
