// The Greenplum 6 query set (PostgreSQL 9.4 catalogs plus Greenplum's): storage from
// relstorage, classic partitioning from pg_partition/pg_partition_rule, sequences whose
// parameters live inside each sequence relation. greenplum.md §1 is the authority for every
// catalog column used here. Written from that document; it has not been run against a GP6
// cluster in this repository's CI (tests run when GPPARITY_TEST_GP6 is set).

#include "catalog/extract.hpp"
#include "catalog/extract_queries.hpp"

namespace gpparity::catalog::detail {

std::string gp6_partition_joins() {
    // gpr: the rule that made `c` a child (parlevel 0 = first level below the root, §1.4).
    // gpk: the partitioning `c` applies to its own children: the root's is level 0, an
    // intermediate's is its own level + 1 (pg_partition.parrelid is always the root).
    return R"SQL(
LEFT JOIN LATERAL (
  SELECT pr.parname, pr.parisdefault, pp.parlevel, pp.parkind, pp.parrelid AS root_oid,
         CASE WHEN pr.parparentrule = 0 THEN pp.parrelid
              ELSE (SELECT ppr.parchildrelid FROM pg_partition_rule ppr WHERE ppr.oid = pr.parparentrule) END AS parent_oid,
         pr.parrangestartincl, pr.parrangeendincl,
         pg_get_expr(pr.parrangestart, pp.parrelid) AS range_start,
         pg_get_expr(pr.parrangeend, pp.parrelid) AS range_end,
         pg_get_expr(pr.parlistvalues, pp.parrelid) AS list_values
  FROM pg_partition_rule pr JOIN pg_partition pp ON pp.oid = pr.paroid
  WHERE pr.parchildrelid = c.oid AND NOT pp.paristemplate) gpr ON true
LEFT JOIN LATERAL (
  SELECT pk.parkind, pk.paratts FROM pg_partition pk
  WHERE pk.parrelid = coalesce(gpr.root_oid, c.oid) AND pk.parlevel = coalesce(gpr.parlevel + 1, 0)
    AND NOT pk.paristemplate) gpk ON true)SQL";
}

std::string gp6_partition_attributes() {
    // Bounds in GP7's canonical form: FROM (start) TO (end), IN (...), DEFAULT. GP6 also allows
    // START EXCLUSIVE / END INCLUSIVE, which GP7 turns into the half-open form with the type's
    // successor (§1.4): such bounds keep an EXCLUSIVE/INCLUSIVE marker for catalog::normalize.
    // pg_get_expr prints constants with their casts ('2020-01-01'::date); the casts are removed.
    auto stripped = [](const std::string& expr) {
        std::string out = "regexp_replace(";
        out.append(expr);
        out.append(", '::[a-z_][a-z0-9_ ]*(\\([0-9, ]+\\))?(\\[\\])?', '', 'g')");
        return out;
    };
    return R"SQL(,
  CASE WHEN gpr.parlevel IS NULL AND gpk.parkind IS NOT NULL THEN 'root'
    WHEN gpr.parlevel IS NOT NULL AND gpk.parkind IS NOT NULL THEN 'intermediate'
    WHEN gpr.parlevel IS NOT NULL THEN 'leaf' ELSE 'none' END AS "partition_role",
  CASE gpk.parkind WHEN 'r' THEN 'range' WHEN 'l' THEN 'list' ELSE gpk.parkind::text END AS "partition_strategy",
  (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.o)
     FROM unnest(gpk.paratts::int2[]) WITH ORDINALITY AS k(attnum, o)
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS "partition_key",
  (SELECT quote_ident(xn.nspname) || '.' || quote_ident(x.relname) FROM pg_class x
     JOIN pg_namespace xn ON xn.oid = x.relnamespace WHERE x.oid = gpr.parent_oid) AS "partition_parent",
  (SELECT quote_ident(xn.nspname) || '.' || quote_ident(x.relname) FROM pg_class x
     JOIN pg_namespace xn ON xn.oid = x.relnamespace WHERE x.oid = gpr.root_oid) AS "partition_root",
  gpr.parlevel + 1 AS "partition_level",
  CASE WHEN gpr.parlevel IS NULL THEN NULL
    WHEN gpr.parisdefault THEN 'DEFAULT'
    WHEN gpr.parkind = 'l' THEN 'FOR VALUES IN (' || )SQL" +
           stripped("gpr.list_values") + R"SQL( || ')'
    ELSE 'FOR VALUES FROM (' || coalesce()SQL" +
           stripped("gpr.range_start") + R"SQL(, 'MINVALUE') || ')' ||
      CASE WHEN gpr.range_start IS NOT NULL AND NOT gpr.parrangestartincl THEN ' EXCLUSIVE' ELSE '' END ||
      ' TO (' || coalesce()SQL" +
           stripped("gpr.range_end") + R"SQL(, 'MAXVALUE') || ')' ||
      CASE WHEN gpr.range_end IS NOT NULL AND gpr.parrangeendincl THEN ' INCLUSIVE' ELSE '' END
  END AS "partition_bound",
  gpr.parname::text AS "partition_name",
  CASE WHEN gpr.parkind = 'r' THEN gpr.range_start END AS "partition_range_start",
  CASE WHEN gpr.parkind = 'r' THEN gpr.range_end END AS "partition_range_end",
  CASE WHEN gpr.parkind = 'r' THEN gpr.parrangestartincl END AS "partition_start_inclusive",
  CASE WHEN gpr.parkind = 'r' THEN gpr.parrangeendincl END AS "partition_end_inclusive",
  CASE WHEN gpr.parkind = 'l' THEN gpr.list_values END AS "partition_list_values")SQL";
}

