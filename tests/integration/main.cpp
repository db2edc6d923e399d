// Integration tests: real PostgreSQL servers from scripts/with-servers, optional Greenplum.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (std::getenv("GPPARITY_TEST_PG1") == nullptr) {
        std::cerr << "note: GPPARITY_TEST_PG1/PG2 are not set; integration tests that need a "
                     "server are skipped. Run scripts/test, or scripts/with-servers 2 -- ctest.\n";
    }
    return RUN_ALL_TESTS();
}
