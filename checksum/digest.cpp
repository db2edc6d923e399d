#include "checksum/digest.hpp"

#include <xxhash.h>

namespace gpparity::checksum {

std::string to_hex(const Hash128& hash) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[static_cast<std::size_t>(15 - i)] = k_digits[(hash.high >> (4 * i)) & 0xF];
        out[static_cast<std::size_t>(31 - i)] = k_digits[(hash.low >> (4 * i)) & 0xF];
    }
    return out;
}

bool from_hex(std::string_view text, Hash128& out) noexcept {
    if (text.size() != 32) {
        return false;
    }
    std::uint64_t halves[2] = {0, 0};
    for (std::size_t i = 0; i < 32; ++i) {
        char c = text[i];
        int digit = 0;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else {
            return false;
        }
        halves[i / 16] = (halves[i / 16] << 4) | static_cast<std::uint64_t>(digit);
    }
    out.high = halves[0];
    out.low = halves[1];
    return true;
}

Hash128 hash_bytes(std::string_view bytes) noexcept {
    XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    return Hash128{h.high64, h.low64};
}

} // namespace gpparity::checksum
