// Catalog queries shared by the PostgreSQL, GP6 and GP7 extractors. Where the catalogs differ
// between versions, the Dialect (the columns the detection query found) picks the fragment;
// greenplum.md §1 is the authority for every GP6/GP7 column used here.

#include "catalog/extract_queries.hpp"

#include <string>

namespace gpparity::catalog::detail {

std::string detect_columns_sql() {
    return R"SQL(SELECT c.relname::text, a.attname::text, format_type(a.atttypid, NULL)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'pg_catalog' AND a.attnum > 0 AND NOT a.attisdropped
  AND c.relname IN ('pg_proc', 'pg_aggregate', 'pg_appendonly', 'pg_exttable', 'pg_collation',
                    'pg_roles', 'pg_class', 'pg_attribute', 'pg_trigger', 'pg_constraint',
                    'pg_sequence', 'pg_partitioned_table', 'pg_resgroupcapability',
                    'pg_extprotocol', 'pg_resqueue', 'pg_attribute_encoding', 'pg_type_encoding')
ORDER BY 1, 2)SQL";
}

std::string user_schema(std::string_view nsp_alias) {
    std::string n(nsp_alias);
    return "(" + n + ".nspname NOT LIKE 'pg\\_temp\\_%' AND " + n +
           ".nspname NOT LIKE 'pg\\_toast%' AND " + n +
           ".nspname NOT IN ('gp_toolkit', 'information_schema', 'pg_aoseg', 'pg_bitmapindex', "
           "'pg_catalog'))";
}

std::string not_extension_member(std::string_view catalog, std::string_view oid_expr) {
    return "NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = '" + std::string(catalog) +
           "'::regclass AND xd.objid = " + std::string(oid_expr) + " AND xd.deptype = 'e')";
}

std::string qualified(std::string_view schema_expr, std::string_view name_expr) {
    return "(quote_ident(" + std::string(schema_expr) + ") || '.' || quote_ident(" +
           std::string(name_expr) + "))";
}

std::string relation_kind(const Dialect& dialect, std::string_view class_alias) {
    std::string c(class_alias);
    if (dialect.flavor() == Flavor::gp6) {
        // GP6: external tables are relkind 'r' with relstorage 'x' (greenplum.md §1.1).
        return "(CASE WHEN " + c + ".relkind = 'r' AND " + c +
               ".relstorage = 'x' THEN 'external_table' WHEN " + c +
               ".relkind = 'r' THEN 'table' WHEN " + c + ".relkind = 'v' THEN 'view' WHEN " + c +
               ".relkind = 'm' THEN 'materialized_view' WHEN " + c +
               ".relkind = 'S' THEN 'sequence' WHEN " + c +
               ".relkind = 'f' THEN 'foreign_table' WHEN " + c +
               ".relkind = 'c' THEN 'type' ELSE 'relation' END)";
    }
    std::string foreign = "'foreign_table'";
    if (dialect.flavor() == Flavor::gp7) {
        // GP7: external tables are foreign tables of server gp_exttable_server (§1.1).
        foreign =
            "(CASE WHEN EXISTS (SELECT 1 FROM pg_foreign_table kft JOIN pg_foreign_server kfs "
            "ON kfs.oid = kft.ftserver WHERE kft.ftrelid = " +
            c +
            ".oid AND kfs.srvname = 'gp_exttable_server') THEN 'external_table' "
            "ELSE 'foreign_table' END)";
    }
    return "(CASE " + c +
           ".relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view' "
           "WHEN 'm' THEN 'materialized_view' WHEN 'S' THEN 'sequence' WHEN 'c' THEN "
           "'type' WHEN 'f' THEN " +
           foreign + " ELSE 'relation' END)";
}

std::string routine_arguments(std::string_view proc_alias) {
    std::string p(proc_alias);
    return "coalesce((SELECT string_agg(format_type(ra.t, NULL), ', ' ORDER BY ra.o) FROM "
           "unnest(" +
           p + ".proargtypes::oid[]) WITH ORDINALITY AS ra(t, o)), '')";
}

std::string deps(const std::string& elements) {
    return "array_remove(ARRAY[" + elements + "]::text[], NULL)";
}

std::string sorted_array(const std::string& array_expr) {
    return "(SELECT array_agg(so ORDER BY so) FROM unnest(" + array_expr + ") so)::text";
}

std::string storage_expression(const Dialect& dialect) {
    if (dialect.flavor() == Flavor::gp6) {
        return "(CASE c.relstorage WHEN 'h' THEN 'heap' WHEN 'a' THEN 'ao_row' WHEN 'c' THEN "
               "'ao_column' "
               "WHEN 'x' THEN 'external' WHEN 'f' THEN 'foreign' WHEN 'v' THEN NULL ELSE "
               "c.relstorage::text END)";
    }
    return "(CASE WHEN c.relkind = 'f' THEN 'foreign' ELSE am.amname::text END)";
}

std::string distribution_attributes() {
    // policytype 'p' is hash, or random when distkey is empty; 'r' replicated (§1.3). distkey
    // is compared through int2[] (int2vector '=' is gone in GP7).
    return R"SQL(,
  CASE WHEN dp.localoid IS NULL THEN NULL WHEN dp.policytype = 'r' THEN 'replicated'
    WHEN dp.policytype = 'p' AND coalesce(array_length(dp.distkey::int2[], 1), 0) = 0 THEN 'random'
    WHEN dp.policytype = 'p' THEN 'hash' ELSE dp.policytype::text END AS "distribution",
  (SELECT string_agg(quote_ident(a.attname) || ' ' || quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname),
                     ', ' ORDER BY k.ord)
     FROM unnest(dp.distkey::int2[], dp.distclass::oid[]) WITH ORDINALITY AS k(attnum, opcoid, ord)
     JOIN pg_attribute a ON a.attrelid = dp.localoid AND a.attnum = k.attnum
     JOIN pg_opclass opc ON opc.oid = k.opcoid JOIN pg_namespace opn ON opn.oid = opc.opcnamespace)
    AS "distribution_key",
  dp.numsegments AS "numsegments",
  CASE WHEN dp.localoid IS NOT NULL THEN EXISTS (SELECT 1 FROM unnest(dp.distclass::oid[]) k(opcoid)
    JOIN pg_opclass opc ON opc.oid = k.opcoid WHERE opc.opcintype = 'anyenum'::regtype) END
    AS "distribution_enum_key")SQL";
}

std::string distributed_by_ddl(std::string_view class_alias) {
    return "coalesce(' ' || NULLIF(pg_get_table_distributedby(" + std::string(class_alias) +
           ".oid), ''), '')";
}

std::string ao_options_attribute(const Dialect& dialect) {
    if (!dialect.has("pg_appendonly", "compresstype")) {
        return "";
    }
    return R"SQL(,
  (SELECT 'blocksize=' || ao.blocksize || ',checksum=' || ao.checksum || ',compresslevel=' ||
          ao.compresslevel || ',compresstype=' || coalesce(NULLIF(ao.compresstype::text, ''), 'none')
     FROM pg_appendonly ao WHERE ao.relid = c.oid) AS "ao_options")SQL";
}

