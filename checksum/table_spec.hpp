#pragma once
/// The per-table facts the data plan needs, read from a live cluster with a fixed number of
/// set-based queries (the count does not grow with the number of tables): every user table with
/// its kind (plain, partition root/leaf, external, foreign, materialized view), columns and
/// types, distribution policy and primary key, plus the type registry its columns need.
/// GP6 partition catalogs and GP7/PostgreSQL declarative partitioning are both understood
/// (greenplum.md §1.1, §1.3, §1.4).

#include "catalog/flavor.hpp"
#include "catalog/pg/connection.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/placement.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gpparity::checksum {

enum class TableKind {
    table,          ///< a plain table (heap or append-optimized)
    partition_root, ///< top of a partition tree: its rows are its leaves'
    partition_leaf, ///< a leaf partition holding rows
    intermediate,   ///< a non-leaf, non-root partition (not reported)
    external,       ///< a Greenplum external table: never read
    foreign,        ///< a foreign table: never read
    matview,        ///< a materialized view
};

struct ColumnSpec {
    std::string name;
    std::uint32_t type_oid = 0;
    std::string type_name; ///< format_type
};

struct TableSpec {
    std::uint32_t oid = 0;
    std::string schema;
    std::string name;
    std::string identity; ///< as the report prints it: schema.name, quoted as needed
    TableKind kind = TableKind::table;
    bool populated = true;   ///< false for an unpopulated materialized view
    std::string root_schema; ///< for leaves/intermediates: the tree's root
    std::string root_name;
    std::vector<ColumnSpec> columns; ///< attnum order, no dropped or system columns
    DistributionPolicy policy;
    std::vector<std::string> primary_key; ///< column names in key order
};

struct ClusterTables {
    std::vector<TableSpec> tables;
    TypeRegistry types;
};

/// The FROM item of a scan: `ONLY <relation>`, or, for a replicated table read through the
/// Greenplum coordinator, `gp_dist_random('<relation>')`, which reads every segment's copy where
/// a plain scan reads one (greenplum.md §2.3). gp_dist_random is a parser hook that only
/// recognises the unqualified one-part name (there is no such function in pg_proc), so it must
/// never be schema-qualified. `relation` is the quoted qualified name, `relation_literal` the
/// same name as a quoted string literal.
[[nodiscard]] std::string scan_from(const std::string& relation, const std::string& relation_literal,
                                    bool every_copy);

/// Reads every user table of the connected database. Throws QueryError/ConnectionError.
[[nodiscard]] ClusterTables load_cluster_tables(catalog::pg::Connection& conn,
                                                catalog::Flavor flavor);

} // namespace gpparity::checksum
