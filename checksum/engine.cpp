#include "checksum/engine.hpp"

#include "checksum/bucket_key.hpp"
#include "checksum/lanes.hpp"

#include "catalog/error.hpp"

#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>

namespace gpparity::checksum {

// ----------------------------------------------------------------------------- StreamDigester

class StreamDigester::Sink final : public RowSink {
public:
    Sink(const RowCodec& codec, int segment, ScanOutcome& outcome, const PlacementCheck* placement)
        : m_codec(codec), m_segment(segment), m_outcome(outcome) {
        if (placement != nullptr) {
            m_placement.emplace(*placement);
            outcome.placement.emplace();
        }
    }

    void on_row(const std::vector<FieldView>& fields) override {
        std::size_t first = 0;
        int segment = m_segment;
        if (m_codec.leading_segment_id) {
            // gp_segment_id is int4 on every version.
            if (fields.empty() || fields[0].length != 4) {
                throw DecodeError("coordinator stream: gp_segment_id is not an int4");
            }
            segment = static_cast<std::int32_t>(read_u32(fields[0].data));
            first = 1;
        }
        encode_row(m_codec, fields, first, m_row, m_key);
        XXH128_hash_t h = XXH3_128bits(m_row.data(), m_row.size());
        Hash128 row_hash{h.high64, h.low64};
        digest_for(segment).add(row_hash, bucket_hash(m_codec, m_row, m_key, h.low64));
        if (m_placement) {
            m_placement->check_row(fields, first, segment, *m_outcome.placement);
        }
    }

private:
    SegmentDigest& digest_for(int segment) {
        if (m_current == nullptr || m_current_segment != segment) {
            m_current = &m_outcome.segments[segment];
            m_current_segment = segment;
        }
        return *m_current;
    }

    const RowCodec& m_codec;
    int m_segment;
    ScanOutcome& m_outcome;
    std::string m_row;
    std::string m_key;
    SegmentDigest* m_current = nullptr;
    int m_current_segment = 0;
    std::optional<PlacementChecker> m_placement;
};

StreamDigester::StreamDigester(const RowCodec& codec, int segment, ScanOutcome& outcome,
                               const PlacementCheck* placement)
    : m_sink(std::make_unique<Sink>(codec, segment, outcome, placement)) {
    m_parser.set_expected_fields(static_cast<int>(codec.columns.size()) +
                                 (codec.leading_segment_id ? 1 : 0));
    if (!codec.leading_segment_id) {
        // An empty table still has its segment, with zero rows.
        outcome.segments[segment];
    }
}

StreamDigester::~StreamDigester() = default;

void StreamDigester::feed(std::string_view chunk) {
    m_parser.feed(chunk, *m_sink);
}

void StreamDigester::finish() {
    m_parser.finish();
}

// ------------------------------------------------------------------------------------ run_scans

namespace {

struct EndpointQueue {
    int endpoint = -1;
    std::vector<std::size_t> items;
    std::atomic<std::size_t> cursor{0};
    [[nodiscard]] std::size_t remaining() const noexcept {
        std::size_t taken = cursor.load(std::memory_order_relaxed);
        return taken >= items.size() ? 0 : items.size() - taken;
    }
};

struct SideQueues {
    std::vector<std::unique_ptr<EndpointQueue>> endpoints;
};

struct Lane {
    std::size_t side = 0;
    std::size_t first_endpoint = 0;
};

class Run {
public:
    Run(const std::vector<SideScans>& sides, const EngineOptions& options,
        std::vector<std::vector<ScanOutcome>>& outcomes)
        : m_sides(sides), m_options(options), m_outcomes(outcomes), m_lanes(options.interrupt) {}

