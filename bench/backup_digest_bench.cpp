// Digesting a gpbackup backup set (issue 16: >= 0.7x the raw decompression rate per core).
// Opens the backup set BACKUP_DIR as gpparity's source side, plans its codecs against the live
// cluster CONNINFO (the database the backup was taken from: the same tables and types), then
// digests every data file with JOBS threads (verify::prepare_backup_data, what `gpparity data
// --source BACKUP_DIR` runs before comparing). Prints the digest wall time and the rows; the
// baseline, `gzip -dc` of the same files, is timed by bench/backup-digest.sh.
#include "verify/side.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace gpparity;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: backup_digest_bench BACKUP_DIR CONNINFO [JOBS]\n");
        return 2;
    }
    const std::string backup = argv[1];
    const std::string conninfo = argv[2];
    verify::DataRunOptions options;
    options.jobs = argc > 3 ? std::atoi(argv[3]) : 1;
    try {
        verify::OpenedSide source =
            verify::open_data_side(backup, "source", catalog::ConnectOptions{});
        verify::OpenedSide live =
            verify::open_data_side(conninfo, "target", catalog::ConnectOptions{});
        std::vector<std::string> warnings;
        const auto start = std::chrono::steady_clock::now();
        verify::prepare_backup_data(source, live, options, warnings);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::uint64_t rows = 0;
        std::size_t columns = 0;
        for (const auto& t : source.data->tables) {
            columns += t.digest_columns.size();
            for (const auto& s : t.segments) {
                rows += s.digest.count;
            }
        }
        std::printf("digest_s %.3f rows %llu columns %zu jobs %d\n", seconds,
                    static_cast<unsigned long long>(rows), columns, options.jobs);
        for (const auto& w : warnings) {
            std::fprintf(stderr, "warning: %s\n", w.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
    return 0;
}
