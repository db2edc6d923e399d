#pragma once
/// One side of a comparison (DESIGN.md §1): a live cluster reached through a connection string,
/// or a snapshot file standing in for it. Commands that compare catalogs open each side here
/// and get a catalog::Snapshot either way, plus the evidence the report carries.

#include "catalog/cluster.hpp"
#include "catalog/filter.hpp"
#include "catalog/snapshot.hpp"
#include "verify/report.hpp"
#include "verify/snapshot_data.hpp"

#include <optional>
#include <string>

namespace gpparity::verify {

struct OpenedSide {
    catalog::Snapshot snapshot;
    /// The live cluster, or nullopt when the side is a snapshot file.
    std::optional<catalog::Cluster> cluster;
    /// The report's description of the side (identity, and the snapshot evidence for a file).
    Side report_side;
    /// A snapshot file's data digests (taken with `snapshot --data`); nullopt for a live
    /// cluster or a catalog-only snapshot.
    std::optional<SnapshotData> data;
};

/// True when `spec` names a snapshot file (an existing file that starts like gzip) rather than
/// a connection string.
[[nodiscard]] bool is_snapshot_file_spec(const std::string& spec);

/// Opens a side: reads the snapshot file, or connects and extracts the catalog with `filter`.
/// `label` ("source", "target") starts every error message. A filter is applied to a snapshot
/// file's objects as well (schema-qualified objects by `schema.name` of themselves or of their
/// table). Throws UsageError / ConnectionError / QueryError.
[[nodiscard]] OpenedSide open_side(const std::string& spec, const std::string& label,
                                   const catalog::ConnectOptions& connect,
                                   const catalog::Filter& filter);

} // namespace gpparity::verify
