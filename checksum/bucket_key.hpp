#pragma once
/// A row's drill-down bucket (docs/encoding.md "Buckets"): a 32-bit hash of the row's key that
/// gpparity computes from the canonical encoding while it streams, and that the server computes
/// too, from an SQL expression over the same columns (`bucket_sql`), so a drill-down re-read can
/// ask for the rows of the differing buckets only (`WHERE <bucket> IN ...`) instead of the whole
/// table. The per-column hashes are the servers' own hash functions (hashint8, hashfloat8,
/// hashtext, timestamp_hash, uuid_hash...), which compute alike on Greenplum 6 (PostgreSQL 9.4),
/// Greenplum 7 (12) and PostgreSQL 15 — the client side is checksum/cdbhash.hpp. A key without
/// such a column falls back to a hash only gpparity computes (XXH3 of the key bytes, or the row
/// hash without a key); the drill-down then filters while it streams. Pure.

#include "checksum/row_codec.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// Without a key, how many columns (the first eligible ones) the bucket is hashed from.
inline constexpr std::size_t k_keyless_bucket_columns = 4;

/// The hash of a NULL bucket column (golden ratio; any constant no hash is likely to produce).
inline constexpr std::uint32_t k_null_bucket_hash = 0x9E3779B9U;

/// Whether a value class's bucket hash has an SQL twin on every supported server: integers,
/// floats, numeric (and money), booleans, text and enum labels, dates, timestamps, uuids.
[[nodiscard]] bool server_hashable(ValueClass value_class) noexcept;

/// The bucket columns of a table whose two sides are read with `source` and `target` (the same
/// matched columns in the same order; the key is `source.key_columns`): the key columns whose
/// class has an SQL twin and is the same on both sides; without a key, the first
/// k_keyless_bucket_columns such columns (booleans skipped: two values split nothing). Empty
/// when there is none: the bucket is then XXH3 of the key bytes, or the row hash.
[[nodiscard]] std::vector<std::size_t> choose_bucket_columns(const RowCodec& source,
                                                             const RowCodec& target);

/// A row's 32-bit bucket hash: bucket = hash % k_bucket_count, fine bucket = hash & 0xFFFFFF.
/// `row_bytes` is the row's canonical encoding and `key_bytes` its key bytes (encode_row),
/// `row_low64` the low 64 bits of its row hash (bucket columns of a keyed codec are read from
/// `key_bytes`, which hold them). With bucket columns: h = 0; per column
/// h = (h * 16777619) ^ column hash (mod 2^32); the bucket hash is hashint8(h). Throws
/// DecodeError when `row_bytes` is not a canonical encoding of the codec's columns.
[[nodiscard]] std::uint32_t bucket_hash(const RowCodec& codec, std::string_view row_bytes,
                                        std::string_view key_bytes, std::uint64_t row_low64);

/// The SQL expression (int4, as the server's hash functions return) whose value is
/// bucket_hash() of each row, built from each column's select-list expression `column_sql`
/// (codec order). Empty when the codec has no bucket columns.
[[nodiscard]] std::string bucket_sql(const RowCodec& codec,
                                     const std::vector<std::string>& column_sql);

/// Whether a server whose `server_encoding` is this hashes text bucket columns over the same
/// bytes gpparity sees (UTF-8, which binary COPY delivers): UTF8 and SQL_ASCII, or any encoding
/// when no bucket column is text.
[[nodiscard]] bool bucket_sql_usable(const RowCodec& codec, std::string_view server_encoding);

} // namespace gpparity::checksum
