#pragma once
/// Big-endian writers shared by the canonical encoders (checksum/row_codec from send bytes,
/// checksum/text_codec from text): the byte order of every fixed-width field of `c1`.

#include <cstddef>
#include <cstdint>
#include <string>

namespace gpparity::checksum::big_endian {

inline void put_u32(std::string& out, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xFF),
                       static_cast<char>((v >> 8) & 0xFF), static_cast<char>(v & 0xFF)};
    out.append(b, 4);
}

inline void put_u64(std::string& out, std::uint64_t v) {
    put_u32(out, static_cast<std::uint32_t>(v >> 32));
    put_u32(out, static_cast<std::uint32_t>(v & 0xFFFFFFFFU));
}

/// Overwrites the four bytes at `at` (a length written before its value was known).
inline void patch_u32(std::string& out, std::size_t at, std::uint32_t v) {
    out[at] = static_cast<char>(v >> 24);
    out[at + 1] = static_cast<char>((v >> 16) & 0xFF);
    out[at + 2] = static_cast<char>((v >> 8) & 0xFF);
    out[at + 3] = static_cast<char>(v & 0xFF);
}

} // namespace gpparity::checksum::big_endian
