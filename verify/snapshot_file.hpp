#pragma once
/// Snapshot files (DESIGN.md §4 "Snapshots"): one database's catalog (and later its data
/// digests) frozen into a file that can stand in for a live cluster. The file is a gzip
/// stream (zlib) of one JSON document:
///
///   {"format": "gpparity-snapshot", "version": 1, "gpparity": "0.1.0",
///    "taken": "2026-11-24T08:00:00Z", "cluster": {identity, verify/identity.hpp},
///    "catalog": {catalog/snapshot_json.hpp}, "data": null or {verify/snapshot_data.hpp},
///    "checksum": "xxh3-128:<32 hex digits>"}
///
/// "checksum" is XXH3-128 (checksum::hash_bytes) of the document without the "checksum" key,
/// serialized compactly with sorted keys, so a truncated, edited or foreign file is refused. The
/// gzip header must be the one gpparity writes (zlib verifies the trailer, not the header), and
/// its extra field "GP" holds the XXH3-128 of every byte after the header (deflate can decode a
/// damaged stream to the same content), so no byte of a file can change unnoticed
/// (tests/integration/verify/snapshot_bitflip_test.cpp). Files without the field (written
/// before it) are still read.
/// Writing is deterministic for a given snapshot (same bytes, same checksum).

#include "catalog/snapshot.hpp"
#include "verify/snapshot_data.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gpparity::verify {

inline constexpr int k_snapshot_format_version = 1;

/// A whole snapshot file: the catalog, and the data digests when taken with --data.
struct SnapshotFile {
    catalog::Snapshot catalog;
    std::optional<SnapshotData> data; ///< nullopt: "data" is null (catalog only)
};

/// The compressed bytes of a snapshot file; `data` (may be null) fills the "data" key
/// (verify/snapshot_data.hpp).
[[nodiscard]] std::string encode_snapshot(const catalog::Snapshot& snapshot,
                                          const SnapshotData* data = nullptr);

/// Decodes and verifies a snapshot file with its data part. Throws as decode_snapshot.
[[nodiscard]] SnapshotFile decode_snapshot_file(std::string_view bytes, const std::string& name);

/// The verified JSON document of a snapshot file, without its "checksum" key (for tools and
/// tests that inspect or edit a file). Throws as decode_snapshot.
[[nodiscard]] nlohmann::json decode_snapshot_document(std::string_view bytes,
                                                      const std::string& name);

/// Compresses `document` (a snapshot document without "checksum") with a fresh checksum: the
/// inverse of decode_snapshot_document. Nothing is validated: this is how a test builds an
/// intact file with edited content. A document that has a "checksum" key keeps it as given.
[[nodiscard]] std::string encode_snapshot_document(const nlohmann::json& document);

/// Decodes bytes written by encode_snapshot. `name` (the file name) starts every message.
/// Throws catalog::UsageError "snapshot <name>: <cause>" (one line) for anything that is not an
/// intact snapshot of a supported version.
[[nodiscard]] catalog::Snapshot decode_snapshot(std::string_view bytes, const std::string& name);

/// Writes a snapshot file (replacing it), with `data` when not null. Throws UsageError when it
/// cannot be written.
void write_snapshot_file(const std::string& path, const catalog::Snapshot& snapshot,
                         const SnapshotData* data = nullptr);

/// Reads a snapshot file with its data part. Throws as read_snapshot_file.
[[nodiscard]] SnapshotFile read_snapshot_file_with_data(const std::string& path);

/// Reads a snapshot file. Throws UsageError "snapshot <path>: <cause>" when it cannot be read
/// or is not an intact snapshot.
[[nodiscard]] catalog::Snapshot read_snapshot_file(const std::string& path);

/// True when the file starts like a gzip stream (how a --source argument is told apart from a
/// connection string by later commands).
[[nodiscard]] bool looks_like_snapshot_file(const std::string& path);

} // namespace gpparity::verify
