#pragma once
/// The engine's sessions on real servers: each scan runs `COPY (...) TO STDOUT (FORMAT binary)`
/// in its own `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` transaction, either straight on
/// a primary in utility mode (endpoint = content id) or on the coordinator (endpoint -1).

#include "catalog/cluster.hpp"
#include "checksum/engine.hpp"

#include <memory>

namespace gpparity::checksum {

/// Sessions to one cluster. Thread-safe: open() only reads the cluster's facts.
class PgScanSource final : public ScanSource {
public:
    explicit PgScanSource(const catalog::Cluster& cluster) : m_cluster(cluster) {}
    std::unique_ptr<ScanSession> open(int endpoint) override;

private:
    const catalog::Cluster& m_cluster;
};

/// Tries to open (and closes) a utility-mode session to every primary, in parallel on at most
/// `jobs` threads. Returns the first failure's message, or nullopt when all succeeded.
[[nodiscard]] std::optional<std::string> probe_segments(const catalog::Cluster& cluster, int jobs);

} // namespace gpparity::checksum
