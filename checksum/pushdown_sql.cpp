#include "checksum/pushdown_sql.hpp"

#include "checksum/table_spec.hpp"

#include <algorithm>
#include <array>

namespace gpparity::checksum {

namespace {

__extension__ typedef unsigned __int128 Uint128;

bool is_builtin_float(const TypeInfo* t) {
    return t != nullptr && is_builtin(*t) && (t->name == "float4" || t->name == "float8");
}

struct Scalar {
    std::string_view name;
    std::string_view value_class;
};

// Built-in scalars hashed through their own output function in the pinned session: identical
// text on GP6, GP7 and PostgreSQL (greenplum.md §4 "Other types"). Classes follow the stream
// encoding's value classes, so int2/int4/int8 (or varchar/text) render and classify alike.
std::optional<std::string_view> scalar_class(std::string_view name) {
    static constexpr std::array<Scalar, 27> k_scalars = {{
        {"int2", "i"},      {"int4", "i"},     {"int8", "i"},       {"numeric", "n"},
        {"bool", "b"},      {"text", "t"},     {"varchar", "t"},    {"bpchar", "t"},
        {"name", "t"},      {"char", "t"},     {"bytea", "y"},      {"date", "d"},
        {"time", "tm"},     {"timetz", "ttz"}, {"timestamp", "ts"}, {"timestamptz", "tz"},
        {"interval", "iv"}, {"uuid", "u"},     {"json", "j"},       {"jsonb", "jb"},
        {"inet", "in"},     {"cidr", "in"},    {"macaddr", "m"},    {"macaddr8", "m8"},
        {"bit", "bt"},      {"varbit", "bt"},  {"xml", "x"},
    }};
    for (const auto& s : k_scalars) {
        if (s.name == name) {
            return s.value_class;
        }
    }
    return std::nullopt;
}

// A float by its IEEE bits after SQL equality (all NaNs equal, -0 = 0), never its text: the
// float8 send form is identical on every version (greenplum.md §4); float4 widens exactly. The
// bytea is rendered by byteaout, hex in the pinned session — cheaper than float8out or encode().
std::string float_expr(const std::string& e) {
    const std::string x = "(" + e + ")::pg_catalog.float8";
    const std::string nan = "'NaN'::pg_catalog.float8";
    const std::string zero = "0::pg_catalog.float8";
    return "pg_catalog.float8send(CASE WHEN " + x + " = " + nan + " THEN " + nan + " WHEN " + x +
           " = " + zero + " THEN " + zero + " ELSE " + x + " END)";
}

// A float array by array_send of it as float8[] (element OID 701 on every version; dimensions,
// lower bounds and NULLs kept), after array_replace folds every NaN into one NaN and -0 into 0
// (array_replace matches with float8 equality, under which NaN = NaN and -0 = 0).
std::string float_array_expr(const std::string& e) {
    return "pg_catalog.array_send(pg_catalog.array_replace(pg_catalog.array_replace((" + e +
           ")::pg_catalog.float8[], 'NaN'::pg_catalog.float8, 'NaN'::pg_catalog.float8), "
           "0::pg_catalog.float8, 0::pg_catalog.float8))";
}

// money as numeric with scale 2, exactly. Its text depends on lc_monetary, its numeric value
// does not, but `c::numeric` is not exact on GP7: its cash_numeric (PostgreSQL 12 before the
// select_div_scale fix) drops the cents near INT64_MAX. cash_out is exact everywhere: in the
// pinned session (lc_monetary C) it prints `-$1,234.56`: without `$` and `,` that is numeric
// text with two fraction digits, the text `c::numeric` gives where it is exact.
std::string money_expr(const std::string& e) {
    return "pg_catalog.translate((" + e + ")::pg_catalog.text, '$,', '')::pg_catalog.numeric";
}

// money[] the same way. array_out separates elements with `,` and quotes an element holding
// one (`{"$1,000.00",-$0.05,NULL}`), so only a comma followed by a digit is a thousands
// separator; bounds, NULLs and nesting stay as they are.
std::string money_array_expr(const std::string& e) {
    return "pg_catalog.regexp_replace((" + e +
           ")::pg_catalog.text, '[$]|,(?=[0-9])', '', 'g')::pg_catalog.numeric[]";
}

struct Planner {
    const TypeRegistry& types;
    const CompositeFields& fields;
    const QuoteIdent& quote;

