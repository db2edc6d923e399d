#pragma once
/// Snapshot files (DESIGN.md §4 "Snapshots"): one database's catalog (and later its data
/// digests) frozen into a file that can stand in for a live cluster. The file is a gzip
/// stream (zlib) of one JSON document:
///
///   {"format": "gpparity-snapshot", "version": 1, "gpparity": "0.1.0",
///    "taken": "2026-11-24T08:00:00Z", "cluster": {identity, verify/identity.hpp},
///    "catalog": {catalog/snapshot_json.hpp}, "data": null,
///    "checksum": "xxh3-128:<32 hex digits>"}
///
/// "checksum" is XXH3-128 (checksum::hash_bytes) of the document without the "checksum" key,
/// serialized compactly with sorted keys, so a truncated, edited or foreign file is refused.
/// Writing is deterministic for a given snapshot (same bytes, same checksum).

#include "catalog/snapshot.hpp"

#include <string>
#include <string_view>

namespace gpparity::verify {

inline constexpr int k_snapshot_format_version = 1;

/// The compressed bytes of a snapshot file.
[[nodiscard]] std::string encode_snapshot(const catalog::Snapshot& snapshot);

/// Decodes bytes written by encode_snapshot. `name` (the file name) starts every message.
/// Throws catalog::UsageError "snapshot <name>: <cause>" (one line) for anything that is not an
/// intact snapshot of a supported version.
[[nodiscard]] catalog::Snapshot decode_snapshot(std::string_view bytes, const std::string& name);

/// Writes a snapshot file (replacing it). Throws UsageError when it cannot be written.
void write_snapshot_file(const std::string& path, const catalog::Snapshot& snapshot);

/// Reads a snapshot file. Throws UsageError "snapshot <path>: <cause>" when it cannot be read
/// or is not an intact snapshot.
[[nodiscard]] catalog::Snapshot read_snapshot_file(const std::string& path);

/// True when the file starts like a gzip stream (how a --source argument is told apart from a
/// connection string by later commands).
[[nodiscard]] bool looks_like_snapshot_file(const std::string& path);

} // namespace gpparity::verify
