#pragma once
/// The verdict of count mode (`gpparity data --mode count`, DESIGN.md §3 step 7): only row
/// counts are compared, per table and per segment where placement is comparable, so a table is
/// count_match, count_mismatch or placement_mismatch (by counts) — never match, since no row
/// content was read. Pure.

#include "checksum/compare.hpp"

namespace gpparity::checksum {

/// Compares the counts of one table. `result` must already carry the identity and strategy;
/// this fills status, rows, placement and segments like compare_table, with count_match in
/// place of match. Digest sums in the inputs are ignored.
void compare_counts(const SideDigests& source, const SideDigests& target,
                    const PlacementDecision& placement, TableResult& result);

} // namespace gpparity::checksum