namespace {

// The report kind of routine `p`: pg_proc.prokind on PG 11+/GP7, proisagg on GP6 (§1.9).
std::string routine_kind(const Dialect& d, const std::string& p) {
    if (d.has("pg_proc", "prokind")) {
        return "(CASE " + p +
               ".prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE "
               "'function' END)";
    }
    return "(CASE WHEN " + p + ".proisagg THEN 'aggregate' ELSE 'function' END)";
}

std::string routine_identity(const std::string& n, const std::string& p) {
    // Built with append(): GCC 12 reports a false -Wrestrict on the equivalent operator+ chain.
    std::string out = "(";
    out.append(qualified(n + ".nspname", p + ".proname"));
    out.append(" || '(' || ");
    out.append(routine_arguments(p));
    out.append(" || ')')");
    return out;
}

// A dependency on type `oid_expr` when it is a user type (or domain), else NULL.
std::string type_dep(const std::string& oid_expr) {
    // Built-in types have oids below FirstNormalObjectId (16384): skip the lookup for them.
    return "CASE WHEN " + oid_expr +
           " >= 16384 THEN (SELECT CASE WHEN dt.typtype = 'd' THEN 'domain:' ELSE 'type:' END || " +
           qualified("dn.nspname", "dt.typname") +
           " FROM pg_type dt JOIN pg_namespace dn ON dn.oid = dt.typnamespace WHERE dt.oid = " +
           oid_expr + " AND " + user_schema("dn") +
           " AND (dt.typrelid = 0 OR dt.typtype = 'c') AND " +
           not_extension_member("pg_type", "dt.oid") + ") END";
}

// A dependency on routine `oid_expr` when it is a user routine, else NULL.
std::string routine_dep(const Dialect& d, const std::string& oid_expr) {
    return "CASE WHEN " + oid_expr + " >= 16384 THEN (SELECT " + routine_kind(d, "dp") +
           " || ':' || " + routine_identity("dpn", "dp") +
           " FROM pg_proc dp JOIN pg_namespace dpn ON dpn.oid = dp.pronamespace WHERE dp.oid = " +
           oid_expr + " AND " + user_schema("dpn") + " AND " +
           not_extension_member("pg_proc", "dp.oid") + ") END";
}

std::string owner_dep(const std::string& role_alias) {
    return "'role:' || quote_ident(" + role_alias + ".rolname)";
}

// Table, index... identity of relation `c` in namespace `n`.
std::string rel_identity(const std::string& n, const std::string& c) {
    return qualified(n + ".nspname", c + ".relname");
}

// ------------------------------------------------------------------------------------ globals

CatalogQuery database_query() {
    return {"database", R"SQL(SELECT 'database', quote_ident(d.datname), '', d.datname::text, '',
  NULL::text, NULL::text,
  'CREATE DATABASE ' || quote_ident(d.datname) || ' WITH OWNER ' || quote_ident(r.rolname) ||
    ' ENCODING ' || quote_literal(pg_encoding_to_char(d.encoding)) ||
    ' LC_COLLATE ' || quote_literal(d.datcollate) || ' LC_CTYPE ' || quote_literal(d.datctype),
  ARRAY['role:' || quote_ident(r.rolname)]::text[],
  quote_ident(r.rolname) AS "owner",
  pg_encoding_to_char(d.encoding) AS "encoding",
  d.datcollate::text AS "lc_collate",
  d.datctype::text AS "lc_ctype",
  d.datconnlimit AS "connection_limit",
  quote_ident(t.spcname) AS "tablespace",
  (SELECT array_agg(x ORDER BY x) FROM pg_db_role_setting s, unnest(s.setconfig) x
    WHERE s.setdatabase = d.oid AND s.setrole = 0)::text AS "settings"
FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
LEFT JOIN pg_tablespace t ON t.oid = d.dattablespace
WHERE d.datname = current_database())SQL"};
}

CatalogQuery tablespace_query() {
    return {"tablespaces",
            R"SQL(SELECT 'tablespace', quote_ident(t.spcname), '', t.spcname::text, '',
  NULL::text, NULL::text,
  'CREATE TABLESPACE ' || quote_ident(t.spcname) || ' OWNER ' || quote_ident(r.rolname) ||
    ' LOCATION ' || quote_literal(pg_tablespace_location(t.oid)),
  ARRAY['role:' || quote_ident(r.rolname)]::text[],
  quote_ident(r.rolname) AS "owner",
  pg_tablespace_location(t.oid) AS "location",
  (SELECT array_agg(so ORDER BY so) FROM unnest(t.spcoptions) so)::text AS "options"
FROM pg_tablespace t JOIN pg_roles r ON r.oid = t.spcowner
WHERE t.spcname NOT IN ('pg_default', 'pg_global'))SQL"};
}

CatalogQuery role_query(const Dialect& d) {
    std::string extra;
    // Greenplum role columns (greenplum.md §1.14), each only where this server has it.
    if (d.has("pg_roles", "rolbypassrls")) {
        extra += ",\n  r.rolbypassrls AS \"bypass_rls\"";
    }
    if (d.has("pg_roles", "rolcatupdate")) {
        extra += ",\n  r.rolcatupdate AS \"catalog_update\"";
    }
    if (d.has("pg_roles", "rolresqueue")) {
        extra +=
            ",\n  (SELECT quote_ident(q.rsqname) FROM pg_resqueue q WHERE q.oid = r.rolresqueue) "
            "AS \"resource_queue\"";
    }
    if (d.has("pg_roles", "rolresgroup")) {
        extra +=
            ",\n  (SELECT quote_ident(g.rsgname) FROM pg_resgroup g WHERE g.oid = r.rolresgroup) "
            "AS \"resource_group\"";
    }
    const std::pair<const char*, const char*> k_gp_role_columns[] = {
        {"rolcreaterextgpfd", "create_readable_gpfdist"},
        {"rolcreaterexthttp", "create_readable_http"},
        {"rolcreatewextgpfd", "create_writable_gpfdist"},
        {"rolcreaterexthdfs", "create_readable_hdfs"},
        {"rolcreatewexthdfs", "create_writable_hdfs"},
    };
    for (const auto& [column, attribute] : k_gp_role_columns) {
        if (d.has("pg_roles", column)) {
            extra += ",\n  r." + std::string(column) + " AS \"" + attribute + "\"";
        }
    }
    return {"roles", R"SQL(SELECT 'role', quote_ident(r.rolname), '', r.rolname::text, '',
  NULL::text, NULL::text,
  'CREATE ROLE ' || quote_ident(r.rolname) ||
    CASE WHEN r.rolsuper THEN ' SUPERUSER' ELSE '' END ||
    CASE WHEN r.rolcanlogin THEN ' LOGIN' ELSE '' END ||
    CASE WHEN r.rolcreatedb THEN ' CREATEDB' ELSE '' END ||
    CASE WHEN r.rolcreaterole THEN ' CREATEROLE' ELSE '' END ||
    CASE WHEN r.rolinherit THEN '' ELSE ' NOINHERIT' END ||
    CASE WHEN r.rolreplication THEN ' REPLICATION' ELSE '' END,
  ARRAY(SELECT 'role:' || quote_ident(g.rolname) FROM pg_auth_members m
        JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid),
  r.rolsuper AS "superuser",
  r.rolinherit AS "inherit",
  r.rolcreaterole AS "create_role",
  r.rolcreatedb AS "create_db",
  r.rolcanlogin AS "login",
  r.rolreplication AS "replication",
  r.rolconnlimit AS "connection_limit",
  r.rolvaliduntil AS "valid_until",
  (SELECT array_agg(quote_ident(g.rolname) || CASE WHEN m.admin_option THEN ' WITH ADMIN OPTION' ELSE '' END
          ORDER BY g.rolname)
     FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)::text AS "member_of",
  (SELECT array_agg(x ORDER BY x) FROM pg_db_role_setting s, unnest(s.setconfig) x
    WHERE s.setrole = r.oid AND s.setdatabase = 0)::text AS "settings",
  (SELECT array_agg(x ORDER BY x) FROM pg_db_role_setting s, unnest(s.setconfig) x
    WHERE s.setrole = r.oid
      AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()))::text
    AS "database_settings")SQL" +
                         extra + R"SQL(
FROM pg_roles r
WHERE r.rolname !~ '^pg_')SQL"};
}

CatalogQuery language_query() {
    return {"languages", R"SQL(SELECT 'language', quote_ident(l.lanname), '', l.lanname::text, '',
  NULL::text, NULL::text,
  'CREATE ' || CASE WHEN l.lanpltrusted THEN 'TRUSTED ' ELSE '' END || 'LANGUAGE ' ||
    quote_ident(l.lanname) || coalesce(' HANDLER ' || NULLIF(l.lanplcallfoid, 0)::regproc::text, '') ||
    coalesce(' INLINE ' || NULLIF(l.laninline, 0)::regproc::text, '') ||
    coalesce(' VALIDATOR ' || NULLIF(l.lanvalidator, 0)::regproc::text, ''),
  ARRAY['role:' || quote_ident(r.rolname)]::text[],
  quote_ident(r.rolname) AS "owner",
  l.lanpltrusted AS "trusted",
  NULLIF(l.lanplcallfoid, 0)::regprocedure::text AS "handler",
  NULLIF(l.laninline, 0)::regprocedure::text AS "inline",
  NULLIF(l.lanvalidator, 0)::regprocedure::text AS "validator"
FROM pg_language l JOIN pg_roles r ON r.oid = l.lanowner
WHERE l.lanispl AND l.lanname <> 'plpgsql' AND )SQL" +
                             not_extension_member("pg_language", "l.oid")};
}

CatalogQuery extension_query() {
    return {"extensions", R"SQL(SELECT 'extension', quote_ident(e.extname), '', e.extname::text, '',
  NULL::text, NULL::text,
  'CREATE EXTENSION ' || quote_ident(e.extname) || ' WITH SCHEMA ' || quote_ident(n.nspname) ||
    ' VERSION ' || quote_literal(e.extversion),
  ARRAY['schema:' || quote_ident(n.nspname)]::text[],
  e.extversion AS "version",
  quote_ident(n.nspname) AS "schema",
  e.extrelocatable AS "relocatable",
  quote_ident(r.rolname) AS "owner"
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
JOIN pg_roles r ON r.oid = e.extowner
WHERE e.oid >= 16384)SQL"};
}

CatalogQuery schema_query() {
    return {"schemas",
            R"SQL(SELECT 'schema', quote_ident(n.nspname), n.nspname::text, n.nspname::text, '',
  n.nspname::text, NULL::text,
  'CREATE SCHEMA ' || quote_ident(n.nspname) || ' AUTHORIZATION ' || quote_ident(r.rolname),
  ARRAY['role:' || quote_ident(r.rolname)]::text[],
  quote_ident(r.rolname) AS "owner"
FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
WHERE )SQL" + user_schema("n") +
                " AND " + not_extension_member("pg_namespace", "n.oid")};
}

CatalogQuery collation_query(const Dialect& d) {
    // GP6 (PG 9.4) has libc collations only and all of them are deterministic (§1.12).
    std::string provider =
        d.has("pg_collation", "collprovider")
            ? "CASE c.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' WHEN 'd' "
              "THEN 'default' ELSE c.collprovider::text END"
            : "'libc'::text";
    std::string deterministic =
        d.has("pg_collation", "collisdeterministic") ? "c.collisdeterministic" : "true";
    std::string locale = d.has("pg_collation", "colllocale")      ? "c.colllocale"
                         : d.has("pg_collation", "colliculocale") ? "c.colliculocale"
                                                                  : "NULL::text";
    return {"collations",
            "SELECT 'collation', " + qualified("n.nspname", "c.collname") +
                ", n.nspname::text, c.collname::text, '', n.nspname::text, "
                "c.collname::text,\n  'CREATE COLLATION ' || " +
                qualified("n.nspname", "c.collname") + " || ' (PROVIDER = ' || " + provider +
                " || coalesce(', LC_COLLATE = ' || quote_literal(c.collcollate), '') || "
                "coalesce(', LC_CTYPE = ' || quote_literal(c.collctype), '') || "
                "coalesce(', LOCALE = ' || quote_literal(" +
                locale + "), '') || ')',\n  " +
                deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r")) +
                ",\n  quote_ident(r.rolname) AS \"owner\",\n  " + provider +
                " AS \"provider\",\n  c.collcollate::text AS \"lc_collate\",\n  "
                "c.collctype::text AS \"lc_ctype\",\n  " +
                locale + "::text AS \"locale\",\n  " + deterministic +
                " AS \"deterministic\",\n  pg_encoding_to_char(c.collencoding) AS "
                "\"encoding\"\nFROM pg_collation c JOIN pg_namespace n ON n.oid = "
                "c.collnamespace JOIN pg_roles r ON r.oid = c.collowner\nWHERE " +
                user_schema("n") + " AND " + not_extension_member("pg_collation", "c.oid")};
}

// ------------------------------------------------------------------------- types and routines

