#pragma once
/// Digest algebra of the stream strategy (DESIGN.md §4): a row hash is XXH3-128 of the row's
/// canonical encoding; a multiset digest is the row count plus the sum of row hashes mod 2^128.
/// Order-independent and multiplicity-preserving: unlike XOR, a duplicated row or a lost
/// duplicate changes it. Pure values, no I/O; safe to use from any thread.

#include <cstdint>
#include <string>
#include <string_view>

namespace gpparity::checksum {

/// A 128-bit value as two 64-bit halves (no __int128 in the public interface).
struct Hash128 {
    std::uint64_t high = 0;
    std::uint64_t low = 0;

    friend bool operator==(const Hash128&, const Hash128&) = default;
    /// Addition mod 2^128, carrying from the low half into the high half.
    Hash128& operator+=(const Hash128& other) noexcept {
        std::uint64_t low_sum = low + other.low;
        high += other.high + (low_sum < low ? 1U : 0U);
        low = low_sum;
        return *this;
    }
    /// Subtraction mod 2^128 (the inverse of +=).
    Hash128& operator-=(const Hash128& other) noexcept {
        std::uint64_t borrow = low < other.low ? 1U : 0U;
        low -= other.low;
        high -= other.high + borrow;
        return *this;
    }
};

/// 32 lowercase hex digits, high half first.
[[nodiscard]] std::string to_hex(const Hash128& hash);
/// Parses to_hex's output; returns false for anything else.
[[nodiscard]] bool from_hex(std::string_view text, Hash128& out) noexcept;

/// XXH3-128 of `bytes` (seed 0).
[[nodiscard]] Hash128 hash_bytes(std::string_view bytes) noexcept;

/// A multiset of rows: how many, and the sum of their hashes.
struct MultisetDigest {
    std::uint64_t count = 0;
    Hash128 sum;

    void add(const Hash128& row_hash) noexcept {
        ++count;
        sum += row_hash;
    }
    MultisetDigest& operator+=(const MultisetDigest& other) noexcept {
        count += other.count;
        sum += other.sum;
        return *this;
    }
    friend bool operator==(const MultisetDigest&, const MultisetDigest&) = default;
};

} // namespace gpparity::checksum
