#include "checksum/interrupt.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace gpparity::checksum {

void Interrupt::request() noexcept {
    m_requested.store(true);
    // Under the lock: remove() waits for a cancel in progress, so no cancel ever runs after
    // its scan unregistered it and freed the connection it points to.
    std::lock_guard lock(m_mutex);
    for (const auto& [token, cancel] : m_cancels) {
        try {
            cancel();
        } catch (...) {
            // A cancel request that fails leaves the statement running; the flag still stops
            // the scan at its next row.
        }
    }
}

int Interrupt::add(const std::function<void()>& cancel) {
    int token = 0;
    {
        std::lock_guard lock(m_mutex);
        token = m_next++;
        m_cancels.emplace(token, cancel);
    }
    if (requested()) {
        cancel();
    }
    return token;
}

void Interrupt::remove(int token) noexcept {
    std::lock_guard lock(m_mutex);
    m_cancels.erase(token);
}

namespace {

// Written only by the signal handler and read by the watcher: signal-safe state.
int g_pipe[2] = {-1, -1};
volatile sig_atomic_t g_signal = 0;
struct sigaction g_old_int {};

// The file being written when a signal ends the process (exit_on_signal), NUL-terminated.
char g_unfinished[4096] = {0};
volatile sig_atomic_t g_unfinished_set = 0;

extern "C" void exit_now(int signo) {
    if (g_unfinished_set != 0) {
        (void)::unlink(g_unfinished);
    }
    const char* line = signo == SIGTERM
                           ? "gpparity: interrupted by SIGTERM before the run finished\n"
                           : "gpparity: interrupted by SIGINT before the run finished\n";
    std::size_t length = 0;
    while (line[length] != '\0') {
        ++length;
    }
    (void)!::write(2, line, length);
    ::_exit(2);
}
struct sigaction g_old_term {};

extern "C" void on_signal(int signo) {
    int saved = errno;
    g_signal = signo;
    char byte = 1;
    (void)!::write(g_pipe[1], &byte, 1);
    errno = saved;
}

// Installs `handler` for SIGINT and SIGTERM alike, keeping the previous actions when asked.
void handle_both(void (*handler)(int), int flags = 0, struct sigaction* old_int = nullptr,
                 struct sigaction* old_term = nullptr) noexcept {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = flags;
    ::sigaction(SIGINT, &action, old_int);
    ::sigaction(SIGTERM, &action, old_term);
}

} // namespace

void exit_on_signal() noexcept {
    handle_both(exit_now);
}

void ignore_signals() noexcept {
    handle_both(SIG_IGN);
}

void set_unfinished_file(const std::string& path) noexcept {
    g_unfinished_set = 0;
    if (path.empty() || path.size() >= sizeof g_unfinished) {
        return;
    }
    path.copy(g_unfinished, path.size());
    g_unfinished[path.size()] = '\0';
    g_unfinished_set = 1;
}

SignalWatcher::SignalWatcher(Interrupt& interrupt) : m_interrupt(interrupt) {
    if (::pipe(g_pipe) != 0) {
        g_pipe[0] = g_pipe[1] = -1;
        return;
    }
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    g_signal = 0;
    handle_both(on_signal, SA_RESTART, &g_old_int, &g_old_term);
    int read_fd = g_pipe[0];
    m_watcher = std::thread([this, read_fd] {
        char byte = 0;
        for (;;) {
            ssize_t n = ::read(read_fd, &byte, 1);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            // byte 1: a signal; 0 or end of file: the watcher is being shut down.
            if (n == 1 && byte == 1) {
                m_interrupt.request();
                continue;
            }
            return;
        }
    });
}

SignalWatcher::~SignalWatcher() {
    if (g_pipe[1] < 0) {
        return;
    }
    ::sigaction(SIGINT, &g_old_int, nullptr);
    ::sigaction(SIGTERM, &g_old_term, nullptr);
    char stop = 0;
    (void)!::write(g_pipe[1], &stop, 1);
    if (m_watcher.joinable()) {
        m_watcher.join();
    }
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

int SignalWatcher::signal() const noexcept {
    return static_cast<int>(g_signal);
}

} // namespace gpparity::checksum
