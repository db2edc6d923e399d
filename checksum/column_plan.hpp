#pragma once
/// How each column of a table is read and encoded (DESIGN.md §3 step 5, §4): from the type's
/// catalog facts, the SQL expression to select (a plain column whose send format we decode, a
/// cast such as `c::numeric` for money, `c::text` for enums) and the Codec that turns its send
/// bytes into the canonical encoding — or why the column cannot be compared. Types are looked
/// up in a per-cluster registry, so the OIDs inside array_send/record_send never matter. The
/// registry's type facts (domains resolved, identifiers, floats) are shared with the pushdown
/// plan (checksum/pushdown_sql.hpp). Pure.

#include "checksum/row_codec.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gpparity::checksum {

/// One pg_type row, as much as planning needs.
struct TypeInfo {
    std::uint32_t oid = 0;
    std::string schema;  ///< pg_namespace.nspname
    std::string name;    ///< pg_type.typname
    char typtype = 'b';  ///< b base, c composite, d domain, e enum, p pseudo, r range, m multirange
    char category = 'U'; ///< typcategory
    std::uint32_t base_type = 0;            ///< domains: typbasetype
    std::uint32_t element_type = 0;         ///< true arrays (typlen -1, typelem != 0)
    std::vector<std::uint32_t> field_types; ///< composites: non-dropped attributes in order
    std::uint32_t range_subtype = 0;        ///< ranges
    /// Enums: each label's pg_enum OID in this cluster (what hashenum hashes).
    std::map<std::string, std::uint32_t, std::less<>> enum_oids;
};

/// One cluster's types, by OID (each side keeps its own).
using TypeRegistry = std::unordered_map<std::uint32_t, TypeInfo>;

/// How deep type facts follow domains, elements, fields and range subtypes before giving the
/// cautious answer (catalogs have no cycles; the bound guards against a damaged registry).
inline constexpr int k_max_type_depth = 16;

/// The type `oid` with domains followed to their base type (a domain's send and output
/// functions, operators and casts are its base type's), or null when `types` lacks a link.
/// Points into `types`.
[[nodiscard]] const TypeInfo* resolve_domain(const TypeRegistry& types, std::uint32_t oid);

/// True for a type of pg_catalog (a built-in, named the same on GP6, GP7 and PostgreSQL).
[[nodiscard]] bool is_builtin(const TypeInfo& type);

/// True when values of type `oid` may hold, anywhere inside (through domains, array elements,
/// range subtypes and composite fields), a value of a type for which `is` is true. `unsure` is
/// the answer for a type `types` lacks or nesting deeper than k_max_type_depth; `depth` is how
/// deep the caller already is inside a nested type. The one walk behind the predicates below.
[[nodiscard]] bool type_holds(const TypeRegistry& types, std::uint32_t oid,
                              const std::function<bool(const TypeInfo&)>& is, bool unsure,
                              int depth = 0);

/// True when values of type `oid` hold, anywhere inside (domains, arrays, composites), oid/reg*
/// /xid/cid/tid values, which differ between clusters by design (DESIGN.md §4). False for a
/// type `types` lacks.
[[nodiscard]] bool holds_identifiers(const TypeRegistry& types, std::uint32_t oid);

/// True when values of type `oid` may hold floating-point values anywhere inside (float4/8,
/// geometric types, and domains, arrays, ranges, composites of those): their text differs
/// between GP6 (%.17g) and GP7 (shortest exact), so it must never be compared (greenplum.md §4
/// "Floats"). `depth` is how deep the caller already is inside a nested type. True when
/// unsure: a type `types` lacks, or nesting deeper than k_max_type_depth.
[[nodiscard]] bool may_hold_floats(const TypeRegistry& types, std::uint32_t oid, int depth = 0);

/// How one column is read: the select-list expression and the codec of its send bytes.
struct ColumnRead {
    std::string sql;
    Codec codec;
};

/// A column's plan: a read, or the reason it is not compared.
struct ColumnPlan {
    std::optional<ColumnRead> read;
    std::string excluded_reason;
};

/// Plans one column of type `type_oid`; `quoted_column` is the column's quoted identifier.
[[nodiscard]] ColumnPlan plan_column(const TypeRegistry& types, std::uint32_t type_oid,
                                     const std::string& quoted_column);

/// The OIDs a type refers to (base, element, fields, range subtype) that `types` lacks, so a
/// loader can complete the registry in a few rounds.
[[nodiscard]] std::vector<std::uint32_t> missing_type_references(const TypeRegistry& types);

} // namespace gpparity::checksum
