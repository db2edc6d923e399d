#pragma once
/// A cluster's identity as reports print it: the `source`/`target` object of the JSON report
/// contract (DESIGN.md §7) and the text form of `gpparity info`.

#include "catalog/cluster.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace gpparity::verify {

/// {"flavor", "server_version", "gp_version" (null on PostgreSQL), "database", "user",
///  "segments": [{"content", "host", "port"}]}
[[nodiscard]] nlohmann::json identity_to_json(const catalog::ClusterIdentity& identity);

/// Reads back what identity_to_json wrote. Throws UsageError on a malformed object.
[[nodiscard]] catalog::ClusterIdentity identity_from_json(const nlohmann::json& json);

/// Human-readable multi-line description, as `gpparity info` prints it.
[[nodiscard]] std::string identity_to_text(const catalog::ClusterIdentity& identity);

} // namespace gpparity::verify
