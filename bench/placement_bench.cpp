// Placement check CPU cost (issue 9, DESIGN.md §5): the stream engine's per-row work on a real
// binary COPY capture, with and without the target-side placement check. Reads FILE (the
// output of `COPY t TO STDOUT (FORMAT binary)`) into memory once, then digests it with
// StreamDigester — exactly what a gpparity stream does with the bytes libpq hands over — in
// 64 KiB chunks: no check, then the check on a one-column key (id bigint) and on a two-column
// key (id bigint, name text), each over NUMSEGMENTS; once with the capture split into one
// stream per segment by its key (every row at home, the normal case) and once read whole as
// segment 0 (nearly every row misplaced, the worst case). Prints the best of REPEAT runs of each as
// CPU seconds, ns/row and the overhead against no check. The network and the server are not
// part of it: the check adds no column and no query when its key is among the compared columns,
// so what it adds to a stream is this CPU time. Usage: placement_bench FILE [NUMSEGMENTS]
// [REPEAT]. Not part of scripts/test.

#include "checksum/engine.hpp"
#include "checksum/placement_check.hpp"

#include <ctime>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace gpparity::checksum;

namespace {

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The bench table of bench/placement.sh:
// t(id bigint, qty integer, price numeric(12,2), ratio double precision, name text,
//   created timestamptz, day date, flag boolean, ref uuid, note varchar(40))
RowCodec table_codec() {
    RowCodec codec;
    codec.columns = {
        {ValueClass::integer, Wire::int8, {}},    {ValueClass::integer, Wire::int4, {}},
        {ValueClass::numeric, Wire::numeric, {}}, {ValueClass::floating, Wire::float8, {}},
        {ValueClass::text, Wire::text, {}},       {ValueClass::timestamptz, Wire::timestamptz, {}},
        {ValueClass::date, Wire::date, {}},       {ValueClass::boolean, Wire::boolean, {}},
        {ValueClass::uuid, Wire::uuid, {}},       {ValueClass::text, Wire::text, {}},
    };
    codec.key_columns = {0}; // buckets by the distribution key, as for a table without a PK
    return codec;
}

// Splits a capture into one binary COPY stream per segment, each row on the segment its key
// (the check's) dictates: what the primaries of a correctly placed table would send.
class Splitter final : public RowSink {
public:
    Splitter(const PlacementCheck& check, std::vector<std::string>& out)
        : m_checker(check), m_out(out) {
        m_out.assign(static_cast<std::size_t>(check.numsegments), copy_binary_header());
    }
    void on_row(const std::vector<FieldView>& fields) override {
        int segment = m_checker.segment_of(fields, 0);
        std::vector<std::optional<std::string>> values;
        for (const auto& f : fields) {
            values.push_back(f.is_null() ? std::nullopt : std::optional<std::string>(f.bytes()));
        }
        append_copy_binary_row(m_out[static_cast<std::size_t>(segment)], values);
    }

private:
    PlacementChecker m_checker;
    std::vector<std::string>& m_out;
};

struct Run {
    double seconds = 1e100;
    std::uint64_t rows = 0;
    std::uint64_t misplaced = 0;
};

// Digests `streams` (stream k read as content id k) one after the other, best of `repeat`.
Run measure(const std::vector<std::string>& streams, const RowCodec& codec,
            const PlacementCheck* check, int repeat) {
    Run best;
    for (int i = 0; i < repeat; ++i) {
        std::uint64_t rows = 0;
        std::uint64_t misplaced = 0;
        double start = cpu_seconds();
        for (std::size_t k = 0; k < streams.size(); ++k) {
            ScanOutcome outcome;
            StreamDigester digester(codec, static_cast<int>(k), outcome, check);
            constexpr std::size_t k_chunk = 64 * 1024;
            for (std::size_t at = 0; at < streams[k].size(); at += k_chunk) {
                digester.feed(std::string_view(streams[k]).substr(at, k_chunk));
            }
            digester.finish();
            rows += outcome.segments[static_cast<int>(k)].total.count;
            misplaced += outcome.placement ? outcome.placement->misplaced_rows : 0;
        }
        double took = cpu_seconds() - start;
        if (took < best.seconds) {
            best = Run{took, rows, misplaced};
        }
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: placement_bench FILE [NUMSEGMENTS] [REPEAT]\n");
        return 2;
    }
    int numsegments = argc > 2 ? std::atoi(argv[2]) : 16;
    int repeat = argc > 3 ? std::atoi(argv[3]) : 5;
    std::ifstream in(argv[1], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    RowCodec codec = table_codec();

    PlacementCheck one;
    one.numsegments = numsegments;
    one.keys = {PlacementKey{"id", HashType::int8, 0, {}}};
    PlacementCheck two = one;
    two.keys.push_back(PlacementKey{"name", HashType::text, 4, {}});

    // Clean: the capture split into per-segment streams by the key, every row read from the
    // segment it belongs to (the normal case: nothing misplaced).
    auto split = [&](const PlacementCheck& check) {
        std::vector<std::string> streams;
        Splitter splitter(check, streams);
        CopyBinaryParser parser;
        parser.feed(bytes, splitter);
        parser.finish();
        for (auto& stream : streams) {
            stream += copy_binary_trailer();
        }
        return streams;
    };
    std::vector<std::string> clean_one = split(one);
    std::vector<std::string> clean_two = split(two);
    // Worst case: the whole capture read as segment 0, so nearly every row is misplaced.
    std::vector<std::string> all_on_zero{bytes};

    std::printf("capture: %.1f MB, numsegments %d, best of %d (process CPU time)\n",
                static_cast<double>(bytes.size()) / 1e6, numsegments, repeat);
    std::printf("| streams | check | CPU s | ns/row | rows/s | vs no check | misplaced |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    auto report = [&](const char* streams, const char* name, const Run& r, const Run& base) {
        double ns = r.seconds * 1e9 / static_cast<double>(r.rows);
        std::printf("| %s | %s | %.3f | %.1f | %.0f | %+.1f %% | %llu |\n", streams, name,
                    r.seconds, ns, static_cast<double>(r.rows) / r.seconds,
                    (r.seconds / base.seconds - 1.0) * 100.0,
                    static_cast<unsigned long long>(r.misplaced));
    };
    const char* home = "per segment, rows at home";
    Run base1 = measure(clean_one, codec, nullptr, repeat);
    report(home, "none", base1, base1);
    report(home, "key (id bigint)", measure(clean_one, codec, &one, repeat), base1);
    Run base2 = measure(clean_two, codec, nullptr, repeat);
    report(home, "none (split by the two-column key)", base2, base2);
    report(home, "key (id bigint, name text)", measure(clean_two, codec, &two, repeat), base2);
    const char* zero = "all read as segment 0";
    Run base0 = measure(all_on_zero, codec, nullptr, repeat);
    report(zero, "none", base0, base0);
    report(zero, "key (id bigint)", measure(all_on_zero, codec, &one, repeat), base0);
    report(zero, "key (id bigint, name text)", measure(all_on_zero, codec, &two, repeat), base0);
    return 0;
}
