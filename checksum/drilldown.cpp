#include "checksum/drilldown.hpp"

#include "catalog/error.hpp"
#include "checksum/bucket_key.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>

namespace gpparity::checksum {

namespace {

const MultisetDigest k_empty_digest;

const MultisetDigest& bucket_of(const SegmentDigest& digest, std::size_t bucket) {
    return digest.buckets.empty() ? k_empty_digest : digest.buckets[bucket];
}

// Per bucket, the whole table of one side: the sum over segments, or the first segment of a
// replicated table (compare.hpp's whole_table).
std::vector<MultisetDigest> whole_buckets(const DrillDigests& side) {
    std::vector<MultisetDigest> out(k_bucket_count);
    if (side.segments == nullptr) {
        return out;
    }
    for (const auto& [content, digest] : *side.segments) {
        for (std::size_t b = 0; b < k_bucket_count; ++b) {
            out[b] += bucket_of(digest, b);
        }
        if (side.replicated) {
            break;
        }
    }
    return out;
}

SegmentMasks side_masks(const DrillDigests& side, const BucketMask& differing) {
    SegmentMasks out;
    if (side.segments == nullptr) {
        return out;
    }
    for (const auto& [content, digest] : *side.segments) {
        BucketMask mask;
        for (std::size_t b = 0; b < k_bucket_count; ++b) {
            if (differing.test(b) && bucket_of(digest, b).count > 0) {
                mask.set(b);
            }
        }
        if (mask.any()) {
            out[content] = mask;
        }
        if (side.replicated) {
            break;
        }
    }
    return out;
}

} // namespace

DrillPlan plan_drill(const DrillDigests& source, const DrillDigests& target, bool per_segment) {
    DrillPlan plan;
    std::vector<MultisetDigest> s = whole_buckets(source);
    std::vector<MultisetDigest> t = whole_buckets(target);
    BucketMask differing;
    for (std::size_t b = 0; b < k_bucket_count; ++b) {
        if (!(s[b] == t[b])) {
            differing.set(b);
        }
    }
    plan.differing_buckets = differing.count();
    if (!per_segment || source.replicated || target.replicated || source.segments == nullptr ||
        target.segments == nullptr) {
        plan.source = side_masks(source, differing);
        plan.target = side_masks(target, differing);
        return plan;
    }
    // Same placement: a bucket's whole-table difference is the sum of its per-segment ones, so
    // (segment, bucket) pairs that match on both sides hold no differing row.
    std::map<int, BucketMask> per_content;
    auto consider = [&](int content) {
        if (per_content.count(content) != 0) {
            return;
        }
        auto si = source.segments->find(content);
        auto ti = target.segments->find(content);
        SegmentDigest none;
        const SegmentDigest& sd = si == source.segments->end() ? none : si->second;
        const SegmentDigest& td = ti == target.segments->end() ? none : ti->second;
        BucketMask mask;
        for (std::size_t b = 0; b < k_bucket_count; ++b) {
            if (differing.test(b) && !(bucket_of(sd, b) == bucket_of(td, b))) {
                mask.set(b);
            }
        }
        per_content[content] = mask;
    };
    for (const auto& [content, digest] : *source.segments) {
        consider(content);
    }
    for (const auto& [content, digest] : *target.segments) {
        consider(content);
    }
    auto restrict = [&](const DrillDigests& side, SegmentMasks& out) {
        for (const auto& [content, digest] : *side.segments) {
            BucketMask mask;
            for (std::size_t b = 0; b < k_bucket_count; ++b) {
                if (per_content[content].test(b) && bucket_of(digest, b).count > 0) {
                    mask.set(b);
                }
            }
            if (mask.any()) {
                out[content] = mask;
            }
        }
    };
    restrict(source, plan.source);
    restrict(target, plan.target);
    return plan;
}

FineSet differing_fine_buckets(const FineDigests& source, const FineDigests& target) {
    FineSet out;
    for (const auto& [id, digest] : source) {
        auto t = target.find(id);
        if (t == target.end() || !(t->second == digest)) {
            out.insert(id);
        }
    }
    for (const auto& [id, digest] : target) {
        if (source.find(id) == source.end()) {
            out.insert(id);
        }
    }
    return out;
}

void KeptRows::merge(KeptRows&& other) {
    rows_read += other.rows_read;
    rows_kept += other.rows_kept;
    for (const auto& [id, digest] : other.fine) {
        fine[id] += digest;
    }
    other.fine.clear();
    for (const auto& [id, digest] : other.admitted) {
        admitted[id] += digest;
    }
    other.admitted.clear();
    for (auto& [hash, row] : other.rows) {
        auto [it, inserted] = rows.try_emplace(hash, std::move(row));
        if (!inserted) {
            it->second.copies += row.copies;
        }
    }
    other.rows.clear();
}

// ------------------------------------------------------------------------------- RowCollector

class RowCollector::Sink final : public RowSink {
public:
    Sink(const RowCodec& codec, std::size_t display_columns, int segment, const SegmentMasks& masks,
         KeptRows& out, bool fine_digests, const FineSet* fine_filter)
        : m_codec(codec), m_display_columns(display_columns), m_segment(segment), m_masks(masks),
          m_out(out), m_fine_digests(fine_digests), m_fine_filter(fine_filter) {}

