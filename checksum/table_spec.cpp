#include "checksum/table_spec.hpp"

#include <algorithm>
#include <unordered_map>

namespace gpparity::checksum {

namespace {

// User objects only (gpbackup's SchemaFilterClause), and no extension members.
constexpr const char* k_user_relation =
    "n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast%' "
    "AND n.nspname NOT IN ('gp_toolkit', 'information_schema', 'pg_aoseg', 'pg_bitmapindex', "
    "'pg_catalog') "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = "
    "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')";

// The report identity (DESIGN.md §7): each part quoted only where quote_ident would.
const std::string k_identity =
    "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) ";

// One row per relation: oid, schema, name, kind, populated, root schema, root name.
std::string relations_sql(catalog::Flavor flavor) {
    std::string filter = k_user_relation;
    if (flavor == catalog::Flavor::gp6) {
        // GP6: roots are pg_partition.parrelid; children are pg_partition_rule.parchildrelid,
        // intermediate when another rule names them as parent; external tables are relstorage
        // 'x' (greenplum.md §1.1, §1.4).
        return "SELECT c.oid, n.nspname, c.relname, "
               "CASE WHEN c.relstorage = 'x' THEN 'external' "
               "WHEN c.relkind = 'f' OR c.relstorage = 'f' THEN 'foreign' "
               "WHEN c.relkind = 'm' THEN 'matview' "
               "WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_partition p WHERE p.parrelid = c.oid) "
               "THEN 'root' "
               "WHEN pr.child IS NOT NULL AND pr.is_intermediate THEN 'intermediate' "
               "WHEN pr.child IS NOT NULL THEN 'leaf' ELSE 'table' END, "
               "c.relkind <> 'm' OR c.relispopulated, pr.root_schema, pr.root_name, " +
               k_identity +
               "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
               "c.relnamespace "
               "LEFT JOIN (SELECT r.parchildrelid AS child, rn.nspname AS root_schema, "
               "rc.relname AS root_name, EXISTS (SELECT 1 FROM pg_catalog.pg_partition_rule r2 "
               "WHERE r2.parparentrule = r.oid) AS is_intermediate "
               "FROM pg_catalog.pg_partition_rule r JOIN pg_catalog.pg_partition p ON p.oid = "
               "r.paroid "
               "JOIN pg_catalog.pg_class rc ON rc.oid = p.parrelid "
               "JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
               "WHERE r.parchildrelid <> 0) pr ON pr.child = c.oid "
               "WHERE c.relkind IN ('r', 'm', 'f') AND c.relstorage IN ('h', 'a', 'c', 'x', 'f') "
               "AND " +
               filter;
    }
    std::string external = "false";
    if (flavor == catalog::Flavor::gp7) {
        external = "EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_table ft JOIN "
                   "pg_catalog.pg_foreign_server s ON s.oid = ft.ftserver WHERE ft.ftrelid = c.oid "
                   "AND s.srvname = 'gp_exttable_server')";
    }
    return "SELECT c.oid, n.nspname, c.relname, "
           "CASE WHEN c.relkind = 'f' AND " +
           external +
           " THEN 'external' "
           "WHEN c.relkind = 'f' THEN 'foreign' WHEN c.relkind = 'm' THEN 'matview' "
           "WHEN c.relkind = 'p' AND c.relispartition THEN 'intermediate' "
           "WHEN c.relkind = 'p' THEN 'root' WHEN c.relispartition THEN 'leaf' ELSE 'table' END, "
           "c.relkind <> 'm' OR c.relispopulated, rn.nspname, rc.relname, " +
           k_identity +
           "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
           "LEFT JOIN pg_catalog.pg_class rc ON c.relispartition AND rc.oid = "
           "pg_catalog.pg_partition_root(c.oid) "
           "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
           "WHERE c.relkind IN ('r', 'p', 'm', 'f') AND " +
           filter;
}

TableKind parse_kind(std::string_view kind) {
    if (kind == "external")
        return TableKind::external;
    if (kind == "foreign")
        return TableKind::foreign;
    if (kind == "matview")
        return TableKind::matview;
    if (kind == "root")
        return TableKind::partition_root;
    if (kind == "leaf")
        return TableKind::partition_leaf;
    if (kind == "intermediate")
        return TableKind::intermediate;
    return TableKind::table;
}

std::uint32_t to_oid(long long v) {
    return static_cast<std::uint32_t>(v);
}

std::string oid_array(const std::vector<std::uint32_t>& oids) {
    std::string out = "{";
    for (std::size_t i = 0; i < oids.size(); ++i) {
        out += (i ? "," : "") + std::to_string(oids[i]);
    }
    return out + "}";
}

void load_types(catalog::pg::Connection& conn, std::vector<std::uint32_t> wanted,
                TypeRegistry& types) {
    // A few rounds: column types, then the types they refer to (domain bases, array elements,
    // composite fields, range subtypes), until closed. Rounds are bounded by nesting depth.
    for (int round = 0; round < 32 && !wanted.empty(); ++round) {
        catalog::pg::Result rows = conn.exec_params(
            "SELECT t.oid, n.nspname, t.typname, t.typtype, t.typcategory, t.typbasetype, "
            "CASE WHEN t.typlen = -1 AND t.typelem <> 0 THEN t.typelem ELSE 0 END, "
            "COALESCE(r.rngsubtype, 0) "
            "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
            "LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid "
            "WHERE t.oid = ANY ($1::pg_catalog.oid[])",
            {oid_array(wanted)});
        for (int i = 0; i < rows.rows(); ++i) {
            TypeInfo t;
            t.oid = to_oid(rows.integer(i, 0));
            t.schema = rows.text(i, 1);
            t.name = rows.text(i, 2);
            t.typtype = rows.value(i, 3).empty() ? 'b' : rows.value(i, 3)[0];
            t.category = rows.value(i, 4).empty() ? 'U' : rows.value(i, 4)[0];
            t.base_type = to_oid(rows.integer(i, 5));
            t.element_type = to_oid(rows.integer(i, 6));
            t.range_subtype = to_oid(rows.integer(i, 7));
            types[t.oid] = std::move(t);
        }
        catalog::pg::Result fields = conn.exec_params(
            "SELECT t.oid, a.atttypid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_attribute a "
            "ON a.attrelid = t.typrelid WHERE t.oid = ANY ($1::pg_catalog.oid[]) AND t.typtype = "
            "'c' "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY t.oid, a.attnum",
            {oid_array(wanted)});
        for (int i = 0; i < fields.rows(); ++i) {
            types[to_oid(fields.integer(i, 0))].field_types.push_back(to_oid(fields.integer(i, 1)));
        }
        // Enum labels and their OIDs: the placement check hashes an enum key as hashenum does,
        // by the label's pg_enum OID in the cluster that holds the row.
        catalog::pg::Result labels =
            conn.exec_params("SELECT e.enumtypid, e.enumlabel, e.oid FROM pg_catalog.pg_enum e "
                             "WHERE e.enumtypid = ANY ($1::pg_catalog.oid[])",
                             {oid_array(wanted)});
        for (int i = 0; i < labels.rows(); ++i) {
            types[to_oid(labels.integer(i, 0))].enum_oids[labels.text(i, 1)] =
                to_oid(labels.integer(i, 2));
        }
        for (std::uint32_t oid : wanted) {
            if (types.find(oid) == types.end()) {
                // Keep a placeholder so the loop ends; planning reports it as not found.
                types[oid] = TypeInfo{oid, "", "", 'p', 'X', 0, 0, {}, 0, {}};
            }
        }
        wanted = missing_type_references(types);
    }
}

// The relations gpparity compares (relations_sql), indexed by OID.
using OidIndex = std::unordered_map<std::uint32_t, std::size_t>;

OidIndex load_relations(catalog::pg::Connection& conn, const std::string& rels,
                        ClusterTables& out) {
    catalog::pg::Result r = conn.exec(rels);
    OidIndex by_oid;
    for (int i = 0; i < r.rows(); ++i) {
        TableSpec t;
        t.oid = to_oid(r.integer(i, 0));
        t.schema = r.text(i, 1);
        t.name = r.text(i, 2);
        t.kind = parse_kind(r.value(i, 3));
        t.populated = r.boolean(i, 4);
        t.root_schema = r.text(i, 5);
        t.root_name = r.text(i, 6);
        t.identity = r.text(i, 7);
        by_oid[t.oid] = out.tables.size();
        out.tables.push_back(std::move(t));
    }
    return by_oid;
}

// Each table's columns in order; returns the column types' OIDs (with repeats).
std::vector<std::uint32_t> load_columns(catalog::pg::Connection& conn, const std::string& in_rels,
                                        const OidIndex& by_oid, ClusterTables& out) {
    catalog::pg::Result cols = conn.exec(
        "SELECT a.attrelid, a.attname, a.atttypid, pg_catalog.format_type(a.atttypid, a.atttypmod) "
        "FROM pg_catalog.pg_attribute a WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid" +
        in_rels + " ORDER BY a.attrelid, a.attnum");
    std::vector<std::uint32_t> type_oids;
    for (int i = 0; i < cols.rows(); ++i) {
        auto it = by_oid.find(to_oid(cols.integer(i, 0)));
        if (it == by_oid.end()) {
            continue;
        }
        ColumnSpec c{cols.text(i, 1), to_oid(cols.integer(i, 2)), cols.text(i, 3)};
        type_oids.push_back(c.type_oid);
        out.tables[it->second].columns.push_back(std::move(c));
    }
    return type_oids;
}

void load_primary_keys(catalog::pg::Connection& conn, const std::string& in_rels,
                       const OidIndex& by_oid, ClusterTables& out) {
    catalog::pg::Result pk =
        conn.exec("SELECT con.conrelid, a.attname FROM pg_catalog.pg_constraint con, "
                  "pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord), "
                  "pg_catalog.pg_attribute a "
                  "WHERE con.contype = 'p' AND a.attrelid = con.conrelid AND a.attnum = k.attnum "
                  "AND con.conrelid" +
                  in_rels + " ORDER BY con.conrelid, k.ord");
    for (int i = 0; i < pk.rows(); ++i) {
        auto it = by_oid.find(to_oid(pk.integer(i, 0)));
        if (it != by_oid.end()) {
            out.tables[it->second].primary_key.push_back(pk.text(i, 1));
        }
    }
}

// gp_distribution_policy has the same columns on GP6 and GP7 (greenplum.md §1.3); a policy
// with no key columns is DISTRIBUTED RANDOMLY.
void load_policies(catalog::pg::Connection& conn, const std::string& in_rels,
                   const OidIndex& by_oid, ClusterTables& out) {
    catalog::pg::Result pol =
        conn.exec("SELECT d.localoid, d.policytype, d.numsegments, "
                  "pg_catalog.array_length(d.distkey::pg_catalog.int2[], 1) "
                  "FROM pg_catalog.gp_distribution_policy d WHERE d.localoid" +
                  in_rels);
    for (int i = 0; i < pol.rows(); ++i) {
        auto it = by_oid.find(to_oid(pol.integer(i, 0)));
        if (it == by_oid.end()) {
            continue;
        }
        DistributionPolicy& p = out.tables[it->second].policy;
        bool has_keys = !pol.is_null(i, 3) && pol.integer(i, 3) > 0;
        p.kind = pol.value(i, 1) == "r" ? DistributionPolicy::Kind::replicated
                 : has_keys             ? DistributionPolicy::Kind::hash
                                        : DistributionPolicy::Kind::random;
        p.numsegments = static_cast<int>(pol.integer(i, 2));
    }
}

// The distribution key columns of each policy, in order, with their opclasses. Enum keys hash
// their pg_enum OID, which differs between clusters (greenplum.md §2.4): anyenum opclasses, and
// enum, array-of-enum or domain-over-enum columns.
void load_distribution_keys(catalog::pg::Connection& conn, const std::string& in_rels,
                            const OidIndex& by_oid, ClusterTables& out) {
    // The key columns in order, by subscript: a lateral `unnest(...) WITH ORDINALITY` here made
    // GP6's planner fail with "cannot execute squelched plan node of type: 231" after ALTER
    // TABLE ... SET DISTRIBUTED BY, and multi-argument unnest cannot be schema-qualified.
    // generate_subscripts follows the int2vector's own lower bound (0).
    catalog::pg::Result keys = conn.exec(
        "SELECT k.localoid, a.attname, pg_catalog.quote_ident(a.attname) || ' ' || "
        "pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname), "
        "opc.opcintype = 3500 OR EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typtype = "
        "'e' AND e.oid IN (t.oid, t.typelem, t.typbasetype)), opn.nspname || '.' || "
        "opc.opcname "
        "FROM (SELECT d.localoid, d.distkey::pg_catalog.int2[] AS attnums, "
        "d.distclass::pg_catalog.oid[] AS opcoids, "
        "pg_catalog.generate_subscripts(d.distkey::pg_catalog.int2[], 1) AS ord "
        "FROM pg_catalog.gp_distribution_policy d WHERE d.localoid" +
        in_rels +
        ") k JOIN pg_catalog.pg_attribute a ON a.attrelid = k.localoid "
        "AND a.attnum = k.attnums[k.ord] "
        "JOIN pg_catalog.pg_opclass opc ON opc.oid = k.opcoids[k.ord] "
        "JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid ORDER BY k.localoid, k.ord");
    for (int i = 0; i < keys.rows(); ++i) {
        auto it = by_oid.find(to_oid(keys.integer(i, 0)));
        if (it == by_oid.end()) {
            continue;
        }
        DistributionPolicy& p = out.tables[it->second].policy;
        std::string key = keys.text(i, 2);
        // GP7 has no cdbhash_varchar_ops: varchar uses cdbhash_text_ops (greenplum.md §1.3).
        if (auto at = key.find("cdbhash_varchar_ops"); at != std::string::npos) {
            key.replace(at, std::string("cdbhash_varchar_ops").size(), "cdbhash_text_ops");
        }
        p.key_columns.push_back(keys.text(i, 1));
        p.keys.push_back(std::move(key));
        p.enum_key = p.enum_key || keys.boolean(i, 3);
        p.key_opclasses.push_back(keys.text(i, 4));
    }
}

} // namespace

ClusterTables load_cluster_tables(catalog::pg::Connection& conn, catalog::Flavor flavor) {
    ClusterTables out;
    std::string rels = relations_sql(flavor);
    const OidIndex by_oid = load_relations(conn, rels, out);
    std::string in_rels = " IN (SELECT s.oid FROM (" + rels + ") s)";
    std::vector<std::uint32_t> type_oids = load_columns(conn, in_rels, by_oid, out);
    load_primary_keys(conn, in_rels, by_oid, out);
    if (flavor != catalog::Flavor::postgres) {
        load_policies(conn, in_rels, by_oid, out);
        load_distribution_keys(conn, in_rels, by_oid, out);
    }
    std::sort(type_oids.begin(), type_oids.end());
    type_oids.erase(std::unique(type_oids.begin(), type_oids.end()), type_oids.end());
    load_types(conn, std::move(type_oids), out.types);
    return out;
}

SegmentScan segment_scan(const std::string& relation, const std::string& relation_literal,
                         bool every_copy) {
    if (every_copy) {
        return {"gp_dist_random(" + relation_literal + ")", "gp_execution_segment()"};
    }
    return {"ONLY " + relation, "gp_segment_id"};
}

} // namespace gpparity::checksum