// NOLINTNEXTLINE(readability-function-size): a single SQL text, one statement for every type
CatalogQuery type_query(const Dialect& d) {
    std::string encoding = "NULL::text";
    if (d.has("pg_type_encoding", "typoptions")) {
        encoding = "(SELECT (SELECT array_agg(so ORDER BY so) FROM unnest(te.typoptions) so)::text "
                   "FROM pg_type_encoding te WHERE te.typid = t.oid)";
    }
    std::string ident = qualified("n.nspname", "t.typname");
    return {
        "types",
        "SELECT 'type', " + ident +
            ", n.nspname::text, t.typname::text, '', n.nspname::text, t.typname::text,\n"
            "  CASE t.typtype WHEN 'e' THEN 'CREATE TYPE ' || " +
            ident +
            R"SQL( || ' AS ENUM (' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
        FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')'
    WHEN 'c' THEN 'CREATE TYPE ' || )SQL" +
            ident + R"SQL( || ' AS (' || coalesce(fields.list, '') || ')'
    WHEN 'r' THEN 'CREATE TYPE ' || )SQL" +
            ident + R"SQL( || ' AS RANGE (SUBTYPE = ' || format_type(rg.rngsubtype, NULL) ||
      coalesce(', SUBTYPE_OPCLASS = ' || (SELECT quote_ident(on2.nspname) || '.' || quote_ident(oc.opcname)
        FROM pg_opclass oc JOIN pg_namespace on2 ON on2.oid = oc.opcnamespace WHERE oc.oid = rg.rngsubopc AND NOT oc.opcdefault), '') ||
      coalesce(', CANONICAL = ' || NULLIF(rg.rngcanonical::oid, 0)::regproc::text, '') ||
      coalesce(', SUBTYPE_DIFF = ' || NULLIF(rg.rngsubdiff::oid, 0)::regproc::text, '') || ')'
    WHEN 'b' THEN 'CREATE TYPE ' || )SQL" +
            ident +
            R"SQL( || ' (INPUT = ' || t.typinput::text || ', OUTPUT = ' || t.typoutput::text ||
      ', INTERNALLENGTH = ' || CASE WHEN t.typlen < 0 THEN 'VARIABLE' ELSE t.typlen::text END || ')'
    ELSE NULL END,
  )SQL" +
            deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r") + ", " +
                 type_dep("rg.rngsubtype")) +
            R"SQL(,
  quote_ident(r.rolname) AS "owner",
  CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'c' THEN 'composite' WHEN 'b' THEN 'base' WHEN 'r' THEN 'range'
    WHEN 'p' THEN 'pseudo' ELSE t.typtype::text END AS "type_kind",
  (SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)::text AS "labels",
  fields.list AS "fields",
  CASE WHEN t.typtype = 'b' THEN t.typinput::regprocedure::text END AS "input",
  CASE WHEN t.typtype = 'b' THEN t.typoutput::regprocedure::text END AS "output",
  CASE WHEN t.typtype = 'b' THEN NULLIF(t.typreceive::oid, 0)::regprocedure::text END AS "receive",
  CASE WHEN t.typtype = 'b' THEN NULLIF(t.typsend::oid, 0)::regprocedure::text END AS "send",
  CASE WHEN t.typtype = 'b' THEN NULLIF(t.typmodin::oid, 0)::regprocedure::text END AS "typmod_in",
  CASE WHEN t.typtype = 'b' THEN NULLIF(t.typmodout::oid, 0)::regprocedure::text END AS "typmod_out",
  CASE WHEN t.typtype = 'b' THEN NULLIF(t.typanalyze::oid, 0)::regprocedure::text END AS "analyze",
  CASE WHEN t.typtype = 'b' THEN t.typlen::text END AS "internal_length",
  CASE WHEN t.typtype = 'b' THEN t.typbyval END AS "passed_by_value",
  CASE WHEN t.typtype = 'b' THEN t.typalign::text END AS "alignment",
  CASE WHEN t.typtype = 'b' THEN t.typstorage::text END AS "storage",
  CASE WHEN t.typtype = 'b' THEN t.typcategory::text END AS "category",
  CASE WHEN t.typtype = 'b' THEN t.typispreferred END AS "preferred",
  t.typdefault AS "default",
  CASE WHEN t.typtype = 'b' AND t.typelem <> 0 THEN format_type(t.typelem, NULL) END AS "element",
  CASE WHEN t.typtype = 'b' THEN t.typdelim::text END AS "delimiter",
  CASE WHEN t.typtype = 'b' THEN (t.typcollation <> 0) END AS "collatable",
  format_type(rg.rngsubtype, NULL) AS "subtype",
  (SELECT quote_ident(on2.nspname) || '.' || quote_ident(oc.opcname) FROM pg_opclass oc
     JOIN pg_namespace on2 ON on2.oid = oc.opcnamespace WHERE oc.oid = rg.rngsubopc) AS "subtype_opclass",
  (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co
     JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = rg.rngcollation) AS "collation",
  NULLIF(rg.rngcanonical::oid, 0)::regprocedure::text AS "canonical",
  NULLIF(rg.rngsubdiff::oid, 0)::regprocedure::text AS "subtype_diff",
  )SQL" + encoding +
            R"SQL( AS "encoding"
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_roles r ON r.oid = t.typowner
LEFT JOIN pg_class rc ON rc.oid = t.typrelid
LEFT JOIN pg_range rg ON rg.rngtypid = t.oid
LEFT JOIN LATERAL (
  SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) ||
           CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN
             ' COLLATE ' || (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                             FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                             WHERE co.oid = a.attcollation) ELSE '' END, ', ' ORDER BY a.attnum) AS list
  FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
  WHERE t.typtype = 'c' AND rc.relkind = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) fields ON true
WHERE )SQL" +
            user_schema("n") +
            R"SQL( AND t.typtype IN ('b', 'c', 'e', 'r', 'p')
  AND (t.typrelid = 0 OR rc.relkind = 'c')
  AND (t.typcategory <> 'A' OR NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.typarray = t.oid))
  AND )SQL" +
            not_extension_member("pg_type", "t.oid") +
            // Types created implicitly with another object (multirange types).
            " AND NOT EXISTS (SELECT 1 FROM pg_depend id WHERE id.classid = "
            "'pg_type'::regclass AND id.objid = t.oid AND id.deptype = 'i')"};
}

CatalogQuery domain_query() {
    std::string ident = qualified("n.nspname", "t.typname");
    std::string collation =
        "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co "
        "JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation AND "
        "t.typcollation <> bt.typcollation)";
    return {
        "domains",
        "SELECT 'domain', " + ident +
            ", n.nspname::text, t.typname::text, '', n.nspname::text, t.typname::text,\n"
            "  'CREATE DOMAIN ' || " +
            ident +
            " || ' AS ' || format_type(t.typbasetype, t.typtypmod) || coalesce(' COLLATE ' || " +
            collation +
            ", '') || coalesce(' DEFAULT ' || t.typdefault, '') || CASE WHEN t.typnotnull "
            "THEN ' NOT NULL' ELSE '' END,\n  " +
            deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r") + ", " +
                 type_dep("t.typbasetype")) +
            ",\n  quote_ident(r.rolname) AS \"owner\",\n"
            "  format_type(t.typbasetype, t.typtypmod) AS \"base_type\",\n"
            "  t.typnotnull AS \"not_null\",\n  t.typdefault AS \"default\",\n  " +
            collation +
            " AS \"collation\"\nFROM pg_type t JOIN pg_namespace n ON n.oid = "
            "t.typnamespace JOIN pg_roles r ON r.oid = t.typowner JOIN pg_type bt ON "
            "bt.oid = t.typbasetype\nWHERE t.typtype = 'd' AND " +
            user_schema("n") + " AND " + not_extension_member("pg_type", "t.oid")};
}

CatalogQuery routine_query(const Dialect& d) {
    std::string extra;
    std::string filter;
    std::string window;
    if (d.has("pg_proc", "prokind")) {
        filter = "p.prokind IN ('f', 'p', 'w')";
        window = "(p.prokind = 'w')";
    } else {
        filter = "NOT p.proisagg";
        window = "p.proiswindow";
    }
    if (d.has("pg_proc", "proparallel")) {
        extra +=
            ",\n  CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' "
            "END AS \"parallel\"";
    }
    if (d.has("pg_proc", "prodataaccess")) {
        // GP6 and the GP7 development tree only (greenplum.md §0).
        extra +=
            ",\n  CASE p.prodataaccess WHEN 'n' THEN 'no_sql' WHEN 'c' THEN 'contains_sql' WHEN "
            "'r' "
            "THEN 'reads_sql_data' WHEN 'm' THEN 'modifies_sql_data' ELSE p.prodataaccess::text "
            "END AS \"data_access\"";
    }
    if (d.has("pg_proc", "proexeclocation")) {
        // Raw meaning kept: 'm' (GP6, GP7-dev) is "master", 'c' (GA GP7) "coordinator".
        extra +=
            ",\n  CASE p.proexeclocation WHEN 'a' THEN 'any' WHEN 'm' THEN 'master' WHEN 'c' THEN "
            "'coordinator' WHEN 'i' THEN 'initplan' WHEN 's' THEN 'all_segments' ELSE "
            "p.proexeclocation::text END AS \"exec_location\"";
    }
    return {"functions",
            "SELECT " + routine_kind(d, "p") + ", " + routine_identity("n", "p") +
                ", n.nspname::text, p.proname::text, '', n.nspname::text, p.proname::text,\n"
                "  pg_get_functiondef(p.oid),\n  " +
                deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r") +
                     ", CASE WHEN l.lanispl THEN 'language:' || quote_ident(l.lanname) END") +
                R"SQL(,
  quote_ident(r.rolname) AS "owner",
  quote_ident(l.lanname) AS "language",
  pg_get_function_arguments(p.oid) AS "arguments",
  pg_get_function_result(p.oid) AS "result",
  p.proretset AS "returns_set",
  CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS "volatility",
  p.proisstrict AS "strict",
  CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END AS "security",
  p.proleakproof AS "leakproof",
  p.procost AS "cost",
  p.prorows AS "rows",
  )SQL" + window +
                R"SQL( AS "window",
  (SELECT array_agg(x ORDER BY x) FROM unnest(p.proconfig) x)::text AS "config",
  p.prosrc AS "body",
  p.probin AS "library")SQL" +
                extra + R"SQL(
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_roles r ON r.oid = p.proowner JOIN pg_language l ON l.oid = p.prolang
WHERE )SQL" + filter +
                " AND " + user_schema("n") + " AND " + not_extension_member("pg_proc", "p.oid") +
                // Implicitly created functions (range constructors), as gpbackup.
                " AND NOT EXISTS (SELECT 1 FROM pg_depend id WHERE id.classid = "
                "'pg_proc'::regclass AND id.objid = p.oid AND id.deptype = 'i')"};
}

