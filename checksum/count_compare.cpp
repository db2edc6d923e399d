#include "checksum/count_compare.hpp"

namespace gpparity::checksum {

namespace {

SideDigests counts_only(const SideDigests& side) {
    SideDigests out;
    out.error = side.error;
    out.replicated = side.replicated;
    for (const auto& [content, digest] : side.segments) {
        out.segments[content].total.count = digest.total.count;
    }
    return out;
}

TableStatus as_count_status(TableStatus status) {
    return status == TableStatus::match ? TableStatus::count_match : status;
}

} // namespace

void compare_counts(const SideDigests& source, const SideDigests& target,
                    const PlacementDecision& placement, TableResult& result) {
    // With every sum zero, compare_table can only find count and placement differences.
    compare_table(counts_only(source), counts_only(target), placement, result);
    result.status = as_count_status(result.status);
    for (auto& segment : result.segments) {
        segment.status = as_count_status(segment.status);
    }
}

} // namespace gpparity::checksum