    void on_row(const std::vector<FieldView>& fields) override {
        ++m_out.rows_read;
        std::size_t first = 0;
        int segment = m_segment;
        if (m_codec.leading_segment_id) {
            if (fields.empty() || fields[0].length != 4) {
                throw DecodeError("coordinator stream: gp_segment_id is not an int4");
            }
            segment = static_cast<std::int32_t>(read_u32(fields[0].data));
            first = 1;
        }
        const BucketMask* mask = mask_for(segment);
        if (mask == nullptr) {
            return;
        }
        std::size_t n = m_codec.columns.size();
        if (fields.size() != first + n + m_display_columns) {
            throw DecodeError("drill-down row has " + std::to_string(fields.size()) +
                              " fields, expected " + std::to_string(first + n + m_display_columns));
        }
        // encode_row wants exactly the codec's fields: hand it the canonical part only.
        m_canonical.assign(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(first + n));
        encode_row(m_codec, m_canonical, first, m_row, m_key);
        XXH128_hash_t h = XXH3_128bits(m_row.data(), m_row.size());
        std::uint32_t bucket = bucket_hash(m_codec, m_row, m_key, h.low64);
        auto coarse = static_cast<std::uint32_t>(bucket % k_bucket_count);
        if (!mask->test(coarse)) {
            return;
        }
        Hash128 row_hash{h.high64, h.low64};
        if (m_fine_digests) {
            ++m_out.rows_kept;
            m_out.fine[fine_bucket(bucket)].add(row_hash);
            m_out.admitted[coarse].add(row_hash);
            return;
        }
        if (m_fine_filter != nullptr) {
            if (m_fine_filter->count(fine_bucket(bucket)) == 0) {
                return;
            }
            m_out.admitted[fine_bucket(bucket)].add(row_hash);
        } else {
            m_out.admitted[coarse].add(row_hash);
        }
        ++m_out.rows_kept;
        KeptRow& kept = m_out.rows[row_hash];
        if (kept.copies++ == 0) {
            kept.row_bytes = m_row;
            kept.key_bytes = m_codec.key_columns.empty() ? std::string() : m_key;
            kept.values.reserve(m_display_columns);
            for (std::size_t i = 0; i < m_display_columns; ++i) {
                const FieldView& f = fields[first + n + i];
                kept.values.push_back(f.is_null() ? std::nullopt
                                                  : std::optional<std::string>(f.bytes()));
            }
        }
    }

private:
    const BucketMask* mask_for(int segment) {
        if (m_last_mask == nullptr || segment != m_last_segment) {
            auto it = m_masks.find(segment);
            m_last_mask = it == m_masks.end() ? nullptr : &it->second;
            m_last_segment = segment;
            if (m_last_mask == nullptr) {
                return nullptr;
            }
        }
        return m_last_mask;
    }

