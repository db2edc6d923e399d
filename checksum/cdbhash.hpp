#pragma once
/// Greenplum's row placement recomputed client-side (DESIGN.md §4 "Placement",
/// greenplum.md §2.4): the hash function of a distribution key column's operator class, the
/// rotate-xor combination over the key columns and the reduction to a segment, for the
/// default hash opclasses and for the legacy `cdbhash_*_ops` ones. Values arrive as the bytes
/// of their binary send format (`COPY ... (FORMAT binary)`, `<type>send()`), so the stream
/// engine can check every row against the segment its key dictates. Pure functions, no I/O;
/// safe to use from any thread. The algorithms follow PostgreSQL/Greenplum on x86-64 (little-
/// endian, signed `char`), the only platform Greenplum 6 and 7 ship for.
/// docs/placement-hash.md describes the algorithms, the types covered and the test evidence.

#include "catalog/error.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace gpparity::checksum {

/// How float4/float8 NaNs are hashed by the default opclasses. PostgreSQL 15 and Greenplum 7
/// (gpdb-archive main, PostgreSQL 12 branch) hash every NaN as the standard quiet NaN;
/// Greenplum 6 (PostgreSQL 9.4) hashes a NaN's bits as stored, so a NaN with another bit
/// pattern (e.g. the -NaN of 'Infinity' - 'Infinity') hashes differently there. Only non-
/// canonical NaNs are affected; the legacy opclasses always hash the stored bits.
enum class FloatNan : std::uint8_t {
    canonical, ///< PostgreSQL 15, Greenplum 7 (gpdb-archive source): all NaNs alike
    as_stored, ///< Greenplum 6: the NaN's own bit pattern
};

/// The value types whose opclass hash functions are implemented. A type name or opclass that
/// maps to none of these is not supported (placement cannot be recomputed for it).
enum class HashType : std::uint8_t {
    int2,        ///< smallint; default opclass hashint2
    int4,        ///< integer; hashint4
    int8,        ///< bigint; hashint8
    oid,         ///< oid; hashoid
    float4,      ///< real; hashfloat4 (±0 -> 0, widened to float8)
    float8,      ///< double precision; hashfloat8 (±0 -> 0, NaN per FloatNan)
    numeric,     ///< numeric; hash_numeric
    text,        ///< text and varchar; hashtext (raw bytes: hashing uses the default collation)
    name,        ///< name; hashname
    bpchar,      ///< character(n); hashbpchar (trailing blanks ignored)
    char_,       ///< "char"; hashchar
    bool_,       ///< boolean; hashchar
    bytea,       ///< bytea; hashvarlena
    date,        ///< date; hashint4 on the day number
    time,        ///< time without time zone; time_hash (= hashint8)
    timetz,      ///< time with time zone; timetz_hash
    timestamp,   ///< timestamp without time zone; timestamp_hash (= hashint8)
    timestamptz, ///< timestamp with time zone; timestamp_hash
    interval,    ///< interval; interval_hash
    uuid,        ///< uuid; uuid_hash
    inet,        ///< inet and cidr; hashinet
    macaddr,     ///< macaddr; hashmacaddr
};

/// A distribution key column's hashing: the value type and whether its opclass is one of
/// Greenplum's legacy `cdbhash_*_ops` (FNV-1, modulo reduction) or a default-style PostgreSQL
/// hash opclass (lookup3, jump consistent hash).
struct HashOpclass {
    HashType type = HashType::int4;
    bool legacy = false;
    friend bool operator==(const HashOpclass&, const HashOpclass&) = default;
};

/// A value whose send-format bytes cannot be hashed (wrong length, malformed header), or a
/// value the requested hash family cannot produce. `what()` names the type.
class PlacementHashError : public catalog::Error {
public:
    using catalog::Error::Error;
};

/// The type name as `format_type` prints it ("integer", "character varying(20)",
/// "timestamp(3) with time zone", "\"char\"") or as `pg_type.typname` spells it ("int4",
/// "varchar", "bpchar", "char" = the one-byte "char" type). Type modifiers are ignored; an
/// optional "pg_catalog." prefix is accepted. Domains must be resolved to their base type by
/// the caller. nullopt for any other type (arrays, enums, user types, ...).
[[nodiscard]] std::optional<HashType> hash_type_from_type_name(std::string_view type_name);

/// The hash opclass by name, as in `pg_opclass.opcname` (optionally "pg_catalog."-qualified):
/// the default opclasses ("int4_ops", "text_ops", "varchar_ops", "bpchar_pattern_ops",
/// "cidr_ops", ...) and the legacy ones ("cdbhash_int4_ops", "cdbhash_varchar_ops" of GP6,
/// "cdbhash_text_ops" that GP7 uses for varchar too, ...). nullopt for other names, including
/// opclasses whose values have no send-format equivalent here (enum, array, money, bit, tid,
/// abstime...).
[[nodiscard]] std::optional<HashOpclass> hash_opclass_from_name(std::string_view opclass_name);

