#pragma once
/// A cluster gpparity reads: one pinned coordinator connection, the flavor, and the primary
/// segments. PostgreSQL is a one-segment cluster whose only segment is content -1.

#include "catalog/flavor.hpp"
#include "catalog/pg/connection.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gpparity::catalog {

/// One primary segment (or, on PostgreSQL, the server itself as content -1).
struct Segment {
    int content = -1;
    std::string host;    ///< gp_segment_configuration.hostname (what operators recognise)
    std::string address; ///< gp_segment_configuration.address (what we connect to)
    int port = 0;
};

/// Who a cluster is: the facts `gpparity info` prints and every report carries.
struct ClusterIdentity {
    Flavor flavor = Flavor::postgres;
    std::string server_version;
    int server_version_num = 0;
    std::optional<std::string> gp_version;
    std::string database;
    std::string user;
    std::string host; ///< coordinator host as reached
    int port = 0;
    std::vector<Segment> segments;
};

struct ConnectOptions {
    long statement_timeout_ms = 0;
    long lock_timeout_ms = 30000;
};

class Cluster {
public:
    /// Connects to the coordinator, pins the session, detects the flavor and reads the
    /// primaries. `side` ("source", "target") starts every error message. Throws UsageError
    /// for malformed input or an unsupported server, ConnectionError when it cannot connect.
    static Cluster connect(const std::string& conninfo, const std::string& side,
                           const ConnectOptions& options = {});

    [[nodiscard]] const ClusterIdentity& identity() const noexcept { return m_identity; }
    [[nodiscard]] Flavor flavor() const noexcept { return m_identity.flavor; }
    [[nodiscard]] bool is_greenplum() const noexcept {
        return m_identity.flavor != Flavor::postgres;
    }
    [[nodiscard]] const std::string& side() const noexcept { return m_side; }
    [[nodiscard]] const std::string& conninfo() const noexcept { return m_conninfo; }
    /// The session timeouts every connection of this cluster is pinned with.
    [[nodiscard]] const ConnectOptions& options() const noexcept { return m_options; }
    /// The coordinator connection (single-threaded use).
    [[nodiscard]] pg::Connection& coordinator() noexcept { return m_coordinator; }

    /// A new pinned connection to the coordinator (for parallel work).
    [[nodiscard]] pg::Connection open_coordinator(const std::string& label) const;
    /// A new utility-mode connection straight to one primary: `gp_session_role=utility` on
    /// GP6, `gp_role=utility` on GP7 (greenplum.md §2.2). On PostgreSQL, a coordinator
    /// connection. Throws ConnectionError when the primary cannot be reached.
    [[nodiscard]] pg::Connection open_segment(const Segment& segment) const;

    /// The most connections this cluster had open at once, counting every server (coordinator
    /// and primaries) and the coordinator connection itself: the connection budget's evidence.
    [[nodiscard]] int peak_connections() const noexcept { return m_gauge->peak(); }

private:
    Cluster(std::string conninfo, std::string side, ConnectOptions options,
            std::shared_ptr<pg::ConnectionGauge> gauge, pg::Connection coordinator)
        : m_conninfo(std::move(conninfo)), m_side(std::move(side)), m_options(options),
          m_gauge(std::move(gauge)), m_coordinator(std::move(coordinator)) {}

    // Every connection of this cluster is opened with these settings and its gauge.
    [[nodiscard]] pg::SessionOptions session_options(std::string label) const;

    std::string m_conninfo;
    std::string m_side;
    ConnectOptions m_options;
    std::shared_ptr<pg::ConnectionGauge> m_gauge;
    pg::Connection m_coordinator;
    ClusterIdentity m_identity;
};

/// The libpq startup option that puts a session in utility mode for a flavor.
[[nodiscard]] std::string utility_mode_option(Flavor flavor);

} // namespace gpparity::catalog
