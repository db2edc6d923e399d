#pragma once
/// A cluster's identity as reports print it: the `source`/`target` object of the JSON report
/// contract (DESIGN.md §7) and the text form of `gpparity info`.

#include "catalog/cluster.hpp"
#include "checksum/server_digest.hpp"
#include "verify/report.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace gpparity::verify {

/// {"flavor", "server_version", "gp_version" (null on PostgreSQL), "database", "user",
///  "segments": [{"content", "host", "port"}]}
[[nodiscard]] nlohmann::json identity_to_json(const catalog::ClusterIdentity& identity);

/// Reads back what identity_to_json wrote. Throws UsageError on a malformed object.
[[nodiscard]] catalog::ClusterIdentity identity_from_json(const nlohmann::json& json);

/// Human-readable multi-line description, as `gpparity info` prints it.
[[nodiscard]] std::string identity_to_text(const catalog::ClusterIdentity& identity);

/// What `gpparity info` reports: the identity, and for a live cluster whether the gpparity
/// extension (the server-side digest) is installed in its database.
struct InfoResult {
    catalog::ClusterIdentity identity;
    bool live = false; ///< a live cluster (a snapshot file says nothing about extensions)
    std::optional<checksum::DigestExtension> digest_extension;
    /// A gpbackup backup set: what it is, and how much data it holds.
    std::optional<BackupEvidence> backup;
    std::size_t backup_tables = 0;  ///< tables with data entries
    std::uint64_t backup_rows = 0;  ///< their rows (replicated tables counted once)
    std::size_t backup_objects = 0; ///< catalog objects its TOC describes
};

/// identity_to_json, plus for a live cluster "digest_extension": null or {"version",
/// "schema", "usable"} (usable: the version this gpparity speaks).
[[nodiscard]] nlohmann::json info_to_json(const InfoResult& info);

/// identity_to_text, plus for a live cluster a "digest extension:" line.
[[nodiscard]] std::string info_to_text(const InfoResult& info);

} // namespace gpparity::verify