namespace {

CatalogQuery gp6_tables(const Dialect& d) {
    std::string table = qualified("n.nspname", "c.relname");
    std::string rowsec;
    if (d.has("pg_class", "relrowsecurity")) {
        rowsec = ",\n  c.relrowsecurity AS \"row_security\",\n  c.relforcerowsecurity AS "
                 "\"force_row_security\"";
    }
    std::string oids;
    if (d.has("pg_class", "relhasoids")) {
        oids = ",\n  c.relhasoids AS \"has_oids\"";
    }
    return {
        "tables",
        "SELECT CASE WHEN c.relkind = 'f' THEN 'foreign_table' ELSE 'table' END, " + table +
            ", n.nspname::text, c.relname::text, '', n.nspname::text, c.relname::text,\n"
            // A child's DDL is part of its root's (pg_get_partition_def).
            "  CASE WHEN gpr.parlevel IS NOT NULL THEN NULL ELSE 'CREATE ' || CASE WHEN "
            "c.relpersistence = "
            "'u' THEN 'UNLOGGED ' ELSE '' END || CASE WHEN c.relkind = 'f' THEN 'FOREIGN ' ELSE '' "
            "END || "
            "'TABLE ' || " +
            table + R"SQL( || ' (' || coalesce(cols.definitions, '') || ')' ||
    coalesce(' INHERITS (' || inh.parents || ')', '') ||
    coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '') ||
    coalesce(' SERVER ' || quote_ident(fs.srvname), '') ||
    coalesce(' TABLESPACE ' || quote_ident(ts.spcname), '') || )SQL" +
            distributed_by_ddl("c") +
            R"SQL( ||
    CASE WHEN gpk.parkind IS NOT NULL THEN ' ' || pg_get_partition_def(c.oid, true, true) ELSE '' END END,
  )SQL" +
            deps(
                "'schema:' || quote_ident(n.nspname), 'role:' || quote_ident(o.rolname), "
                "(SELECT 'table:' || quote_ident(xn.nspname) || '.' || quote_ident(x.relname) FROM "
                "pg_class x JOIN pg_namespace xn ON xn.oid = x.relnamespace WHERE x.oid = "
                "gpr.parent_oid), 'foreign_server:' || quote_ident(fs.srvname)") +
            " || coalesce(inh.deps, ARRAY[]::text[])" + R"SQL(,
  quote_ident(o.rolname) AS "owner",
  )SQL" + storage_expression(d) +
            R"SQL( AS "storage",
  (SELECT array_agg(so ORDER BY so) FROM unnest(c.reloptions) so)::text AS "options",
  quote_ident(ts.spcname) AS "tablespace",
  CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'permanent' END AS "persistence")SQL" +
            rowsec + R"SQL(,
  CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full' WHEN 'i' THEN 'index'
    ELSE c.relreplident::text END AS "replica_identity",
  cols.names AS "columns",
  inh.parents AS "inherits")SQL" +
            gp6_partition_attributes() + R"SQL(,
  quote_ident(fs.srvname) AS "server",
  (SELECT array_agg(so ORDER BY so) FROM unnest(ft.ftoptions) so)::text AS "foreign_options")SQL" +
            distribution_attributes() + ao_options_attribute(d) + oids + R"SQL(
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = c.relowner
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
LEFT JOIN gp_distribution_policy dp ON dp.localoid = c.oid)SQL" +
            gp6_partition_joins() + R"SQL(
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
  WHERE h.inhrelid = c.oid AND gpr.parlevel IS NULL) inh ON true
