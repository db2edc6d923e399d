// The PostgreSQL (12 and later) query set. The sequence and relation queries here read the
// PG 12 catalogs (pg_sequence, relkind 'p', relpartbound, relam) and are shared with GP7,
// which adds its distribution policy and external tables (extract_gp7.cpp).

#include "catalog/extract_queries.hpp"

namespace gpparity::catalog::detail {

CatalogQuery pg12_sequences(const Dialect& d) {
    (void)d;
    std::string ident = qualified("n.nspname", "c.relname");
    return {
        "sequences",
        "SELECT 'sequence', " + ident +
            ", n.nspname::text, c.relname::text, '', n.nspname::text, c.relname::text,\n"
            "  'CREATE SEQUENCE ' || " +
            ident +
            R"SQL( || ' AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement ||
    ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache ||
    CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END,
  ARRAY['schema:' || quote_ident(n.nspname), 'role:' || quote_ident(o.rolname)]::text[],
  quote_ident(o.rolname) AS "owner",
  format_type(s.seqtypid, NULL) AS "data_type",
  s.seqstart AS "start",
  s.seqincrement AS "increment",
  s.seqmin AS "min",
  s.seqmax AS "max",
  s.seqcache AS "cache",
  s.seqcycle AS "cycle",
  (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(ta.attname)
     FROM pg_depend od JOIN pg_class tc ON tc.oid = od.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
     JOIN pg_attribute ta ON ta.attrelid = od.refobjid AND ta.attnum = od.refobjsubid
    WHERE od.classid = 'pg_class'::regclass AND od.objid = c.oid AND od.refclassid = 'pg_class'::regclass
      AND od.deptype IN ('a', 'i') LIMIT 1) AS "owned_by",
  EXISTS (SELECT 1 FROM pg_depend od WHERE od.classid = 'pg_class'::regclass AND od.objid = c.oid
            AND od.refclassid = 'pg_class'::regclass AND od.deptype = 'i') AS "is_identity",
  CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(c.oid) END AS "last_value"
FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = c.relowner
WHERE c.relkind = 'S' AND )SQL" +
            user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid")};
}

// NOLINTNEXTLINE(readability-function-size): a single SQL text, one statement for every table
CatalogQuery pg12_relations(const Dialect& d) {
    bool gp7 = d.flavor() == Flavor::gp7;
    std::string table = qualified("n.nspname", "c.relname");
    std::string parent = qualified("pn.nspname", "pc.relname");
    std::string kind = "CASE WHEN c.relkind = 'f' THEN 'foreign_table' ELSE 'table' END";
    std::string where = "c.relkind IN ('r', 'p', 'f') AND " + user_schema("n") + " AND " +
                        not_extension_member("pg_class", "c.oid");
    std::string gp_join;
    std::string gp_attributes;
    std::string gp_ddl;
    if (gp7) {
        // External tables are foreign tables of gp_exttable_server; extract_gp7.cpp reads them.
        where += " AND fs.srvname IS DISTINCT FROM 'gp_exttable_server'";
        gp_join = "\nLEFT JOIN gp_distribution_policy dp ON dp.localoid = c.oid";
        gp_attributes = distribution_attributes() + ao_options_attribute(d);
        gp_ddl = " || " + distributed_by_ddl("c");
    }
    return {"tables",
            "SELECT " + kind + ", " + table +
                ", n.nspname::text, c.relname::text, '', n.nspname::text, c.relname::text,\n"
                "  'CREATE ' || CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END || "
                "CASE WHEN c.relkind = 'f' THEN 'FOREIGN ' ELSE '' END || 'TABLE ' || " +
                table + " ||\n    CASE WHEN c.relispartition THEN ' PARTITION OF ' || " + parent +
                R"SQL( || ' ' || pg_get_expr(c.relpartbound, c.oid)
      ELSE ' (' || coalesce(cols.definitions, '') || ')' || coalesce(' INHERITS (' || inh.parents || ')', '') END ||
    coalesce(' PARTITION BY ' || pg_get_partkeydef(c.oid), '') ||
    CASE WHEN c.relkind <> 'f' AND am.amname IS NOT NULL AND am.amname <> 'heap' THEN ' USING ' || quote_ident(am.amname) ELSE '' END ||
    coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '') ||
    coalesce(' SERVER ' || quote_ident(fs.srvname), '') ||
    coalesce(' OPTIONS (' || (SELECT string_agg(quote_ident(split_part(o, '=', 1)) || ' ' ||
      quote_literal(substr(o, length(split_part(o, '=', 1)) + 2)), ', ') FROM unnest(ft.ftoptions) o) || ')', '') ||
    coalesce(' TABLESPACE ' || quote_ident(ts.spcname), ''))SQL" +
                gp_ddl + ",\n  " +
                deps("'schema:' || quote_ident(n.nspname), 'role:' || quote_ident(o.rolname), "
                     "CASE WHEN c.relispartition THEN 'table:' || " +
                     parent + " END, 'foreign_server:' || quote_ident(fs.srvname)") +
                " || coalesce(inh.deps, ARRAY[]::text[])" + R"SQL(,
  quote_ident(o.rolname) AS "owner",
  )SQL" + storage_expression(d) +
                R"SQL( AS "storage",
  (SELECT array_agg(so ORDER BY so) FROM unnest(c.reloptions) so)::text AS "options",
  quote_ident(ts.spcname) AS "tablespace",
  CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'permanent' END AS "persistence",
  c.relrowsecurity AS "row_security",
  c.relforcerowsecurity AS "force_row_security",
  CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full' WHEN 'i' THEN 'index'
    ELSE c.relreplident::text END AS "replica_identity",
  cols.names AS "columns",
  inh.parents AS "inherits",
  CASE WHEN c.relkind = 'p' AND c.relispartition THEN 'intermediate' WHEN c.relkind = 'p' THEN 'root'
    WHEN c.relispartition THEN 'leaf' ELSE 'none' END AS "partition_role",
  CASE pt.partstrat WHEN 'r' THEN 'range' WHEN 'l' THEN 'list' WHEN 'h' THEN 'hash' END AS "partition_strategy",
  CASE WHEN c.relkind = 'p' THEN regexp_replace(pg_get_partkeydef(c.oid), '^[A-Za-z]+ \((.*)\)$', '\1') END
    AS "partition_key",
  CASE WHEN c.relispartition THEN )SQL" +
                parent + R"SQL( END AS "partition_parent",
  CASE WHEN c.relispartition THEN (SELECT quote_ident(rn.nspname) || '.' || quote_ident(rc.relname)
    FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = pg_partition_root(c.oid)) END
    AS "partition_root",
  CASE WHEN c.relispartition THEN (SELECT count(*) - 1 FROM pg_partition_ancestors(c.oid)) END AS "partition_level",
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS "partition_bound",
  quote_ident(fs.srvname) AS "server",
  (SELECT array_agg(so ORDER BY so) FROM unnest(ft.ftoptions) so)::text AS "foreign_options")SQL" +
                gp_attributes + R"SQL(
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = c.relowner
LEFT JOIN pg_am am ON am.oid = c.relam
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN pg_inherits pinh ON pinh.inhrelid = c.oid AND c.relispartition
LEFT JOIN pg_class pc ON pc.oid = pinh.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver)SQL" +
                gp_join + R"SQL(
