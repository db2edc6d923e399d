#include "checksum/column_plan.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace gpparity::checksum {

namespace {

const TypeInfo* find(const TypeRegistry& types, std::uint32_t oid) {
    auto it = types.find(oid);
    return it == types.end() ? nullptr : &it->second;
}

// Built-in scalars whose send format is decoded directly. Names are pg_type.typname, the same
// on GP6, GP7 and PostgreSQL.
std::optional<Codec> builtin_scalar(std::string_view name) {
    struct Entry {
        std::string_view name;
        ValueClass value_class;
        Wire wire;
    };
    static constexpr Entry k_entries[] = {
        {"int2", ValueClass::integer, Wire::int2},
        {"int4", ValueClass::integer, Wire::int4},
        {"int8", ValueClass::integer, Wire::int8},
        {"float4", ValueClass::floating, Wire::float4},
        {"float8", ValueClass::floating, Wire::float8},
        {"numeric", ValueClass::numeric, Wire::numeric},
        {"money", ValueClass::numeric, Wire::money},
        {"bool", ValueClass::boolean, Wire::boolean},
        {"text", ValueClass::text, Wire::text},
        {"varchar", ValueClass::text, Wire::text},
        {"bpchar", ValueClass::text, Wire::text},
        {"name", ValueClass::text, Wire::text},
        {"char", ValueClass::text, Wire::text},
        {"bytea", ValueClass::bytea, Wire::bytea},
        {"date", ValueClass::date, Wire::date},
        {"time", ValueClass::time, Wire::time},
        {"timetz", ValueClass::timetz, Wire::timetz},
        {"timestamp", ValueClass::timestamp, Wire::timestamp},
        {"timestamptz", ValueClass::timestamptz, Wire::timestamptz},
        {"interval", ValueClass::interval, Wire::interval},
        {"uuid", ValueClass::uuid, Wire::uuid},
        {"json", ValueClass::json, Wire::json},
        {"jsonb", ValueClass::jsonb, Wire::jsonb},
        {"inet", ValueClass::inet, Wire::inet},
        {"cidr", ValueClass::inet, Wire::inet},
        {"macaddr", ValueClass::macaddr, Wire::macaddr},
        {"macaddr8", ValueClass::macaddr8, Wire::macaddr8},
        {"bit", ValueClass::bit, Wire::bit},
        {"varbit", ValueClass::bit, Wire::bit},
        {"xml", ValueClass::xml, Wire::text},
    };
    for (const auto& e : k_entries) {
        if (e.name == name) {
            return Codec{e.value_class, e.wire, {}, e.name == "cidr"};
        }
    }
    return std::nullopt;
}

// Identifiers whose values differ between clusters by design (DESIGN.md §4).
bool is_identifier_type(std::string_view name) {
    static constexpr std::string_view k_names[] = {
        "oid",     "regproc",   "regprocedure",  "regoper",      "regoperator", "regclass",
        "regtype", "regconfig", "regdictionary", "regnamespace", "regrole",     "regcollation",
        "xid",     "xid8",      "cid",           "tid",          "oidvector"};
    return std::find(std::begin(k_names), std::end(k_names), name) != std::end(k_names);
}

// The codec for a value nested in an array or composite (decoded from its send bytes, no
// cast possible), or nullopt when it cannot be decoded that way.
std::optional<Codec> nested_codec(const TypeRegistry& types, std::uint32_t oid, int depth) {
    if (depth > k_max_type_depth) {
        return std::nullopt;
    }
    const TypeInfo* t = resolve_domain(types, oid);
    if (t == nullptr) {
        return std::nullopt;
    }
    if (t->typtype == 'e') {
        // enum_send sends the label text.
        return Codec{ValueClass::enum_label, Wire::text, {}};
    }
    if (t->element_type != 0) {
        auto element = nested_codec(types, t->element_type, depth + 1);
        if (!element) {
            return std::nullopt;
        }
        return Codec{ValueClass::array, Wire::array, {std::move(*element)}};
    }
    if (t->typtype == 'c') {
        Codec record{ValueClass::composite, Wire::record, {}};
        for (std::uint32_t field : t->field_types) {
            auto c = nested_codec(types, field, depth + 1);
            if (!c) {
                return std::nullopt;
            }
            record.children.push_back(std::move(*c));
        }
        return record;
    }
    if (is_builtin(*t) && !is_identifier_type(t->name)) {
        return builtin_scalar(t->name);
    }
    return std::nullopt;
}

ColumnPlan read_as(std::string sql, Codec codec) {
    return ColumnPlan{ColumnRead{std::move(sql), std::move(codec)}, {}};
}

ColumnPlan excluded(std::string reason) {
    return ColumnPlan{std::nullopt, std::move(reason)};
}

} // namespace

const TypeInfo* resolve_domain(const TypeRegistry& types, std::uint32_t oid) {
    const TypeInfo* t = find(types, oid);
    for (int i = 0; t != nullptr && t->typtype == 'd' && i < k_max_type_depth; ++i) {
        t = find(types, t->base_type);
    }
    return t;
}

