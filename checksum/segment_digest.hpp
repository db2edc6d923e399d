#pragma once
/// What one stream yields per segment (DESIGN.md §3 step 6): the row count and multiset digest,
/// plus per-bucket digests keyed by a hash of the row's key, kept for the drill-down that
/// narrows a mismatch to its rows without sorting either side. Fixed size whatever the table.

#include "checksum/digest.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// Buckets per segment digest. Part of the digest format (with k_encoding_version).
inline constexpr std::size_t k_bucket_count = 256;

struct SegmentDigest {
    MultisetDigest total;
    /// k_bucket_count digests once the segment has a row; empty for an empty segment (so the
    /// many empty segments and tables of a large database cost nothing).
    std::vector<MultisetDigest> buckets;

    /// Adds one row: its hash, and its bucket hash (checksum/bucket_key.hpp).
    void add(const Hash128& row_hash, std::uint32_t bucket_hash) {
        if (buckets.empty()) {
            buckets.resize(k_bucket_count);
        }
        total.add(row_hash);
        buckets[bucket_hash % k_bucket_count].add(row_hash);
    }
    SegmentDigest& operator+=(const SegmentDigest& other) {
        total += other.total;
        if (other.buckets.empty()) {
            return *this;
        }
        if (buckets.empty()) {
            buckets.resize(k_bucket_count);
        }
        for (std::size_t i = 0; i < k_bucket_count; ++i) {
            buckets[i] += other.buckets[i];
        }
        return *this;
    }
};

} // namespace gpparity::checksum
