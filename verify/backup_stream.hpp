#pragma once
/// Reads one gpbackup data file as the decompressed bytes gpbackup's COPY wrote: gzip
/// (`gzip -c -<level>`, or Go's compress/gzip in single-data-file mode; concatenated members
/// are read on), zstd (the `zstd` tool or klauspost/compress, several frames read on), or
/// plain. A stream that ends early is a one-line catalog::UsageError naming the file:
/// "truncated". Move-only; one thread at a time.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace gpparity::verify {

class BackupStream {
public:
    enum class Compression { none, gzip, zstd };

    /// Opens `file`, decompressing by its extension (.gz, .zst, else none). `shown` starts every
    /// message ("source backup /b (20261204101500): data file gpseg1/..."). Throws
    /// catalog::UsageError when it is missing or unreadable.
    BackupStream(const std::filesystem::path& file, std::string shown);
    ~BackupStream();
    BackupStream(BackupStream&&) noexcept;
    BackupStream& operator=(BackupStream&&) noexcept;
    BackupStream(const BackupStream&) = delete;
    BackupStream& operator=(const BackupStream&) = delete;

    /// Up to `size` decompressed bytes into `out`; 0 at the end of the data. Throws
    /// catalog::UsageError when the file is truncated or corrupt.
    [[nodiscard]] std::size_t read(char* out, std::size_t size);

    /// Decompressed bytes returned so far.
    [[nodiscard]] std::uint64_t position() const noexcept;

    [[nodiscard]] static Compression compression_of(const std::filesystem::path& file);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace gpparity::verify
