#pragma once
/// Catalog extraction (DESIGN.md §3 step 2): reads every object kind of the database a Cluster
/// is connected to into a flavor-neutral catalog::Snapshot. The object model, identities and
/// attribute names are described in docs/catalog-model.md.
///
/// Each flavor (postgres, gp6, gp7) runs a fixed set of set-based queries inside one READ ONLY
/// REPEATABLE READ transaction: the number of statements does not grow with the number of
/// objects, except that GP6 keeps sequence parameters inside each sequence relation and they
/// are read in UNION ALL batches of k_gp6_sequence_batch sequences (ceil(n / batch) extra
/// statements). Snapshot::query_count records how many statements ran.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "catalog/snapshot.hpp"

namespace gpparity::catalog {

/// Sequences read per statement on GP6 (their parameters live in each sequence relation).
inline constexpr int k_gp6_sequence_batch = 500;

/// Extracts the catalog of the cluster's database, keeping objects that `filter` accepts
/// (schema-qualified objects and the objects that belong to them, by `schema.name` of the
/// object or of the table/type that owns it; a schema is kept when it holds a kept object, or
/// with only --exclude when `schema.` is not excluded; objects outside schemas are always
/// kept). The snapshot is sorted and carries the cluster identity and the time it was taken.
/// Snapshot::query_count counts the SELECT statements (detection + catalog queries + GP6
/// sequence batches), not BEGIN/COMMIT. GPPARITY_TRACE_CATALOG=1 prints each query's rows and
/// time to stderr. Throws QueryError / ConnectionError from the server, UsageError when an
/// --include pattern matches no schema-qualified object.
[[nodiscard]] Snapshot extract_catalog(Cluster& cluster, const Filter& filter);

} // namespace gpparity::catalog