CatalogQuery aggregate_query(const Dialect& d) {
    std::string extra;
    if (d.has("pg_aggregate", "aggfinalmodify")) {
        extra +=
            ",\n  CASE a.aggfinalmodify WHEN 'r' THEN 'read_only' WHEN 's' THEN 'shareable' WHEN "
            "'w' "
            "THEN 'read_write' END AS \"final_modify\",\n  CASE a.aggmfinalmodify WHEN 'r' THEN "
            "'read_only' WHEN 's' THEN 'shareable' WHEN 'w' THEN 'read_write' END AS "
            "\"moving_final_modify\"";
    }
    if (d.has("pg_proc", "proparallel")) {
        extra +=
            ",\n  CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' "
            "END AS \"parallel\"";
    }
    return {"aggregates",
            "SELECT 'aggregate', " + routine_identity("n", "p") +
                ", n.nspname::text, p.proname::text, '', n.nspname::text, p.proname::text,\n"
                "  'CREATE AGGREGATE ' || " +
                qualified("n.nspname", "p.proname") +
                R"SQL( || '(' || pg_get_function_arguments(p.oid) || ') (SFUNC = ' ||
    a.aggtransfn::text || ', STYPE = ' || format_type(a.aggtranstype, NULL) ||
    coalesce(', FINALFUNC = ' || NULLIF(a.aggfinalfn::oid, 0)::regproc::text, '') ||
    CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END ||
    coalesce(', COMBINEFUNC = ' || NULLIF(a.aggcombinefn::oid, 0)::regproc::text, '') ||
    coalesce(', SERIALFUNC = ' || NULLIF(a.aggserialfn::oid, 0)::regproc::text, '') ||
    coalesce(', DESERIALFUNC = ' || NULLIF(a.aggdeserialfn::oid, 0)::regproc::text, '') ||
    coalesce(', INITCOND = ' || quote_literal(a.agginitval), '') ||
    coalesce(', SORTOP = OPERATOR(' || NULLIF(a.aggsortop::oid, 0)::regoper::text || ')', '') || ')',
  )SQL" +
                deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r") + ", " +
                     routine_dep(d, "a.aggtransfn::oid") + ", " +
                     routine_dep(d, "a.aggfinalfn::oid") + ", " +
                     routine_dep(d, "a.aggcombinefn::oid") + ", " + type_dep("a.aggtranstype")) +
                R"SQL(,
  quote_ident(r.rolname) AS "owner",
  pg_get_function_arguments(p.oid) AS "arguments",
  pg_get_function_result(p.oid) AS "result",
  CASE a.aggkind WHEN 'n' THEN 'normal' WHEN 'o' THEN 'ordered_set' WHEN 'h' THEN 'hypothetical'
    ELSE a.aggkind::text END AS "aggregate_kind",
  a.aggnumdirectargs AS "direct_arguments",
  a.aggtransfn::regprocedure::text AS "transition",
  format_type(a.aggtranstype, NULL) AS "state_type",
  a.aggtransspace AS "state_space",
  NULLIF(a.aggfinalfn::oid, 0)::regprocedure::text AS "final",
  a.aggfinalextra AS "final_extra",
  NULLIF(a.aggcombinefn::oid, 0)::regprocedure::text AS "combine",
  NULLIF(a.aggserialfn::oid, 0)::regprocedure::text AS "serial",
  NULLIF(a.aggdeserialfn::oid, 0)::regprocedure::text AS "deserial",
  NULLIF(a.aggmtransfn::oid, 0)::regprocedure::text AS "moving_transition",
  NULLIF(a.aggminvtransfn::oid, 0)::regprocedure::text AS "moving_inverse",
  NULLIF(a.aggmfinalfn::oid, 0)::regprocedure::text AS "moving_final",
  a.aggmfinalextra AS "moving_final_extra",
  format_type(NULLIF(a.aggmtranstype, 0), NULL) AS "moving_state_type",
  a.agginitval AS "initial_value",
  a.aggminitval AS "moving_initial_value",
  NULLIF(a.aggsortop::oid, 0)::regoperator::text AS "sort_operator")SQL" +
                extra + R"SQL(
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
WHERE )SQL" + user_schema("n") +
                " AND " + not_extension_member("pg_proc", "p.oid")};
}

CatalogQuery cast_query(const Dialect& d) {
    std::string ident = "('(' || format_type(c.castsource, NULL) || ' AS ' || "
                        "format_type(c.casttarget, NULL) || ')')";
    return {
        "casts",
        "SELECT 'cast', " + ident + ", '', " + ident + ", '', NULL::text, NULL::text,\n" +
            R"SQL(  'CREATE CAST (' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ') ' ||
    CASE c.castmethod WHEN 'f' THEN 'WITH FUNCTION ' || c.castfunc::regprocedure::text
      WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END ||
    CASE c.castcontext WHEN 'a' THEN ' AS ASSIGNMENT' WHEN 'i' THEN ' AS IMPLICIT' ELSE '' END,
  )SQL" +
            deps(type_dep("c.castsource") + ", " + type_dep("c.casttarget") + ", " +
                 routine_dep(d, "c.castfunc")) +
            R"SQL(,
  format_type(c.castsource, NULL) AS "source_type",
  format_type(c.casttarget, NULL) AS "target_type",
  NULLIF(c.castfunc, 0)::regprocedure::text AS "function",
  CASE c.castcontext WHEN 'e' THEN 'explicit' WHEN 'a' THEN 'assignment' WHEN 'i' THEN 'implicit' END AS "context",
  CASE c.castmethod WHEN 'f' THEN 'function' WHEN 'i' THEN 'inout' WHEN 'b' THEN 'binary' END AS "method"
FROM pg_cast c
WHERE c.oid >= 16384 AND )SQL" +
            not_extension_member("pg_cast", "c.oid") +
            // Casts created with another object (multirange types, PG 14+).
            " AND NOT EXISTS (SELECT 1 FROM pg_depend id WHERE id.classid = 'pg_cast'::regclass "
            "AND id.objid = c.oid AND id.deptype = 'i')"};
}

CatalogQuery operator_query(const Dialect& d) {
    std::string ident = "(quote_ident(n.nspname) || '.' || o.oprname || '(' || "
                        "coalesce(format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', ' || "
                        "coalesce(format_type(NULLIF(o.oprright, 0), NULL), 'NONE') || ')')";
    return {
        "operators",
        "SELECT 'operator', " + ident +
            ", n.nspname::text, o.oprname::text, '', n.nspname::text, o.oprname::text,\n" +
            R"SQL(  'CREATE OPERATOR ' || quote_ident(n.nspname) || '.' || o.oprname || ' (FUNCTION = ' || coalesce(NULLIF(o.oprcode::oid, 0)::regproc::text, '-') ||
    coalesce(', LEFTARG = ' || format_type(NULLIF(o.oprleft, 0), NULL), '') ||
    coalesce(', RIGHTARG = ' || format_type(NULLIF(o.oprright, 0), NULL), '') ||
    coalesce(', COMMUTATOR = OPERATOR(' || NULLIF(o.oprcom, 0)::regoper::text || ')', '') ||
    coalesce(', NEGATOR = OPERATOR(' || NULLIF(o.oprnegate, 0)::regoper::text || ')', '') ||
    coalesce(', RESTRICT = ' || NULLIF(o.oprrest::oid, 0)::regproc::text, '') ||
    coalesce(', JOIN = ' || NULLIF(o.oprjoin::oid, 0)::regproc::text, '') ||
    CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END || CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END || ')',
  )SQL" +
            deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r") + ", " +
                 routine_dep(d, "o.oprcode::oid") + ", " + type_dep("o.oprleft") + ", " +
                 type_dep("o.oprright")) +
            R"SQL(,
  quote_ident(r.rolname) AS "owner",
  format_type(NULLIF(o.oprleft, 0), NULL) AS "left_type",
  format_type(NULLIF(o.oprright, 0), NULL) AS "right_type",
  format_type(o.oprresult, NULL) AS "result_type",
  NULLIF(o.oprcode::oid, 0)::regprocedure::text AS "function",
  NULLIF(o.oprcom, 0)::regoperator::text AS "commutator",
  NULLIF(o.oprnegate, 0)::regoperator::text AS "negator",
  NULLIF(o.oprrest::oid, 0)::regprocedure::text AS "restrict",
  NULLIF(o.oprjoin::oid, 0)::regprocedure::text AS "join",
  o.oprcanhash AS "hashes",
  o.oprcanmerge AS "merges"
FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace JOIN pg_roles r ON r.oid = o.oprowner
WHERE )SQL" +
            user_schema("n") + " AND " + not_extension_member("pg_operator", "o.oid")};
}

// Members (pg_amop/pg_amproc rows) that depend on an operator class or family.
std::string members(const std::string& refclass, const std::string& oid_expr, bool operators) {
    if (operators) {
        return "(SELECT array_agg(ao.amopstrategy || ' ' || ao.amopopr::regoperator::text ORDER BY "
               "ao.amopstrategy, ao.amopopr::regoperator::text) FROM pg_depend md JOIN pg_amop ao "
               "ON "
               "md.classid = 'pg_amop'::regclass AND md.objid = ao.oid WHERE md.refclassid = '" +
               refclass + "'::regclass AND md.refobjid = " + oid_expr + ")::text";
    }
    return "(SELECT array_agg(ap.amprocnum || ' ' || ap.amproc::regprocedure::text ORDER BY "
           "ap.amprocnum, ap.amproc::regprocedure::text) FROM pg_depend md JOIN pg_amproc ap ON "
           "md.classid = 'pg_amproc'::regclass AND md.objid = ap.oid WHERE md.refclassid = '" +
           refclass + "'::regclass AND md.refobjid = " + oid_expr + ")::text";
}

CatalogQuery operator_family_query() {
    std::string ident =
        "(" + qualified("n.nspname", "f.opfname") + " || ' USING ' || quote_ident(am.amname))";
    return {
        "operator families",
        "SELECT 'operator_family', " + ident +
            ", n.nspname::text, f.opfname::text, '', n.nspname::text, f.opfname::text,\n"
            "  'CREATE OPERATOR FAMILY ' || " +
            ident + ",\n  " + deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r")) +
            ",\n  quote_ident(r.rolname) AS \"owner\",\n  am.amname::text AS \"access_method\",\n "
            " " +
            members("pg_opfamily", "f.oid", true) + " AS \"operators\",\n  " +
            members("pg_opfamily", "f.oid", false) +
            " AS \"functions\"\nFROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace "
            "JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_roles r ON r.oid = f.opfowner\nWHERE " +
            user_schema("n") + " AND " + not_extension_member("pg_opfamily", "f.oid")};
}

CatalogQuery operator_class_query() {
    std::string ident =
        "(" + qualified("n.nspname", "oc.opcname") + " || ' USING ' || quote_ident(am.amname))";
    std::string family =
        "(" + qualified("fn.nspname", "f.opfname") + " || ' USING ' || quote_ident(am.amname))";
    return {
        "operator classes",
        "SELECT 'operator_class', " + ident +
            ", n.nspname::text, oc.opcname::text, '', n.nspname::text, oc.opcname::text,\n"
            "  'CREATE OPERATOR CLASS ' || " +
            qualified("n.nspname", "oc.opcname") +
            " || CASE WHEN oc.opcdefault THEN ' DEFAULT' ELSE '' END || ' FOR TYPE ' || "
            "format_type(oc.opcintype, NULL) || ' USING ' || quote_ident(am.amname) || ' FAMILY ' "
            "|| " +
            qualified("fn.nspname", "f.opfname") +
            " || ' AS ' || concat_ws(', ', "
            "(SELECT string_agg('OPERATOR ' || ao.amopstrategy || ' ' || "
            "ao.amopopr::regoperator::text, ', ' "
            "ORDER BY ao.amopstrategy) FROM pg_depend md JOIN pg_amop ao ON md.classid = "
            "'pg_amop'::regclass AND md.objid = ao.oid WHERE md.refclassid = "
            "'pg_opclass'::regclass AND "
            "md.refobjid = oc.oid), "
            "(SELECT string_agg('FUNCTION ' || ap.amprocnum || ' ' || "
            "ap.amproc::regprocedure::text, ', ' "
            "ORDER BY ap.amprocnum) FROM pg_depend md JOIN pg_amproc ap ON md.classid = "
            "'pg_amproc'::regclass AND md.objid = ap.oid WHERE md.refclassid = "
            "'pg_opclass'::regclass AND "
            "md.refobjid = oc.oid), "
            "'STORAGE ' || format_type(NULLIF(oc.opckeytype, 0), NULL)),\n  " +
            deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r") +
                 ", 'operator_family:' || " + family + ", " + type_dep("oc.opcintype")) +
            ",\n  quote_ident(r.rolname) AS \"owner\",\n  am.amname::text AS \"access_method\",\n"
            "  format_type(oc.opcintype, NULL) AS \"input_type\",\n  oc.opcdefault AS "
            "\"default\",\n  " +
            family +
            " AS \"family\",\n  format_type(NULLIF(oc.opckeytype, 0), NULL) AS \"storage\",\n  " +
            members("pg_opclass", "oc.oid", true) + " AS \"operators\",\n  " +
            members("pg_opclass", "oc.oid", false) +
            " AS \"functions\"\nFROM pg_opclass oc JOIN pg_namespace n ON n.oid = oc.opcnamespace "
            "JOIN pg_am am ON am.oid = oc.opcmethod JOIN pg_roles r ON r.oid = oc.opcowner "
            "JOIN pg_opfamily f ON f.oid = oc.opcfamily JOIN pg_namespace fn ON fn.oid = "
            "f.opfnamespace\nWHERE " +
            user_schema("n") + " AND " + not_extension_member("pg_opclass", "oc.oid")};
}