LEFT JOIN LATERAL (
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS names,
         string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) ||
           coalesce(' COLLATE ' || (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
             FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace JOIN pg_type at ON at.oid = a.atttypid
             WHERE co.oid = a.attcollation AND a.attcollation <> at.typcollation), '') ||
           coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '') ||
           CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY a.attnum) FILTER (WHERE a.attislocal) AS definitions
  FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) cols ON true
LEFT JOIN LATERAL (
  SELECT string_agg(quote_ident(hn.nspname) || '.' || quote_ident(hc.relname), ', ' ORDER BY h.inhseqno) AS parents,
         array_agg('table:' || quote_ident(hn.nspname) || '.' || quote_ident(hc.relname)) AS deps
  FROM pg_inherits h JOIN pg_class hc ON hc.oid = h.inhparent JOIN pg_namespace hn ON hn.oid = hc.relnamespace
  WHERE h.inhrelid = c.oid AND NOT c.relispartition) inh ON true
WHERE )SQL" + where};
}

std::vector<CatalogQuery> postgres_queries(const Dialect& dialect) {
    std::vector<CatalogQuery> queries = common_queries(dialect);
    queries.push_back(pg12_sequences(dialect));
    queries.push_back(pg12_relations(dialect));
    return queries;
}

} // namespace gpparity::catalog::detail
