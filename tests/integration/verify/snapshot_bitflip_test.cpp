// Bit-flip sweep (issue 18, hostile input): a real snapshot file taken with `gpparity snapshot
// --data` from a small sample, then every byte position flipped in turn. Each damaged file must
// be refused by the entry point every command opens a side with (verify::open_side, what
// `check --source FILE` runs) with a UsageError, never accepted and never a crash; a sample of
// positions also goes through the real CLI, which must exit 2 with a one-line error.
#include "tests/integration/support/servers.hpp"

#include "catalog/cluster.hpp"
#include "catalog/error.hpp"
#include "catalog/filter.hpp"
#include "verify/side.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using gpparity::testing::run_gpparity;
using gpparity::testing::TestDatabase;

namespace {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The file with every bit of byte `position` flipped.
std::string flipped(std::string bytes, std::size_t position) {
    bytes[position] = static_cast<char>(~static_cast<unsigned char>(bytes[position]));
    return bytes;
}

// Empty when opening `path` as a side is refused with a gpparity error; else what happened.
std::string open_outcome(const std::string& path) {
    try {
        (void)gpparity::verify::open_side(path, "source", gpparity::catalog::ConnectOptions{},
                                          gpparity::catalog::Filter{});
        return "accepted";
    } catch (const gpparity::catalog::Error&) {
        return {};
    } catch (const std::exception& e) {
        return std::string("not a gpparity error: ") + e.what();
    }
}

} // namespace

TEST(SnapshotBitFlip, EveryFlippedByteIsRefusedNeverAccepted) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "snapshot_bitflip");
    db.run("CREATE SCHEMA shop;"
           "CREATE TABLE shop.orders (id integer PRIMARY KEY, note text, amount numeric(10,2));"
           "CREATE TABLE shop.customers (id bigint PRIMARY KEY, name varchar(40));"
           "CREATE TABLE public.events (at timestamptz, payload jsonb);"
           "CREATE INDEX orders_note_idx ON shop.orders (note);"
           "INSERT INTO shop.orders SELECT g, 'order ' || g, g * 1.5 FROM generate_series(1, 5) g;"
           "INSERT INTO shop.customers VALUES (1, 'Ada'), (2, NULL);"
           "INSERT INTO public.events VALUES ('2026-01-01 00:00:00+00', '{\"k\": [1, 2]}');");
    const std::string good = gpparity::testing::temp_path("bitflip-good.snapshot");
    auto taken = run_gpparity(
        {"snapshot", "--source", db.conninfo(), "--output", good, "--data", "--quiet"});
    ASSERT_EQ(taken.exit_code, 0) << taken.err;
    const std::string bytes = read_bytes(good);
    ASSERT_GT(bytes.size(), 100u);
    ASSERT_LT(bytes.size(), 64u * 1024) << "keep the sample small: one open per byte";

    // The intact file opens and passes against its own database: the sweep below starts from a
    // file that is accepted, so every refusal is the flip's doing.
    ASSERT_EQ(open_outcome(good), "accepted");
    auto intact = run_gpparity({"check", "--source", good, "--target", db.conninfo(), "--quiet"});
    ASSERT_EQ(intact.exit_code, 0) << intact.err;

    const std::string damaged = gpparity::testing::temp_path("bitflip-damaged.snapshot");
    std::vector<std::size_t> accepted;
    for (std::size_t position = 0; position < bytes.size(); ++position) {
        write_bytes(damaged, flipped(bytes, position));
        const std::string outcome = open_outcome(damaged);
        EXPECT_EQ(outcome, "") << "byte " << position << " of " << bytes.size() << " flipped";
        if (!outcome.empty()) {
            accepted.push_back(position);
        }
    }
    EXPECT_TRUE(accepted.empty()) << accepted.size() << " flipped positions were not refused";

    // The real CLI on about 30 positions spread over the file (first and last included).
    const std::size_t step = std::max<std::size_t>(1, bytes.size() / 30);
    std::vector<std::size_t> sample;
    for (std::size_t position = 0; position < bytes.size(); position += step) {
        sample.push_back(position);
    }
    sample.push_back(bytes.size() - 1);
    for (std::size_t position : sample) {
        write_bytes(damaged, flipped(bytes, position));
        auto r = run_gpparity({"check", "--source", damaged, "--target", db.conninfo()});
        EXPECT_EQ(r.exit_code, 2) << "byte " << position << ": " << r.out << r.err;
        EXPECT_TRUE(r.err.rfind("gpparity: source: snapshot " + damaged, 0) == 0 ||
                    r.err.rfind("gpparity: snapshot " + damaged, 0) == 0)
            << "byte " << position << ": " << r.err;
        EXPECT_NE(r.err.find(damaged), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    }
}
