#pragma once
/// Drill-down (issue 8): from a table's per-segment bucket digests to the rows that differ,
/// without a primary key, without sorting, and without holding the table in memory. The
/// bucket digests of both sides say which buckets differ (plan_drill); each side is re-read —
/// only the segments that hold rows in those buckets — with the same canonical codec, and a
/// row is kept only when its bucket is one of them (RowCollector); the kept rows of the two
/// sides are then compared as multisets and paired by primary key (diff_rows). Memory is
/// bounded by the rows in the differing buckets; when those are many, a first re-read computes
/// a second level of fine buckets (fine_bucket) and the next keeps only the differing ones'.
/// run_drill_scans runs the re-reads on real (or test) sessions, at most `jobs` at a time.

#include "checksum/engine.hpp"
#include "checksum/segment_digest.hpp"
#include "checksum/table_result.hpp"

#include <bitset>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gpparity::checksum {

using BucketMask = std::bitset<k_bucket_count>;
/// content id -> the buckets whose rows to keep from that segment (absent: do not read it).
using SegmentMasks = std::map<int, BucketMask>;

/// What to re-read on each side.
struct DrillPlan {
    SegmentMasks source;
    SegmentMasks target;
    std::size_t differing_buckets = 0; ///< buckets whose whole-table digests differ
};

/// One side's digests as the stream engine left them.
struct DrillDigests {
    const std::map<int, SegmentDigest>* segments = nullptr;
    bool replicated = false; ///< every segment holds the whole table: one copy is read
};

/// The buckets whose whole-table digests differ (a replicated side counts its first segment
/// once, as compare.hpp's whole_table does), and per side the segments that hold rows in them.
/// With `per_segment` placement (same numsegments and policy) a segment is read only for the
/// buckets that differ on that very segment: the whole-table difference of a bucket is the sum
/// of its per-segment differences. Pure.
[[nodiscard]] DrillPlan plan_drill(const DrillDigests& source, const DrillDigests& target,
                                   bool per_segment);

/// A kept row: its key's canonical bytes, its values as the server prints them, and how many
/// copies of it were read.
struct KeptRow {
    std::string row_bytes; ///< canonical encoding (for a deterministic order)
    std::string key_bytes; ///< empty when the table has no bucket key
    std::vector<std::optional<std::string>> values;
    std::uint64_t copies = 0;
};

struct Hash128Hasher {
    std::size_t operator()(const Hash128& h) const noexcept {
        return static_cast<std::size_t>(h.low ^ (h.high * 0x9E3779B97F4A7C15ULL));
    }
};

/// The second level of buckets: a row's fine bucket is its bucket plus 16 more bits of its
/// bucket hash, so a differing bucket of a large table splits into 65536 fine ones.
inline constexpr std::uint32_t k_fine_bucket_mask = 0xFFFFFFU;
[[nodiscard]] constexpr std::uint32_t fine_bucket(std::uint32_t bucket_hash) noexcept {
    return bucket_hash & k_fine_bucket_mask;
}
using FineDigests = std::unordered_map<std::uint32_t, MultisetDigest>;
using FineSet = std::unordered_set<std::uint32_t>;

/// The fine buckets whose digests differ between the two sides. Pure.
[[nodiscard]] FineSet differing_fine_buckets(const FineDigests& source, const FineDigests& target);

/// Digests by bucket (or by fine bucket).
using BucketDigests = std::unordered_map<std::uint32_t, MultisetDigest>;

/// The rows one side kept, by row hash (or, in a fine-digest pass, only fine bucket digests).
struct KeptRows {
    std::unordered_map<Hash128, KeptRow, Hash128Hasher> rows;
    FineDigests fine;
    /// Every row the masks (and the fine filter) admitted, digested by bucket — by fine bucket
    /// when there is a fine filter: what the re-read must reproduce of the checksum's digests.
    BucketDigests admitted;
    std::uint64_t rows_read = 0; ///< rows that arrived (kept or not)
    std::uint64_t rows_kept = 0; ///< rows whose bucket was in the mask (copies included)
    void merge(KeptRows&& other);
};

/// A binary COPY consumer for a drill-down re-read: every row carries (after an optional
/// leading gp_segment_id) the codec's columns followed by `display_columns` text fields (the
/// same columns cast to text). Rows whose segment and bucket are in `masks` are kept — or, with
/// `fine_digests`, only added to `out.fine`; with a `fine_filter`, only rows whose fine bucket is
/// in it are kept.
class RowCollector {
public:
    RowCollector(const RowCodec& codec, std::size_t display_columns, int segment,
                 const SegmentMasks& masks, KeptRows& out, bool fine_digests = false,
                 const FineSet* fine_filter = nullptr);
    ~RowCollector();
    RowCollector(const RowCollector&) = delete;
    RowCollector& operator=(const RowCollector&) = delete;
    /// Throws DecodeError for malformed data.
    void feed(std::string_view chunk);
    /// Throws DecodeError when the stream did not end cleanly.
    void finish();

private:
    class Sink;
    std::unique_ptr<Sink> m_sink;
    CopyBinaryParser m_parser;
};

/// One re-read.
struct DrillItem {
    ScanSource* source = nullptr; ///< outlives the run
    int endpoint = -1;
    std::string sql;
    const RowCodec* codec = nullptr; ///< outlives the run
    std::size_t display_columns = 0;
    int segment = -1; ///< the content id of the rows unless codec.leading_segment_id
    const SegmentMasks* masks = nullptr;
    bool fine_digests = false;            ///< only compute fine bucket digests
    const FineSet* fine_filter = nullptr; ///< keep only rows in these fine buckets
    // Filled by run_drill_scans:
    KeptRows kept;
    std::optional<std::string> error; ///< the server's message, or a decode failure
};

/// Runs every item on its own session, at most `jobs` at a time. A query or decode error is
/// that item's `error`; anything else (connection lost, interrupted) is rethrown.
void run_drill_scans(std::vector<DrillItem>& items, int jobs, Interrupt* interrupt);

/// The rows that differ between two sides' kept rows, at most `limit` of them, in key order.
/// `keyed`: the bucket key is a primary key that identifies a row on both sides, so a row
/// with a key on both sides is `changed`; otherwise every differing row is shown whole, with
/// the copies each side holds. `codec` is the rows' layout (its key_columns index into the
/// values); a changed row's changed_columns compare the canonical encodings. Also returns the
/// number of differing rows found before the limit. Throws DecodeError when a kept row is not
/// an encoding of `codec`. Pure.
[[nodiscard]] std::vector<RowDifference> diff_rows(const KeptRows& source, const KeptRows& target,
                                                   bool keyed, const RowCodec& codec,
                                                   std::size_t limit, std::uint64_t& found);

} // namespace gpparity::checksum
