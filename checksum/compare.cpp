#include "checksum/compare.hpp"

#include <set>

namespace gpparity::checksum {

namespace {

int severity(TableStatus s) noexcept {
    switch (s) {
    case TableStatus::error:
        return 6;
    case TableStatus::skipped:
        return 5;
    case TableStatus::missing_in_target:
    case TableStatus::extra_in_target:
        return 4;
    case TableStatus::count_mismatch:
        return 3;
    case TableStatus::content_mismatch:
        return 2;
    case TableStatus::placement_mismatch:
        return 1;
    case TableStatus::match:
    case TableStatus::count_match:
    case TableStatus::not_applicable:
    case TableStatus::waived:
        return 0;
    }
    return 6;
}

TableStatus compare_digests(const MultisetDigest& source, const MultisetDigest& target) {
    if (source.count != target.count) {
        return TableStatus::count_mismatch;
    }
    if (source.sum != target.sum) {
        return TableStatus::content_mismatch;
    }
    return TableStatus::match;
}

} // namespace

TableStatus more_severe(TableStatus a, TableStatus b) noexcept {
    return severity(b) > severity(a) ? b : a;
}

MultisetDigest whole_table(const SideDigests& side) {
    MultisetDigest whole;
    if (side.replicated) {
        if (!side.segments.empty()) {
            whole = side.segments.begin()->second.total;
        }
        return whole;
    }
    for (const auto& [content, digest] : side.segments) {
        whole += digest.total;
    }
    return whole;
}

void compare_table(const SideDigests& source, const SideDigests& target,
                   const PlacementDecision& placement, TableResult& result) {
    result.placement_compared = placement.compared();
    result.placement_note = placement.note;
    result.segments.clear();
    std::set<int> contents;
    for (const auto& [content, digest] : source.segments) {
        contents.insert(content);
    }
    for (const auto& [content, digest] : target.segments) {
        contents.insert(content);
    }
    if (source.error || target.error) {
        result.status = TableStatus::error;
        result.message = source.error ? "source: " + *source.error : "";
        if (target.error) {
            result.message += (result.message.empty() ? "" : "; ") + ("target: " + *target.error);
        }
        if (!source.error) {
            result.source_rows = whole_table(source).count;
        }
        if (!target.error) {
            result.target_rows = whole_table(target).count;
        }
        return;
    }
    MultisetDigest source_whole = whole_table(source);
    MultisetDigest target_whole = whole_table(target);
    result.source_rows = source_whole.count;
    result.target_rows = target_whole.count;
    result.status = compare_digests(source_whole, target_whole);

    bool single = contents.size() == 1 && *contents.begin() == -1;
    TableStatus placement_status = TableStatus::match;
    for (int content : contents) {
        SegmentResult seg;
        seg.content = content;
        auto s = source.segments.find(content);
        auto t = target.segments.find(content);
        MultisetDigest empty;
        const MultisetDigest& sd = s == source.segments.end() ? empty : s->second.total;
        const MultisetDigest& td = t == target.segments.end() ? empty : t->second.total;
        if (s != source.segments.end()) {
            seg.source_rows = sd.count;
        }
        if (t != target.segments.end()) {
            seg.target_rows = td.count;
        }
        switch (placement.mode) {
        case PlacementDecision::Mode::per_segment:
            seg.status = compare_digests(sd, td);
            break;
        case PlacementDecision::Mode::replicated:
            // Every target segment must hold the whole source table.
            seg.status = compare_digests(source_whole, td);
            break;
        case PlacementDecision::Mode::totals:
            seg.status = single ? result.status : TableStatus::skipped;
            break;
        }
        if (placement.compared() && seg.status != TableStatus::match) {
            placement_status = TableStatus::placement_mismatch;
        }
        result.segments.push_back(seg);
    }
    if (result.status == TableStatus::match) {
        result.status = placement_status;
    }
}

} // namespace gpparity::checksum