    PushdownColumn excluded(std::string reason) const {
        return PushdownColumn{std::nullopt, {}, std::move(reason)};
    }
    static PushdownColumn as(std::string sql, std::string value_class) {
        return PushdownColumn{std::move(sql), std::move(value_class), {}};
    }

    // The class an element or field would get (for the signature of arrays and composites).
    std::string class_of(std::uint32_t oid, int depth) const {
        PushdownColumn c = plan(oid, "x", depth);
        return c.sql ? c.value_class : "?";
    }

    PushdownColumn plan(std::uint32_t oid, const std::string& e, int depth) const {
        const TypeInfo* t = resolve_domain(types, oid);
        if (t == nullptr || depth > k_max_type_depth) {
            return excluded("type " + std::to_string(oid) + " not found in the catalog");
        }
        if (holds_identifiers(types, oid)) {
            return excluded("oid/reg* values differ between clusters by design");
        }
        if (is_builtin(*t) && t->element_type == 0) {
            if (t->name == "float4" || t->name == "float8") {
                return as(float_expr(e), "f");
            }
            if (t->name == "money") {
                return as(money_expr(e), "n");
            }
            // GP6 types removed in GP7, read as what a migration turns them into.
            if (t->name == "abstime") {
                return as("(" + e + ")::pg_catalog.timestamptz", "tz");
            }
            if (t->name == "reltime") {
                return as("(" + e + ")::pg_catalog.interval", "iv");
            }
            if (t->name == "tinterval") {
                return excluded("tinterval does not exist in Greenplum 7");
            }
            if (auto c = scalar_class(t->name)) {
                return as(e, std::string(*c));
            }
        }
        if (t->typtype == 'e') {
            return as(e, "e"); // enum_out prints the label
        }
        if (t->typtype == 'p') {
            return excluded("pseudo-type " + t->name + " cannot be compared");
        }
        if (t->element_type != 0) {
            const TypeInfo* element = resolve_domain(types, t->element_type);
            if (is_builtin_float(element)) {
                return as(float_array_expr(e), "a(f)");
            }
            if (element != nullptr && is_builtin(*element) && element->name == "money") {
                return as(money_array_expr(e), "a(n)");
            }
            if (!may_hold_floats(types, t->element_type, depth + 1)) {
                return as(e, "a(" + class_of(t->element_type, depth + 1) + ")");
            }
            return excluded("array of " + (element ? element->name : std::string("?")) +
                            " holds floating-point values pushdown cannot render exactly");
        }
        if (t->typtype == 'c') {
            return plan_composite(*t, e, depth);
        }
        if (may_hold_floats(types, oid, depth)) {
            return excluded("type " + t->name +
                            " holds floating-point values pushdown cannot render exactly");
        }
        // Ranges, extension types...: their text output in the pinned session, the same on
        // every version when no float is involved.
        return as(e, "tf");
    }

