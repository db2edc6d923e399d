#pragma once
/// `--skip-unchanged` (with `--history DIR`): a table's digests from an earlier run stand in for
/// reading it again, on both sides, when that is provably safe. Pure: the record an earlier run
/// leaves (DigestStore), its JSON form, and the rule that decides whether a stored table may be
/// reused. The run reads the signatures (catalog/ao_signature.hpp) and keeps the store beside
/// its reports (verify/history.hpp); verify/data_run.cpp applies the rule.
///
/// A table is reused only when all of these hold:
/// - the earlier run read both its sides and they matched (a difference is always re-read, so
///   its evidence is fresh and its rows can be shown);
/// - both sides have a change signature now, equal to the one taken just before that read. A
///   live side's is its AO storage (catalog/ao_signature.hpp): heap tables have none, so they
///   are always read. A snapshot side's is the snapshot file's SHA-256;
/// - the digests would be computed the same way (the fingerprint: strategy, encoding, mode, and
///   each side's statement, which names the columns and how they are read);
/// - that read is younger than `--max-reuse-age`: a reused table keeps the time it was really
///   read, so every table is read again at least that often.
///
/// A backup set's tables (`backup_tables`) follow their own, simpler rule: their files never
/// change, so their digests are kept whatever the comparison found, and taken while the plan is
/// the same and younger than --max-reuse-age (StoredBackupTable; verify/backup_data.cpp).
///
/// JSON (`DIR/digests-<scope>.json`, compact):
///
///   {"version": 1, "tables": {"shop.orders": {"read_at": "2026-12-04T02:00:00Z",
///     "fingerprint": "<64 hex>", "placement_checked": true,
///     "source": {"signature": "<32 hex>", "digests": "0 503 <32 hex> 1 0 <32 hex>"},
///     "target": {...}}},
///    "backup_tables": {"shop.orders": {"read_at": "...", "plan": "backup 20261204101500 <64 hex>",
///     "digests": "0 503 <32 hex> 1 480 <32 hex>"}}}

#include "verify/snapshot_data.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace gpparity::verify {

/// Version of the store's layout; a store of another version is not reused (it is replaced).
inline constexpr int k_digest_store_version = 1;

/// `--max-reuse-age` by default: a week.
inline constexpr std::chrono::seconds k_default_max_reuse_age{7L * 24 * 3600};

/// One side of a stored table.
struct StoredSide {
    std::string signature;                 ///< the side's change signature before it was read
    std::vector<SnapshotSegment> segments; ///< every content id, segments without rows too
    friend bool operator==(const StoredSide&, const StoredSide&) = default;
};

/// A table as the run that last read it left it.
struct StoredTable {
    std::string read_at;     ///< ISO 8601 UTC: when the run that read it started
    std::string fingerprint; ///< how its digests were computed (digest_fingerprint)
    /// The target's own placement check ran over its rows and found none misplaced.
    bool placement_checked = false;
    std::array<StoredSide, 2> sides; ///< source, target
    friend bool operator==(const StoredTable&, const StoredTable&) = default;
};

/// A gpbackup backup set's table as its files were digested (verify/backup_data.hpp). The files
/// of a backup never change, so a later run under --skip-unchanged takes these digests instead
/// of reading them again, whatever the target's storage, while `plan` is the same and `read_at`
/// is younger than --max-reuse-age.
struct StoredBackupTable {
    std::string read_at; ///< ISO 8601 UTC: when its files were really read
    /// The backup, the table's data entry and each column's codec: another plan gives another.
    std::string plan;
    std::vector<SnapshotSegment> segments; ///< segments with rows
    friend bool operator==(const StoredBackupTable&, const StoredBackupTable&) = default;
};

/// What a run leaves for the next: the tables it may reuse, by report identity.
struct DigestStore {
    std::map<std::string, StoredTable> tables;
    /// A backup source's tables, by the identity of their data entry (JSON "backup_tables").
    std::map<std::string, StoredBackupTable> backup_tables;
};

/// `--skip-unchanged`: what an earlier run left, and the store this run leaves for the next.
struct ReuseOptions {
    const DigestStore* previous = nullptr; ///< null: nothing to reuse (no earlier run)
    std::chrono::seconds max_age = k_default_max_reuse_age;
    /// Filled with every table this run may hand on: read (or reused) on both sides, with a
    /// signature on both, and matching; and every backup table digested or reused. Must be set.
    DigestStore* next = nullptr;
};

[[nodiscard]] nlohmann::json digest_store_to_json(const DigestStore& store);

/// Reads digest_store_to_json's output. Throws catalog::UsageError on malformed input or
/// another version.
[[nodiscard]] DigestStore digest_store_from_json(const nlohmann::json& json);

/// The fingerprint of how a table's digests are computed: any change to a part (another
/// strategy or encoding, a column added or excluded, a read path) gives another fingerprint.
[[nodiscard]] std::string digest_fingerprint(const nlohmann::json& parts);

/// Why `stored` cannot stand in for reading the table now, or nullopt when it can (the rules
/// above). `signatures` are the sides' signatures now (nullopt: the side has none).
[[nodiscard]] std::optional<std::string>
reuse_refusal(const StoredTable& stored, const std::string& fingerprint,
              const std::array<std::optional<std::string>, 2>& signatures,
              std::chrono::system_clock::time_point now, std::chrono::seconds max_age);

} // namespace gpparity::verify