CatalogQuery text_search_query() {
    std::string ident = qualified("n.nspname", "c.cfgname");
    std::string parser = qualified("pn.nspname", "p.prsname");
    return {"text search configurations",
            "SELECT 'text_search_configuration', " + ident +
                ", n.nspname::text, c.cfgname::text, '', n.nspname::text, c.cfgname::text,\n"
                "  'CREATE TEXT SEARCH CONFIGURATION ' || " +
                ident + " || ' (PARSER = ' || " + parser + " || ')',\n  " +
                deps("'schema:' || quote_ident(n.nspname), " + owner_dep("r")) +
                ",\n  quote_ident(r.rolname) AS \"owner\",\n  " + parser +
                R"SQL( AS "parser",
  (SELECT array_agg(mm.mapping ORDER BY mm.mapping) FROM (
     SELECT coalesce((SELECT tt.alias FROM ts_token_type(c.cfgparser) tt WHERE tt.tokid = m.maptokentype),
                     m.maptokentype::text) || ':' ||
            string_agg(m.mapdict::regdictionary::text, ',' ORDER BY m.mapseqno) AS mapping
     FROM pg_ts_config_map m WHERE m.mapcfg = c.oid GROUP BY m.maptokentype) mm)::text AS "mappings"
FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace JOIN pg_roles r ON r.oid = c.cfgowner
JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
WHERE )SQL" + user_schema("n") +
                " AND " + not_extension_member("pg_ts_config", "c.oid")};
}

CatalogQuery fdw_query(const Dialect& d) {
    return {
        "foreign-data wrappers",
        R"SQL(SELECT 'foreign_data_wrapper', quote_ident(w.fdwname), '', w.fdwname::text, '', NULL::text, NULL::text,
  'CREATE FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname) ||
    coalesce(' HANDLER ' || NULLIF(w.fdwhandler, 0)::regproc::text, '') ||
    coalesce(' VALIDATOR ' || NULLIF(w.fdwvalidator, 0)::regproc::text, '') ||
    coalesce(' OPTIONS (' || (SELECT string_agg(quote_ident(split_part(o, '=', 1)) || ' ' ||
      quote_literal(substr(o, length(split_part(o, '=', 1)) + 2)), ', ') FROM unnest(w.fdwoptions) o) || ')', ''),
  )SQL" +
            deps(owner_dep("r") + ", " + routine_dep(d, "w.fdwhandler") + ", " +
                 routine_dep(d, "w.fdwvalidator")) +
            R"SQL(,
  quote_ident(r.rolname) AS "owner",
  NULLIF(w.fdwhandler, 0)::regprocedure::text AS "handler",
  NULLIF(w.fdwvalidator, 0)::regprocedure::text AS "validator",
  (SELECT array_agg(so ORDER BY so) FROM unnest(w.fdwoptions) so)::text AS "options"
FROM pg_foreign_data_wrapper w JOIN pg_roles r ON r.oid = w.fdwowner
WHERE w.oid >= 16384 AND )SQL" +
            not_extension_member("pg_foreign_data_wrapper", "w.oid")};
}

CatalogQuery server_query() {
    return {
        "foreign servers",
        R"SQL(SELECT 'foreign_server', quote_ident(s.srvname), '', s.srvname::text, '', NULL::text, NULL::text,
  'CREATE SERVER ' || quote_ident(s.srvname) || coalesce(' TYPE ' || quote_literal(s.srvtype), '') ||
    coalesce(' VERSION ' || quote_literal(s.srvversion), '') || ' FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname) ||
    coalesce(' OPTIONS (' || (SELECT string_agg(quote_ident(split_part(o, '=', 1)) || ' ' ||
      quote_literal(substr(o, length(split_part(o, '=', 1)) + 2)), ', ') FROM unnest(s.srvoptions) o) || ')', ''),
  ARRAY['foreign_data_wrapper:' || quote_ident(w.fdwname), 'role:' || quote_ident(r.rolname)]::text[],
  quote_ident(r.rolname) AS "owner",
  quote_ident(w.fdwname) AS "wrapper",
  s.srvtype AS "type",
  s.srvversion AS "version",
  (SELECT array_agg(so ORDER BY so) FROM unnest(s.srvoptions) so)::text AS "options"
FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
JOIN pg_roles r ON r.oid = s.srvowner
WHERE s.oid >= 16384 AND )SQL" +
            not_extension_member("pg_foreign_server", "s.oid")};
}

CatalogQuery user_mapping_query() {
    // pg_user_mappings shows options only to those allowed to see them; secrets are never
    // recorded: password options are dropped and only their presence is kept.
    std::string user = "(CASE WHEN um.umuser = 0 THEN 'PUBLIC' ELSE quote_ident(um.usename) END)";
    return {"user mappings",
            "SELECT 'user_mapping', " + user + " || '@' || quote_ident(um.srvname), '', " + user +
                ", quote_ident(um.srvname), NULL::text, NULL::text,\n"
                "  'CREATE USER MAPPING FOR ' || " +
                user + " || ' SERVER ' || quote_ident(um.srvname),\n" +
                R"SQL(  array_remove(ARRAY['foreign_server:' || quote_ident(um.srvname),
    CASE WHEN um.umuser <> 0 THEN 'role:' || quote_ident(um.usename) END]::text[], NULL),
  )SQL" + user + R"SQL( AS "user",
  quote_ident(um.srvname) AS "server",
  (SELECT array_agg(so ORDER BY so) FROM unnest(um.umoptions) so
    WHERE so NOT ILIKE 'password=%' AND so NOT ILIKE 'passfile=%' AND so NOT ILIKE 'sslkey=%')::text AS "options",
  EXISTS (SELECT 1 FROM unnest(um.umoptions) so WHERE so ILIKE 'password=%') AS "has_password"
FROM pg_user_mappings um
WHERE um.srvid >= 16384)SQL"};
}

// ------------------------------------------------------------- objects that belong to a table

// Column options are attoptions, except `pg_attver=N`, which PostgreSQL 15.20 stamps on every
// column of every table (a number the server assigns, different per table and cluster): it is
// not an option anyone set, and comparing it would make every column of every table differ.
CatalogQuery column_query(const Dialect& d) {
    std::string extra;
    std::string join;
    if (d.has("pg_attribute_encoding", "attoptions")) {
        extra += ",\n  (SELECT array_agg(so ORDER BY so) FROM unnest(e.attoptions) so)::text AS "
                 "\"encoding\"";
        join = "\nLEFT JOIN pg_attribute_encoding e ON e.attrelid = a.attrelid AND e.attnum = "
               "a.attnum";
    }
    if (d.has("pg_attribute", "attidentity")) {
        extra += ",\n  CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by_default' END AS "
                 "\"identity_generation\"";
    }
    if (d.has("pg_attribute", "attgenerated")) {
        extra += ",\n  CASE a.attgenerated WHEN 's' THEN 'stored' END AS \"generated\"";
    }
    std::string collation =
        "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co "
        "JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation AND "
        "a.attcollation <> t.typcollation)";
    std::string table = rel_identity("n", "c");
    return {
        "columns",
        "SELECT 'column', " + table +
            " || '.' || quote_ident(a.attname), n.nspname::text, "
            "a.attname::text, " +
            table +
            ", n.nspname::text, c.relname::text,\n"
            "  CASE WHEN c.relkind IN ('r', 'p', 'f') THEN 'ALTER TABLE ' || " +
            table +
            " || ' ADD COLUMN ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, "
            "a.atttypmod) || coalesce(' COLLATE ' || " +
            collation +
            ", '') || coalesce(' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid), '') || CASE WHEN "
            "a.attnotnull THEN ' NOT NULL' ELSE '' END END,\n  " +
            deps(relation_kind(d, "c") + " || ':' || " + table + ", " + type_dep("a.atttypid")) +
            ",\n  row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS \"position\",\n"
            "  format_type(a.atttypid, a.atttypmod) AS \"type\",\n  a.attnotnull AS \"not_null\",\n"
            "  pg_get_expr(ad.adbin, ad.adrelid) AS \"default\",\n  " +
            collation +
            " AS \"collation\",\n  CASE WHEN a.attstorage <> t.typstorage THEN "
            "a.attstorage::text END AS \"storage_mode\",\n  (SELECT array_agg(so ORDER BY so) FROM "
            "unnest(a.attoptions) so WHERE so NOT LIKE 'pg\\_attver=%')::text AS \"options\"" +
            extra +
            "\nFROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON "
            "n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid\nLEFT JOIN pg_attrdef ad "
            "ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum" +
            join +
            "\nWHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', "
            "'f') "
            "AND " +
            user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid")};
}

CatalogQuery index_query(const Dialect& d) {
    std::string extra;
    bool pg12 = d.flavor() != Flavor::gp6;
    if (pg12) {
        // Partitioned indexes and their attachments (PG 11+, GP7; §1.5).
        extra = ",\n  (ic.relkind = 'I') AS \"partitioned\",\n  (SELECT " +
                rel_identity("pn", "ptc") +
                " || '.' || quote_ident(pic.relname) FROM pg_inherits ih "
                "JOIN pg_class pic ON pic.oid = ih.inhparent JOIN pg_index pi ON pi.indexrelid = "
                "pic.oid "
                "JOIN pg_class ptc ON ptc.oid = pi.indrelid JOIN pg_namespace pn ON pn.oid = "
                "ptc.relnamespace WHERE ih.inhrelid = i.indexrelid) AS \"partition_parent_index\"";
    }
    std::string table = rel_identity("n", "tc");
    return {"indexes", "SELECT 'index', " + table +
                           " || '.' || quote_ident(ic.relname), n.nspname::text, "
                           "ic.relname::text, " +
                           table +
                           ", n.nspname::text, tc.relname::text,\n"
                           "  def.text,\n  " +
                           deps(relation_kind(d, "tc") + " || ':' || " + table) +
                           R"SQL(,
  def.text AS "definition",
  am.amname::text AS "access_method",
  i.indisunique AS "unique",
  i.indisprimary AS "primary",
  (SELECT quote_ident(con.conname) FROM pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS "constraint",
  i.indisclustered AS "clustered",
  i.indisreplident AS "replica_identity",
  i.indisvalid AS "valid",
  quote_ident(ts.spcname) AS "tablespace",
  (SELECT array_agg(so ORDER BY so) FROM unnest(ic.reloptions) so)::text AS "options")SQL" +
                           extra + R"SQL(
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
JOIN pg_am am ON am.oid = ic.relam LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
CROSS JOIN LATERAL (SELECT pg_get_indexdef(i.indexrelid) AS text) def
WHERE tc.relkind IN ('r', 'p', 'm', 'f') AND )SQL" +
                           user_schema("n") + " AND " + not_extension_member("pg_class", "tc.oid")};
}