    PushdownColumn plan_composite(const TypeInfo& t, const std::string& e, int depth) const {
        std::string classes;
        for (std::uint32_t f : t.field_types) {
            classes += (classes.empty() ? "" : ",") + class_of(f, depth + 1);
        }
        if (!may_hold_floats(types, t.oid, depth)) {
            return as(e, "c(" + classes + ")"); // record_out: no float text inside
        }
        auto names = fields.find(t.oid);
        if (names == fields.end() || names->second.size() != t.field_types.size()) {
            return excluded("the fields of composite type " + t.name + " are unknown");
        }
        // Floats inside: rebuild the record from canonical fields, so no float text is hashed.
        std::string row;
        for (std::size_t i = 0; i < t.field_types.size(); ++i) {
            std::string access = "(" + e + ")." + quote(names->second[i]);
            PushdownColumn field = plan(t.field_types[i], access, depth + 1);
            if (!field.sql) {
                return excluded("field " + names->second[i] + ": " + field.excluded_reason);
            }
            row += (row.empty() ? "" : ", ") + *field.sql;
        }
        // `e IS NULL` is also true for a record whose fields are all NULL; only its text tells
        // the two apart (NULL vs "(,)"), and it is computed only in that rare case.
        const std::string null_record = e + " IS NULL AND (" + e + ")::pg_catalog.text IS NULL";
        return as("CASE WHEN " + null_record + " THEN NULL ELSE ROW(" + row +
                      ")::pg_catalog.text END",
                  "c(" + classes + ")");
    }
};

Uint128 to_u128(const Hash128& h) {
    return (Uint128{h.high} << 64) | h.low;
}

Hash128 from_u128(Uint128 v) {
    return Hash128{static_cast<std::uint64_t>(v >> 64), static_cast<std::uint64_t>(v)};
}

} // namespace

PushdownColumn plan_pushdown_column(const TypeRegistry& types, const CompositeFields& fields,
                                    std::uint32_t type_oid, const std::string& quoted_column,
                                    const QuoteIdent& quote) {
    Planner planner{types, fields, quote};
    return planner.plan(type_oid, quoted_column, 0);
}

PushdownColumns plan_pushdown_columns(const TableSpec& source, const TableSpec& target,
                                      const std::array<PushdownTypes, 2>& sides) {
    PushdownColumns out;
    std::array<std::vector<std::string>, 2> classes;
    for (const auto& column : source.columns) {
        auto other = std::find_if(target.columns.begin(), target.columns.end(),
                                  [&](const ColumnSpec& c) { return c.name == column.name; });
        if (other == target.columns.end()) {
            out.excluded.push_back(column.name + ": only in source");
            continue;
        }
        std::array<const ColumnSpec*, 2> spec = {&column, &*other};
        std::array<PushdownColumn, 2> plans;
        for (std::size_t s = 0; s < 2; ++s) {
            plans[s] = plan_pushdown_column(*sides[s].types, *sides[s].fields, spec[s]->type_oid,
                                            sides[s].quote(spec[s]->name), sides[s].quote);
        }
        if (!plans[0].sql || !plans[1].sql) {
            std::size_t bad = plans[0].sql ? 1 : 0;
            out.excluded.push_back(column.name + ": " + plans[bad].excluded_reason + " (" +
                                   (bad == 0 ? "source " : "target ") + spec[bad]->type_name + ")");
            continue;
        }
        for (std::size_t s = 0; s < 2; ++s) {
            out.fields[s].push_back(*plans[s].sql);
            classes[s].push_back(plans[s].value_class);
        }
        out.matched.push_back(column.name);
    }
    for (const auto& column : target.columns) {
        if (std::none_of(source.columns.begin(), source.columns.end(),
                         [&](const ColumnSpec& c) { return c.name == column.name; })) {
            out.excluded.push_back(column.name + ": only in target");
        }
    }
    for (std::size_t s = 0; s < 2; ++s) {
        out.signatures[s] = pushdown_signature(classes[s]);
    }
    return out;
}

// record_out (the same code on GP6, GP7 and PostgreSQL, greenplum.md §4) writes NULL as
// nothing and double-quotes any field that is empty or holds '"', '\\', '(', ')', ',' or white
// space, doubling '"' and '\\' inside: the text of a fixed number of fields parses back into
// exactly those fields (record_in), so NULL, '' and separators never collide.
std::string pushdown_row_text(const std::vector<std::string>& fields) {
    std::string row = "ROW(";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        row += (i ? ", " : "") + fields[i];
    }
    return row + ")::pg_catalog.text";
}