    void execute() {
        m_outcomes.clear();
        m_outcomes.resize(m_sides.size());
        m_queues.resize(m_sides.size());
        std::vector<Lane> lanes;
        std::size_t jobs = static_cast<std::size_t>(std::max(1, m_options.jobs));
        for (std::size_t s = 0; s < m_sides.size(); ++s) {
            const auto& items = m_sides[s].items;
            m_outcomes[s].resize(items.size());
            auto& queues = m_queues[s].endpoints;
            for (std::size_t i = 0; i < items.size(); ++i) {
                auto it = std::find_if(queues.begin(), queues.end(), [&](const auto& q) {
                    return q->endpoint == items[i].endpoint;
                });
                if (it == queues.end()) {
                    queues.push_back(std::make_unique<EndpointQueue>());
                    queues.back()->endpoint = items[i].endpoint;
                    it = std::prev(queues.end());
                }
                (*it)->items.push_back(i);
            }
            std::size_t count = std::min(jobs, items.size());
            for (std::size_t l = 0; l < count; ++l) {
                lanes.push_back(Lane{s, queues.empty() ? 0 : l % queues.size()});
            }
        }
        // At most `jobs` lanes (sessions) per side; one thread each (checksum/lanes.hpp).
        m_lanes.run(lanes.size(), [&](std::size_t l) { run_lane(lanes[l]); });
        LaneRun::require_done(m_outcomes, "checksum engine: a planned scan produced no result");
    }

private:
    // Picks the next item of this side: from the current endpoint, else from the endpoint with
    // the most items left. Returns false when the side is drained.
    bool next_item(std::size_t side, std::size_t& endpoint, std::size_t& item) {
        auto& queues = m_queues[side].endpoints;
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (endpoint < queues.size()) {
                auto& q = *queues[endpoint];
                std::size_t at = q.cursor.fetch_add(1);
                if (at < q.items.size()) {
                    item = q.items[at];
                    return true;
                }
            }
            std::size_t best = queues.size();
            std::size_t most = 0;
            for (std::size_t e = 0; e < queues.size(); ++e) {
                std::size_t left = queues[e]->remaining();
                if (left > most) {
                    most = left;
                    best = e;
                }
            }
            if (best == queues.size()) {
                return false;
            }
            endpoint = best;
            attempt = -1; // keep trying while any endpoint has work
        }
        return false;
    }

    void run_lane(const Lane& lane) {
        const SideScans& work = m_sides[lane.side];
        std::unique_ptr<ScanSession> session;
        int session_endpoint = 0;
        std::size_t endpoint = lane.first_endpoint;
        std::size_t index = 0;
        while (!m_lanes.interrupted() && next_item(lane.side, endpoint, index)) {
            const ScanItem& item = work.items[index];
            ScanOutcome& outcome = m_outcomes[lane.side][index];
            if (!session || session_endpoint != item.endpoint) {
                session.reset();
                session = work.source->open(item.endpoint);
                session_endpoint = item.endpoint;
            }
            run_item(session, item, outcome);
        }
        m_lanes.throw_if_interrupted();
    }

    void run_item(std::unique_ptr<ScanSession>& session, const ScanItem& item,
                  ScanOutcome& outcome) {
        StreamDigester digester(*item.codec, item.segment, outcome, item.placement);
        ScanSession* raw = session.get();
        try {
            const bool usable = m_lanes.run_item(
                outcome, [raw] { raw->cancel(); },
                [&] {
                    raw->scan(item.sql, [&](std::string_view chunk) {
                        m_lanes.throw_if_interrupted();
                        outcome.bytes += chunk.size();
                        digester.feed(chunk);
                    });
                    digester.finish();
                });
            if (!usable) {
                session.reset(); // the connection is gone; the next item opens a new one
            }
        } catch (const DecodeError& e) {
            // The session may be mid-COPY: drop it; the next item opens a new one.
            session.reset();
            outcome.segments.clear();
            outcome.error = std::string("cannot decode the rows: ") + e.what();
            outcome.done = true;
        }
    }

    const std::vector<SideScans>& m_sides;
    const EngineOptions& m_options;
    std::vector<std::vector<ScanOutcome>>& m_outcomes;
    std::vector<SideQueues> m_queues;
    LaneRun m_lanes;
};

} // namespace

void run_scans(const std::vector<SideScans>& sides, const EngineOptions& options,
               std::vector<std::vector<ScanOutcome>>& outcomes) {
    Run run(sides, options, outcomes);
    run.execute();
}

} // namespace gpparity::checksum