CatalogQuery constraint_query(const Dialect& d) {
    std::string table = rel_identity("n", "tc");
    std::string domain = qualified("n.nspname", "t.typname");
    std::string table_filter = "con.coninhcount = 0";
    if (d.has("pg_constraint", "conparentid")) {
        table_filter += " AND con.conparentid = 0";
    }
    if (d.flavor() == Flavor::gp6) {
        // GP6 partition children carry generated bound CHECK constraints (<leaf>_check) and
        // copies of the root's constraints; gpbackup skips every constraint on them (§1.4).
        table_filter +=
            " AND NOT EXISTS (SELECT 1 FROM pg_partition_rule pr WHERE pr.parchildrelid = tc.oid)";
    }
    std::string attributes = R"SQL(,
  CASE con.contype WHEN 'p' THEN 'primary' WHEN 'u' THEN 'unique' WHEN 'c' THEN 'check'
    WHEN 'f' THEN 'foreign' WHEN 'x' THEN 'exclusion' ELSE con.contype::text END AS "constraint_type",
  def.text AS "definition",
  con.condeferrable AS "deferrable",
  con.condeferred AS "deferred",
  con.convalidated AS "validated",
  con.connoinherit AS "no_inherit",
  )SQL";
    return {
        "constraints",
        "SELECT 'constraint', " + table +
            " || '.' || quote_ident(con.conname), n.nspname::text, "
            "con.conname::text, " +
            table +
            ", n.nspname::text, tc.relname::text,\n"
            "  'ALTER TABLE ' || " +
            table +
            " || ' ADD CONSTRAINT ' || quote_ident(con.conname) || ' ' || "
            "def.text,\n  " +
            deps(relation_kind(d, "tc") + " || ':' || " + table +
                 ", CASE WHEN con.contype = 'f' THEN " + relation_kind(d, "rc") + " || ':' || " +
                 rel_identity("rn", "rc") + " END") +
            attributes + "CASE WHEN con.contype = 'f' THEN " + rel_identity("rn", "rc") +
            " END AS \"referenced_table\",\n  'table'::text AS \"on\"\n"
            "FROM pg_constraint con JOIN pg_class tc ON tc.oid = con.conrelid JOIN pg_namespace n "
            "ON "
            "n.oid = tc.relnamespace\nLEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN "
            "pg_namespace rn ON rn.oid = rc.relnamespace\nCROSS JOIN LATERAL (SELECT "
            "pg_get_constraintdef(con.oid) AS text) def\nWHERE con.contype IN ('p', 'u', 'c', 'f', "
            "'x') "
            "AND " +
            table_filter + " AND " + user_schema("n") + " AND " +
            not_extension_member("pg_class", "tc.oid") + "\nUNION ALL\nSELECT 'constraint', " +
            domain +
            " || '.' || quote_ident(con.conname), "
            "n.nspname::text, con.conname::text, " +
            domain +
            ", n.nspname::text, t.typname::text,\n"
            "  'ALTER DOMAIN ' || " +
            domain +
            " || ' ADD CONSTRAINT ' || quote_ident(con.conname) || ' ' || "
            "def.text,\n  ARRAY['domain:' || " +
            domain + "]::text[]" + attributes +
            "NULL::text,\n  'domain'::text\nFROM pg_constraint con JOIN pg_type t ON t.oid = "
            "con.contypid JOIN pg_namespace n ON n.oid = t.typnamespace\nCROSS JOIN LATERAL "
            "(SELECT pg_get_constraintdef(con.oid) AS text) def\nWHERE con.contypid <> 0 AND " +
            user_schema("n") + " AND " + not_extension_member("pg_type", "t.oid")};
}

CatalogQuery trigger_query(const Dialect& d) {
    std::string table = rel_identity("n", "tc");
    std::string filter = "NOT tg.tgisinternal";
    if (d.has("pg_trigger", "tgparentid")) {
        // PG 13+: clones of a partitioned table's trigger on its partitions are not internal.
        filter += " AND tg.tgparentid = 0";
    }
    return {"triggers", "SELECT 'trigger', " + table +
                            " || '.' || quote_ident(tg.tgname), n.nspname::text, "
                            "tg.tgname::text, " +
                            table +
                            ", n.nspname::text, tc.relname::text,\n"
                            "  pg_get_triggerdef(tg.oid),\n  " +
                            deps(relation_kind(d, "tc") + " || ':' || " + table + ", " +
                                 routine_dep(d, "tg.tgfoid")) +
                            R"SQL(,
  pg_get_triggerdef(tg.oid) AS "definition",
  tg.tgfoid::regprocedure::text AS "function",
  CASE tg.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
    WHEN 'A' THEN 'always' ELSE tg.tgenabled::text END AS "enabled"
FROM pg_trigger tg JOIN pg_class tc ON tc.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
WHERE )SQL" + filter + " AND " +
                            user_schema("n") + " AND " +
                            not_extension_member("pg_class", "tc.oid")};
}

CatalogQuery rule_query(const Dialect& d) {
    std::string table = rel_identity("n", "tc");
    return {"rules", "SELECT 'rule', " + table +
                         " || '.' || quote_ident(ru.rulename), n.nspname::text, "
                         "ru.rulename::text, " +
                         table +
                         ", n.nspname::text, tc.relname::text,\n"
                         "  pg_get_ruledef(ru.oid),\n  " +
                         deps(relation_kind(d, "tc") + " || ':' || " + table) + R"SQL(,
  pg_get_ruledef(ru.oid) AS "definition",
  CASE ru.ev_type WHEN '1' THEN 'select' WHEN '2' THEN 'update' WHEN '3' THEN 'insert' WHEN '4' THEN 'delete'
    ELSE ru.ev_type::text END AS "event",
  ru.is_instead AS "instead",
  CASE ru.ev_enabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
    WHEN 'A' THEN 'always' ELSE ru.ev_enabled::text END AS "enabled"
FROM pg_rewrite ru JOIN pg_class tc ON tc.oid = ru.ev_class JOIN pg_namespace n ON n.oid = tc.relnamespace
WHERE ru.rulename <> '_RETURN' AND )SQL" +
                         user_schema("n") + " AND " + not_extension_member("pg_class", "tc.oid")};
}

// ---------------------------------------------------------------- privileges and comments

// The objects that carry an ACL or a description, as (obj_kind, obj_identity, schema, name,
// filter_schema, filter_name, <payload>) rows; `payload` names the ACL or the oid triple.
std::string acl_objects(const Dialect& d) {
    std::string rel = rel_identity("n", "c");
    std::string out =
        "SELECT 'database'::text AS obj_kind, quote_ident(d.datname) AS obj_identity, ''::text AS "
        "schema, "
        "d.datname::text AS name, NULL::text AS filter_schema, NULL::text AS filter_name, d.datacl "
        "AS acl "
        "FROM pg_database d WHERE d.datname = current_database() AND d.datacl IS NOT NULL\n"
        "UNION ALL SELECT 'schema', quote_ident(n.nspname), n.nspname::text, n.nspname::text, "
        "n.nspname::text, NULL, n.nspacl FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND " +
        user_schema("n") + " AND " + not_extension_member("pg_namespace", "n.oid") +
        "\nUNION ALL SELECT " + relation_kind(d, "c") + ", " + rel +
        ", n.nspname::text, c.relname::text, n.nspname::text, c.relname::text, c.relacl FROM "
        "pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relacl IS NOT NULL AND c.relkind IN "
        "('r', 'p', 'v', 'm', 'S', 'f') AND " +
        user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid") +
        "\nUNION ALL SELECT 'column', " + rel +
        " || '.' || quote_ident(a.attname), n.nspname::text, a.attname::text, n.nspname::text, "
        "c.relname::text, a.attacl FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN "
        "pg_namespace n ON n.oid = c.relnamespace WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND "
        "NOT "
        "a.attisdropped AND " +
        user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid") +
        "\nUNION ALL SELECT " + routine_kind(d, "p") + ", " + routine_identity("n", "p") +
        ", n.nspname::text, p.proname::text, n.nspname::text, p.proname::text, p.proacl FROM "
        "pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proacl IS NOT NULL AND " +
        user_schema("n") + " AND " + not_extension_member("pg_proc", "p.oid") +
        "\nUNION ALL SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE 'type' END, " +
        qualified("n.nspname", "t.typname") +
        ", n.nspname::text, t.typname::text, n.nspname::text, t.typname::text, t.typacl FROM "
        "pg_type t "
        "JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class rc ON rc.oid = "
        "t.typrelid "
        "WHERE t.typacl IS NOT NULL AND (t.typrelid = 0 OR rc.relkind = 'c') AND NOT EXISTS "
        "(SELECT 1 "
        "FROM pg_type el WHERE el.typarray = t.oid) AND " +
        user_schema("n") + " AND " + not_extension_member("pg_type", "t.oid") +
        "\nUNION ALL SELECT 'language', quote_ident(l.lanname), '', l.lanname::text, NULL, NULL, "
        "l.lanacl "
        "FROM pg_language l WHERE l.lanacl IS NOT NULL AND l.lanispl AND l.lanname <> 'plpgsql' "
        "AND " +
        not_extension_member("pg_language", "l.oid") +
        "\nUNION ALL SELECT 'foreign_data_wrapper', quote_ident(w.fdwname), '', w.fdwname::text, "
        "NULL, NULL, "
        "w.fdwacl FROM pg_foreign_data_wrapper w WHERE w.fdwacl IS NOT NULL AND w.oid >= 16384 "
        "AND " +
        not_extension_member("pg_foreign_data_wrapper", "w.oid") +
        "\nUNION ALL SELECT 'foreign_server', quote_ident(s.srvname), '', s.srvname::text, NULL, "
        "NULL, "
        "s.srvacl FROM pg_foreign_server s WHERE s.srvacl IS NOT NULL AND s.oid >= 16384 AND " +
        not_extension_member("pg_foreign_server", "s.oid") +
        "\nUNION ALL SELECT 'tablespace', quote_ident(t.spcname), '', t.spcname::text, NULL, NULL, "
        "t.spcacl "
        "FROM pg_tablespace t WHERE t.spcacl IS NOT NULL AND t.spcname NOT IN ('pg_default', "
        "'pg_global')";
    if (d.has("pg_extprotocol", "ptcacl")) {
        out += "\nUNION ALL SELECT 'protocol', quote_ident(pt.ptcname), '', pt.ptcname::text, "
               "NULL, NULL, "
               "pt.ptcacl FROM pg_extprotocol pt WHERE pt.ptcacl IS NOT NULL";
    }
    return out;
}