    const RowCodec& m_codec;
    std::size_t m_display_columns;
    int m_segment;
    const SegmentMasks& m_masks;
    KeptRows& m_out;
    bool m_fine_digests;
    const FineSet* m_fine_filter;
    std::vector<FieldView> m_canonical;
    std::string m_row;
    std::string m_key;
    const BucketMask* m_last_mask = nullptr;
    int m_last_segment = 0;
};

RowCollector::RowCollector(const RowCodec& codec, std::size_t display_columns, int segment,
                           const SegmentMasks& masks, KeptRows& out, bool fine_digests,
                           const FineSet* fine_filter)
    : m_sink(std::make_unique<Sink>(codec, display_columns, segment, masks, out, fine_digests,
                                    fine_filter)) {
    m_parser.set_expected_fields(static_cast<int>(codec.columns.size() + display_columns) +
                                 (codec.leading_segment_id ? 1 : 0));
}

RowCollector::~RowCollector() = default;

void RowCollector::feed(std::string_view chunk) {
    m_parser.feed(chunk, *m_sink);
}

void RowCollector::finish() {
    m_parser.finish();
}

// ---------------------------------------------------------------------------- run_drill_scans

void run_drill_scans(std::vector<DrillItem>& items, int jobs, Interrupt* interrupt) {
    std::atomic<bool> stop{false};
    // Re-reads wait on the network, not the CPU: one thread per job even on fewer cores (as
    // the engine does), which also keeps oneTBB from warning about a capped arena.
    int threads = std::max(1, jobs);
    tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                                static_cast<std::size_t>(threads) + 1);
    tbb::task_arena arena(threads);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, items.size(), [&](std::size_t i) {
            DrillItem& item = items[i];
            if (stop.load() || (interrupt != nullptr && interrupt->requested())) {
                throw catalog::CancelledError("interrupted");
            }
            std::unique_ptr<ScanSession> session = item.source->open(item.endpoint);
            ScanSession* raw = session.get();
            int token = interrupt != nullptr ? interrupt->add([raw] { raw->cancel(); }) : -1;
            try {
                RowCollector collector(*item.codec, item.display_columns, item.segment, *item.masks,
                                       item.kept, item.fine_digests, item.fine_filter);
                session->scan(item.sql, [&](std::string_view chunk) { collector.feed(chunk); });
                collector.finish();
            } catch (const catalog::QueryError& e) {
                item.error = e.what();
                item.kept = KeptRows{};
            } catch (const DecodeError& e) {
                item.error = std::string("cannot decode the rows: ") + e.what();
                item.kept = KeptRows{};
            } catch (...) {
                if (token >= 0) {
                    interrupt->remove(token);
                }
                stop.store(true);
                throw;
            }
            if (token >= 0) {
                interrupt->remove(token);
            }
        });
    });
    if (interrupt != nullptr && interrupt->requested()) {
        throw catalog::CancelledError("interrupted");
    }
}

// ---------------------------------------------------------------------------------- diff_rows

