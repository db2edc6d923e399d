#include "catalog/ao_signature.hpp"

#include "catalog/error.hpp"

#include <optional>

namespace gpparity::catalog {

namespace {

// The AO tables of the database (the caller keeps the ones it compares).
constexpr const char* k_gp6_tables = R"SQL(
  SELECT c.oid AS relid
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relstorage IN ('a', 'c') AND c.relkind = 'r'
     AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'gp_toolkit')
     AND n.nspname !~ '^pg_(toast_)?temp_'
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid))SQL";

// Greenplum 6, per table: `storage` and `local_ok`. Each primary's own pg_class rows
// (gp_dist_random) carry the per-segment values, computed on that primary by the gp_toolkit
// functions, which read the storage where they run; local_ok proves they did. A DELETE there
// changes only the visibility map's hidden counts. Segment files without rows or bytes are left
// out (VACUUM leaves them behind).
constexpr const char* k_gp6_storage = R"SQL(
  SELECT relid, pg_catalog.string_agg(content || '=' || storage, ';' ORDER BY content) AS storage,
         pg_catalog.bool_and(content = claimed) AS local_ok
    FROM (SELECT c.oid AS relid, pg_catalog.gp_execution_segment() AS content,
                 c.gp_segment_id AS claimed,
                 c.relfilenode::pg_catalog.text || ':' ||
                 COALESCE(CASE WHEN c.relstorage = 'a' THEN
                     (SELECT pg_catalog.string_agg(s.segno || '/' || s.eof || '/' || s.tupcount
                                                   || '/' || s.modcount, ',' ORDER BY s.segno)
                        FROM gp_toolkit.__gp_aoseg(c.oid) s
                       WHERE s.eof <> 0 OR s.tupcount <> 0)
                   ELSE
                     (SELECT pg_catalog.string_agg(s.segno || '/' || s.column_num || '/' || s.eof
                                                   || '/' || s.tupcount || '/' || s.modcount, ','
                                                   ORDER BY s.segno, s.column_num)
                        FROM gp_toolkit.__gp_aocsseg(c.oid) s
                       WHERE s.eof <> 0 OR s.tupcount <> 0)
                   END, '') || ':' ||
                 COALESCE((SELECT pg_catalog.string_agg(v.segno || '/' || v.hidden_tupcount, ','
                                                        ORDER BY v.segno)
                             FROM gp_toolkit.__gp_aovisimap_hidden_info(c.oid) v
                            WHERE v.hidden_tupcount <> 0), '') AS storage
            FROM gp_dist_random('pg_class') c
           WHERE c.oid IN (SELECT relid FROM ao)) seg
   GROUP BY relid)SQL";

// Greenplum 7: the AO tables, with their access method.
constexpr const char* k_gp7_tables = R"SQL(
  SELECT c.oid AS relid, am.amname
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_am am ON am.oid = c.relam
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE am.amname IN ('ao_row', 'ao_column') AND c.relkind = 'r'
     AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'gp_toolkit')
     AND n.nspname !~ '^pg_(toast_)?temp_'
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid)
  OFFSET 0)SQL";

// Greenplum 7, per table: `storage`. The gp_toolkit functions run on every primary and label
// their rows with segment_id (gp_execution_segment() must not label them). The OFFSET 0 fences
// keep the planner from pushing the access-method filter below the call, which would call
// __gp_aoseg on an AO column table (it fails). A DELETE records its modcount in a segment file
// entry without rows, so such entries are kept.
constexpr const char* k_gp7_storage = R"SQL(
  SELECT g.relid,
         pg_catalog.string_agg(g.segment_id || '=' || g.relfilenode || ':' ||
                               COALESCE(f.files, ''), ';' ORDER BY g.segment_id) AS storage
    FROM (SELECT d.oid AS relid, d.gp_segment_id AS segment_id, d.relfilenode
            FROM gp_dist_random('pg_class') d
           WHERE d.oid IN (SELECT relid FROM ao)) g
    LEFT JOIN (
      SELECT r.relid, s.segment_id,
             pg_catalog.string_agg(s.segno || '/' || s.eof || '/' || s.tupcount || '/' ||
                                   s.modcount, ',' ORDER BY s.segno) AS files
        FROM (SELECT relid FROM ao WHERE amname = 'ao_row' OFFSET 0) r,
             LATERAL gp_toolkit.__gp_aoseg(r.relid) s
       WHERE s.eof <> 0 OR s.tupcount <> 0 OR s.modcount <> 0
       GROUP BY r.relid, s.segment_id
      UNION ALL
      SELECT r.relid, s.segment_id,
             pg_catalog.string_agg(s.segno || '/' || s.column_num || '/' || s.eof || '/' ||
                                   s.tupcount || '/' || s.modcount, ','
                                   ORDER BY s.segno, s.column_num)
        FROM (SELECT relid FROM ao WHERE amname = 'ao_column' OFFSET 0) r,
             LATERAL gp_toolkit.__gp_aocsseg(r.relid) s
       WHERE s.eof <> 0 OR s.tupcount <> 0 OR s.modcount <> 0
       GROUP BY r.relid, s.segment_id) f ON f.relid = g.relid AND f.segment_id = g.segment_id
   GROUP BY g.relid)SQL";

