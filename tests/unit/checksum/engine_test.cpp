// The checksum engine fed by in-memory sessions: no server needed.
#include "checksum/engine.hpp"

#include "catalog/error.hpp"
#include "checksum/compare.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

using namespace gpparity::checksum;
using gpparity::catalog::CancelledError;
using gpparity::catalog::ConnectionError;
using gpparity::catalog::QueryError;

namespace {

std::string be32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    }
    return out;
}

// What each "statement" returns: binary COPY bytes, or a failure.
struct Script {
    std::map<std::string, std::string> data;
    std::map<std::string, std::string> query_errors;
    std::string connection_loss; // a statement whose scan loses the connection
};

class FakeSession final : public ScanSession {
public:
    FakeSession(const Script& script, std::atomic<int>& open, std::atomic<int>& peak)
        : m_script(script), m_open(open) {
        int now = ++m_open;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
    }
    ~FakeSession() override { --m_open; }
    void scan(const std::string& sql,
              const std::function<void(std::string_view)>& on_chunk) override {
        if (auto e = m_script.query_errors.find(sql); e != m_script.query_errors.end()) {
            throw QueryError(e->second, "42P01", sql);
        }
        if (sql == m_script.connection_loss) {
            throw ConnectionError("target: connection lost");
        }
        const std::string& bytes = m_script.data.at(sql);
        // Deliver in uneven chunks, like libpq's CopyData messages.
        for (std::size_t at = 0; at < bytes.size(); at += 7) {
            on_chunk(std::string_view(bytes).substr(at, 7));
        }
    }
    void cancel() noexcept override {}

private:
    const Script& m_script;
    std::atomic<int>& m_open;
};

class FakeSource final : public ScanSource {
public:
    explicit FakeSource(const Script& script) : m_script(script) {}
    std::unique_ptr<ScanSession> open(int) override {
        ++opened;
        return std::make_unique<FakeSession>(m_script, m_open, peak);
    }
    std::atomic<int> opened{0};
    std::atomic<int> peak{0};

private:
    const Script& m_script;
    std::atomic<int> m_open{0};
};

const RowCodec k_codec{{Codec{ValueClass::integer, Wire::int4, {}}}, false, {}, {}};

std::string table_rows(int table, int segment, int rows) {
    std::string out = copy_binary_header();
    for (int r = 0; r < rows; ++r) {
        append_copy_binary_row(
            out, {be32(static_cast<std::uint32_t>(table * 100000 + segment * 1000 + r))});
    }
    return out + copy_binary_trailer();
}

// 30 tables x 3 segments, every table of different size.
SideScans build(Script& script, ScanSource& source) {
    SideScans work;
    work.source = &source;
    for (int t = 0; t < 30; ++t) {
        for (int s = 0; s < 3; ++s) {
            std::string sql = "t" + std::to_string(t) + "/" + std::to_string(s);
            script.data[sql] = table_rows(t, s, t * 3 + s);
            work.items.push_back(ScanItem{s, sql, &k_codec, s});
        }
    }
    return work;
}

} // namespace

TEST(Engine, SameDigestsForOneAndEightJobs) {
    std::map<int, std::vector<std::vector<ScanOutcome>>> by_jobs;
    for (int jobs : {1, 8}) {
        Script script;
        FakeSource source(script);
        FakeSource target(script);
        std::vector<SideScans> sides{build(script, source), build(script, target)};
        EngineOptions options;
        options.jobs = jobs;
        run_scans(sides, options, by_jobs[jobs]);
        EXPECT_LE(source.peak.load(), jobs) << "at most --jobs sessions per side";
        EXPECT_LE(target.peak.load(), jobs);
        if (jobs == 1) {
            // Many small tables share one connection per endpoint.
            EXPECT_LE(source.opened.load(), 3 * 2);
        }
    }
    const auto& one = by_jobs[1];
    const auto& eight = by_jobs[8];
    ASSERT_EQ(one.size(), 2u);
    for (std::size_t side = 0; side < 2; ++side) {
        ASSERT_EQ(one[side].size(), 90u);
        for (std::size_t i = 0; i < one[side].size(); ++i) {
            EXPECT_TRUE(one[side][i].done);
            EXPECT_TRUE(eight[side][i].done);
            ASSERT_EQ(one[side][i].segments.size(), 1u);
            const auto& a = one[side][i].segments.begin()->second;
            const auto& b = eight[side][i].segments.begin()->second;
            EXPECT_EQ(a.total, b.total);
            EXPECT_EQ(a.buckets, b.buckets);
            EXPECT_EQ(a.total.count, (i / 3) * 3 + i % 3);
        }
    }
}

