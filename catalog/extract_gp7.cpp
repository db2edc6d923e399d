// The Greenplum 7 query set: the PostgreSQL 12 queries plus distribution policies, external
// tables (foreign tables of gp_exttable_server, read through the pg_exttable view), external
// protocols, resource queues and groups. Differences between GA Greenplum 7 and the 7.0
// development tree (greenplum.md §0) are resolved from the columns the detection query found.
// Also holds the Greenplum queries GP6 shares. Written from greenplum.md; run against real
// clusters only when GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7 are set.

#include "catalog/extract_queries.hpp"

namespace gpparity::catalog::detail {

namespace {

// The pieces of the external-table query that differ between GP6 and GP7.
struct ExternalTableParts {
    std::string log_errors; ///< 't'/'f' of pg_exttable.logerrors
    std::string persistent; ///< true when errors are logged persistently
    std::string options;    ///< the table's options, sorted, as text
    std::string joins;      ///< the joins the partition attributes read
    std::string partition;  ///< the partition attributes, starting with ",\n"
    std::string parent_dep; ///< the partition parent as a dependency, or NULL
};

ExternalTableParts external_table_parts(const Dialect& d) {
    ExternalTableParts p;
    // log_errors: bool in GP6 and GA GP7, "char" in the 7.0 development tree (§0). Persistent
    // error logging: GP6 options 'error_log_persistent=true'; GP7 ftoptions
    // 'log_errors=persistently' (§1.11, §3 row 13).
    if (d.exttable_logerrors_type() == "boolean") {
        p.log_errors = "CASE WHEN e.logerrors THEN 't' ELSE 'f' END";
    } else {
        p.log_errors = "CASE WHEN e.logerrors IS NULL THEN NULL WHEN e.logerrors::text IN ('f', "
                       "'false', '') THEN 'f' ELSE 't' END";
    }
    if (d.flavor() == Flavor::gp6) {
        p.persistent = "coalesce('error_log_persistent=true' = ANY (e.options), false)";
        p.options = "(SELECT array_agg(so ORDER BY so) FROM unnest(e.options) so)::text";
        p.joins = gp6_partition_joins();
        p.partition = gp6_partition_attributes();
        p.parent_dep =
            "(SELECT 'table:' || quote_ident(xn.nspname) || '.' || quote_ident(x.relname) FROM "
            "pg_class x "
            "JOIN pg_namespace xn ON xn.oid = x.relnamespace WHERE x.oid = gpr.parent_oid)";
    } else {
        p.persistent = "(coalesce('log_errors=persistently' = ANY (ft.ftoptions), false)";
        if (d.exttable_logerrors_type() != "boolean") {
            p.persistent += " OR coalesce(e.logerrors::text = 'p', false)";
        }
        p.persistent += ")";
        p.options = "(SELECT array_agg(so ORDER BY so) FROM unnest(ft.ftoptions) so)::text";
        p.joins = "\nLEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid"
                  "\nLEFT JOIN pg_inherits pinh ON pinh.inhrelid = c.oid AND c.relispartition"
                  "\nLEFT JOIN pg_class pc ON pc.oid = pinh.inhparent"
                  "\nLEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace";
        std::string parent = qualified("pn.nspname", "pc.relname");
        p.partition = R"SQL(,
  CASE WHEN c.relispartition THEN 'leaf' ELSE 'none' END AS "partition_role",
  NULL::text AS "partition_strategy",
  NULL::text AS "partition_key",
  CASE WHEN c.relispartition THEN )SQL" +
                      parent + R"SQL( END AS "partition_parent",
  CASE WHEN c.relispartition THEN (SELECT quote_ident(rn.nspname) || '.' || quote_ident(rc.relname)
    FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = pg_partition_root(c.oid)) END
    AS "partition_root",
  CASE WHEN c.relispartition THEN (SELECT count(*) - 1 FROM pg_partition_ancestors(c.oid)) END AS "partition_level",
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS "partition_bound")SQL";
        p.parent_dep = "CASE WHEN c.relispartition THEN 'table:' || " + parent + " END";
    }
    return p;
}

