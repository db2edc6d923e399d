#include "checksum/pushdown.hpp"

#include "checksum/lanes.hpp"

#include "catalog/error.hpp"

#include <algorithm>
#include <atomic>
#include <optional>

namespace gpparity::checksum {

CompositeFields load_composite_fields(catalog::pg::Connection& conn, const TypeRegistry& types) {
    CompositeFields out;
    std::string oids = "{";
    for (const auto& [oid, t] : types) {
        if (t.typtype == 'c') {
            oids += (oids.size() > 1 ? "," : "") + std::to_string(oid);
        }
    }
    oids += "}";
    if (oids == "{}") {
        return out;
    }
    // The same attributes, in the same order, as the registry's field_types (table_spec.cpp).
    catalog::pg::Result rows = conn.exec_params(
        "SELECT t.oid, a.attname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_attribute a "
        "ON a.attrelid = t.typrelid WHERE t.oid = ANY ($1::pg_catalog.oid[]) AND t.typtype = 'c' "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY t.oid, a.attnum",
        {oids});
    for (int i = 0; i < rows.rows(); ++i) {
        out[static_cast<std::uint32_t>(rows.integer(i, 0))].push_back(rows.text(i, 1));
    }
    return out;
}

std::optional<DigestExtension> find_digest_extension(catalog::pg::Connection& conn) {
    catalog::pg::Result rows =
        conn.exec_params("SELECT e.extversion, n.nspname, "
                         "pg_catalog.has_schema_privilege(n.oid, 'USAGE') AND coalesce((SELECT "
                         "bool_and(pg_catalog.has_function_privilege(p.oid, 'EXECUTE')) FROM "
                         "pg_catalog.pg_proc p WHERE p.pronamespace = n.oid AND p.proname = "
                         "'c1_digest'), false) FROM pg_catalog.pg_extension e JOIN "
                         "pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1",
                         {std::string(k_digest_extension)});
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return DigestExtension{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2) == "t"};
}

bool has_utf8_text(const catalog::pg::Connection& conn) {
    std::string encoding = conn.parameter_status("server_encoding");
    return encoding == "UTF8" || encoding == "SQL_ASCII";
}

void read_pushdown_rows(const catalog::pg::Result& rows, const PushdownItem& item,
                        ScanOutcome& outcome) {
    for (int r = 0; r < rows.rows(); ++r) {
        int content = static_cast<int>(rows.integer(r, 0));
        if (item.server_digest) {
            auto d = parse_server_digest(rows.value(r, 1));
            if (!d) {
                throw catalog::QueryError(
                    "pushdown: the gpparity extension returned a malformed digest", "", "");
            }
            outcome.segments[content].total += *d;
            continue;
        }
        long long count = rows.integer(r, 1);
        if (count < 0) {
            throw catalog::QueryError("pushdown: negative row count", "", "");
        }
        auto rows_counted = static_cast<std::uint64_t>(count);
        MultisetDigest digest;
        digest.count = rows_counted;
        if (!item.count_only) {
            auto d =
                pushdown_digest(rows_counted, rows.value(r, 2), rows.value(r, 3), item.signature);
            if (!d) {
                throw catalog::QueryError(
                    "pushdown: the server returned a sum that is not an integer", "", "");
            }
            digest = *d;
        }
        outcome.segments[content].total += digest;
    }
}

namespace {

class Run {
public:
    Run(const std::vector<SideQueries>& sides, const EngineOptions& options,
        std::vector<std::vector<ScanOutcome>>& outcomes)
        : m_sides(sides), m_options(options), m_outcomes(outcomes), m_cursors(sides.size()),
          m_lanes(options.interrupt) {}

    void execute() {
        m_outcomes.clear();
        m_outcomes.resize(m_sides.size());
        std::vector<std::size_t> lanes; // the side each lane works for
        std::size_t jobs = static_cast<std::size_t>(std::max(1, m_options.jobs));
        for (std::size_t s = 0; s < m_sides.size(); ++s) {
            m_outcomes[s].resize(m_sides[s].items.size());
            m_cursors[s].store(0);
            for (std::size_t l = 0; l < std::min(jobs, m_sides[s].items.size()); ++l) {
                lanes.push_back(s);
            }
        }
        m_lanes.run(lanes.size(), [&](std::size_t l) { run_lane(lanes[l]); });
        LaneRun::require_done(m_outcomes, "pushdown: a planned query produced no result");
    }

private:
    void run_lane(std::size_t side) {
        const SideQueries& work = m_sides[side];
        std::optional<catalog::pg::Connection> conn;
        std::optional<catalog::pg::Canceller> canceller;
        while (!m_lanes.interrupted()) {
            std::size_t index = m_cursors[side].fetch_add(1);
            if (index >= work.items.size()) {
                break;
            }
            if (!conn) {
                const catalog::Cluster& cluster = *work.cluster;
                conn.emplace(cluster.open_coordinator(
                    cluster.side() + (cluster.is_greenplum() ? " coordinator" : "")));
                canceller.emplace(conn->canceller());
            }
            const PushdownItem& item = work.items[index];
            ScanOutcome& outcome = m_outcomes[side][index];
            const bool usable = m_lanes.run_item(
                outcome, [&canceller] { (void)canceller->cancel(); },
                [&] {
                    // One statement: one (distributed) snapshot, read-only by the pinned session.
                    catalog::pg::Result rows = conn->exec(item.sql);
                    read_pushdown_rows(rows, item, outcome);
                });
            if (!usable) {
                canceller.reset(); // the connection is gone; the next item opens a new one
                conn.reset();
            }
        }
        m_lanes.throw_if_interrupted();
    }

    const std::vector<SideQueries>& m_sides;
    const EngineOptions& m_options;
    std::vector<std::vector<ScanOutcome>>& m_outcomes;
    std::vector<std::atomic<std::size_t>> m_cursors;
    LaneRun m_lanes;
};

} // namespace

void run_pushdown(const std::vector<SideQueries>& sides, const EngineOptions& options,
                  std::vector<std::vector<ScanOutcome>>& outcomes) {
    Run run(sides, options, outcomes);
    run.execute();
}

} // namespace gpparity::checksum