CatalogQuery privilege_query(const Dialect& d) {
    std::string grantee = "(CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(g.rolname) END)";
    return {"privileges",
            "WITH objects AS (\n" + acl_objects(d) +
                "\n), exploded AS (\n  SELECT o.*, x.privilege_type, x.is_grantable, " + grantee +
                R"SQL( AS grantee_name
  FROM objects o CROSS JOIN LATERAL aclexplode(o.acl) x LEFT JOIN pg_roles g ON g.oid = x.grantee
)
SELECT 'privilege', e.obj_kind || ' ' || e.obj_identity || ' ' || e.grantee_name, e.schema, e.name,
  e.obj_identity, e.filter_schema, e.filter_name,
  CASE WHEN e.obj_kind = 'column' THEN NULL ELSE
    'GRANT ' || string_agg(e.privilege_type, ', ' ORDER BY e.privilege_type) || ' ON ' ||
    CASE e.obj_kind WHEN 'table' THEN 'TABLE' WHEN 'view' THEN 'TABLE' WHEN 'materialized_view' THEN 'TABLE'
      WHEN 'foreign_table' THEN 'TABLE' WHEN 'external_table' THEN 'TABLE' WHEN 'aggregate' THEN 'FUNCTION'
      WHEN 'foreign_data_wrapper' THEN 'FOREIGN DATA WRAPPER' WHEN 'foreign_server' THEN 'FOREIGN SERVER'
      ELSE upper(e.obj_kind) END || ' ' || e.obj_identity || ' TO ' || e.grantee_name ||
    CASE WHEN bool_and(e.is_grantable) THEN ' WITH GRANT OPTION' ELSE '' END END,
  ARRAY[e.obj_kind || ':' || e.obj_identity]::text[],
  e.obj_kind AS "object_kind",
  e.obj_identity AS "object",
  e.grantee_name AS "grantee",
  string_agg(e.privilege_type, ',' ORDER BY e.privilege_type) AS "privileges",
  string_agg(CASE WHEN e.is_grantable THEN e.privilege_type END, ',' ORDER BY e.privilege_type) AS "grant_option"
FROM exploded e
GROUP BY e.obj_kind, e.obj_identity, e.schema, e.name, e.filter_schema, e.filter_name, e.grantee_name)SQL"};
}

CatalogQuery default_privilege_query() {
    std::string grantee = "(CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(g.rolname) END)";
    std::string objtype =
        "(CASE da.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN "
        "'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE da.defaclobjtype::text "
        "END)";
    return {
        "default privileges",
        "SELECT 'default_privilege', quote_ident(r.rolname) || ' ' || "
        "coalesce(quote_ident(n.nspname), '*') || ' ' || " +
            objtype + " || ' ' || " + grantee + ", coalesce(n.nspname::text, ''), " + objtype +
            ", '', n.nspname::text, NULL::text,\n"
            "  'ALTER DEFAULT PRIVILEGES FOR ROLE ' || quote_ident(r.rolname) || coalesce(' IN "
            "SCHEMA ' || "
            "quote_ident(n.nspname), '') || ' GRANT ' || string_agg(x.privilege_type, ', ' ORDER "
            "BY "
            "x.privilege_type) || ' ON ' || upper(" +
            objtype + ") || ' TO ' || " + grantee +
            ",\n  array_remove(ARRAY['role:' || quote_ident(r.rolname), 'schema:' || "
            "quote_ident(n.nspname)]::text[], NULL),\n"
            "  quote_ident(r.rolname) AS \"role\",\n  quote_ident(n.nspname) AS \"schema\",\n  " +
            objtype + " AS \"object_type\",\n  " + grantee +
            " AS \"grantee\",\n  string_agg(x.privilege_type, ',' ORDER BY x.privilege_type) AS "
            "\"privileges\",\n  string_agg(CASE WHEN x.is_grantable THEN x.privilege_type END, ',' "
            "ORDER BY "
            "x.privilege_type) AS \"grant_option\"\nFROM pg_default_acl da JOIN pg_roles r ON "
            "r.oid = "
            "da.defaclrole LEFT JOIN pg_namespace n ON n.oid = da.defaclnamespace CROSS JOIN "
            "LATERAL "
            "aclexplode(da.defaclacl) x LEFT JOIN pg_roles g ON g.oid = x.grantee\n"
            "GROUP BY r.rolname, n.nspname, da.defaclobjtype, x.grantee, g.rolname"};
}

