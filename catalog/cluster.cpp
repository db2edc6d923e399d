#include "catalog/cluster.hpp"

#include "catalog/error.hpp"

namespace gpparity::catalog {

std::string utility_mode_option(Flavor flavor) {
    // GP7 removed gp_session_role; sending it there is an error (greenplum.md §2.2).
    return flavor == Flavor::gp6 ? "-c gp_session_role=utility" : "-c gp_role=utility";
}

Cluster Cluster::connect(const std::string& conninfo, const std::string& side,
                         const ConnectOptions& options) {
    pg::SessionOptions session;
    session.label = side;
    session.statement_timeout_ms = options.statement_timeout_ms;
    session.lock_timeout_ms = options.lock_timeout_ms;
    session.gauge = std::make_shared<pg::ConnectionGauge>();
    pg::Connection conn = pg::Connection::open(conninfo, session);

    pg::Result about = conn.exec(
        "SELECT pg_catalog.version(), pg_catalog.current_setting('server_version'), "
        "pg_catalog.current_setting('server_version_num'), pg_catalog.current_database(), "
        "current_user");
    ServerFacts facts;
    facts.version_string = about.text(0, 0);
    facts.server_version = about.text(0, 1);
    facts.server_version_num = static_cast<int>(about.integer(0, 2));
    facts.gp_server_version = conn.parameter_status("gp_server_version");

    FlavorDecision decision;
    try {
        decision = decide_flavor(facts);
    } catch (const UsageError& e) {
        throw UsageError(side + ": " + e.what());
    }

    Cluster cluster(conninfo, side, options, session.gauge, std::move(conn));
    ClusterIdentity& id = cluster.m_identity;
    id.flavor = decision.flavor;
    id.gp_version = decision.gp_version;
    id.server_version = facts.server_version;
    id.server_version_num = facts.server_version_num;
    id.database = about.text(0, 3);
    id.user = about.text(0, 4);
    id.host = cluster.m_coordinator.host();
    try {
        id.port = std::stoi(cluster.m_coordinator.port());
    } catch (const std::exception&) {
        id.port = 0;
    }

    if (decision.flavor == Flavor::postgres) {
        id.segments.push_back(Segment{-1, id.host, id.host, id.port});
    } else {
        // gp_segment_configuration has the same columns on GP6 and GP7 (greenplum.md §2.1).
        pg::Result segs = cluster.m_coordinator.exec(
            "SELECT content, hostname, address, port FROM pg_catalog.gp_segment_configuration "
            "WHERE role = 'p' AND content >= 0 ORDER BY content");
        for (int r = 0; r < segs.rows(); ++r) {
            id.segments.push_back(Segment{static_cast<int>(segs.integer(r, 0)), segs.text(r, 1),
                                          segs.text(r, 2), static_cast<int>(segs.integer(r, 3))});
        }
        if (id.segments.empty()) {
            throw ConnectionError(side + ": gp_segment_configuration lists no primary segment");
        }
    }
    return cluster;
}

pg::SessionOptions Cluster::session_options(std::string label) const {
    pg::SessionOptions session;
    session.label = std::move(label);
    session.statement_timeout_ms = m_options.statement_timeout_ms;
    session.lock_timeout_ms = m_options.lock_timeout_ms;
    session.gauge = m_gauge;
    return session;
}

pg::Connection Cluster::open_coordinator(const std::string& label) const {
    return pg::Connection::open(m_conninfo, session_options(label));
}

pg::Connection Cluster::open_segment(const Segment& segment) const {
    if (!is_greenplum()) {
        return open_coordinator(m_side);
    }
    pg::SessionOptions session =
        session_options(m_side + " segment " + std::to_string(segment.content));
    session.startup_options = utility_mode_option(m_identity.flavor);
    // Connect to the primary's own address and port, with the same database, user and
    // credentials as the coordinator connection; the database name is resolved from the
    // coordinator so PGDATABASE defaults resolve the same way.
    return pg::Connection::open(m_conninfo, session,
                                {{"host", segment.address.empty() ? segment.host : segment.address},
                                 {"port", std::to_string(segment.port)},
                                 {"dbname", m_identity.database},
                                 {"user", m_identity.user}});
}

} // namespace gpparity::catalog