WHERE c.relkind IN ('r', 'f') AND c.relstorage <> 'x' AND )SQL" +
            user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid")};
}

// GP6 sequences: the list, with the parameters filled in afterwards from the relations
// themselves (extract.cpp, gp6_sequence_batch_sql). Attribute order matches pg12_sequences.
CatalogQuery gp6_sequences() {
    std::string ident = qualified("n.nspname", "c.relname");
    return {"sequences",
            "SELECT 'sequence', " + ident +
                ", n.nspname::text, c.relname::text, '', n.nspname::text, c.relname::text,\n"
                "  NULL::text,\n  ARRAY['schema:' || quote_ident(n.nspname), 'role:' || "
                "quote_ident(o.rolname)]::text[],\n" +
                R"SQL(  quote_ident(o.rolname) AS "owner",
  'bigint'::text AS "data_type",
  NULL::text AS "start",
  NULL::text AS "increment",
  NULL::text AS "min",
  NULL::text AS "max",
  NULL::text AS "cache",
  NULL::text AS "cycle",
  (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(ta.attname)
     FROM pg_depend od JOIN pg_class tc ON tc.oid = od.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
     JOIN pg_attribute ta ON ta.attrelid = od.refobjid AND ta.attnum = od.refobjsubid
    WHERE od.classid = 'pg_class'::regclass AND od.objid = c.oid AND od.refclassid = 'pg_class'::regclass
      AND od.deptype = 'a' LIMIT 1) AS "owned_by",
  false AS "is_identity",
  NULL::text AS "last_value"
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = c.relowner
WHERE c.relkind = 'S' AND )SQL" +
                user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid")};
}

} // namespace

const std::vector<std::string>& gp6_sequence_relation_attributes() {
    static const std::vector<std::string> k_attributes = {"start", "increment", "min",       "max",
                                                          "cache", "cycle",     "last_value"};
    return k_attributes;
}

std::string gp6_sequence_batch_sql(
    const std::vector<std::pair<std::string, std::string>>& literal_and_identity) {
    std::string sql;
    for (const auto& [literal, identity] : literal_and_identity) {
        if (!sql.empty()) {
            sql += "\nUNION ALL ";
        }
        // GP6 sequence relations have start_value, increment_by, min_value, max_value,
        // cache_value, is_cycled, last_value, is_called (§1.8); last_value counts only once
        // a value has been handed out, as pg_sequence_last_value() on PG 10+.
        sql += "SELECT ";
        sql += literal;
        sql += "::text, start_value::text, increment_by::text, min_value::text, max_value::text, "
               "cache_value::text, CASE WHEN is_cycled THEN 't' ELSE 'f' END, CASE WHEN is_called "
               "THEN last_value::text END FROM ";
        sql += identity;
    }
    return sql;
}

std::vector<CatalogQuery> gp6_queries(const Dialect& dialect) {
    std::vector<CatalogQuery> queries = common_queries(dialect);
    queries.push_back(gp6_sequences());
    queries.push_back(gp6_tables(dialect));
    queries.push_back(external_table_query(dialect));
    for (auto& q : greenplum_queries(dialect)) {
        queries.push_back(std::move(q));
    }
    return queries;
}

} // namespace gpparity::catalog::detail