TEST(Engine, QueryErrorBecomesThatItemsErrorAndTheRunGoesOn) {
    Script script;
    FakeSource source(script);
    std::vector<SideScans> sides{build(script, source)};
    script.query_errors["t5/1"] = "source segment 1: relation does not exist";
    std::vector<std::vector<ScanOutcome>> outcomes;
    EngineOptions options;
    options.jobs = 4;
    run_scans(sides, options, outcomes);
    for (std::size_t i = 0; i < outcomes[0].size(); ++i) {
        EXPECT_TRUE(outcomes[0][i].done);
        EXPECT_EQ(outcomes[0][i].error.has_value(), sides[0].items[i].sql == "t5/1");
    }
}

TEST(Engine, MalformedRowsBecomeThatItemsError) {
    Script script;
    FakeSource source(script);
    std::vector<SideScans> sides{build(script, source)};
    script.data["t3/0"] = copy_binary_header() + "\x00\x01garbage";
    std::vector<std::vector<ScanOutcome>> outcomes;
    run_scans(sides, EngineOptions{}, outcomes);
    std::size_t errors = 0;
    for (const auto& o : outcomes[0]) {
        errors += o.error ? 1U : 0U;
        EXPECT_TRUE(o.done);
    }
    EXPECT_EQ(errors, 1u);
}

// A connection lost under one item (a backend killed, a segment restarted): that item is an
// error with the message, its session is dropped and a new one opened for the lane's next item,
// and every other item is still read.
TEST(Engine, ConnectionLossIsThatItemsErrorAndTheLaneReconnects) {
    for (int jobs : {1, 8}) {
        Script script;
        FakeSource source(script);
        std::vector<SideScans> sides{build(script, source)};
        script.connection_loss = "t10/2";
        std::vector<std::vector<ScanOutcome>> outcomes;
        EngineOptions options;
        options.jobs = jobs;
        run_scans(sides, options, outcomes);
        ASSERT_EQ(outcomes.size(), 1U);
        for (std::size_t i = 0; i < outcomes[0].size(); ++i) {
            const ScanOutcome& o = outcomes[0][i];
            EXPECT_TRUE(o.done) << i;
            if (sides[0].items[i].sql == "t10/2") {
                EXPECT_EQ(o.error, "target: connection lost");
                EXPECT_TRUE(o.segments.empty());
            } else {
                EXPECT_FALSE(o.error) << i;
            }
        }
        // Reconnecting never holds more than --jobs sessions at once.
        EXPECT_LE(source.peak.load(), jobs);
    }
}

TEST(Engine, InterruptStopsTheRunAndNothingUnfinishedIsDone) {
    Script script;
    FakeSource source(script);
    std::vector<SideScans> sides{build(script, source)};
    Interrupt interrupt;
    interrupt.request();
    std::vector<std::vector<ScanOutcome>> outcomes;
    EngineOptions options;
    options.interrupt = &interrupt;
    EXPECT_THROW(run_scans(sides, options, outcomes), CancelledError);
    ASSERT_EQ(outcomes.size(), 1u);
    for (const auto& o : outcomes[0]) {
        EXPECT_FALSE(o.done);
    }
}

TEST(Engine, CoordinatorStreamsAreSplitBySegmentId) {
    Script script;
    std::string data = copy_binary_header();
    for (int r = 0; r < 10; ++r) {
        append_copy_binary_row(
            data, {be32(static_cast<std::uint32_t>(r % 3)), be32(static_cast<std::uint32_t>(r))});
    }
    script.data["all"] = data + copy_binary_trailer();
    RowCodec codec = k_codec;
    codec.leading_segment_id = true;
    FakeSource source(script);
    std::vector<SideScans> sides{SideScans{&source, {ScanItem{-1, "all", &codec, -1}}}};
    std::vector<std::vector<ScanOutcome>> outcomes;
    run_scans(sides, EngineOptions{}, outcomes);
    const auto& segments = outcomes[0][0].segments;
    ASSERT_EQ(segments.size(), 3u);
    EXPECT_EQ(segments.at(0).total.count, 4u);
    EXPECT_EQ(segments.at(1).total.count, 3u);
    EXPECT_EQ(segments.at(2).total.count, 3u);

    // The same rows read per segment give the same per-segment digests.
    Script per;
    std::vector<ScanItem> items;
    for (int s = 0; s < 3; ++s) {
        std::string d = copy_binary_header();
        for (int r = s; r < 10; r += 3) {
            append_copy_binary_row(d, {be32(static_cast<std::uint32_t>(r))});
        }
        per.data["s" + std::to_string(s)] = d + copy_binary_trailer();
        items.push_back(ScanItem{s, "s" + std::to_string(s), &k_codec, s});
    }
    FakeSource per_source(per);
    std::vector<SideScans> per_sides{SideScans{&per_source, items}};
    std::vector<std::vector<ScanOutcome>> per_outcomes;
    run_scans(per_sides, EngineOptions{}, per_outcomes);
    for (int s = 0; s < 3; ++s) {
        EXPECT_EQ(per_outcomes[0][static_cast<std::size_t>(s)].segments.at(s).total,
                  segments.at(s).total);
    }
}