namespace {

struct Excess {
    const KeptRow* row = nullptr;
    std::uint64_t source_copies = 0;
    std::uint64_t target_copies = 0;
};

std::vector<std::optional<std::string>> pick(const std::vector<std::optional<std::string>>& values,
                                             const std::vector<std::size_t>& columns) {
    std::vector<std::optional<std::string>> out;
    for (std::size_t c : columns) {
        if (c < values.size()) {
            out.push_back(values[c]);
        }
    }
    return out;
}

// Rows whose copies differ between the sides; identical rows (same hash, same copies) cancel
// out.
struct ExcessRows {
    std::vector<Excess> more_in_source;
    std::vector<Excess> more_in_target;
};

ExcessRows excess_rows(const KeptRows& source, const KeptRows& target) {
    ExcessRows excess;
    for (const auto& [hash, row] : source.rows) {
        auto t = target.rows.find(hash);
        std::uint64_t tc = t == target.rows.end() ? 0 : t->second.copies;
        if (row.copies > tc) {
            excess.more_in_source.push_back(Excess{&row, row.copies, tc});
        } else if (row.copies < tc) {
            excess.more_in_target.push_back(Excess{&t->second, row.copies, tc});
        }
    }
    for (const auto& [hash, row] : target.rows) {
        if (source.rows.find(hash) == source.rows.end()) {
            excess.more_in_target.push_back(Excess{&row, 0, row.copies});
        }
    }
    return excess;
}

// A difference and what the report is sorted by.
struct OrderedDifference {
    std::string order_key; // key bytes (keyed) or row bytes, then change
    RowDifference diff;
};

// A row with more copies on one side: missing in the target (`source_side`) or extra there.
OrderedDifference whole_row(const Excess& e, bool source_side, bool keyed,
                            const std::vector<std::size_t>& key_columns) {
    RowDifference d;
    d.change = source_side ? "missing_in_target" : "extra_in_target";
    d.key = keyed ? pick(e.row->values, key_columns) : std::vector<std::optional<std::string>>{};
    if (e.source_copies > 0) {
        d.source = e.row->values;
    }
    if (e.target_copies > 0) {
        d.target = e.row->values;
    }
    d.source_copies = e.source_copies;
    d.target_copies = e.target_copies;
    std::string order = keyed ? e.row->key_bytes : e.row->row_bytes;
    return OrderedDifference{order + (source_side ? "\x01" : "\x02"), std::move(d)};
}

// One key with a differing row on each side: one changed row, with the columns that differ.
OrderedDifference changed_row(const Excess& s, const Excess& t, const RowCodec& codec) {
    RowDifference d;
    d.change = "changed";
    d.key = pick(s.row->values, codec.key_columns);
    d.source = s.row->values;
    d.target = t.row->values;
    d.source_copies = s.source_copies;
    d.target_copies = t.target_copies;
    const std::vector<std::string_view> before = split_row(codec, s.row->row_bytes);
    const std::vector<std::string_view> after = split_row(codec, t.row->row_bytes);
    for (std::size_t c = 0; c < before.size() && c < after.size(); ++c) {
        if (before[c] != after[c]) {
            d.changed_columns.push_back(c);
        }
    }
    return OrderedDifference{s.row->key_bytes + std::string(1, '\0'), std::move(d)};
}

// A primary key identifies the row on both sides: pairs each source row with a target row of
// the same key as one changed row; the rows left over are missing or extra.
void pair_by_key(const ExcessRows& excess, const RowCodec& codec,
                 std::vector<OrderedDifference>& entries) {
    std::map<std::string, std::vector<const Excess*>> target_by_key;
    for (const auto& e : excess.more_in_target) {
        target_by_key[e.row->key_bytes].push_back(&e);
    }
    for (const auto& e : excess.more_in_source) {
        auto it = target_by_key.find(e.row->key_bytes);
        if (it == target_by_key.end() || it->second.empty()) {
            entries.push_back(whole_row(e, true, true, codec.key_columns));
            continue;
        }
        const Excess* t = it->second.back();
        it->second.pop_back();
        entries.push_back(changed_row(e, *t, codec));
    }
    for (const auto& [key, list] : target_by_key) {
        for (const Excess* t : list) {
            entries.push_back(whole_row(*t, false, true, codec.key_columns));
        }
    }
}

} // namespace

std::vector<RowDifference> diff_rows(const KeptRows& source, const KeptRows& target, bool keyed,
                                     const RowCodec& codec, std::size_t limit,
                                     std::uint64_t& found) {
    const ExcessRows excess = excess_rows(source, target);
    std::vector<OrderedDifference> entries;
    if (keyed) {
        pair_by_key(excess, codec, entries);
    } else {
        for (const auto& e : excess.more_in_source) {
            entries.push_back(whole_row(e, true, false, codec.key_columns));
        }
        for (const auto& e : excess.more_in_target) {
            entries.push_back(whole_row(e, false, false, codec.key_columns));
        }
    }
    std::sort(entries.begin(), entries.end(),
              [](const OrderedDifference& a, const OrderedDifference& b) {
                  return a.order_key < b.order_key;
              });
    found = entries.size();
    std::vector<RowDifference> out;
    for (std::size_t i = 0; i < entries.size() && i < limit; ++i) {
        out.push_back(std::move(entries[i].diff));
    }
    return out;
}

} // namespace gpparity::checksum