// NOLINTNEXTLINE(readability-function-size): a single SQL text, one UNION ALL branch per catalog
CatalogQuery comment_query(const Dialect& d) {
    std::string rel = rel_identity("n", "c");
    std::string desc = "pg_description ds";
    // One branch per catalog that holds commentable objects, with the same exclusions as the
    // objects' own queries, so that a comment never names an object the snapshot lacks.
    std::string objects =
        "SELECT " + relation_kind(d, "c") + " AS obj_kind, " + rel +
        " AS obj_identity, n.nspname::text AS schema, c.relname::text AS name, n.nspname::text AS "
        "filter_schema, c.relname::text AS filter_name, ds.description FROM " +
        desc +
        " JOIN pg_class c ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid AND "
        "ds.objsubid = 0 "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', "
        "'S', 'f') AND " +
        user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid") +
        "\nUNION ALL SELECT 'column', " + rel +
        " || '.' || quote_ident(a.attname), n.nspname::text, a.attname::text, n.nspname::text, "
        "c.relname::text, "
        "ds.description FROM " +
        desc +
        " JOIN pg_class c ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid JOIN "
        "pg_attribute a ON "
        "a.attrelid = c.oid AND a.attnum = ds.objsubid AND ds.objsubid > 0 JOIN pg_namespace n ON "
        "n.oid = "
        "c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT a.attisdropped AND " +
        user_schema("n") + " AND " + not_extension_member("pg_class", "c.oid") +
        "\nUNION ALL SELECT 'index', " + rel_identity("n", "tc") +
        " || '.' || quote_ident(c.relname), n.nspname::text, c.relname::text, n.nspname::text, "
        "tc.relname::text, "
        "ds.description FROM " +
        desc +
        " JOIN pg_class c ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid AND "
        "ds.objsubid = 0 JOIN "
        "pg_index i ON i.indexrelid = c.oid JOIN pg_class tc ON tc.oid = i.indrelid JOIN "
        "pg_namespace n ON "
        "n.oid = tc.relnamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_class", "tc.oid") +
        "\nUNION ALL SELECT " + routine_kind(d, "p") + ", " + routine_identity("n", "p") +
        ", n.nspname::text, p.proname::text, n.nspname::text, p.proname::text, ds.description "
        "FROM " +
        desc +
        " JOIN pg_proc p ON ds.classoid = 'pg_proc'::regclass AND ds.objoid = p.oid JOIN "
        "pg_namespace n ON "
        "n.oid = p.pronamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_proc", "p.oid") +
        "\nUNION ALL SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE 'type' END, " +
        qualified("n.nspname", "t.typname") +
        ", n.nspname::text, t.typname::text, n.nspname::text, t.typname::text, ds.description "
        "FROM " +
        desc +
        " JOIN pg_type t ON ds.classoid = 'pg_type'::regclass AND ds.objoid = t.oid JOIN "
        "pg_namespace n ON n.oid "
        "= t.typnamespace LEFT JOIN pg_class rc ON rc.oid = t.typrelid WHERE (t.typrelid = 0 OR "
        "rc.relkind = "
        "'c') AND " +
        user_schema("n") + " AND " + not_extension_member("pg_type", "t.oid") +
        "\nUNION ALL SELECT 'schema', quote_ident(n.nspname), n.nspname::text, n.nspname::text, "
        "n.nspname::text, NULL, ds.description FROM " +
        desc +
        " JOIN pg_namespace n ON ds.classoid = 'pg_namespace'::regclass AND ds.objoid = n.oid "
        "WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_namespace", "n.oid") +
        "\nUNION ALL SELECT 'constraint', CASE WHEN con.conrelid <> 0 THEN " +
        rel_identity("n", "tc") + " ELSE " + qualified("n.nspname", "t.typname") +
        " END || '.' || quote_ident(con.conname), n.nspname::text, con.conname::text, "
        "n.nspname::text, "
        "coalesce(tc.relname, t.typname)::text, ds.description FROM " +
        desc +
        " JOIN pg_constraint con ON ds.classoid = 'pg_constraint'::regclass AND ds.objoid = "
        "con.oid LEFT JOIN "
        "pg_class tc ON tc.oid = con.conrelid LEFT JOIN pg_type t ON t.oid = con.contypid JOIN "
        "pg_namespace n "
        "ON n.oid = coalesce(tc.relnamespace, t.typnamespace) WHERE " +
        user_schema("n") + "\nUNION ALL SELECT 'trigger', " + rel_identity("n", "tc") +
        " || '.' || quote_ident(tg.tgname), n.nspname::text, tg.tgname::text, n.nspname::text, "
        "tc.relname::text, ds.description FROM " +
        desc +
        " JOIN pg_trigger tg ON ds.classoid = 'pg_trigger'::regclass AND ds.objoid = tg.oid JOIN "
        "pg_class tc "
        "ON tc.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = tc.relnamespace WHERE " +
        user_schema("n") + "\nUNION ALL SELECT 'rule', " + rel_identity("n", "tc") +
        " || '.' || quote_ident(ru.rulename), n.nspname::text, ru.rulename::text, n.nspname::text, "
        "tc.relname::text, ds.description FROM " +
        desc +
        " JOIN pg_rewrite ru ON ds.classoid = 'pg_rewrite'::regclass AND ds.objoid = ru.oid JOIN "
        "pg_class tc "
        "ON tc.oid = ru.ev_class JOIN pg_namespace n ON n.oid = tc.relnamespace WHERE ru.rulename "
        "<> '_RETURN' "
        "AND " +
        user_schema("n") + "\nUNION ALL SELECT 'collation', " +
        qualified("n.nspname", "co.collname") +
        ", n.nspname::text, co.collname::text, n.nspname::text, co.collname::text, ds.description "
        "FROM " +
        desc +
        " JOIN pg_collation co ON ds.classoid = 'pg_collation'::regclass AND ds.objoid = co.oid "
        "JOIN "
        "pg_namespace n ON n.oid = co.collnamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_collation", "co.oid") +
        "\nUNION ALL SELECT 'operator', quote_ident(n.nspname) || '.' || o.oprname || '(' || "
        "coalesce(format_type(NULLIF(o.oprleft, 0), NULL), 'NONE') || ', ' || "
        "coalesce(format_type(NULLIF(o.oprright, 0), NULL), 'NONE') || ')', n.nspname::text, "
        "o.oprname::text, "
        "n.nspname::text, o.oprname::text, ds.description FROM " +
        desc +
        " JOIN pg_operator o ON ds.classoid = 'pg_operator'::regclass AND ds.objoid = o.oid JOIN "
        "pg_namespace "
        "n ON n.oid = o.oprnamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_operator", "o.oid") +
        "\nUNION ALL SELECT 'operator_class', " + qualified("n.nspname", "oc.opcname") +
        " || ' USING ' || quote_ident(am.amname), n.nspname::text, oc.opcname::text, "
        "n.nspname::text, "
        "oc.opcname::text, ds.description FROM " +
        desc +
        " JOIN pg_opclass oc ON ds.classoid = 'pg_opclass'::regclass AND ds.objoid = oc.oid JOIN "
        "pg_am am ON "
        "am.oid = oc.opcmethod JOIN pg_namespace n ON n.oid = oc.opcnamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_opclass", "oc.oid") +
        "\nUNION ALL SELECT 'operator_family', " + qualified("n.nspname", "f.opfname") +
        " || ' USING ' || quote_ident(am.amname), n.nspname::text, f.opfname::text, "
        "n.nspname::text, "
        "f.opfname::text, ds.description FROM " +
        desc +
        " JOIN pg_opfamily f ON ds.classoid = 'pg_opfamily'::regclass AND ds.objoid = f.oid JOIN "
        "pg_am am ON "
        "am.oid = f.opfmethod JOIN pg_namespace n ON n.oid = f.opfnamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_opfamily", "f.oid") +
        "\nUNION ALL SELECT 'text_search_configuration', " + qualified("n.nspname", "cf.cfgname") +
        ", n.nspname::text, cf.cfgname::text, n.nspname::text, cf.cfgname::text, ds.description "
        "FROM " +
        desc +
        " JOIN pg_ts_config cf ON ds.classoid = 'pg_ts_config'::regclass AND ds.objoid = cf.oid "
        "JOIN "
        "pg_namespace n ON n.oid = cf.cfgnamespace WHERE " +
        user_schema("n") + " AND " + not_extension_member("pg_ts_config", "cf.oid") +
        "\nUNION ALL SELECT 'extension', quote_ident(e.extname), '', e.extname::text, NULL, NULL, "
        "ds.description FROM " +
        desc +
        " JOIN pg_extension e ON ds.classoid = 'pg_extension'::regclass AND ds.objoid = e.oid "
        "WHERE e.oid >= 16384"
        "\nUNION ALL SELECT 'language', quote_ident(l.lanname), '', l.lanname::text, NULL, NULL, "
        "ds.description "
        "FROM " +
        desc +
        " JOIN pg_language l ON ds.classoid = 'pg_language'::regclass AND ds.objoid = l.oid WHERE "
        "l.lanispl "
        "AND l.lanname <> 'plpgsql' AND " +
        not_extension_member("pg_language", "l.oid") +
        "\nUNION ALL SELECT 'foreign_data_wrapper', quote_ident(w.fdwname), '', w.fdwname::text, "
        "NULL, NULL, "
        "ds.description FROM " +
        desc +
        " JOIN pg_foreign_data_wrapper w ON ds.classoid = 'pg_foreign_data_wrapper'::regclass AND "
        "ds.objoid = "
        "w.oid WHERE w.oid >= 16384 AND " +
        not_extension_member("pg_foreign_data_wrapper", "w.oid") +
        "\nUNION ALL SELECT 'foreign_server', quote_ident(s.srvname), '', s.srvname::text, NULL, "
        "NULL, "
        "ds.description FROM " +
        desc +
        " JOIN pg_foreign_server s ON ds.classoid = 'pg_foreign_server'::regclass AND ds.objoid = "
        "s.oid WHERE "
        "s.oid >= 16384 AND " +
        not_extension_member("pg_foreign_server", "s.oid") +
        "\nUNION ALL SELECT 'cast', '(' || format_type(ca.castsource, NULL) || ' AS ' || "
        "format_type(ca.casttarget, NULL) || ')', '', '(' || format_type(ca.castsource, NULL) || ' "
        "AS ' || "
        "format_type(ca.casttarget, NULL) || ')', NULL, NULL, ds.description FROM " +
        desc +
        " JOIN pg_cast ca ON ds.classoid = 'pg_cast'::regclass AND ds.objoid = ca.oid WHERE ca.oid "
        ">= 16384 AND " +
        not_extension_member("pg_cast", "ca.oid") +
        "\nUNION ALL SELECT 'database', quote_ident(db.datname), '', db.datname::text, NULL, NULL, "
        "sd.description FROM pg_shdescription sd JOIN pg_database db ON sd.classoid = "
        "'pg_database'::regclass "
        "AND sd.objoid = db.oid WHERE db.datname = current_database()"
        "\nUNION ALL SELECT 'role', quote_ident(ro.rolname), '', ro.rolname::text, NULL, NULL, "
        "sd.description "
        "FROM pg_shdescription sd JOIN pg_roles ro ON sd.classoid = 'pg_authid'::regclass AND "
        "sd.objoid = "
        "ro.oid WHERE ro.rolname !~ '^pg_'"
        "\nUNION ALL SELECT 'tablespace', quote_ident(sp.spcname), '', sp.spcname::text, NULL, "
        "NULL, "
        "sd.description FROM pg_shdescription sd JOIN pg_tablespace sp ON sd.classoid = "
        "'pg_tablespace'::regclass AND sd.objoid = sp.oid WHERE sp.spcname NOT IN ('pg_default', "
        "'pg_global')";
    return {"comments", "WITH described AS (\n" + objects + R"SQL(
)
SELECT 'comment', obj_kind || ' ' || obj_identity, schema, name, obj_identity, filter_schema, filter_name,
  CASE WHEN obj_kind IN ('table', 'view', 'materialized_view', 'sequence', 'foreign_table', 'column', 'function',
                         'procedure', 'aggregate', 'type', 'domain', 'schema', 'collation', 'extension',
                         'language', 'database', 'role', 'tablespace', 'cast')
    THEN 'COMMENT ON ' || upper(replace(obj_kind, '_', ' ')) || ' ' || obj_identity || ' IS ' || quote_literal(description)
  END,
  ARRAY[obj_kind || ':' || obj_identity]::text[],
  obj_kind AS "object_kind",
  obj_identity AS "object",
  description AS "text"
FROM described)SQL"};
}

} // namespace

CatalogQuery view_query(const Dialect& d) {
    std::string table = rel_identity("n", "c");
    std::string gp_join;
    std::string gp_attributes;
    if (d.is_greenplum()) {
        // Materialized views have a distribution policy (greenplum.md §1.7).
        gp_join = "\nLEFT JOIN gp_distribution_policy dp ON dp.localoid = c.oid";
        gp_attributes = distribution_attributes();
    }
    std::string references =
        "ARRAY(SELECT DISTINCT " + relation_kind(d, "rc") + " || ':' || " +
        rel_identity("rn", "rc") +
        " FROM pg_rewrite rw JOIN pg_depend dd ON dd.classid = 'pg_rewrite'::regclass AND dd.objid "
        "= rw.oid "
        "AND dd.refclassid = 'pg_class'::regclass JOIN pg_class rc ON rc.oid = dd.refobjid JOIN "
        "pg_namespace "
        "rn ON rn.oid = rc.relnamespace WHERE rw.ev_class = c.oid AND rc.oid <> c.oid AND " +
        user_schema("rn") + ")";
    std::string routines = "ARRAY(SELECT DISTINCT " + routine_kind(d, "rp") + " || ':' || " +
                           routine_identity("rpn", "rp") +
                           " FROM pg_rewrite rw JOIN pg_depend dd ON dd.classid = "
                           "'pg_rewrite'::regclass AND dd.objid = rw.oid "
                           "AND dd.refclassid = 'pg_proc'::regclass JOIN pg_proc rp ON rp.oid = "
                           "dd.refobjid JOIN pg_namespace "
                           "rpn ON rpn.oid = rp.pronamespace WHERE rw.ev_class = c.oid AND " +
                           user_schema("rpn") + ")";
    return {"views",
            "SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized_view' END, " + table +
                ", n.nspname::text, c.relname::text, '', n.nspname::text, c.relname::text,\n"
                "  CASE c.relkind WHEN 'v' THEN 'CREATE VIEW ' ELSE 'CREATE MATERIALIZED VIEW ' "
                "END || " +
                table +
                " || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '') || ' AS "
                "' || "
                // pg_get_viewdef ends with ';', which must not come before DISTRIBUTED BY.
                "regexp_replace(pg_get_viewdef(c.oid), ';\\s*$', '')" +
                (d.is_greenplum() ? " || CASE WHEN c.relkind = 'm' THEN " +
                                        distributed_by_ddl("c") + " ELSE '' END"
                                  : std::string()) +
                ",\n  " + deps("'schema:' || quote_ident(n.nspname), " + owner_dep("o")) + " || " +
                references + " || " + routines + R"SQL(,
  quote_ident(o.rolname) AS "owner",
  pg_get_viewdef(c.oid) AS "definition",
  (SELECT array_agg(so ORDER BY so) FROM unnest(c.reloptions) so)::text AS "options",
  CASE WHEN c.relkind = 'm' THEN )SQL" +
                storage_expression(d) +
                R"SQL( END AS "storage",
  CASE WHEN c.relkind = 'm' THEN quote_ident(ts.spcname) END AS "tablespace",
  CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS "populated")SQL" +
                gp_attributes + R"SQL(
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = c.relowner
LEFT JOIN pg_am am ON am.oid = c.relam LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace)SQL" +
                gp_join + "\nWHERE c.relkind IN ('v', 'm') AND " + user_schema("n") + " AND " +
                not_extension_member("pg_class", "c.oid")};
}

std::vector<CatalogQuery> common_queries(const Dialect& dialect) {
    return {
        database_query(),         tablespace_query(),        role_query(dialect),
        language_query(),         extension_query(),         schema_query(),
        collation_query(dialect), type_query(dialect),       domain_query(),
        routine_query(dialect),   aggregate_query(dialect),  cast_query(dialect),
        operator_query(dialect),  operator_family_query(),   operator_class_query(),
        text_search_query(),      fdw_query(dialect),        server_query(),
        user_mapping_query(),     view_query(dialect),       column_query(dialect),
        index_query(dialect),     constraint_query(dialect), trigger_query(dialect),
        rule_query(dialect),      privilege_query(dialect),  default_privilege_query(),
        comment_query(dialect),
    };
}

} // namespace gpparity::catalog::detail