// Both: the signature of each table in `ao` from its `storage`, its oid, its coordinator
// relfilenode, its columns (DROP / RENAME COLUMN and a binary-compatible ALTER TYPE change no
// storage; a collation changes how text compares) and its distribution policy (a policy
// changed without moving rows changes what the placement check finds); `extra` adds columns.
std::string signature_query(const char* tables, const char* storage, const char* extra) {
    return std::string("WITH ao AS (") + tables + "),\nstorage AS (" + storage + ")\n" +
           R"SQL(SELECT pg_catalog.quote_ident(n.nspname) || '.' ||
       pg_catalog.quote_ident(c.relname) AS identity,
       pg_catalog.md5(c.oid::pg_catalog.text || '|' || c.relfilenode::pg_catalog.text || '|' ||
         (SELECT pg_catalog.string_agg(a.attnum || ' ' || a.attname || ' ' || a.atttypid || ' ' ||
                                       a.atttypmod || ' ' || a.attcollation || ' ' ||
                                       a.attisdropped, ',' ORDER BY a.attnum)
            FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0) || '|' ||
         COALESCE((SELECT p.policytype::pg_catalog.text || ':' || p.numsegments || ':' ||
                          p.distkey::pg_catalog.text || ':' || p.distclass::pg_catalog.text
                     FROM pg_catalog.gp_distribution_policy p WHERE p.localoid = c.oid), '') ||
         '|' || COALESCE(s.storage, '')) AS signature)SQL" +
           extra + R"SQL(
  FROM ao
  JOIN pg_catalog.pg_class c ON c.oid = ao.relid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN storage s ON s.relid = ao.relid)SQL";
}

} // namespace

std::string ao_signature_query(Flavor flavor) {
    switch (flavor) {
    case Flavor::gp6:
        return signature_query(k_gp6_tables, k_gp6_storage, ",\n       s.local_ok");
    case Flavor::gp7:
        return signature_query(k_gp7_tables, k_gp7_storage, "");
    case Flavor::postgres:
        break;
    }
    return {};
}

AoSignatures read_ao_signatures(Cluster& cluster) {
    AoSignatures out;
    const std::string sql = ao_signature_query(cluster.flavor());
    if (sql.empty()) {
        return out;
    }
    // The primaries wait for a lock held on an AO table whatever lock_timeout says (seen on
    // both versions): bound the statement by the lock timeout instead, and put the session's
    // own statement timeout back after it.
    pg::Connection& conn = cluster.coordinator();
    const ConnectOptions& options = cluster.options();
    long bound = options.lock_timeout_ms;
    if (options.statement_timeout_ms > 0 && (bound == 0 || options.statement_timeout_ms < bound)) {
        bound = options.statement_timeout_ms;
    }
    conn.exec("SET statement_timeout = " + std::to_string(bound));
    std::optional<pg::Result> result;
    try {
        result.emplace(conn.exec(sql));
    } catch (const QueryError&) {
        conn.exec("SET statement_timeout = " + std::to_string(options.statement_timeout_ms));
        throw;
    }
    conn.exec("SET statement_timeout = " + std::to_string(options.statement_timeout_ms));
    const pg::Result& r = *result;
    const bool checks_locality = r.columns() > 2;
    for (int i = 0; i < r.rows(); ++i) {
        if (checks_locality && !r.boolean(i, 2)) {
            out.tables.clear();
            out.unavailable = "the AO storage of table " + r.text(i, 0) +
                              " was not read on its own segments, so no AO table's signature can "
                              "be trusted";
            return out;
        }
        out.tables.emplace(r.text(i, 0), r.text(i, 1));
    }
    return out;
}

} // namespace gpparity::catalog
