#pragma once
/// Internal to catalog extraction: the per-flavor query sets and the SQL fragments they share.
/// Only catalog/extract*.cpp include this header.
///
/// Every catalog query returns the same leading columns, in this order:
///   kind          report kind name (catalog/object_kind.hpp), e.g. 'table', 'external_table'
///   identity      report identity, computed with quote_ident/format_type (catalog/snapshot.hpp)
///   schema, name  raw names ('' outside schemas)
///   parent        identity of the owning object, or ''
///   filter_schema, filter_name   the `schema.name` --include/--exclude test (the owning
///                 table's for its columns, indexes...). NULL/NULL: global object, always kept.
///                 schema/NULL: a schema-level object, kept with its schema.
///   ddl           the source's DDL text, or NULL
///   deps          text[] of "kind:identity" that must exist first
/// and every further column is an attribute named by its alias, in column order.

#include "catalog/flavor.hpp"

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpparity::catalog::detail {

inline constexpr int k_leading_columns = 9;

/// One set-based catalog query.
struct CatalogQuery {
    std::string name; ///< what it reads, for error messages ("tables", "privileges")
    std::string sql;
};

/// What the server's catalog looks like: the flavor plus the optional columns that the
/// detection query found (greenplum.md §0: GA GP7 and the 7.0 development tree differ).
class Dialect {
public:
    Dialect(Flavor flavor, std::set<std::pair<std::string, std::string>> columns,
            std::string exttable_logerrors_type)
        : m_flavor(flavor), m_columns(std::move(columns)),
          m_logerrors_type(std::move(exttable_logerrors_type)) {}

    [[nodiscard]] Flavor flavor() const noexcept { return m_flavor; }
    [[nodiscard]] bool is_greenplum() const noexcept { return m_flavor != Flavor::postgres; }
    /// True when pg_catalog.<relation>.<column> exists on this server.
    [[nodiscard]] bool has(std::string_view relation, std::string_view column) const {
        return m_columns.count({std::string(relation), std::string(column)}) != 0;
    }
    /// format_type of pg_exttable.logerrors ("boolean" in GA GP7 and GP6, "\"char\"" in the
    /// 7.0 development tree), or empty when there is no pg_exttable.
    [[nodiscard]] const std::string& exttable_logerrors_type() const noexcept {
        return m_logerrors_type;
    }

private:
    Flavor m_flavor;
    std::set<std::pair<std::string, std::string>> m_columns;
    std::string m_logerrors_type;
};

/// The detection query: one row per (relation, column, type) of the pg_catalog relations
/// whose columns differ between the supported versions.
[[nodiscard]] std::string detect_columns_sql();

// ---- SQL fragments shared by the query sets (extract_common.cpp)

/// `<alias>.nspname` is a user schema (greenplum.md §1 common filters).
[[nodiscard]] std::string user_schema(std::string_view nsp_alias);
/// `<oid_expr>` of catalog `<catalog>` is not a member of an extension.
[[nodiscard]] std::string not_extension_member(std::string_view catalog, std::string_view oid_expr);
/// quote_ident(schema) || '.' || quote_ident(name).
[[nodiscard]] std::string qualified(std::string_view schema_expr, std::string_view name_expr);
/// The report kind of relation `c` (joined as pg_class c), per flavor.
[[nodiscard]] std::string relation_kind(const Dialect& dialect, std::string_view class_alias);
/// format_type of each proargtypes entry, ", "-separated, for routine identities.
[[nodiscard]] std::string routine_arguments(std::string_view proc_alias);

/// Optional dependencies: `ARRAY[...]` with the NULL entries removed.
[[nodiscard]] std::string deps(const std::string& elements);
/// "<alias>.oid's sorted array of options" as array text.
[[nodiscard]] std::string sorted_array(const std::string& array_expr);
/// The shared `storage` vocabulary of relation `c` (heap, ao_row, ao_column, external,
/// foreign, or another access method's name): relstorage on GP6, pg_am (joined as `am`)
/// elsewhere (greenplum.md §3 row 2).
[[nodiscard]] std::string storage_expression(const Dialect& dialect);
/// Greenplum distribution attributes of the relation whose gp_distribution_policy row is
/// joined as `dp` (greenplum.md §1.3): distribution, distribution_key, numsegments,
/// distribution_enum_key. Starts with ",\n".
[[nodiscard]] std::string distribution_attributes();
/// `pg_get_table_distributedby` clause for DDL (empty string when no policy row).
[[nodiscard]] std::string distributed_by_ddl(std::string_view class_alias);
/// The effective append-only options from pg_appendonly (GP6, GP7 development tree), as
/// "blocksize=..,checksum=..,compresslevel=..,compresstype=..", or an empty string when the
/// server keeps them only in reloptions (GA GP7). Starts with ",\n".
[[nodiscard]] std::string ao_options_attribute(const Dialect& dialect);

/// Queries shared by every flavor (with per-flavor fragments where the catalogs differ).
[[nodiscard]] std::vector<CatalogQuery> common_queries(const Dialect& dialect);
/// Views and materialized views (every flavor).
[[nodiscard]] CatalogQuery view_query(const Dialect& dialect);

// ---- PostgreSQL 12+ queries, also used by GP7 (extract_postgres.cpp)
[[nodiscard]] CatalogQuery pg12_sequences(const Dialect& dialect);
[[nodiscard]] CatalogQuery pg12_relations(const Dialect& dialect);
[[nodiscard]] std::vector<CatalogQuery> postgres_queries(const Dialect& dialect);

// ---- Greenplum (extract_gp6.cpp, extract_gp7.cpp)
/// External tables (GP6: pg_exttable; GP7: the pg_exttable view over gp_exttable_server foreign
/// tables), with the shared vocabulary of greenplum.md §3 row 13 where only the encoding differs.
[[nodiscard]] CatalogQuery external_table_query(const Dialect& dialect);
/// GP6 partition facts of relation `c` as LATERAL joins `gpr` (its own rule, if it is a child)
/// and `gpk` (the partitioning it applies to its children, if it is a root or intermediate).
[[nodiscard]] std::string gp6_partition_joins();
/// GP6 partition attributes (partition_role ... partition_bound, then the raw GP6 facts) over
/// gp6_partition_joins(). Starts with ",\n".
[[nodiscard]] std::string gp6_partition_attributes();
/// Queries shared by GP6 and GP7: resource queues, resource groups, external protocols.
[[nodiscard]] std::vector<CatalogQuery> greenplum_queries(const Dialect& dialect);
[[nodiscard]] std::vector<CatalogQuery> gp6_queries(const Dialect& dialect);
[[nodiscard]] std::vector<CatalogQuery> gp7_queries(const Dialect& dialect);

/// The attributes of a sequence that GP6 keeps inside the sequence relation, in the order
/// gp6_sequence_batch_sql returns them after the identity column.
[[nodiscard]] const std::vector<std::string>& gp6_sequence_relation_attributes();
/// GP6 sequences: reads the parameters of up to k_gp6_sequence_batch sequences with UNION ALL.
/// Each element is (identity as an SQL literal, identity): the identity of a sequence is also
/// its quoted, qualified name. Returns (identity, attributes...) rows.
[[nodiscard]] std::string gp6_sequence_batch_sql(
    const std::vector<std::pair<std::string, std::string>>& literal_and_identity);

} // namespace gpparity::catalog::detail
