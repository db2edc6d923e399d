#pragma once
/// Runs blocking lanes in parallel under one oneTBB task_arena: the shared scheduling core of
/// the stream engine and the pushdown runner. A lane waits on a server, not the CPU, so the
/// arena gets one thread per lane even on a machine with fewer cores (callers bound the lane
/// count by --jobs per side). LaneRun adds the bookkeeping both share: one stop flag raised by
/// a failed lane or Ctrl-C, the first run-breaking failure (rethrown on the calling thread),
/// and the running statements to cancel when the run stops; each runner keeps its own queues
/// and sessions.

#include "checksum/engine.hpp"
#include "checksum/interrupt.hpp"

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

namespace gpparity::checksum {

/// Calls `run_lane(l)` for every l in [0, lane_count), each on its own arena slot, and returns
/// when all have returned. `run_lane` must not throw (lanes record their own failures).
void run_lanes(std::size_t lane_count, const std::function<void(std::size_t)>& run_lane);

/// One run of lanes and its stop/cancel bookkeeping. Used from the lane threads; the calling
/// thread only calls run() and require_done().
class LaneRun {
public:
    /// `interrupt` (Ctrl-C) may be null; when set it outlives the run.
    explicit LaneRun(Interrupt* interrupt) noexcept : m_interrupt(interrupt) {}

    /// Calls `lane(l)` for every l in [0, lane_count) (run_lanes). A lane that throws
    /// catalog::CancelledError just ends (the cause is recorded elsewhere); any other exception
    /// is recorded if it is the first, stops the run and cancels every running statement. When
    /// all lanes have returned: rethrows the first failure, else throws catalog::CancelledError
    /// if the run was stopped or interrupted.
    void run(std::size_t lane_count, const std::function<void(std::size_t)>& lane);

    /// True once a lane failed or Ctrl-C was pressed. Thread-safe, cheap.
    [[nodiscard]] bool interrupted() const noexcept;

    /// Throws catalog::CancelledError when interrupted().
    void throw_if_interrupted() const;

    /// Runs `query`, one item's statement, while `cancel` (which must not throw; called from
    /// any thread) is registered to cancel it if the run stops or Ctrl-C arrives; `cancel` is
    /// unregistered before run_item returns or throws. On success `outcome` is done. A
    /// catalog::QueryError becomes `outcome`'s error (segments cleared, done) — unless the run
    /// is stopping, when it is the cancel's doing: then catalog::CancelledError. So does a
    /// catalog::ConnectionError (a backend killed, a server gone mid-item): the item is an
    /// error with the message, and false tells the caller to drop that session and open a new
    /// one for its next item. Anything else propagates. True: the session is still usable.
    [[nodiscard]] bool run_item(ScanOutcome& outcome, const std::function<void()>& cancel,
                                const std::function<void()>& query);

    /// Throws std::logic_error(`message`) unless every outcome is done: a verifier must not
    /// compare a planned item that produced nothing.
    static void require_done(const std::vector<std::vector<ScanOutcome>>& outcomes,
                             const char* message);

private:
    class Registration;

    void stop_all() noexcept;

    Interrupt* m_interrupt;
    std::atomic<bool> m_stop{false};
    std::mutex m_error_mutex;
    std::exception_ptr m_first_error;
    std::mutex m_running_mutex;
    std::vector<const std::function<void()>*> m_running;
};

} // namespace gpparity::checksum
