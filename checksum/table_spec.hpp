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
    /// A leaf whose rows a backup holds only inside its root's data (gpbackup without
    /// --leaf-partition-data): compared at the root; the other side's leaf is still read, for
    /// the root's sum.
    in_root,
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

/// How the Greenplum coordinator reads a table's rows tagged with the segment that holds them.
struct SegmentScan {
    std::string from;       ///< the FROM item
    std::string segment_id; ///< an int4 expression: the content id of the row's segment
};

/// The scan of a table through the coordinator: `ONLY <relation>` tagged with `gp_segment_id`,
/// or, for a replicated table (`every_copy`), `gp_dist_random('<relation>')`, which reads every
/// segment's copy where a plain scan reads one (greenplum.md §2.3), tagged with
/// `gp_execution_segment()`: a replicated table has no `gp_segment_id` column on the real GP6
/// 6.24.3 and GP7 servers ("column gp_segment_id does not exist"). gp_dist_random is a parser
/// hook that only recognises the unqualified one-part name, so it is never schema-qualified.
/// `relation` is the quoted qualified name, `relation_literal` the same as a string literal.
[[nodiscard]] SegmentScan segment_scan(const std::string& relation,
                                       const std::string& relation_literal, bool every_copy);

/// Reads every user table of the connected database. Throws QueryError/ConnectionError.
[[nodiscard]] ClusterTables load_cluster_tables(catalog::pg::Connection& conn,
                                                catalog::Flavor flavor);

} // namespace gpparity::checksum
