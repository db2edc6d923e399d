#pragma once
/// SHA-256 (FIPS 180-4) for report evidence: the hash of a snapshot file as it was read, so a
/// sign-off report names exactly which file stood in for a cluster. Small and dependency-free;
/// not used on any hot path.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace gpparity::verify {

/// Incremental SHA-256. Feed bytes with update(), then call hex_digest() once.
class Sha256 {
public:
    Sha256() noexcept;
    void update(std::string_view bytes) noexcept;
    /// The 64 lowercase hex digits of the digest. Finishes the hash: call once.
    [[nodiscard]] std::string hex_digest();

private:
    void compress(const unsigned char* block) noexcept;

    std::array<std::uint32_t, 8> m_state;
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_total_bytes = 0;
};

/// The SHA-256 of `bytes` as 64 lowercase hex digits. Pure.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// The SHA-256 of a file's contents, read in chunks. Throws catalog::UsageError naming the file
/// when it cannot be opened or read.
[[nodiscard]] std::string sha256_file_hex(const std::filesystem::path& path);

} // namespace gpparity::verify
