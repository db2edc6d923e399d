#pragma once
/// Cancellation of a checksum run (Ctrl-C, SIGTERM, or a failure that stops the run): one flag
/// the engine polls between rows, and the set of running scans whose server-side statements
/// are cancelled (PQcancel) when the flag is raised. SignalWatcher connects SIGINT/SIGTERM to
/// it from a signal-safe path: the handler only stores an atomic and writes to a self-pipe; a
/// watcher thread does the rest.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
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

/// Outside a SignalWatcher, SIGINT and SIGTERM end the process with exit status 2 and one line
/// on stderr, after removing the file set by set_unfinished_file() (a report or snapshot being
/// written). Installed once at start-up by the command line; a SignalWatcher takes the signals
/// over while it lives and gives them back to this handler.
void exit_on_signal() noexcept;

/// From now on SIGINT and SIGTERM are ignored: the verdict is final and the report is being
/// written, so a signal can no longer change what the run found or leave half a report.
void ignore_signals() noexcept;

/// The file to remove if a signal ends the process while it is being written ("" for none).
/// Main thread only; the path is copied into a fixed buffer (longer paths are not removed).
void set_unfinished_file(const std::string& path) noexcept;

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
