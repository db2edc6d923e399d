#pragma once
/// The data part of a snapshot file (DESIGN.md §4 "Snapshots"): every table's per-segment
/// digests, taken with one strategy and encoding version, so a snapshot can stand in for a
/// cluster that no longer exists in a data comparison (verify/data_run.hpp). Pure: the model,
/// its JSON form, the refusal of incompatible digests, and the table facts a data plan needs.
///
/// JSON (under the snapshot file's "data" key, written compactly, keys sorted):
///
///   {"version": 1, "strategy": "stream", "encoding": "c1", "flavor": "gp6", "numsegments": 2,
///    "segments": [0, 1],
///    "tables": [{"t": "shop.orders", "schema": "shop", "name": "orders", "kind": "table",
///                "populated": true, "root": ["shop", "orders_root"] (leaves only),
///                "columns": ["id", "note"], "excluded": ["owner_oid: ..."],
///                "policy": {"kind": "hash", "numsegments": 2, "keys": ["id pg_catalog.int4_ops"],
///                           "key_columns": ["id"], "enum_key": false},
///                "digests": "0 503 <32 hex> 1 497 <32 hex>", "error": null}]}
///
/// "digests" holds only segments with rows, as "content count sum" triples separated by spaces:
/// one string per table keeps a 100,000-table × 200-segment snapshot a few JSON values per
/// table. Bucket digests (for drill-down) are not stored: drill-down needs the rows.

#include "checksum/digest.hpp"
#include "checksum/table_spec.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::verify {

/// Version of the "data" object's layout (independent of the file's format version).
inline constexpr int k_snapshot_data_version = 1;

/// One segment's rows of one table: content id, row count and digest.
struct SnapshotSegment {
    int content = -1;
    checksum::MultisetDigest digest;
    friend bool operator==(const SnapshotSegment&, const SnapshotSegment&) = default;
};

/// One table of one side as the snapshot saw it.
struct SnapshotTable {
    checksum::TableSpec spec; ///< type_oid of columns is 0 (oids are cluster-specific)
    /// The columns the digests cover, in that order (the codec of each was planned on the
    /// snapshot's cluster exactly as a live run would plan it).
    std::vector<std::string> digest_columns;
    /// Columns left out of the digests, as "column: reason".
    std::vector<std::string> excluded_columns;
    /// Segments with rows, sorted by content id (a flat vector: 100,000 tables x 200 segments
    /// must fit in memory). Empty for tables not read.
    std::vector<SnapshotSegment> segments;
    bool read = false;                ///< digests were taken (false: root, external, ...)
    std::optional<std::string> error; ///< the table could not be read when the snapshot was taken
};

struct SnapshotData {
    int version = k_snapshot_data_version;
    std::string strategy = "stream"; ///< stream | pushdown
    std::string encoding;            ///< e.g. "c1"
    std::string flavor;              ///< gp6 | gp7 | postgres
    int numsegments = 0;
    std::vector<int> segment_contents; ///< every primary's content id (-1 on PostgreSQL)
    std::vector<SnapshotTable> tables; ///< sorted by identity
};

/// The JSON form above. Pure.
[[nodiscard]] nlohmann::json snapshot_data_to_json(const SnapshotData& data);

/// Reads snapshot_data_to_json's output. Throws catalog::UsageError naming the table on
/// malformed input or an unsupported data version.
[[nodiscard]] SnapshotData snapshot_data_from_json(const nlohmann::json& json);

/// Throws catalog::UsageError (exit 2) when digests taken with `data`'s strategy and encoding
/// cannot be compared with digests of `strategy`/`encoding`: different strategies or encoding
/// versions hash different bytes, so comparing them would report every table as different.
/// `what` names the snapshot in the message ("source snapshot gp6.snapshot").
void require_comparable(const SnapshotData& data, std::string_view strategy,
                        std::string_view encoding, const std::string& what);

/// Segments as "content count sum content count sum ..." (sum in hex), in their order; segments
/// without rows only when `keep_empty`. Pure.
[[nodiscard]] std::string digests_text(const std::vector<SnapshotSegment>& segments,
                                       bool keep_empty);

/// Reads digests_text's output. Throws catalog::UsageError when it is malformed or a content id
/// is out of order or repeated.
[[nodiscard]] std::vector<SnapshotSegment> digests_from_text(std::string_view text);

[[nodiscard]] std::string_view to_string(checksum::TableKind kind) noexcept;
[[nodiscard]] std::optional<checksum::TableKind> parse_table_kind(std::string_view name) noexcept;

} // namespace gpparity::verify
