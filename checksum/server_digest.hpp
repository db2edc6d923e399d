#pragma once
/// The server-side `c1` digest (extension/, docs/encoding.md "Server-side digest"): the
/// `gpparity` extension's aggregate `c1_digest(codec, VARIADIC "any")` encodes every row as
/// the stream strategy would (the same select-list expressions, the same codecs) and returns
/// per segment the row count and the sum of the row hashes, so a pushdown side read through it
/// compares with stream digests and snapshots. The client says how to encode each argument with
/// a codec descriptor built from the stream codec itself, so there is one encoding, decided in
/// one place (checksum/column_plan.cpp); the extension only executes it. Pure: names arrive
/// already quoted, nothing here runs SQL.

#include "checksum/digest.hpp"
#include "checksum/pushdown_sql.hpp"
#include "checksum/row_codec.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::checksum {

/// The extension's name and the version this gpparity speaks (its SQL interface and encoding).
inline constexpr std::string_view k_digest_extension = "gpparity";
inline constexpr std::string_view k_digest_extension_version = "1.0";

/// The extension as installed in one database: what `pg_extension` says.
struct DigestExtension {
    std::string version; ///< extversion
    std::string schema;  ///< its schema (unquoted)
    /// The connected role may call it: USAGE on `schema` and EXECUTE on its c1_digest. A role
    /// that may not gets SQL digests instead, with a warning naming the missing privilege.
    bool usable = true;
};

/// The codec descriptor of a row: `c1:` then one node per column. A node is the value class
/// tag as two lowercase hex digits, one letter for the wire form, and for arrays (one child)
/// and records (one child per field) the children in parentheses; an ignored column is `00-`.
/// Example: (int4, text[]) is `c1:01i15a(05t)`. extension/README.md has the letters.
[[nodiscard]] std::string codec_descriptor(const std::vector<Codec>& columns);

/// The digest query of one table side read through the extension, whose aggregate is
/// `function` (quoted, schema-qualified). `column_sql` are the stream select list's
/// expressions, `columns` their codecs (same order). Columns of the result: segment (int4; -1
/// on PostgreSQL) and the digest as 48 hex digits (NULL without rows). Greenplum: one row per
/// segment that holds rows; PostgreSQL: exactly one row.
[[nodiscard]] std::string server_digest_sql(const PushdownRelation& relation,
                                            const std::string& function,
                                            const std::vector<Codec>& columns,
                                            const std::vector<std::string>& column_sql);

/// The extension's result (count, then the sum's high and low halves, 8 bytes big-endian each)
/// as a digest; empty text (SQL NULL: no rows) is the empty digest. nullopt for anything else.
[[nodiscard]] std::optional<MultisetDigest> parse_server_digest(std::string_view hex) noexcept;

} // namespace gpparity::checksum
