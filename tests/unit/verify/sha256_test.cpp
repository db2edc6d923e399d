#include "verify/sha256.hpp"

#include "catalog/error.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

using namespace gpparity::verify;

// FIPS 180-2, appendix B (and the empty message from the NIST examples).
TEST(Sha256, MatchesFipsVectors) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MatchesFipsVectorForAMillionAs) {
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, IncrementalUpdatesMatchOneShotAcrossBlockBoundaries) {
    std::string message;
    for (int i = 0; i < 300; ++i) {
        message += static_cast<char>(i * 7);
    }
    for (std::size_t split : {0UL, 1UL, 55UL, 56UL, 63UL, 64UL, 65UL, 128UL, 299UL}) {
        Sha256 sha;
        sha.update(std::string_view(message).substr(0, split));
        sha.update(std::string_view(message).substr(split));
        EXPECT_EQ(sha.hex_digest(), sha256_hex(message)) << "split at " << split;
    }
    // Lengths around the padding boundary (55/56/64 bytes) against known values.
    EXPECT_EQ(sha256_hex(std::string(55, 'a')),
              "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    EXPECT_EQ(sha256_hex(std::string(56, 'a')),
              "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    EXPECT_EQ(sha256_hex(std::string(64, 'a')),
              "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, HashesAFile) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("gpparity_sha256_test_" + std::to_string(::getpid()) + ".bin");
    {
        std::ofstream out(path, std::ios::binary);
        out << std::string(200000, 'a') << "abc";
    }
    const std::string expected = sha256_hex(std::string(200000, 'a') + "abc");
    EXPECT_EQ(sha256_file_hex(path), expected);
    std::filesystem::remove(path);
}

TEST(Sha256, MissingFileThrowsUsageError) {
    EXPECT_THROW((void)sha256_file_hex("/nonexistent/gpparity/snapshot.gpps"),
                 gpparity::catalog::UsageError);
}
