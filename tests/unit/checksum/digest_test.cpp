#include "checksum/digest.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

TEST(Digest, AdditionCarriesIntoHighHalf) {
    Hash128 a{0, ~0ULL};
    a += Hash128{0, 1};
    EXPECT_EQ(a, (Hash128{1, 0}));
    Hash128 b{~0ULL, ~0ULL};
    b += Hash128{0, 1};
    EXPECT_EQ(b, (Hash128{0, 0})) << "wraps mod 2^128";
    b -= Hash128{0, 1};
    EXPECT_EQ(b, (Hash128{~0ULL, ~0ULL}));
}

TEST(Digest, MultisetIsOrderIndependentAndCountsDuplicates) {
    Hash128 r1 = hash_bytes("row one");
    Hash128 r2 = hash_bytes("row two");
    MultisetDigest forward, backward, doubled;
    forward.add(r1);
    forward.add(r2);
    backward.add(r2);
    backward.add(r1);
    EXPECT_EQ(forward, backward);
    // XOR would cancel a duplicated pair; the sum does not.
    doubled.add(r1);
    doubled.add(r1);
    doubled.add(r2);
    doubled.add(r2);
    MultisetDigest swapped; // same count as doubled, different multiset
    swapped.add(r1);
    swapped.add(r1);
    swapped.add(r1);
    swapped.add(r2);
    EXPECT_EQ(doubled.count, swapped.count);
    EXPECT_NE(doubled, swapped);
}

TEST(Digest, HexRoundTrip) {
    Hash128 h = hash_bytes("abc");
    Hash128 back;
    ASSERT_TRUE(from_hex(to_hex(h), back));
    EXPECT_EQ(back, h);
    EXPECT_FALSE(from_hex("xyz", back));
    EXPECT_EQ(to_hex(Hash128{1, 2}), "00000000000000010000000000000002");
}

TEST(Digest, Xxh3ReferenceValue) {
    // XXH3_128bits of the empty input, from xxHash's own sanity tests.
    Hash128 h = hash_bytes("");
    EXPECT_EQ(h, (Hash128{0x99aa06d3014798d8ULL, 0x6001c324468d497fULL}));
}