std::string pushdown_digest_sql(const PushdownRelation& relation,
                                const std::vector<std::string>& fields) {
    std::string text = pushdown_row_text(fields);
    std::string hash = relation.utf8
                           ? "pg_catalog.md5(" + text + ")"
                           : "pg_catalog.md5(pg_catalog.convert_to(" + text + ", 'UTF8'))";
    // sum(bigint) is exact (numeric result). The halves are signed; the client reduces the
    // sums mod 2^64 per half (pushdown_digest).
    if (!relation.greenplum) {
        // OFFSET 0 keeps the subquery from being pulled up; pulled up, the hash would be
        // substituted into both sums and md5 computed twice per row. The 128 bits are parsed
        // once and split by bit operations, cheaper than two substr/concat/parse rounds; the
        // sums equal the Greenplum form's exactly.
        return "SELECT -1, pg_catalog.count(*), pg_catalog.sum(x.b::bit(64)::bigint), "
               "pg_catalog.sum((x.b << 64)::bit(64)::bigint) FROM (SELECT ('x' || " +
               hash + ")::bit(128) AS b FROM ONLY " + relation.relation + " OFFSET 0) x";
    }
    const std::string sums =
        "pg_catalog.count(*), "
        "pg_catalog.sum(('x' || pg_catalog.substr(x.h, 1, 16))::bit(64)::bigint), "
        "pg_catalog.sum(('x' || pg_catalog.substr(x.h, 17, 16))::bit(64)::bigint)";
    // The form verified on GP6 and GP7 (greenplum.md §4); a replicated table is read on every
    // segment.
    SegmentScan scan =
        segment_scan(relation.relation, relation.relation_literal, relation.replicated);
    return "SELECT x.seg, " + sums + " FROM (SELECT " + scan.segment_id + " AS seg, " + hash +
           " AS h FROM " + scan.from + ") x GROUP BY x.seg";
}

std::string pushdown_count_sql(const PushdownRelation& relation) {
    if (!relation.greenplum) {
        return "SELECT -1, pg_catalog.count(*) FROM ONLY " + relation.relation;
    }
    SegmentScan scan =
        segment_scan(relation.relation, relation.relation_literal, relation.replicated);
    return "SELECT " + scan.segment_id + ", pg_catalog.count(*) FROM " + scan.from + " GROUP BY 1";
}

std::string pushdown_signature(const std::vector<std::string>& value_classes) {
    std::string out = std::string(k_pushdown_encoding_version) + ":";
    for (std::size_t i = 0; i < value_classes.size(); ++i) {
        out += (i ? "," : "") + value_classes[i];
    }
    return out;
}

std::optional<Hash128> decimal_mod_2_128(std::string_view text) noexcept {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    Uint128 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<unsigned>(c - '0'); // wraps: arithmetic mod 2^128
    }
    if (negative) {
        value = ~value + 1;
    }
    return from_u128(value);
}

std::optional<MultisetDigest> pushdown_digest(std::uint64_t count, std::string_view s1,
                                              std::string_view s2,
                                              std::string_view signature) noexcept {
    auto high = s1.empty() ? std::optional<Hash128>(Hash128{}) : decimal_mod_2_128(s1);
    auto low = s2.empty() ? std::optional<Hash128>(Hash128{}) : decimal_mod_2_128(s2);
    if (!high || !low) {
        return std::nullopt;
    }
    // Row i contributes h1_i * 2^64 + h2_i; summed: S1 * 2^64 + S2. Any split of the rows over
    // segments adds up to the same total, which whole-table comparison relies on.
    Uint128 sum = (to_u128(*high) << 64) + to_u128(*low);
    Uint128 tag = to_u128(hash_bytes(signature));
    sum += tag * count;
    MultisetDigest digest;
    digest.count = count;
    digest.sum = from_u128(sum);
    return digest;
}

} // namespace gpparity::checksum
