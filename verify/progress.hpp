#pragma once
/// Progress of a data run, for an operator watching a long check (tables done of total,
/// rows/s, bytes/s, ETA). Cheap on the hot path: the engine's sessions are wrapped so every
/// COPY chunk bumps two relaxed atomics, and the callback runs at most once per interval, on
/// whichever lane thread notices the interval has passed.

#include "checksum/engine.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gpparity::verify {

struct ProgressState {
    std::uint64_t tables_done = 0;
    std::uint64_t tables_total = 0;
    std::uint64_t rows = 0;  ///< rows read so far, both sides
    std::uint64_t bytes = 0; ///< COPY bytes received so far, both sides
    double elapsed_s = 0.0;
    bool final = false; ///< the last call, when the run's scans are over
};

/// Called from lane threads, never concurrently with itself (see ProgressTracker), at most once
/// per interval, and once more with final = true from the thread that ran the data run.
using ProgressCallback = std::function<void(const ProgressState&)>;

/// Counts the scans of one data run. `tables`: per table, the (side, item index) pairs of its
/// scans in `work`. Wraps each side's ScanSource in place (work[s].source is replaced by a
/// counting decorator that lives as long as the tracker). Not copyable.
class ProgressTracker {
public:
    ProgressTracker(ProgressCallback callback, std::vector<checksum::SideScans>& work,
                    const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& tables,
                    std::chrono::milliseconds interval = std::chrono::milliseconds(500));
    ~ProgressTracker();
    ProgressTracker(const ProgressTracker&) = delete;
    ProgressTracker& operator=(const ProgressTracker&) = delete;

    /// The final report (final = true). Call once, after the scans.
    void finish();

    // For the decorators.
    void add(std::uint64_t rows, std::uint64_t bytes) noexcept;
    void scan_done(std::size_t side, const std::string& sql) noexcept;

private:
    void maybe_notify(bool force);
    [[nodiscard]] ProgressState state() const;

    class Source;
    ProgressCallback m_callback;
    std::chrono::steady_clock::time_point m_start;
    std::int64_t m_interval_ns;
    std::atomic<std::int64_t> m_next_ns{0};
    std::atomic<bool> m_notifying{false};
    std::atomic<std::uint64_t> m_rows{0};
    std::atomic<std::uint64_t> m_bytes{0};
    std::atomic<std::uint64_t> m_tables_done{0};
    std::uint64_t m_tables_total = 0;
    // (side, sql) -> table; read-only during the run. Per table, scans not finished yet.
    std::map<std::pair<std::size_t, std::string>, std::size_t> m_table_of;
    std::unique_ptr<std::atomic<std::int64_t>[]> m_remaining;
    std::vector<std::unique_ptr<checksum::ScanSource>> m_sources;
};

} // namespace gpparity::verify
