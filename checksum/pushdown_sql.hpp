#pragma once
/// The SQL of the pushdown strategy and of count mode (DESIGN.md §4 "Two strategies",
/// greenplum.md §4, docs/pushdown.md): per column, a canonical expression whose text is the same
/// on GP6, GP7 and PostgreSQL for equal values, chosen by the same value classes as the stream
/// encoding (checksum/column_plan.hpp) from the same type registry; per table, one aggregate
/// query that returns, per segment, the row count and the sums of the two 64-bit halves of
/// md5(row text); and the arithmetic that turns those sums into a MultisetDigest. Pure: names
/// arrive already quoted (Connection::quote_ident / quote_literal), nothing here runs SQL.

#include "checksum/column_plan.hpp"
#include "checksum/digest.hpp"
#include "checksum/table_spec.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gpparity::checksum {

/// The pushdown encoding version, stored with every pushdown digest (`options.encoding`).
/// Never compared with the stream encoding (k_encoding_version): different bytes are hashed.
/// Bump it when any canonical expression, the row form or the digest arithmetic changes.
inline constexpr std::string_view k_pushdown_encoding_version = "p1";

/// Quotes one identifier, always (Connection::quote_ident).
using QuoteIdent = std::function<std::string(std::string_view)>;

/// Composite type OID -> its attribute names (non-dropped, attnum order), parallel to
/// TypeInfo::field_types. Needed only for composites that hold floats (their fields are
/// canonicalized one by one, so they must be named).
using CompositeFields = std::unordered_map<std::uint32_t, std::vector<std::string>>;

/// One column's pushdown plan: a canonical SQL expression and its value class, or why the
/// column is not compared.
struct PushdownColumn {
    std::optional<std::string> sql; ///< a row-constructor field; its output text is canonical
    std::string value_class;        ///< short class name ("i", "f", "t"...), see docs/pushdown.md
    std::string excluded_reason;    ///< set when sql is empty
};

/// Plans one column of type `type_oid` whose value is the SQL expression `quoted_column` (a
/// quoted identifier, or a field access such as `(c)."f"`). `fields` names composite fields;
/// `quote` quotes those names. Same exclusions as plan_column (oid/reg*, pseudo-types,
/// tinterval) plus floats nested where no version-independent text exists (see the .cpp).
[[nodiscard]] PushdownColumn plan_pushdown_column(const TypeRegistry& types,
                                                  const CompositeFields& fields,
                                                  std::uint32_t type_oid,
                                                  const std::string& quoted_column,
                                                  const QuoteIdent& quote);

/// One side's type facts, for planning its columns.
struct PushdownTypes {
    const TypeRegistry* types = nullptr;
    const CompositeFields* fields = nullptr;
    QuoteIdent quote;
};

/// The pushdown plan of one table present on both sides: columns matched by name in source
/// order, each side's canonical fields and class signature, and what is not compared.
struct PushdownColumns {
    std::array<std::vector<std::string>, 2> fields; ///< [0] source, [1] target
    std::array<std::string, 2> signatures;
    std::vector<std::string> matched;  ///< column names, comparison order
    std::vector<std::string> excluded; ///< "column: reason", as the stream plan says
};

/// Matches and plans the columns of one table (source = sides[0], target = sides[1]).
[[nodiscard]] PushdownColumns plan_pushdown_columns(const TableSpec& source,
                                                    const TableSpec& target,
                                                    const std::array<PushdownTypes, 2>& sides);

/// Where and how one side of one table is read.
struct PushdownRelation {
    std::string relation;         ///< quoted, schema-qualified: "s"."t"
    std::string relation_literal; ///< the same as a quoted SQL literal, for gp_dist_random
    bool greenplum = false;       ///< group by gp_segment_id (else: one segment, content -1)
    bool replicated = false;      ///< read every segment's copy through gp_dist_random
    /// The server encoding is UTF8 or SQL_ASCII: md5(text) already hashes the bytes
    /// md5(convert_to(text, 'UTF8')) would, so the conversion (a copy per row) is skipped.
    bool utf8 = true;
};

/// The row text of the canonical fields: `ROW(f1, f2, ...)::text` (record_out quoting keeps
/// NULL, '' and separators apart, see the .cpp). `fields` empty: `ROW()::text`.
[[nodiscard]] std::string pushdown_row_text(const std::vector<std::string>& fields);

/// The digest query of one table side. Columns of its result, in order: segment (int4; -1 on
/// PostgreSQL), count (int8), s1 and s2 (numeric: the sums of the signed 64-bit halves of the
/// row md5s). Greenplum: one row per segment that holds rows; PostgreSQL: exactly one row.
[[nodiscard]] std::string pushdown_digest_sql(const PushdownRelation& relation,
                                              const std::vector<std::string>& fields);

/// The count-mode query of one table side: segment (int4), count (int8); same row rules.
[[nodiscard]] std::string pushdown_count_sql(const PushdownRelation& relation);

/// The class signature of a table side's matched columns: "p1:" and the classes joined by ','.
/// Equal signatures mean both sides render every column by the same rule.
[[nodiscard]] std::string pushdown_signature(const std::vector<std::string>& value_classes);

/// A signed decimal integer (numeric text, e.g. "-123", "0") reduced mod 2^128.
/// Returns nullopt for anything else (a fraction, an exponent, garbage).
[[nodiscard]] std::optional<Hash128> decimal_mod_2_128(std::string_view text) noexcept;

/// A segment's multiset digest from the query's count and sums: the sum is
/// (s1 * 2^64 + s2) mod 2^128 — the sum over rows of each row's md5 read as one 128-bit number
/// (its halves signed) — plus count * XXH3-128(signature), so sides whose column classes differ
/// never match (the effect of tagging every row, without per-row cost). Empty s1/s2 (SQL NULL,
/// no rows) count as 0. Returns nullopt when a sum is not an integer.
[[nodiscard]] std::optional<MultisetDigest> pushdown_digest(std::uint64_t count,
                                                            std::string_view s1,
                                                            std::string_view s2,
                                                            std::string_view signature) noexcept;

} // namespace gpparity::checksum
