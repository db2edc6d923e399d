#include "checksum/pg_scan.hpp"

#include "catalog/error.hpp"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <mutex>

namespace gpparity::checksum {

namespace {

class PgScanSession final : public ScanSession {
public:
    explicit PgScanSession(catalog::pg::Connection conn)
        : m_conn(std::move(conn)), m_canceller(m_conn.canceller()) {}

    void scan(const std::string& sql,
              const std::function<void(std::string_view)>& on_chunk) override {
        // Each stream reads in its own snapshot (utility-mode sessions cannot share a
        // distributed one; DESIGN.md §4 "Consistency").
        m_conn.begin_read_only_snapshot();
        try {
            catalog::pg::CopyOutStream stream = m_conn.copy_out(sql);
            while (auto chunk = stream.next()) {
                on_chunk(*chunk);
            }
        } catch (const catalog::QueryError&) {
            m_conn.exec("ROLLBACK");
            throw;
        }
        m_conn.commit();
    }

    void cancel() noexcept override { (void)m_canceller.cancel(); }

private:
    catalog::pg::Connection m_conn;
    catalog::pg::Canceller m_canceller;
};

} // namespace

std::unique_ptr<ScanSession> PgScanSource::open(int endpoint) {
    if (endpoint < 0 || !m_cluster.is_greenplum()) {
        return std::make_unique<PgScanSession>(m_cluster.open_coordinator(
            m_cluster.side() + (m_cluster.is_greenplum() ? " coordinator" : "")));
    }
    for (const auto& segment : m_cluster.identity().segments) {
        if (segment.content == endpoint) {
            return std::make_unique<PgScanSession>(m_cluster.open_segment(segment));
        }
    }
    throw catalog::ConnectionError(m_cluster.side() + ": no primary with content " +
                                   std::to_string(endpoint));
}

std::optional<std::string> probe_segments(const catalog::Cluster& cluster, int jobs) {
    const auto& segments = cluster.identity().segments;
    std::mutex mutex;
    std::optional<std::string> failure;
    // Without the global limit, an arena larger than the machine's cores makes oneTBB print
    // "TBB Warning: The number of workers is currently limited to ..." on stderr.
    const int threads = std::max(1, jobs);
    tbb::global_control control(tbb::global_control::max_allowed_parallelism,
                                static_cast<std::size_t>(threads) + 1);
    tbb::task_arena arena(threads);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, segments.size(), [&](std::size_t i) {
            try {
                catalog::pg::Connection conn = cluster.open_segment(segments[i]);
            } catch (const catalog::Error& e) {
                std::lock_guard lock(mutex);
                if (!failure) {
                    failure = e.what();
                }
            }
        });
    });
    return failure;
}

} // namespace gpparity::checksum
