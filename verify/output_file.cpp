#include "verify/output_file.hpp"

#include "catalog/error.hpp"
#include "checksum/interrupt.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gpparity::verify {

namespace {

// Writes every byte to `fd`, then flushes it to disk for a regular file; false with errno set.
bool write_all(int fd, std::string_view bytes, bool regular) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return !regular || ::fsync(fd) == 0;
}

[[noreturn]] void fail(const std::string& what, int error) {
    throw catalog::UsageError(what + ": cannot write: " + std::strerror(error));
}

// A destination that exists and is not a regular file (a device, a FIFO): written in place.
bool is_special(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

void write_in_place(const std::string& path, std::string_view bytes, const std::string& what) {
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) {
        fail(what, errno);
    }
    bool ok = write_all(fd, bytes, false);
    int error = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        fail(what, error);
    }
}

} // namespace

void write_file_atomically(const std::string& path, std::string_view bytes,
                           const std::string& what) {
    if (is_special(path)) {
        write_in_place(path, bytes, what);
        return;
    }
    std::string temporary = path + ".gpparity-" + std::to_string(::getpid());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail(what, errno);
    }
    checksum::set_unfinished_file(temporary);
    bool ok = write_all(fd, bytes, true);
    int error = errno;
    if (::close(fd) != 0 && ok) {
        ok = false;
        error = errno;
    }
    if (ok && ::rename(temporary.c_str(), path.c_str()) != 0) {
        ok = false;
        error = errno;
    }
    if (!ok) {
        ::unlink(temporary.c_str());
    }
    checksum::set_unfinished_file("");
    if (!ok) {
        fail(what, error);
    }
}

} // namespace gpparity::verify