/// The name used in messages and docs: "int4", "text", "bpchar", "char", "bool", ...
[[nodiscard]] std::string_view to_string(HashType type) noexcept;

/// PostgreSQL's `hash_any` (Bob Jenkins' lookup3 as adapted in hashfunc.c / hashfn.c) of
/// `bytes`, little-endian word order.
[[nodiscard]] std::uint32_t hash_any(std::string_view bytes) noexcept;

/// PostgreSQL's `hash_uint32`: hash_any of the 4 bytes of `value`, specialised.
[[nodiscard]] std::uint32_t hash_uint32(std::uint32_t value) noexcept;

/// The value of the type's default hash opclass function for a value given as its binary
/// send-format bytes, exactly as PostgreSQL's SQL-callable function returns it (hashint4,
/// hashtext, hash_numeric, ...) reinterpreted as uint32; `nan` picks the float NaN rule (the
/// default is PostgreSQL 15's). Throws PlacementHashError for malformed bytes.
[[nodiscard]] std::uint32_t hash_datum(HashType type, std::string_view send_bytes,
                                       FloatNan nan = FloatNan::canonical);

/// FNV-1 32-bit offset basis, the legacy hash's starting value.
inline constexpr std::uint32_t k_fnv1_32_init = 0x811c9dc5U;

/// FNV-1 (32-bit) of `bytes` continuing from `basis`.
[[nodiscard]] std::uint32_t fnv1_32(std::string_view bytes, std::uint32_t basis) noexcept;

/// The legacy `cdblegacyhash_<type>` function: FNV-1 over the value's in-memory (x86-64)
/// representation, continuing from `basis` (the running hash of the previous key columns;
/// k_fnv1_32_init for the first, which is also what the SQL-callable function uses). Throws
/// PlacementHashError for malformed bytes and for values Greenplum cannot store (numeric
/// ±Infinity).
[[nodiscard]] std::uint32_t legacy_hash_datum(HashType type, std::string_view send_bytes,
                                              std::uint32_t basis = k_fnv1_32_init);

/// The legacy hash of a NULL key column, continuing from `basis`.
[[nodiscard]] std::uint32_t legacy_hash_null(std::uint32_t basis = k_fnv1_32_init) noexcept;

/// Lamping & Veach's jump consistent hash: the bucket in [0, num_buckets) for `key`.
/// Returns -1 when num_buckets < 1 (no bucket), as the reference loop does.
[[nodiscard]] std::int32_t jump_consistent_hash(std::uint64_t key,
                                                std::int32_t num_buckets) noexcept;

/// One row's placement, built column by column in distribution key order (cdbhash.c):
/// - default opclasses: h = 0; per column h = rotl(h, 1), then h ^= hash_datum(value) unless
///   NULL; segment = jump_consistent_hash(h, numsegments).
/// - legacy opclasses: h = FNV-1 basis; per column h = legacy_hash_datum(value, h), or
///   legacy_hash_null(h) for NULL; segment = h & (numsegments - 1) when numsegments is a power
///   of two, else h % numsegments.
/// A policy that mixes legacy and default opclasses is not modelled (see the doc). Cheap to
/// copy; reset() reuses it for the next row. Throws PlacementHashError from add() for
/// malformed bytes.
class CdbHash {
public:
    /// numsegments is `gp_distribution_policy.numsegments` (>= 1; throws PlacementHashError
    /// otherwise); legacy selects the `cdbhash_*_ops` family for every column; nan is the
    /// cluster's float NaN rule for the default opclasses (FloatNan::as_stored on Greenplum 6).
    CdbHash(int numsegments, bool legacy, FloatNan nan = FloatNan::canonical);

    /// Starts a new row.
    void reset() noexcept;
    /// Adds the next key column; nullopt is SQL NULL.
    void add(HashType type, const std::optional<std::string_view>& send_bytes);
    /// The combined 32-bit hash of the columns added since the last reset().
    [[nodiscard]] std::uint32_t hash() const noexcept { return m_hash; }
    /// The content id (0 .. numsegments-1) the row belongs to.
    [[nodiscard]] int segment() const noexcept;

    [[nodiscard]] int numsegments() const noexcept { return m_numsegments; }
    [[nodiscard]] bool is_legacy() const noexcept { return m_legacy; }

private:
    int m_numsegments;
    bool m_legacy;
    FloatNan m_nan;
    std::uint32_t m_hash;
};

} // namespace gpparity::checksum
