#pragma once
/// The JSON form of a catalog::Snapshot's objects: what snapshot files store under "catalog"
/// (verify/snapshot_file.hpp adds the cluster identity, the time and the container). Pure.
///
///   {"query_count": N,
///    "objects": [{"kind": "table", "identity": "shop.orders", "schema": "shop", "name": "orders",
///                 "parent": "...", "attributes": [["owner", "alice"], ["tablespace", null], ...],
///                 "depends_on": ["schema:shop", ...], "ddl": "CREATE TABLE ..."}, ...]}
///
/// Objects are written sorted by (kind, identity); attributes keep their order (pairs, since
/// order is part of the model); "parent", "depends_on" and "ddl" are omitted when empty.
/// Writing is deterministic: the same snapshot gives the same bytes.

#include "catalog/snapshot.hpp"

#include <nlohmann/json.hpp>

namespace gpparity::catalog {

/// The objects and query count of `snapshot` (sorted copy; the argument is not modified).
[[nodiscard]] nlohmann::json snapshot_to_json(const Snapshot& snapshot);

/// Appends exactly `snapshot_to_json(snapshot).dump()` (compact, keys sorted) to `out`, without
/// building the JSON tree (a 100,000-table catalog would need gigabytes as a tree). Returns
/// false, leaving `out` unchanged, when some text is not valid UTF-8: the caller then falls
/// back to snapshot_to_json with a replacing error handler.
[[nodiscard]] bool append_snapshot_json(const Snapshot& snapshot, std::string& out);

/// Reads what snapshot_to_json wrote into `snapshot.objects` and `snapshot.query_count`, sorted.
/// Throws UsageError naming the offending object on malformed input (unknown kind, wrong
/// types, duplicate kind+identity).
void snapshot_from_json(const nlohmann::json& json, Snapshot& snapshot);

/// "kind:identity", the text form of a dependency.
[[nodiscard]] std::string to_string(const ObjectRef& ref);

} // namespace gpparity::catalog