// The DDL, rebuilt from pg_exttable as CREATE EXTERNAL TABLE prints it (the same syntax on GP6
// and the 7.0 tree): LOG ERRORS only goes with a SEGMENT REJECT LIMIT, ON only with a readable
// EXECUTE, DISTRIBUTED only with a writable table.
std::string external_table_ddl(const std::string& table, const ExternalTableParts& p) {
    std::string where =
        "CASE WHEN e.execlocation[1] = 'ALL_SEGMENTS' THEN 'ALL' "
        "WHEN e.execlocation[1] IN ('MASTER_ONLY', 'COORDINATOR_ONLY') THEN "
        "CASE e.execlocation[1] WHEN 'MASTER_ONLY' THEN 'MASTER' ELSE 'COORDINATOR' END "
        "WHEN e.execlocation[1] = 'PER_HOST' THEN 'HOST' "
        "WHEN e.execlocation[1] LIKE 'HOST:%' THEN 'HOST ' || "
        "quote_literal(substr(e.execlocation[1], 6)) "
        "WHEN e.execlocation[1] LIKE 'SEGMENT_ID:%' THEN 'SEGMENT ' || "
        "substr(e.execlocation[1], 12) "
        "WHEN e.execlocation[1] LIKE 'TOTAL_SEGS:%' THEN substr(e.execlocation[1], 12) "
        "ELSE 'ALL' END";
    return "'CREATE ' || CASE WHEN e.writable THEN 'WRITABLE ' ELSE 'READABLE ' END || 'EXTERNAL ' "
           "|| CASE WHEN e.command IS NOT NULL OR EXISTS (SELECT 1 FROM unnest(e.urilocation) u "
           "WHERE u ILIKE 'http%') THEN 'WEB ' ELSE '' END || 'TABLE ' || " +
           table +
           " || ' (' || coalesce(cols.definitions, '') || ')' || CASE WHEN e.command IS NOT NULL "
           "THEN ' EXECUTE ' || quote_literal(e.command) || CASE WHEN e.writable THEN '' ELSE ' ON "
           "' || " +
           where +
           " END ELSE ' LOCATION (' || (SELECT string_agg(quote_literal(u), ', ') FROM "
           "unnest(e.urilocation) u) || ')' END || ' FORMAT ' || quote_literal(CASE e.fmttype "
           "WHEN 't' THEN 'TEXT' WHEN 'c' THEN 'CSV' ELSE 'CUSTOM' END) || coalesce(' (' || "
           "NULLIF(e.fmtopts, '') || ')', '') || ' ENCODING ' || "
           "quote_literal(pg_encoding_to_char(e.encoding)) || CASE WHEN coalesce(e.rejectlimit, 0) "
           "> 0 THEN CASE WHEN " +
           p.log_errors + " = 't' THEN ' LOG ERRORS' || CASE WHEN " + p.persistent +
           " THEN ' PERSISTENTLY' ELSE '' END ELSE '' END || ' SEGMENT REJECT LIMIT ' || "
           "e.rejectlimit || CASE e.rejectlimittype WHEN 'p' THEN ' PERCENT' ELSE ' ROWS' END ELSE "
           "'' END || CASE WHEN e.writable THEN " +
           distributed_by_ddl("c") + " ELSE '' END";
}

} // namespace

CatalogQuery external_table_query(const Dialect& d) {
    std::string table = qualified("n.nspname", "c.relname");
    const ExternalTableParts p = external_table_parts(d);
    std::string ddl = external_table_ddl(table, p);
    return {"external tables",
            "SELECT 'external_table', " + table +
                ", n.nspname::text, c.relname::text, '', n.nspname::text, c.relname::text,\n  " +
                ddl + ",\n  " +
                deps("'schema:' || quote_ident(n.nspname), 'role:' || quote_ident(o.rolname), " +
                     p.parent_dep) +
                R"SQL(,
  quote_ident(o.rolname) AS "owner",
  'external'::text AS "storage",
  e.urilocation::text AS "locations",
  e.execlocation::text AS "exec_location",
  CASE e.fmttype WHEN 't' THEN 'text' WHEN 'c' THEN 'csv' WHEN 'b' THEN 'custom' ELSE e.fmttype::text END AS "format",
  e.fmtopts AS "format_options",
  e.command AS "command",
  e.rejectlimit AS "reject_limit",
  CASE e.rejectlimittype WHEN 'r' THEN 'rows' WHEN 'p' THEN 'percent' ELSE e.rejectlimittype::text END AS "reject_limit_type",
  )SQL" + p.log_errors +
                R"SQL( AS "log_errors",
  )SQL" + p.persistent +
                R"SQL( AS "log_errors_persistent",
  pg_encoding_to_char(e.encoding) AS "encoding",
  e.writable AS "writable",
  )SQL" + p.options +
                R"SQL( AS "options",
  cols.names AS "columns")SQL" +
                p.partition + distribution_attributes() + R"SQL(
FROM pg_exttable e JOIN pg_class c ON c.oid = e.reloid
JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = c.relowner
LEFT JOIN gp_distribution_policy dp ON dp.localoid = c.oid)SQL" +
                p.joins + R"SQL(
