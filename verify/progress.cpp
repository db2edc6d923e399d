#include "verify/progress.hpp"

#include <cmath>

namespace gpparity::verify {

namespace {

// A session that counts what flows through it. COPY BINARY hands one row per chunk (plus the
// header and trailer pieces), so chunks count rows closely enough for a rate.
class CountingSession final : public checksum::ScanSession {
public:
    CountingSession(std::unique_ptr<checksum::ScanSession> inner, ProgressTracker& tracker,
                    std::size_t side)
        : m_inner(std::move(inner)), m_tracker(tracker), m_side(side) {}
    void scan(const std::string& sql,
              const std::function<void(std::string_view)>& on_chunk) override {
        std::uint64_t rows = 0;
        std::uint64_t bytes = 0;
        m_inner->scan(sql, [&](std::string_view chunk) {
            on_chunk(chunk);
            ++rows;
            bytes += chunk.size();
            if (rows % 1024 == 0) {
                m_tracker.add(rows, bytes);
                rows = 0;
                bytes = 0;
            }
        });
        m_tracker.add(rows, bytes);
        m_tracker.scan_done(m_side, sql);
    }
    void cancel() noexcept override { m_inner->cancel(); }

private:
    std::unique_ptr<checksum::ScanSession> m_inner;
    ProgressTracker& m_tracker;
    std::size_t m_side;
};

} // namespace

class ProgressTracker::Source final : public checksum::ScanSource {
public:
    Source(checksum::ScanSource* inner, ProgressTracker& tracker, std::size_t side)
        : m_inner(inner), m_tracker(tracker), m_side(side) {}
    std::unique_ptr<checksum::ScanSession> open(int endpoint) override {
        return std::make_unique<CountingSession>(m_inner->open(endpoint), m_tracker, m_side);
    }

private:
    checksum::ScanSource* m_inner;
    ProgressTracker& m_tracker;
    std::size_t m_side;
};

ProgressTracker::ProgressTracker(
    ProgressCallback callback, std::vector<checksum::SideScans>& work,
    const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& tables,
    std::chrono::milliseconds interval)
    : m_callback(std::move(callback)), m_start(std::chrono::steady_clock::now()),
      m_interval_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(interval).count()),
      m_tables_total(tables.size()),
      m_remaining(std::make_unique<std::atomic<std::int64_t>[]>(tables.size())) {
    for (std::size_t t = 0; t < tables.size(); ++t) {
        m_remaining[t] = static_cast<std::int64_t>(tables[t].size());
        if (tables[t].empty()) {
            ++m_tables_done; // nothing to read (skipped, missing...)
        }
        for (const auto& [side, item] : tables[t]) {
            m_table_of[{side, work[side].items[item].sql}] = t;
        }
    }
    for (std::size_t s = 0; s < work.size(); ++s) {
        if (work[s].source != nullptr) {
            m_sources.push_back(std::make_unique<Source>(work[s].source, *this, s));
            work[s].source = m_sources.back().get();
        }
    }
}

ProgressTracker::~ProgressTracker() = default;

void ProgressTracker::add(std::uint64_t rows, std::uint64_t bytes) noexcept {
    m_rows.fetch_add(rows, std::memory_order_relaxed);
    m_bytes.fetch_add(bytes, std::memory_order_relaxed);
    try {
        maybe_notify(false);
    } catch (...) { // NOLINT(bugprone-empty-catch): progress display must never break a run
    }
}

void ProgressTracker::scan_done(std::size_t side, const std::string& sql) noexcept {
    auto it = m_table_of.find({side, sql});
    if (it != m_table_of.end() &&
        m_remaining[it->second].fetch_sub(1, std::memory_order_relaxed) == 1) {
        m_tables_done.fetch_add(1, std::memory_order_relaxed);
    }
}

ProgressState ProgressTracker::state() const {
    ProgressState s;
    s.tables_done = m_tables_done.load(std::memory_order_relaxed);
    s.tables_total = m_tables_total;
    s.rows = m_rows.load(std::memory_order_relaxed);
    s.bytes = m_bytes.load(std::memory_order_relaxed);
    s.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    return s;
}

void ProgressTracker::maybe_notify(bool force) {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now() - m_start)
                                 .count();
    std::int64_t next = m_next_ns.load(std::memory_order_relaxed);
    if (!force && (now < next || !m_next_ns.compare_exchange_strong(next, now + m_interval_ns))) {
        return;
    }
    // One caller at a time; a lane that finds another printing just goes on.
    bool expected = false;
    if (!m_notifying.compare_exchange_strong(expected, true)) {
        return;
    }
    ProgressState s = state();
    m_callback(s);
    m_notifying.store(false);
}

void ProgressTracker::finish() {
    ProgressState s = state();
    s.final = true;
    while (m_notifying.exchange(true)) {
    }
    m_callback(s);
    m_notifying.store(false);
}

} // namespace gpparity::verify