bool is_builtin(const TypeInfo& type) {
    return type.schema == "pg_catalog";
}

bool type_holds(const TypeRegistry& types, std::uint32_t oid,
                const std::function<bool(const TypeInfo&)>& is, bool unsure, int depth) {
    const TypeInfo* t = depth > k_max_type_depth ? nullptr : resolve_domain(types, oid);
    if (t == nullptr) {
        return unsure;
    }
    if (is(*t)) {
        return true;
    }
    if (t->element_type != 0) {
        return type_holds(types, t->element_type, is, unsure, depth + 1);
    }
    if (t->typtype == 'r') {
        return type_holds(types, t->range_subtype, is, unsure, depth + 1);
    }
    return t->typtype == 'c' &&
           std::any_of(t->field_types.begin(), t->field_types.end(), [&](std::uint32_t f) {
               return type_holds(types, f, is, unsure, depth + 1);
           });
}

bool holds_identifiers(const TypeRegistry& types, std::uint32_t oid) {
    return type_holds(
        types, oid, [](const TypeInfo& t) { return is_builtin(t) && is_identifier_type(t.name); },
        false);
}

bool may_hold_floats(const TypeRegistry& types, std::uint32_t oid, int depth) {
    return type_holds(
        types, oid,
        [](const TypeInfo& t) {
            return (is_builtin(t) && (t.name == "float4" || t.name == "float8")) ||
                   t.category == 'G';
        },
        true, depth);
}

ColumnPlan plan_column(const TypeRegistry& types, std::uint32_t type_oid,
                       const std::string& quoted_column) {
    const TypeInfo* t = resolve_domain(types, type_oid);
    if (t == nullptr) {
        return excluded("type " + std::to_string(type_oid) + " not found in the catalog");
    }
    if (holds_identifiers(types, type_oid)) {
        return excluded("oid/reg* values differ between clusters by design");
    }
    if (is_builtin(*t)) {
        // money is read in its own send form, cash_send's int64 of minor units, and printed
        // as numeric text with scale 2 by the decoder (Wire::money): the session pins
        // lc_monetary = 'C', whose frac_digits (CHAR_MAX) cash_numeric also maps to 2. This
        // is exact on every server, unlike `c::numeric`: GP7's cash_numeric (PostgreSQL 12
        // before its select_div_scale fix) drops the cents near INT64_MAX (seen from about
        // 2 * 10^16: 20000000000000000.01 becomes 20000000000000000.00).
        // The bytes are the ones `c::numeric` gives where it is exact (docs/encoding.md).
        if (t->name == "money") {
            return read_as(quoted_column, Codec{ValueClass::numeric, Wire::money, {}});
        }
        // Types whose send form is not the value gpparity compares: read through a cast that
        // gives the same bytes on every version (greenplum.md §4).
        if (t->name == "abstime") {
            return read_as(quoted_column + "::pg_catalog.timestamptz",
                           Codec{ValueClass::timestamptz, Wire::timestamptz, {}});
        }
        if (t->name == "reltime") {
            return read_as(quoted_column + "::pg_catalog.interval",
                           Codec{ValueClass::interval, Wire::interval, {}});
        }
        if (t->name == "tinterval") {
            return excluded("tinterval does not exist in Greenplum 7");
        }
        if (t->element_type == 0) {
            if (auto codec = builtin_scalar(t->name)) {
                return read_as(quoted_column, std::move(*codec));
            }
        }
    }
    if (t->typtype == 'e') {
        return read_as(quoted_column + "::pg_catalog.text",
                       Codec{ValueClass::enum_label, Wire::text, {}});
    }
    if (t->typtype == 'p') {
        return excluded("pseudo-type " + t->name + " cannot be compared");
    }
    if (t->element_type != 0 || t->typtype == 'c') {
        if (auto codec = nested_codec(types, type_oid, 0)) {
            return read_as(quoted_column, std::move(*codec));
        }
    }
    if (may_hold_floats(types, type_oid, 0)) {
        return excluded("type " + t->name +
                        " holds floating-point values gpparity cannot decode exactly");
    }
    // Any other type (ranges, extension types, arrays/composites of those): its text output in
    // the pinned session, which is the same on every version when no floats are involved.
    return read_as(quoted_column + "::pg_catalog.text",
                   Codec{ValueClass::text_form, Wire::text, {}});
}

std::vector<std::uint32_t> missing_type_references(const TypeRegistry& types) {
    std::set<std::uint32_t> missing;
    auto want = [&](std::uint32_t oid) {
        if (oid != 0 && types.find(oid) == types.end()) {
            missing.insert(oid);
        }
    };
    for (const auto& [oid, t] : types) {
        want(t.base_type);
        want(t.element_type);
        want(t.range_subtype);
        for (std::uint32_t f : t.field_types) {
            want(f);
        }
    }
    return {missing.begin(), missing.end()};
}

} // namespace gpparity::checksum