LEFT JOIN LATERAL (
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS names,
         string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                    ORDER BY a.attnum) AS definitions
  FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) cols ON true
WHERE )SQL" + user_schema("n") +
                " AND " + not_extension_member("pg_class", "c.oid")};
}

std::vector<CatalogQuery> greenplum_queries(const Dialect& d) {
    std::vector<CatalogQuery> queries;
    queries.push_back(
        {"resource queues",
         R"SQL(SELECT 'resource_queue', quote_ident(q.rsqname), '', q.rsqname::text, '', NULL::text, NULL::text,
  NULL::text, ARRAY[]::text[],
  q.rsqcountlimit AS "active_statements",
  round(q.rsqcostlimit::numeric, 2)::text AS "max_cost",
  q.rsqovercommit AS "cost_overcommit",
  round(q.rsqignorecostlimit::numeric, 2)::text AS "min_cost",
  (SELECT rc.ressetting FROM pg_resqueuecapability rc WHERE rc.resqueueid = q.oid AND rc.restypid = 5) AS "priority",
  (SELECT rc.ressetting FROM pg_resqueuecapability rc WHERE rc.resqueueid = q.oid AND rc.restypid = 6) AS "memory_limit"
FROM pg_resqueue q)SQL"});
    // pg_resgroupcapability.reslimittype numbers differ between GP6 and GP7 (§1.14); each
    // flavor's names are kept (resource groups are recreated by design, not diffed 1:1).
    std::string names =
        d.flavor() == Flavor::gp6
            ? "CASE c.reslimittype WHEN 1 THEN 'concurrency' WHEN 2 THEN 'cpu_rate_limit' WHEN 3 "
              "THEN 'memory_limit' WHEN 4 THEN 'memory_shared_quota' WHEN 5 THEN "
              "'memory_spill_ratio' WHEN 6 THEN 'memory_auditor' WHEN 7 THEN 'cpuset' ELSE "
              "c.reslimittype::text END"
            : "CASE c.reslimittype WHEN 1 THEN 'concurrency' WHEN 2 THEN 'cpu_max_percent' WHEN 3 "
              "THEN 'cpu_weight' WHEN 4 THEN 'cpuset' WHEN 5 THEN 'memory_quota' WHEN 6 THEN "
              "'min_cost' ELSE c.reslimittype::text END";
    queries.push_back(
        {"resource groups",
         "SELECT 'resource_group', quote_ident(g.rsgname), '', g.rsgname::text, '', NULL::text, "
         "NULL::text,\n  NULL::text, ARRAY[]::text[],\n  (SELECT array_agg(" +
             names +
             " || '=' || c.value::text ORDER BY c.reslimittype) FROM pg_resgroupcapability c "
             "WHERE c.resgroupid = g.oid)::text AS \"settings\"\nFROM pg_resgroup g"});
    queries.push_back(
        {"external protocols",
         R"SQL(SELECT 'protocol', quote_ident(p.ptcname), '', p.ptcname::text, '', NULL::text, NULL::text,
  'CREATE ' || CASE WHEN p.ptctrusted THEN 'TRUSTED ' ELSE '' END || 'PROTOCOL ' || quote_ident(p.ptcname) || ' (' ||
    concat_ws(', ', 'readfunc = ' || NULLIF(p.ptcreadfn, 0)::regproc::text, 'writefunc = ' || NULLIF(p.ptcwritefn, 0)::regproc::text,
              'validatorfunc = ' || NULLIF(p.ptcvalidatorfn, 0)::regproc::text) || ')',
  ARRAY['role:' || quote_ident(r.rolname)]::text[],
  quote_ident(r.rolname) AS "owner",
  p.ptctrusted AS "trusted",
  NULLIF(p.ptcreadfn, 0)::regprocedure::text AS "read_function",
  NULLIF(p.ptcwritefn, 0)::regprocedure::text AS "write_function",
  NULLIF(p.ptcvalidatorfn, 0)::regprocedure::text AS "validator"
FROM pg_extprotocol p JOIN pg_roles r ON r.oid = p.ptcowner)SQL"});
    return queries;
}

std::vector<CatalogQuery> gp7_queries(const Dialect& dialect) {
    std::vector<CatalogQuery> queries = common_queries(dialect);
    queries.push_back(pg12_sequences(dialect));
    queries.push_back(pg12_relations(dialect));
    queries.push_back(external_table_query(dialect));
    for (auto& q : greenplum_queries(dialect)) {
        queries.push_back(std::move(q));
    }
    return queries;
}

} // namespace gpparity::catalog::detail
