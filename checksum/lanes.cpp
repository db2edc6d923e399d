#include "checksum/lanes.hpp"

#include "catalog/error.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>

namespace gpparity::checksum {

void run_lanes(std::size_t lane_count, const std::function<void(std::size_t)>& run_lane) {
    if (lane_count == 0) {
        return;
    }
    auto threads = static_cast<int>(lane_count);
    tbb::global_control control(tbb::global_control::max_allowed_parallelism, lane_count + 1);
    tbb::task_arena arena(threads);
    arena.execute([&] {
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, lane_count, 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                for (std::size_t l = range.begin(); l != range.end(); ++l) {
                    run_lane(l);
                }
            },
            tbb::simple_partitioner());
    });
}

// While alive, the run's stop and Ctrl-C call `cancel`.
class LaneRun::Registration {
public:
    Registration(LaneRun& run, const std::function<void()>& cancel) : m_run(run), m_cancel(cancel) {
        {
            std::lock_guard lock(m_run.m_running_mutex);
            m_run.m_running.push_back(&m_cancel);
        }
        if (m_run.m_interrupt != nullptr) {
            m_token = m_run.m_interrupt->add(m_cancel);
        }
    }
    ~Registration() {
        if (m_token >= 0) {
            m_run.m_interrupt->remove(m_token);
        }
        std::lock_guard lock(m_run.m_running_mutex);
        m_run.m_running.erase(std::find(m_run.m_running.begin(), m_run.m_running.end(), &m_cancel));
    }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

private:
    LaneRun& m_run;
    const std::function<void()>& m_cancel;
    int m_token = -1;
};

void LaneRun::run(std::size_t lane_count, const std::function<void(std::size_t)>& lane) {
    run_lanes(lane_count, [&](std::size_t l) {
        try {
            lane(l);
        } catch (const catalog::CancelledError&) {
            // Another lane's failure or Ctrl-C: the cause is recorded elsewhere.
        } catch (...) {
            {
                std::lock_guard lock(m_error_mutex);
                if (!m_first_error) {
                    m_first_error = std::current_exception();
                }
            }
            stop_all();
        }
    });
    if (m_first_error) {
        std::rethrow_exception(m_first_error);
    }
    throw_if_interrupted();
}

bool LaneRun::interrupted() const noexcept {
    return m_stop.load(std::memory_order_relaxed) ||
           (m_interrupt != nullptr && m_interrupt->requested());
}

void LaneRun::throw_if_interrupted() const {
    if (interrupted()) {
        throw catalog::CancelledError("interrupted");
    }
}

bool LaneRun::run_item(ScanOutcome& outcome, const std::function<void()>& cancel,
                       const std::function<void()>& query) {
    bool usable = true;
    try {
        Registration registration(*this, cancel);
        query();
    } catch (const catalog::QueryError& e) {
        // The registration is gone: unwinding left the try block first.
        throw_if_interrupted();
        outcome.segments.clear();
        outcome.error = e.what();
    } catch (const catalog::ConnectionError& e) {
        throw_if_interrupted();
        outcome.segments.clear();
        outcome.error = e.what();
        usable = false;
    }
    outcome.done = true;
    return usable;
}

void LaneRun::require_done(const std::vector<std::vector<ScanOutcome>>& outcomes,
                           const char* message) {
    for (const auto& side : outcomes) {
        for (const auto& outcome : side) {
            if (!outcome.done) {
                throw std::logic_error(message);
            }
        }
    }
}

void LaneRun::stop_all() noexcept {
    m_stop.store(true);
    std::lock_guard lock(m_running_mutex);
    for (const std::function<void()>* cancel : m_running) {
        (*cancel)();
    }
}

} // namespace gpparity::checksum
