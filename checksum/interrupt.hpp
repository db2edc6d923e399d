#pragma once
/// Cancellation of a checksum run (Ctrl-C, SIGTERM, or a failure that stops the run): one flag
/// the engine polls between rows, and the set of running scans whose server-side statements
/// are cancelled (PQcancel) when the flag is raised. SignalWatcher connects SIGINT/SIGTERM to
/// it from a signal-safe path: the handler only stores an atomic and writes to a self-pipe; a
/// watcher thread does the rest.

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace gpparity::checksum {

class Interrupt {
public:
    /// True once request() ran. Cheap: a relaxed atomic load.
    [[nodiscard]] bool requested() const noexcept {
        return m_requested.load(std::memory_order_relaxed);
    }
    /// Raises the flag and cancels every registered scan. Thread-safe (not for signal handlers:
    /// use SignalWatcher there).
    void request() noexcept;
    /// Registers a cancel action for a running scan; returns a token for remove(). If the flag is
    /// already raised, the action runs at once.
    int add(const std::function<void()>& cancel);
    void remove(int token) noexcept;

private:
    std::atomic<bool> m_requested{false};
    std::mutex m_mutex;
    std::unordered_map<int, std::function<void()>> m_cancels;
    int m_next = 0;
};

/// While alive, SIGINT and SIGTERM raise `interrupt` (and are remembered in signal()); the
/// previous handlers are restored on destruction. One at a time per process.
class SignalWatcher {
public:
    explicit SignalWatcher(Interrupt& interrupt);
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;
    /// The signal that arrived, or 0.
    [[nodiscard]] int signal() const noexcept;

private:
    Interrupt& m_interrupt;
    std::thread m_watcher;
};

} // namespace gpparity::checksum
