// The parsers read gpbackup's printer output (backup/predata_relations.go, predata_functions.go,
// predata_types.go, predata_shared.go, predata_acl.go, postdata.go at greenplum-db/gpbackup):
// keywords upper case, names quote_ident'ed, one column per line, clauses in a fixed order.

#include "catalog/backup_catalog.hpp"

#include "catalog/ddl.hpp"
#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace gpparity::catalog {

namespace {

// ------------------------------------------------------------------------ text scanning

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_ident_char(char c) noexcept {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// The index just past the quoted token (', " or $tag$) that starts at `i`, or `i` when none
// starts there.
std::size_t skip_quoted(std::string_view s, std::size_t i) noexcept {
    char c = s[i];
    if (c == '\'' || c == '"') {
        std::size_t j = i + 1;
        while (j < s.size()) {
            if (s[j] == c) {
                if (j + 1 < s.size() && s[j + 1] == c) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            ++j;
        }
        return s.size();
    }
    if (c == '$' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) == 0) {
        std::size_t j = i + 1;
        while (j < s.size() && s[j] != '$' && is_ident_char(s[j])) {
            ++j;
        }
        if (j < s.size() && s[j] == '$') {
            std::string_view tag = s.substr(i, j - i + 1);
            std::size_t end = s.find(tag, j + 1);
            return end == std::string_view::npos ? s.size() : end + tag.size();
        }
    }
    return i;
}

// The first `needle` at parenthesis depth 0 and outside quotes, from `from`; npos if none.
std::size_t find_top_level(std::string_view s, std::string_view needle, std::size_t from = 0) {
    int depth = 0;
    std::size_t i = from;
    while (i < s.size()) {
        if (depth == 0 && s.substr(i, needle.size()) == needle) {
            return i;
        }
        std::size_t after = skip_quoted(s, i);
        if (after != i) {
            i = after;
            continue;
        }
        if (s[i] == '(') {
            ++depth;
        } else if (s[i] == ')' && depth > 0) {
            --depth;
        }
        ++i;
    }
    return std::string_view::npos;
}

// The index of the ')' matching the '(' at `open`; npos if unbalanced.
std::size_t matching_paren(std::string_view s, std::size_t open) {
    int depth = 0;
    std::size_t i = open;
    while (i < s.size()) {
        std::size_t after = skip_quoted(s, i);
        if (after != i) {
            i = after;
            continue;
        }
        if (s[i] == '(') {
            ++depth;
        } else if (s[i] == ')' && --depth == 0) {
            return i;
        }
        ++i;
    }
    return std::string_view::npos;
}

// `s` split at top-level `separator`s, each piece trimmed.
std::vector<std::string> split_top_level(std::string_view s, char separator) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t at = find_top_level(s, std::string_view(&separator, 1), start);
        std::string_view piece = trim(
            s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (!piece.empty() || at != std::string_view::npos) {
            out.emplace_back(piece);
        }
        if (at == std::string_view::npos) {
            break;
        }
        start = at + 1;
    }
    return out;
}

// The statements of one TOC entry's text (split at top-level ';', which is dropped), trimmed.
std::vector<std::string> split_statements(std::string_view text) {
    std::vector<std::string> out;
    for (auto& piece : split_top_level(text, ';')) {
        if (!piece.empty()) {
            out.push_back(std::move(piece));
        }
    }
    return out;
}

// One identifier as printed (quoted form kept) starting at `pos` (after spaces); advances pos.
std::string read_ident(std::string_view s, std::size_t& pos) {
    while (pos < s.size() && is_space(s[pos])) {
        ++pos;
    }
    std::size_t start = pos;
    if (pos < s.size() && s[pos] == '"') {
        pos = skip_quoted(s, pos);
    } else {
        while (pos < s.size() && is_ident_char(s[pos])) {
            ++pos;
        }
    }
    return std::string(s.substr(start, pos - start));
}

// `ident` or `ident.ident` as printed, from `pos`.
std::string read_qualified(std::string_view s, std::size_t& pos) {
    std::string name = read_ident(s, pos);
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        name += '.';
        name += read_ident(s, pos);
    }
    return name;
}

// The raw name of a quote_ident'ed identifier.
std::string unquote_ident(std::string_view ident) {
    if (ident.size() < 2 || ident.front() != '"') {
        return std::string(ident);
    }
    std::string out;
    for (std::size_t i = 1; i + 1 < ident.size(); ++i) {
        out += ident[i];
        if (ident[i] == '"' && ident[i + 1] == '"') {
            ++i;
        }
    }
    return out;
}

// The value of a '...' literal ('' unescaped); the text itself when it is not one.
std::string literal_value(std::string_view text) {
    text = trim(text);
    if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') {
        return std::string(text);
    }
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\'' && text[i + 1] == '\'') {
            ++i;
        }
    }
    return out;
}

// A PostgreSQL array literal as array_out prints text[] ({a,"b c"}).
std::string array_text(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        const std::string& item = items[i];
        std::string lower = item;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        bool quote = item.empty() || lower == "null" ||
                     item.find_first_of("{},\"\\ \t\n\r") != std::string::npos;
        if (!quote) {
            out += item;
            continue;
        }
        out += '"';
        for (char c : item) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

// `key=value, key='value'` (reloptions as gpbackup prints them) as key=value items, sorted.
std::vector<std::string> option_items(std::string_view list) {
    std::vector<std::string> items;
    for (const auto& piece : split_top_level(list, ',')) {
        auto eq = piece.find('=');
        if (eq == std::string::npos) {
            items.push_back(piece);
            continue;
        }
        items.push_back(std::string(trim(std::string_view(piece).substr(0, eq))) + "=" +
                        literal_value(std::string_view(piece).substr(eq + 1)));
    }
    std::sort(items.begin(), items.end());
    return items;
}

std::optional<std::string> option_value(const std::vector<std::string>& items,
                                        std::string_view key) {
    for (const auto& item : items) {
        if (item.size() > key.size() && starts_with(item, key) && item[key.size()] == '=') {
            return item.substr(key.size() + 1);
        }
    }
    return std::nullopt;
}

std::string bool_text(bool value) {
    return value ? "t" : "f";
}

std::string raw_name_of(std::string_view qualified) {
    std::size_t pos = 0;
    std::string name = read_ident(qualified, pos);
    if (pos < qualified.size() && qualified[pos] == '.') {
        ++pos;
        name = read_ident(qualified, pos);
    }
    return unquote_ident(name);
}

// ------------------------------------------------------------------------ the model

// gpbackup object type -> gpparity kind (toc/toc.go OBJ_*).
std::optional<ObjectKind> kind_of_toc_type(std::string_view type) {
    static const std::map<std::string_view, ObjectKind> k_kinds = {
        {"SCHEMA", ObjectKind::schema},
        {"TABLE", ObjectKind::table},
        {"FOREIGN TABLE", ObjectKind::foreign_table},
        {"VIEW", ObjectKind::view},
        {"MATERIALIZED VIEW", ObjectKind::materialized_view},
        {"SEQUENCE", ObjectKind::sequence},
        {"SEQUENCE OWNER", ObjectKind::sequence},
        {"INDEX", ObjectKind::index},
        {"CONSTRAINT", ObjectKind::constraint},
        {"TRIGGER", ObjectKind::trigger},
        {"RULE", ObjectKind::rule},
        {"FUNCTION", ObjectKind::function},
        {"PROCEDURE", ObjectKind::procedure},
        {"AGGREGATE", ObjectKind::aggregate},
        {"TYPE", ObjectKind::type},
        {"DOMAIN", ObjectKind::domain},
        {"CAST", ObjectKind::cast},
        {"LANGUAGE", ObjectKind::language},
        {"EXTENSION", ObjectKind::extension},
        {"COLLATION", ObjectKind::collation},
        {"OPERATOR", ObjectKind::operator_},
        {"OPERATOR FAMILY", ObjectKind::operator_family},
        {"OPERATOR CLASS", ObjectKind::operator_class},
        {"TEXT SEARCH CONFIGURATION", ObjectKind::text_search_configuration},
        {"FOREIGN DATA WRAPPER", ObjectKind::foreign_data_wrapper},
        {"FOREIGN SERVER", ObjectKind::foreign_server},
        {"SERVER", ObjectKind::foreign_server},
        {"USER MAPPING", ObjectKind::user_mapping},
        {"PROTOCOL", ObjectKind::protocol},
        {"ROLE", ObjectKind::role},
        {"ROLE GRANT", ObjectKind::role},
        {"ROLE GUCS", ObjectKind::role},
        {"RESOURCE QUEUE", ObjectKind::resource_queue},
        {"RESOURCE GROUP", ObjectKind::resource_group},
        {"TABLESPACE", ObjectKind::tablespace},
        {"DATABASE", ObjectKind::database},
        {"DATABASE GUC", ObjectKind::database},
    };
    auto it = k_kinds.find(type);
    if (it == k_kinds.end()) {
        return std::nullopt;
    }
    return it->second;
}

bool is_routine(ObjectKind kind) noexcept {
    return kind == ObjectKind::function || kind == ObjectKind::procedure ||
           kind == ObjectKind::aggregate;
}

// Multi-word type names format_type prints; a parameter that starts with one has no name.
bool starts_with_type_words(std::string_view s) {
    for (std::string_view t : {"double precision", "character varying", "character", "bit varying",
                               "timestamp ", "time ", "interval "}) {
        if (starts_with(s, t)) {
            return true;
        }
    }
    return false;
}

// The argument types of a routine's identity from pg_get_function_identity_arguments or
// pg_get_function_arguments output: modes, names and defaults dropped, OUT parameters left out
// (they are not part of proargtypes).
std::string identity_argument_types(std::string_view arguments) {
    std::vector<std::string> types;
    for (const auto& piece : split_top_level(arguments, ',')) {
        if (piece.empty() || piece == "*") {
            continue;
        }
        std::string_view p = piece;
        if (auto d = find_top_level(p, " DEFAULT "); d != std::string_view::npos) {
            p = trim(p.substr(0, d));
        }
        if (auto d = find_top_level(p, " = "); d != std::string_view::npos) {
            p = trim(p.substr(0, d));
        }
        if (starts_with(p, "OUT ")) {
            continue;
        }
        for (std::string_view mode : {"INOUT ", "IN ", "VARIADIC "}) {
            if (starts_with(p, mode)) {
                p.remove_prefix(mode.size());
                break;
            }
        }
        // A name precedes the type unless the text is a type alone: one token (possibly
        // qualified, with typmod or []), or a multi-word type name.
        if (!starts_with_type_words(p)) {
            std::size_t pos = 0;
            read_ident(p, pos);
            if (pos < p.size() && p[pos] == ' ') {
                p = trim(p.substr(pos));
            }
        }
        types.emplace_back(p);
    }
    return join(types, ", ");
}

struct Builder {
    // A deque: parsers hold a reference to an object while they add its members.
    std::deque<CatalogObject> objects;
    std::map<std::pair<ObjectKind, std::string>, std::size_t> index;
    std::vector<std::string> notes;

    CatalogObject& get(ObjectKind kind, const std::string& identity) {
        auto [it, inserted] = index.emplace(std::make_pair(kind, identity), objects.size());
        if (inserted) {
            CatalogObject o;
            o.kind = kind;
            o.identity = identity;
            objects.push_back(std::move(o));
        }
        return objects[it->second];
    }

    CatalogObject* find(ObjectKind kind, const std::string& identity) {
        auto it = index.find(std::make_pair(kind, identity));
        return it == index.end() ? nullptr : &objects[it->second];
    }

    void note(ObjectKind kind, const std::string& identity, const std::string& why) {
        std::string line = std::string(to_string(kind)) + " " + identity + ": " + why;
        if (std::find(notes.begin(), notes.end(), line) == notes.end()) {
            notes.push_back(std::move(line));
        }
    }

    void presence_only(CatalogObject& o, const std::string& why) {
        o.coverage = Coverage::presence;
        o.attributes.clear();
        note(o.kind, o.identity, why);
    }
};

// ------------------------------------------------------------------------ tables

// The default hash operator class of a type as format_type prints it (GP6's pg_opclass, hash,
// opcdefault); gpbackup prints an opclass in DISTRIBUTED BY only when it is not the default.
std::optional<std::string> default_hash_opclass(std::string_view type) {
    std::string base(type.substr(0, type.find('(')));
    if (ends_with(base, "[]")) {
        return std::string("pg_catalog.array_ops");
    }
    static const std::map<std::string, std::string, std::less<>> k_opclasses = {
        {"\"char\"", "char_ops"},
        {"bigint", "int8_ops"},
        {"bit varying", "varbit_ops"},
        {"bit", "bit_ops"},
        {"boolean", "bool_ops"},
        {"bytea", "bytea_ops"},
        {"character", "bpchar_ops"},
        {"character varying", "text_ops"},
        {"date", "date_ops"},
        {"double precision", "float8_ops"},
        {"inet", "inet_ops"},
        {"cidr", "inet_ops"},
        {"integer", "int4_ops"},
        {"interval", "interval_ops"},
        {"jsonb", "jsonb_ops"},
        {"macaddr", "macaddr_ops"},
        {"name", "name_ops"},
        {"numeric", "numeric_ops"},
        {"oid", "oid_ops"},
        {"real", "float4_ops"},
        {"smallint", "int2_ops"},
        {"text", "text_ops"},
        {"time with time zone", "timetz_ops"},
        {"time without time zone", "time_ops"},
        {"timestamp with time zone", "timestamptz_ops"},
        {"timestamp without time zone", "timestamp_ops"},
        {"uuid", "uuid_ops"},
    };
    // format_type prints a typmod inside the name for some types: "timestamp(3) without time
    // zone", "character varying(20)".
    std::string key = base;
    if (auto close = type.find(')'); close != std::string_view::npos && type.find('(') < close) {
        key = std::string(trim(base)) + std::string(type.substr(close + 1));
    }
    auto it = k_opclasses.find(std::string(trim(key)));
    if (it == k_opclasses.end()) {
        return std::nullopt;
    }
    return "pg_catalog." + it->second;
}

struct ColumnDef {
    std::string name; // as printed
    std::string type;
    std::optional<std::string> collation;
    std::optional<std::string> default_value;
    bool not_null = false;
    std::optional<std::string> encoding; // sorted array text
};

// One line of printColumnDefinitions: `name type[ COLLATE c][ DEFAULT e][ NOT NULL][ ENCODING
// (...)]`.
ColumnDef parse_column(std::string_view line) {
    ColumnDef c;
    std::size_t pos = 0;
    c.name = read_ident(line, pos);
    std::string_view rest = trim(line.substr(pos));
    if (auto e = find_top_level(rest, " ENCODING ("); e != std::string_view::npos) {
        std::size_t open = e + 10;
        std::size_t close = matching_paren(rest, open);
        c.encoding = array_text(option_items(rest.substr(open + 1, close - open - 1)));
        rest = trim(rest.substr(0, e));
    }
    if (ends_with(rest, " NOT NULL")) {
        c.not_null = true;
        rest = trim(rest.substr(0, rest.size() - 9));
    }
    if (auto d = find_top_level(rest, " DEFAULT "); d != std::string_view::npos) {
        c.default_value = std::string(trim(rest.substr(d + 9)));
        rest = trim(rest.substr(0, d));
    }
    if (auto k = find_top_level(rest, " COLLATE "); k != std::string_view::npos) {
        c.collation = std::string(trim(rest.substr(k + 9)));
        rest = trim(rest.substr(0, k));
    }
    c.type = std::string(rest);
    return c;
}

struct PartitionLeaf {
    std::string table; // identity
    std::optional<std::string> name;
    std::string bound;
    std::optional<std::string> range_start, range_end, list_values;
    bool start_inclusive = true, end_inclusive = false;
    std::vector<std::string> options;
};

struct PartitionSpec {
    std::string strategy; // range, list
    std::string key;
    std::vector<PartitionLeaf> leaves;
    std::string unparsed; // why the tree could not be read, or empty
};

// pg_get_expr's constant without its cast, as extract_gp6's partition_bound prints it.
std::string strip_casts(std::string_view expr) {
    std::string out;
    std::size_t i = 0;
    while (i < expr.size()) {
        std::size_t after = skip_quoted(expr, i);
        if (after != i) {
            out.append(expr.substr(i, after - i));
            i = after;
            continue;
        }
        if (expr.substr(i, 2) == "::" && i + 2 < expr.size() &&
            (std::islower(static_cast<unsigned char>(expr[i + 2])) != 0 || expr[i + 2] == '_')) {
            i += 2;
            while (i < expr.size() && (std::islower(static_cast<unsigned char>(expr[i])) != 0 ||
                                       std::isdigit(static_cast<unsigned char>(expr[i])) != 0 ||
                                       expr[i] == '_' || expr[i] == ' ')) {
                ++i;
            }
            if (i < expr.size() && expr[i] == '(') {
                std::size_t close = expr.find(')', i);
                i = close == std::string_view::npos ? expr.size() : close + 1;
            }
            if (expr.substr(i, 2) == "[]") {
                i += 2;
            }
            continue;
        }
        out += expr[i++];
    }
    return out;
}

// The parenthesised text after `keyword` in `element`, or nullopt.
std::optional<std::string> paren_after(std::string_view element, std::string_view keyword,
                                       std::size_t* end = nullptr) {
    std::size_t k = find_top_level(element, keyword);
    if (k == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t open = element.find('(', k);
    std::size_t close = open == std::string_view::npos ? open : matching_paren(element, open);
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    if (end != nullptr) {
        *end = close + 1;
    }
    return std::string(trim(element.substr(open + 1, close - open - 1)));
}

// One partition element of pg_get_partition_def(oid, true, true): `[DEFAULT ]PARTITION name |
// START (..) [EXCLUSIVE] END (..) [INCLUSIVE] [EVERY (..)] | VALUES (..)`, then `WITH
// (tablename='...', ...)`.
std::optional<PartitionLeaf>
parse_partition_element(std::string_view element, const std::string& schema_ident, bool is_range) {
    PartitionLeaf leaf;
    std::size_t with_end = 0;
    auto with = paren_after(element, "WITH (", &with_end);
    if (!with) {
        return std::nullopt;
    }
    auto options = option_items(*with);
    auto table = option_value(options, "tablename");
    if (!table) {
        return std::nullopt;
    }
    std::string quoted =
        table->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos
            ? *table
            : "\"" + *table + "\"";
    leaf.table = schema_ident + "." + quoted;
    options.erase(std::remove_if(options.begin(), options.end(),
                                 [](const std::string& o) { return starts_with(o, "tablename="); }),
                  options.end());
    leaf.options = options;
    std::string_view head = trim(element.substr(0, find_top_level(element, "WITH (")));
    bool is_default = starts_with(head, "DEFAULT PARTITION ");
    if (is_default || starts_with(head, "PARTITION ")) {
        std::size_t pos = head.find("PARTITION ") + 10;
        leaf.name = unquote_ident(read_ident(head, pos));
        head = trim(head.substr(pos));
    }
    if (is_default) {
        leaf.bound = "DEFAULT";
        return leaf;
    }
    if (is_range) {
        leaf.range_start = paren_after(head, "START ");
        leaf.range_end = paren_after(head, "END ");
        // START (..) [INCLUSIVE|EXCLUSIVE] END (..) [INCLUSIVE|EXCLUSIVE]; defaults are
        // inclusive start, exclusive end.
        std::size_t end_at = find_top_level(head, "END ");
        std::size_t start_exclusive = find_top_level(head, " EXCLUSIVE");
        leaf.start_inclusive =
            start_exclusive == std::string_view::npos || start_exclusive > end_at;
        leaf.end_inclusive = end_at != std::string_view::npos &&
                             find_top_level(head, " INCLUSIVE", end_at) != std::string_view::npos;
        leaf.bound = "FOR VALUES FROM (" +
                     (leaf.range_start ? strip_casts(*leaf.range_start) : "MINVALUE") + ")" +
                     (leaf.range_start && !leaf.start_inclusive ? " EXCLUSIVE" : "") + " TO (" +
                     (leaf.range_end ? strip_casts(*leaf.range_end) : "MAXVALUE") + ")" +
                     (leaf.range_end && leaf.end_inclusive ? " INCLUSIVE" : "");
    } else {
        leaf.list_values = paren_after(head, "VALUES");
        if (!leaf.list_values) {
            return std::nullopt;
        }
        leaf.bound = "FOR VALUES IN (" + strip_casts(*leaf.list_values) + ")";
    }
    return leaf;
}

// GP6 `PARTITION BY RANGE(col) (elements)` as pg_get_partition_def prints it (one level).
PartitionSpec parse_partition_by(std::string_view clause, const std::string& schema_ident) {
    PartitionSpec spec;
    bool is_range = starts_with(clause, "PARTITION BY RANGE");
    if (!is_range && !starts_with(clause, "PARTITION BY LIST")) {
        spec.unparsed = "a partition strategy other than RANGE or LIST";
        return spec;
    }
    spec.strategy = is_range ? "range" : "list";
    std::size_t open = clause.find('(');
    std::size_t close = open == std::string_view::npos ? open : matching_paren(clause, open);
    if (close == std::string_view::npos) {
        spec.unparsed = "an unbalanced partition key";
        return spec;
    }
    spec.key = join(split_top_level(clause.substr(open + 1, close - open - 1), ','), ", ");
    std::string_view rest = trim(clause.substr(close + 1));
    if (find_top_level(rest, "SUBPARTITION") != std::string_view::npos) {
        spec.unparsed = "a multi-level (SUBPARTITION BY) partition tree: the leaves below the "
                        "first level are not read from the printed definition";
        return spec;
    }
    if (rest.empty() || rest.front() != '(') {
        spec.unparsed = "no partition list";
        return spec;
    }
    std::size_t list_close = matching_paren(rest, 0);
    if (list_close == std::string_view::npos) {
        spec.unparsed = "an unbalanced partition list";
        return spec;
    }
    for (const auto& element : split_top_level(rest.substr(1, list_close - 1), ',')) {
        auto leaf = parse_partition_element(element, schema_ident, is_range);
        if (!leaf) {
            spec.unparsed = "a partition element without WITH (tablename=...): " + element;
            return spec;
        }
        spec.leaves.push_back(std::move(*leaf));
    }
    return spec;
}

struct TableParse {
    std::vector<ColumnDef> columns;
    std::vector<std::string> options;
    std::optional<std::string> tablespace;
    std::optional<std::string> inherits;
    std::string distribution;
    std::vector<std::string> distribution_columns; // `col` or `col opclass`, as printed
    bool unlogged = false;
    std::string partition_clause;
};

// The clauses after the column list: [INHERITS (..) ][WITH (..) ][TABLESPACE t ]DISTRIBUTED ...
// [PARTITION BY ...].
bool parse_table_tail(std::string_view tail, TableParse& t) {
    tail = trim(tail);
    if (auto inh = paren_after(tail, "INHERITS (")) {
        t.inherits = join(split_top_level(*inh, ','), ", ");
    }
    if (auto with = paren_after(tail, "WITH (")) {
        std::size_t dist = find_top_level(tail, "DISTRIBUTED");
        if (find_top_level(tail, "WITH (") < dist) {
            t.options = option_items(*with);
        }
    }
    if (auto ts = find_top_level(tail, "TABLESPACE ");
        ts != std::string_view::npos && ts < find_top_level(tail, "DISTRIBUTED")) {
        std::size_t pos = ts + 11;
        t.tablespace = read_ident(tail, pos);
    }
    std::size_t dist = find_top_level(tail, "DISTRIBUTED ");
    if (dist == std::string_view::npos) {
        return false;
    }
    std::string_view d = tail.substr(dist + 12);
    if (starts_with(d, "RANDOMLY")) {
        t.distribution = "random";
    } else if (starts_with(d, "REPLICATED")) {
        t.distribution = "replicated";
    } else if (starts_with(d, "BY (")) {
        std::size_t close = matching_paren(d, 3);
        if (close == std::string_view::npos) {
            return false;
        }
        t.distribution = "hash";
        t.distribution_columns = split_top_level(d.substr(4, close - 4), ',');
    } else {
        return false;
    }
    if (auto part = find_top_level(tail, "PARTITION BY ", dist); part != std::string_view::npos) {
        t.partition_clause = std::string(trim(tail.substr(part)));
    }
    return true;
}

// gpbackup's PrintRegularTableCreateStatement output.
std::optional<TableParse> parse_create_table(std::string_view stmt, std::string* why) {
    TableParse t;
    t.unlogged = starts_with(stmt, "CREATE UNLOGGED TABLE ");
    std::size_t open = stmt.find('(');
    if (open == std::string_view::npos || stmt.find(" OF ") < open) {
        *why = "a typed table (CREATE TABLE ... OF type) is not parsed";
        return std::nullopt;
    }
    std::size_t close = matching_paren(stmt, open);
    if (close == std::string_view::npos) {
        *why = "unbalanced column list";
        return std::nullopt;
    }
    for (const auto& line : split_top_level(stmt.substr(open + 1, close - open - 1), ',')) {
        if (!line.empty()) {
            t.columns.push_back(parse_column(line));
        }
    }
    if (!parse_table_tail(stmt.substr(close + 1), t)) {
        *why = "no DISTRIBUTED clause where gpbackup prints one";
        return std::nullopt;
    }
    return t;
}

// pg_appendonly as extract_gp6's ao_options prints it, from the table's WITH options
// (GP6 defaults: blocksize 32768, checksum true, compresstype none; zlib level 1 when only the
// type is given, zlib when only a level is).
std::string ao_options_text(const std::vector<std::string>& options) {
    auto type = option_value(options, "compresstype");
    auto level = option_value(options, "compresslevel");
    if (type && !level) {
        level = (*type == "none") ? "0" : "1";
    }
    if (!type) {
        type = (level && *level != "0") ? "zlib" : "none";
    }
    std::string checksum = option_value(options, "checksum").value_or("true");
    checksum = (checksum == "true" || checksum == "t" || checksum == "on") ? "true" : "false";
    return "blocksize=" + option_value(options, "blocksize").value_or("32768") +
           ",checksum=" + checksum + ",compresslevel=" + level.value_or("0") +
           ",compresstype=" + *type;
}

bool is_true_option(const std::vector<std::string>& options, std::string_view key) {
    auto v = option_value(options, key);
    return v && (*v == "true" || *v == "t" || *v == "on" || *v == "yes");
}

struct TableContext {
    Builder& b;
    CatalogObject& table;
    const TableParse& parse;
};

// The attributes extract_gp6 gives a table, in its order; `options` are the relation's own.
void set_table_attributes(CatalogObject& o, const TableParse& t,
                          const std::vector<std::string>& options, const std::string& owner) {
    bool ao = is_true_option(options, "appendonly");
    bool column = option_value(options, "orientation") == std::optional<std::string>("column");
    if (!owner.empty()) {
        o.set("owner", owner);
    }
    o.set("storage", ao ? (column ? "ao_column" : "ao_row") : "heap");
    o.set("options", options.empty() ? std::nullopt : std::optional(array_text(options)));
    o.set("tablespace", t.tablespace);
    o.set("persistence", t.unlogged ? "unlogged" : "permanent");
    o.set("replica_identity", "default");
    std::vector<std::string> names;
    names.reserve(t.columns.size());
    for (const auto& c : t.columns) {
        names.push_back(c.name);
    }
    o.set("columns", join(names, ", "));
    o.set("inherits", t.inherits);
    o.set("server", std::nullopt);
    o.set("foreign_options", std::nullopt);
    o.set("distribution", t.distribution);
    o.set("distribution_key", std::nullopt);
    if (ao) {
        o.set("ao_options", ao_options_text(options));
    } else {
        o.set("ao_options", std::nullopt);
    }
    o.set("has_oids", bool_text(is_true_option(options, "oids")));
    for (const char* attribute :
         {"partition_role", "partition_strategy", "partition_key", "partition_parent",
          "partition_root", "partition_level", "partition_bound", "partition_name",
          "partition_range_start", "partition_range_end", "partition_start_inclusive",
          "partition_end_inclusive", "partition_list_values"}) {
        o.set(attribute, std::nullopt);
    }
}

// distribution_key as extract_gp6 prints it (`col opclass, ...`), or nullopt when a column's
// default opclass is not known here.
std::optional<std::string> distribution_key(const TableParse& t) {
    std::vector<std::string> parts;
    for (const auto& d : t.distribution_columns) {
        std::size_t pos = 0;
        std::string column = read_ident(d, pos);
        std::string opclass(trim(std::string_view(d).substr(pos)));
        if (opclass.empty()) {
            auto it = std::find_if(t.columns.begin(), t.columns.end(),
                                   [&](const ColumnDef& c) { return c.name == column; });
            if (it == t.columns.end()) {
                return std::nullopt;
            }
            auto def = default_hash_opclass(it->type);
            if (!def) {
                return std::nullopt;
            }
            opclass = *def;
        } else if (opclass.find('.') == std::string::npos) {
            opclass.insert(0, "pg_catalog.");
        }
        column += ' ';
        column += opclass;
        parts.push_back(std::move(column));
    }
    if (parts.empty()) {
        return std::nullopt;
    }
    return join(parts, ", ");
}

void add_columns(Builder& b, const CatalogObject& table, const TableParse& t) {
    int position = 0;
    for (const auto& c : t.columns) {
        CatalogObject& col = b.get(ObjectKind::column, table.identity + "." + c.name);
        col.schema = table.schema;
        col.name = unquote_ident(c.name);
        col.parent = table.identity;
        col.depends_on = {ObjectRef{table.kind, table.identity}};
        col.set("position", std::to_string(++position));
        col.set("type", c.type);
        col.set("not_null", bool_text(c.not_null));
        col.set("default", c.default_value);
        col.set("collation", c.collation);
        col.set("storage_mode", std::nullopt);
        col.set("options", std::nullopt);
        col.set("encoding", c.encoding);
    }
}

void add_partition_leaves(Builder& b, CatalogObject& root, const TableParse& t,
                          const PartitionSpec& spec) {
    root.set("partition_role", "root");
    root.set("partition_strategy", spec.strategy);
    root.set("partition_key", spec.key);
    for (const auto& leaf : spec.leaves) {
        CatalogObject& o = b.get(ObjectKind::table, leaf.table);
        o.schema = root.schema;
        o.name = raw_name_of(leaf.table);
        o.depends_on = {ObjectRef{ObjectKind::table, root.identity}};
        set_table_attributes(o, t, leaf.options, root.get("owner"));
        o.set("inherits", std::nullopt);
        o.set("partition_role", "leaf");
        o.set("partition_strategy", std::nullopt);
        o.set("partition_key", std::nullopt);
        o.set("partition_parent", root.identity);
        o.set("partition_root", root.identity);
        o.set("partition_level", "1");
        o.set("partition_bound", leaf.bound);
        // pg_partition_rule.parname is '' for a partition EVERY generated.
        o.set("partition_name", leaf.name.value_or(""));
        o.set("partition_range_start", leaf.range_start);
        o.set("partition_range_end", leaf.range_end);
        bool range = spec.strategy == "range";
        o.set("partition_start_inclusive",
              range ? std::optional(bool_text(leaf.start_inclusive)) : std::nullopt);
        o.set("partition_end_inclusive",
              range ? std::optional(bool_text(leaf.end_inclusive)) : std::nullopt);
        // partition_list_values is not compared: pg_get_partition_def prints the values without
        // the casts pg_get_expr keeps ('eu' vs 'eu'::text); partition_bound compares them.
        o.erase("partition_list_values");
        if (auto key = distribution_key(t)) {
            o.set("distribution_key", key);
        } else {
            o.erase("distribution_key");
        }
        add_columns(b, o, t);
    }
}

void parse_table(Builder& b, CatalogObject& o, std::string_view stmt) {
    std::string why;
    auto t = parse_create_table(stmt, &why);
    if (!t) {
        b.presence_only(o, why);
        return;
    }
    const std::string owner = o.get("owner");
    set_table_attributes(o, *t, t->options, owner);
    if (auto key = distribution_key(*t)) {
        o.set("distribution_key", key);
    } else {
        o.erase("distribution_key");
        if (t->distribution == "hash") {
            b.note(o.kind, o.identity,
                   "distribution key compared by columns only: a column's default hash "
                   "operator class is not known here (distribution_key not compared)");
        }
    }
    add_columns(b, o, *t);
    if (t->partition_clause.empty()) {
        o.set("partition_role", "none");
        return;
    }
    std::string schema_ident = o.identity.substr(0, o.identity.find('.'));
    auto spec = parse_partition_by(t->partition_clause, schema_ident);
    if (!spec.unparsed.empty()) {
        o.coverage = Coverage::no_members;
        o.set("partition_role", "root");
        b.note(o.kind, o.identity,
               "partitioned table with " + spec.unparsed +
                   "; its partitions are compared for presence only where they are listed");
        return;
    }
    add_partition_leaves(b, o, *t, spec);
    // The partition clause itself: GP7 does not take `WITH (tablename=...)` per partition.
}

// ------------------------------------------------------------------------ sequences, views

void parse_sequence(CatalogObject& o, std::string_view stmt) {
    auto value_after = [&](std::string_view keyword) -> std::optional<std::string> {
        std::size_t k = stmt.find(keyword);
        if (k == std::string_view::npos) {
            return std::nullopt;
        }
        std::size_t pos = k + keyword.size();
        std::size_t end = pos;
        while (end < stmt.size() && !is_space(stmt[end])) {
            ++end;
        }
        return std::string(stmt.substr(pos, end - pos));
    };
    std::string increment = value_after("INCREMENT BY ").value_or("1");
    bool ascending = increment.empty() || increment.front() != '-';
    o.set("data_type", "bigint");
    o.set("start", value_after("START WITH ").value_or(ascending ? "1" : "-1"));
    o.set("increment", increment);
    o.set("min", value_after("\tMINVALUE ").value_or(ascending ? "1" : "-9223372036854775808"));
    o.set("max", value_after("\tMAXVALUE ").value_or(ascending ? "9223372036854775807" : "-1"));
    o.set("cache", value_after("CACHE ").value_or("1"));
    o.set("cycle", bool_text(stmt.find("\tCYCLE") != std::string_view::npos));
    if (o.find("owned_by") == nullptr) {
        o.set("owned_by", std::nullopt);
    }
    o.set("is_identity", "f");
}

// SELECT pg_catalog.setval('seq', last_value, is_called)
void parse_setval(CatalogObject& o, std::string_view stmt) {
    std::size_t open = stmt.find('(');
    std::size_t close = open == std::string_view::npos ? open : matching_paren(stmt, open);
    if (close == std::string_view::npos) {
        return;
    }
    auto args = split_top_level(stmt.substr(open + 1, close - open - 1), ',');
    if (args.size() == 3) {
        o.set("last_value", args[2] == "true" ? std::optional(args[1]) : std::nullopt);
    }
}

void parse_view(Builder& b, CatalogObject& o, std::string_view stmt) {
    std::size_t as = find_top_level(stmt, " AS ");
    if (as == std::string_view::npos) {
        b.presence_only(o, "no AS in the view definition");
        return;
    }
    std::string_view head = stmt.substr(0, as);
    std::string definition(stmt.substr(as + 4));
    if (o.kind == ObjectKind::materialized_view) {
        if (auto nd = definition.rfind("\nWITH NO DATA"); nd != std::string::npos) {
            definition.resize(nd);
        }
    }
    // pg_get_viewdef ends the query with ';', which the statement split removed.
    definition += ";";
    o.coverage = Coverage::no_members;
    o.set("definition", definition);
    if (auto with = paren_after(head, "WITH (")) {
        o.set("options", array_text(option_items(*with)));
    } else {
        o.set("options", std::nullopt);
    }
    b.note(o.kind, o.identity,
           "its columns are not in the backup's DDL (only the query text is): columns not "
           "compared");
}

// ------------------------------------------------------------------------ routines, types

struct FunctionModifiers {
    std::string volatility = "volatile";
    bool strict = false, definer = false, leakproof = false, window = false;
    std::optional<std::string> data_access, exec_location = std::string("any");
    std::optional<std::string> cost, rows;
    std::vector<std::string> config;
};

FunctionModifiers parse_function_modifiers(std::string_view tail) {
    FunctionModifiers m;
    auto has = [&](std::string_view word) {
        return find_top_level(tail, word) != std::string_view::npos;
    };
    if (has(" IMMUTABLE")) {
        m.volatility = "immutable";
    } else if (has(" STABLE")) {
        m.volatility = "stable";
    }
    m.strict = has(" STRICT");
    m.definer = has(" SECURITY DEFINER");
    m.leakproof = has(" LEAKPROOF");
    m.window = has(" WINDOW");
    static const std::pair<std::string_view, std::string_view> k_access[] = {
        {" CONTAINS SQL", "contains_sql"},
        {" MODIFIES SQL DATA", "modifies_sql_data"},
        {" NO SQL", "no_sql"},
        {" READS SQL DATA", "reads_sql_data"}};
    for (const auto& [word, value] : k_access) {
        if (has(word)) {
            m.data_access = std::string(value);
        }
    }
    static const std::pair<std::string_view, std::string_view> k_exec[] = {
        {" EXECUTE ON MASTER", "master"},
        {" EXECUTE ON COORDINATOR", "coordinator"},
        {" EXECUTE ON ALL SEGMENTS", "all_segments"},
        {" EXECUTE ON INITPLAN", "initplan"}};
    for (const auto& [word, value] : k_exec) {
        if (has(word)) {
            m.exec_location = std::string(value);
        }
    }
    auto number_after = [&](std::string_view keyword) -> std::optional<std::string> {
        std::size_t k = find_top_level(tail, keyword);
        if (k == std::string_view::npos) {
            return std::nullopt;
        }
        std::size_t pos = k + keyword.size();
        std::size_t end = pos;
        while (end < tail.size() && !is_space(tail[end])) {
            ++end;
        }
        return std::string(tail.substr(pos, end - pos));
    };
    m.cost = number_after("\nCOST ");
    m.rows = number_after("\nROWS ");
    // `SET name TO value` lines (one per proconfig entry).
    std::size_t at = 0;
    while ((at = find_top_level(tail, "\nSET ", at)) != std::string_view::npos) {
        std::size_t eol = tail.find('\n', at + 1);
        std::string_view line = tail.substr(
            at + 5, eol == std::string_view::npos ? std::string_view::npos : eol - at - 5);
        std::size_t to = line.find(" TO ");
        if (to != std::string_view::npos) {
            std::string value;
            for (const auto& v : split_top_level(line.substr(to + 4), ',')) {
                value += (value.empty() ? "" : ", ") + literal_value(v);
            }
            m.config.push_back(std::string(trim(line.substr(0, to))) + "=" + value);
        }
        at += 5;
    }
    std::sort(m.config.begin(), m.config.end());
    return m;
}

// Body and library of `AS\n$$body$$\n` or `AS\n'library', 'symbol'\n`.
void parse_function_body(CatalogObject& o, std::string_view after_as) {
    after_as = trim(after_as);
    if (!after_as.empty() && after_as.front() == '$') {
        std::size_t end = skip_quoted(after_as, 0);
        std::size_t tag_end = after_as.find('$', 1);
        std::size_t tag_size = tag_end + 1;
        o.set("body", std::string(after_as.substr(tag_size, end - 2 * tag_size)));
        o.set("library", std::nullopt);
        return;
    }
    std::size_t first = skip_quoted(after_as, 0);
    std::size_t comma = after_as.find(',', first);
    std::size_t second_start = after_as.find('\'', comma);
    std::size_t second = skip_quoted(after_as, second_start);
    o.set("library", literal_value(after_as.substr(0, first)));
    o.set("body", literal_value(after_as.substr(second_start, second - second_start)));
}

void parse_function(Builder& b, CatalogObject& o, std::string_view stmt) {
    std::size_t open = stmt.find('(');
    std::size_t close = open == std::string_view::npos ? open : matching_paren(stmt, open);
    std::size_t returns = close == std::string_view::npos ? close : stmt.find(" RETURNS ", close);
    std::size_t as = returns == std::string_view::npos ? returns : stmt.find(" AS\n", returns);
    std::size_t language =
        as == std::string_view::npos ? as : find_top_level(stmt, "LANGUAGE ", as);
    if (language == std::string_view::npos) {
        b.presence_only(o, "the CREATE FUNCTION header is not in gpbackup's printed form");
        return;
    }
    std::size_t lang_end = language + 9;
    std::string lang = read_ident(stmt, lang_end);
    std::string result(trim(stmt.substr(returns + 9, as - returns - 9)));
    auto m = parse_function_modifiers(stmt.substr(lang_end));
    bool c_like = lang == "c" || lang == "internal";
    o.set("language", lang);
    o.set("arguments", std::string(stmt.substr(open + 1, close - open - 1)));
    o.set("result", result);
    bool set = starts_with(result, "SETOF ") || starts_with(result, "TABLE(");
    o.set("returns_set", bool_text(set));
    o.set("volatility", m.volatility);
    o.set("strict", bool_text(m.strict));
    o.set("security", m.definer ? "definer" : "invoker");
    o.set("leakproof", bool_text(m.leakproof));
    o.set("cost", m.cost.value_or(c_like ? "1" : "100"));
    o.set("rows", m.rows.value_or(set ? "1000" : "0"));
    o.set("window", bool_text(m.window));
    o.set("config", m.config.empty() ? std::nullopt : std::optional(array_text(m.config)));
    parse_function_body(o, stmt.substr(as + 4, language - as - 4));
    if (m.data_access) {
        o.set("data_access", m.data_access);
    }
    o.set("exec_location", m.exec_location);
}

void parse_type(Builder& b, CatalogObject& o, std::string_view stmt) {
    if (auto labels = paren_after(stmt, " AS ENUM (")) {
        std::vector<std::string> values;
        for (const auto& l : split_top_level(*labels, ',')) {
            values.push_back(literal_value(l));
        }
        o.set("type_kind", "enum");
        o.set("labels", array_text(values));
        return;
    }
    if (auto fields = paren_after(stmt, " AS (")) {
        o.set("type_kind", "composite");
        o.set("fields", join(split_top_level(*fields, ','), ", "));
        o.coverage = Coverage::no_members;
        return;
    }
    b.presence_only(o, "base, range and shell types are compared for presence only (their "
                       "support functions and storage are not parsed)");
}

void parse_domain(Builder& b, CatalogObject& o, std::string_view stmt) {
    std::size_t as = stmt.find(" AS ");
    if (as == std::string_view::npos) {
        b.presence_only(o, "no AS in CREATE DOMAIN");
        return;
    }
    std::string_view rest = stmt.substr(as + 4);
    std::vector<std::string> constraints;
    if (auto c = rest.find("\n\tCONSTRAINT "); c != std::string_view::npos) {
        std::string_view list = rest.substr(c);
        rest = trim(rest.substr(0, c));
        std::size_t at = 0;
        while ((at = list.find("\n\tCONSTRAINT ", at)) != std::string_view::npos) {
            std::size_t next = list.find("\n\tCONSTRAINT ", at + 1);
            constraints.emplace_back(
                trim(list.substr(at + 13, next == std::string_view::npos ? std::string_view::npos
                                                                         : next - at - 13)));
            at += 1;
        }
    }
    bool not_null = ends_with(rest, " NOT NULL");
    if (not_null) {
        rest = trim(rest.substr(0, rest.size() - 9));
    }
    std::optional<std::string> collation;
    if (auto k = find_top_level(rest, " COLLATE "); k != std::string_view::npos) {
        collation = std::string(trim(rest.substr(k + 9)));
        rest = trim(rest.substr(0, k));
    }
    std::optional<std::string> default_value;
    if (auto d = find_top_level(rest, " DEFAULT "); d != std::string_view::npos) {
        default_value = std::string(trim(rest.substr(d + 9)));
        rest = trim(rest.substr(0, d));
    }
    o.set("base_type", std::string(rest));
    o.set("not_null", bool_text(not_null));
    o.set("default", default_value);
    o.set("collation", collation);
    for (const auto& c : constraints) {
        std::size_t pos = 0;
        std::string name = read_ident(c, pos);
        CatalogObject& con = b.get(ObjectKind::constraint, o.identity + "." + name);
        con.schema = o.schema;
        con.name = unquote_ident(name);
        con.parent = o.identity;
        con.depends_on = {ObjectRef{ObjectKind::domain, o.identity}};
        std::string def(trim(std::string_view(c).substr(pos)));
        con.set("constraint_type", "check");
        con.set("definition", def);
        con.set("validated", bool_text(def.find("NOT VALID") == std::string::npos));
        con.set("on", "domain");
    }
}

// ------------------------------------------------------------------------ postdata

void set_constraint_flags(CatalogObject& con, std::string_view def) {
    con.set("definition", std::string(def));
    con.set("deferrable",
            bool_text(find_top_level(def, " DEFERRABLE") != std::string_view::npos &&
                      find_top_level(def, " NOT DEFERRABLE") == std::string_view::npos));
    con.set("deferred",
            bool_text(find_top_level(def, " INITIALLY DEFERRED") != std::string_view::npos));
    con.set("validated", bool_text(find_top_level(def, " NOT VALID") == std::string_view::npos));
    // Index-backed and foreign-key constraints are created NO INHERIT (connoinherit true) by the
    // server; a CHECK only when it says so.
    con.set("no_inherit", bool_text(!starts_with(def, "CHECK") ||
                                    find_top_level(def, " NO INHERIT") != std::string_view::npos));
}

// ALTER TABLE [ONLY] t ADD CONSTRAINT name def
void parse_constraint(Builder& b, CatalogObject& con, std::string_view stmt) {
    std::size_t add = stmt.find(" ADD CONSTRAINT ");
    if (add == std::string_view::npos) {
        b.presence_only(con, "not an ALTER TABLE ... ADD CONSTRAINT");
        return;
    }
    std::size_t pos = add + 16;
    std::string name = read_ident(stmt, pos);
    std::string_view def = trim(stmt.substr(pos));
    std::string type = starts_with(def, "PRIMARY KEY")   ? "primary"
                       : starts_with(def, "UNIQUE")      ? "unique"
                       : starts_with(def, "CHECK")       ? "check"
                       : starts_with(def, "FOREIGN KEY") ? "foreign"
                       : starts_with(def, "EXCLUDE")     ? "exclusion"
                                                         : "unknown";
    con.set("constraint_type", type);
    set_constraint_flags(con, def);
    std::optional<std::string> referenced;
    if (type == "foreign") {
        std::size_t r = def.find(" REFERENCES ");
        std::size_t rp = r + 12;
        std::string table = read_qualified(def, rp);
        if (table.find('.') == std::string::npos) {
            table = con.parent.substr(0, con.parent.find('.')) + "." + table;
        }
        referenced = table;
    }
    con.set("referenced_table", referenced);
    con.set("on", "table");
    if (type != "primary" && type != "unique") {
        return;
    }
    // The index behind the constraint (the TOC has no entry of its own for it).
    CatalogObject& idx = b.get(ObjectKind::index, con.identity);
    idx.schema = con.schema;
    idx.name = con.name;
    idx.parent = con.parent;
    idx.depends_on = {ObjectRef{ObjectKind::constraint, con.identity}};
    idx.set("definition",
            "CREATE UNIQUE INDEX " + name + " ON " + con.parent + " USING btree " +
                std::string(def.substr(def.find('('),
                                       matching_paren(def, def.find('(')) - def.find('(') + 1)));
    idx.set("access_method", "btree");
    idx.set("unique", "t");
    idx.set("primary", bool_text(type == "primary"));
    idx.set("constraint", name);
    idx.set("clustered", "f");
    idx.set("replica_identity", "f");
    idx.set("valid", "t");
    idx.set("tablespace", std::nullopt);
    idx.set("options", std::nullopt);
}

void parse_index(CatalogObject& idx, std::string_view stmt) {
    idx.set("definition", std::string(stmt));
    std::size_t using_at = stmt.find(" USING ");
    std::size_t pos = using_at + 7;
    idx.set("access_method",
            using_at == std::string_view::npos ? std::string("btree") : read_ident(stmt, pos));
    idx.set("unique", bool_text(starts_with(stmt, "CREATE UNIQUE INDEX")));
    idx.set("primary", "f");
    idx.set("constraint", std::nullopt);
    idx.set("clustered", "f");
    idx.set("replica_identity", "f");
    idx.set("valid", "t");
    idx.set("tablespace", std::nullopt);
    std::size_t cols_end = using_at == std::string_view::npos
                               ? std::string_view::npos
                               : matching_paren(stmt, stmt.find('(', using_at));
    std::string_view after =
        cols_end == std::string_view::npos ? std::string_view() : stmt.substr(cols_end + 1);
    if (auto with = paren_after(after, " WITH (")) {
        idx.set("options", array_text(option_items(*with)));
    } else {
        idx.set("options", std::nullopt);
    }
}

// ------------------------------------------------------------------------ metadata statements

// The privileges GRANT ALL stands for, per kind (GP6 acl.h ACL_ALL_RIGHTS_*), sorted as
// aclexplode's privilege_type sorts them.
std::vector<std::string> all_privileges(ObjectKind kind) {
    switch (kind) {
    case ObjectKind::table:
    case ObjectKind::view:
    case ObjectKind::materialized_view:
    case ObjectKind::external_table:
        return {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"};
    case ObjectKind::foreign_table:
        return {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "UPDATE"};
    case ObjectKind::column:
        return {"INSERT", "REFERENCES", "SELECT", "UPDATE"};
    case ObjectKind::sequence:
        return {"SELECT", "UPDATE", "USAGE"};
    case ObjectKind::function:
    case ObjectKind::procedure:
    case ObjectKind::aggregate:
        return {"EXECUTE"};
    case ObjectKind::schema:
        return {"CREATE", "USAGE"};
    case ObjectKind::database:
        return {"CONNECT", "CREATE", "TEMPORARY"};
    case ObjectKind::tablespace:
        return {"CREATE"};
    case ObjectKind::protocol:
        return {"INSERT", "SELECT"};
    default:
        return {"USAGE"};
    }
}

struct Grant {
    std::vector<std::string> privileges;
    std::optional<std::string> column;
    std::string grantee;
    bool grant_option = false;
};

std::optional<Grant> parse_grant(std::string_view stmt, ObjectKind kind) {
    std::size_t on = stmt.find(" ON ");
    std::size_t to = stmt.rfind(" TO ");
    if (on == std::string_view::npos || to == std::string_view::npos || to < on) {
        return std::nullopt;
    }
    Grant g;
    std::string_view privs = trim(stmt.substr(6, on - 6));
    if (auto open = privs.find('('); open != std::string_view::npos) {
        g.column = std::string(trim(privs.substr(open + 1, privs.rfind(')') - open - 1)));
        privs = trim(privs.substr(0, open));
    }
    std::string_view tail = trim(stmt.substr(to + 4));
    g.grant_option = ends_with(tail, " WITH GRANT OPTION");
    if (g.grant_option) {
        tail = trim(tail.substr(0, tail.size() - 18));
    }
    g.grantee = std::string(tail);
    if (privs == "ALL" || privs == "ALL PRIVILEGES") {
        g.privileges = all_privileges(g.column ? ObjectKind::column : kind);
    } else {
        for (const auto& p : split_top_level(privs, ',')) {
            g.privileges.push_back(p == "TEMP" ? "TEMPORARY" : p);
        }
    }
    return g;
}

void add_privilege(Builder& b, const CatalogObject& o, const Grant& g) {
    ObjectKind on_kind = g.column ? ObjectKind::column : o.kind;
    std::string on_identity = g.column ? o.identity + "." + *g.column : o.identity;
    std::string identity = std::string(to_string(on_kind)) + " " + on_identity + " " + g.grantee;
    CatalogObject& p = b.get(ObjectKind::privilege, identity);
    p.schema = o.schema;
    p.name = g.column ? unquote_ident(*g.column) : o.name;
    p.parent = on_identity;
    p.depends_on = {ObjectRef{on_kind, on_identity}};
    std::set<std::string> all;
    std::set<std::string> with_option;
    auto split_set = [](const std::string& text, std::set<std::string>& into) {
        for (const auto& s : split_top_level(text, ',')) {
            if (!s.empty()) {
                into.insert(s);
            }
        }
    };
    split_set(p.get("privileges"), all);
    split_set(p.get("grant_option"), with_option);
    for (const auto& priv : g.privileges) {
        all.insert(priv);
        if (g.grant_option) {
            with_option.insert(priv);
        }
    }
    p.set("object_kind", std::string(to_string(on_kind)));
    p.set("object", on_identity);
    p.set("grantee", g.grantee);
    p.set("privileges", join(std::vector<std::string>(all.begin(), all.end()), ","));
    p.set("grant_option",
          with_option.empty()
              ? std::nullopt
              : std::optional(
                    join(std::vector<std::string>(with_option.begin(), with_option.end()), ",")));
}

void add_comment(Builder& b, const CatalogObject& o, std::string_view stmt) {
    std::size_t is = find_top_level(stmt, " IS ");
    if (is == std::string_view::npos) {
        return;
    }
    ObjectKind on_kind = o.kind;
    std::string on_identity = o.identity;
    if (starts_with(stmt, "COMMENT ON COLUMN ")) {
        std::string target(trim(stmt.substr(18, is - 18)));
        std::size_t last_dot = target.rfind('.');
        // The column is the last part: `schema.table.column` as printed.
        std::size_t pos = 0;
        read_qualified(target, pos);
        if (pos < target.size() && target[pos] == '.') {
            ++pos;
            on_kind = ObjectKind::column;
            on_identity = o.identity + "." + read_ident(target, pos);
        } else if (last_dot != std::string::npos) {
            on_kind = ObjectKind::column;
            on_identity = o.identity + "." + target.substr(last_dot + 1);
        }
    }
    std::string identity = std::string(to_string(on_kind)) + " " + on_identity;
    CatalogObject& c = b.get(ObjectKind::comment, identity);
    c.schema = o.schema;
    c.name = o.name;
    c.parent = on_identity;
    c.depends_on = {ObjectRef{on_kind, on_identity}};
    c.ddl = std::string(stmt) + ";";
    c.set("object_kind", std::string(to_string(on_kind)));
    c.set("object", on_identity);
    c.set("text", literal_value(stmt.substr(is + 4)));
}

// ------------------------------------------------------------------------ dispatch

void parse_create(Builder& b, CatalogObject& o, std::string_view stmt) {
    switch (o.kind) {
    case ObjectKind::table:
        if (find_top_level(stmt, "EXTERNAL ") < find_top_level(stmt, "TABLE ")) {
            b.presence_only(o, "external tables are compared for presence only");
            return;
        }
        parse_table(b, o, stmt);
        return;
    case ObjectKind::sequence:
        parse_sequence(o, stmt);
        return;
    case ObjectKind::view:
    case ObjectKind::materialized_view:
        parse_view(b, o, stmt);
        return;
    case ObjectKind::function:
    case ObjectKind::procedure:
        parse_function(b, o, stmt);
        return;
    case ObjectKind::type:
        parse_type(b, o, stmt);
        return;
    case ObjectKind::domain:
        parse_domain(b, o, stmt);
        return;
    case ObjectKind::index:
        parse_index(o, stmt);
        return;
    case ObjectKind::trigger:
        // pg_get_triggerdef as printed; the function and enabled state are not compared.
        o.set("definition", std::string(stmt));
        return;
    case ObjectKind::rule:
        // pg_get_ruledef, whose ';' the statement split removed.
        o.set("definition", std::string(stmt) + ";");
        o.set("instead", bool_text(find_top_level(stmt, " DO INSTEAD ") != std::string_view::npos));
        return;
    case ObjectKind::schema:
        return;
    default:
        b.presence_only(o, "its CREATE statement is not parsed: compared for presence only");
        return;
    }
}

// printAlterColumnStatements: `ALTER TABLE ONLY t ALTER COLUMN c SET STORAGE x | SET (opts) |
// SET STATISTICS n` (statistics targets are not compared).
void apply_alter_column(Builder& b, const CatalogObject& table, std::string_view stmt) {
    std::size_t pos = stmt.find(" ALTER COLUMN ") + 14;
    CatalogObject* column =
        b.find(ObjectKind::column, table.identity + "." + read_ident(stmt, pos));
    if (column == nullptr) {
        return;
    }
    std::string_view rest = trim(stmt.substr(pos));
    if (starts_with(rest, "SET STORAGE ")) {
        static const std::map<std::string_view, std::string_view> k_storage = {
            {"PLAIN", "p"}, {"EXTERNAL", "e"}, {"MAIN", "m"}, {"EXTENDED", "x"}};
        auto it = k_storage.find(trim(rest.substr(12)));
        if (it != k_storage.end()) {
            column->set("storage_mode", std::string(it->second));
        }
    } else if (starts_with(rest, "SET (")) {
        column->set("options", array_text(option_items(rest.substr(5, rest.rfind(')') - 5))));
    }
}

// One statement of an entry, applied to the object the entry belongs to.
void apply_statement(Builder& b, CatalogObject& o, std::string_view stmt) {
    if (starts_with(stmt, "CREATE ")) {
        parse_create(b, o, stmt);
    } else if (starts_with(stmt, "ALTER TABLE ") &&
               stmt.find(" ADD CONSTRAINT ") != std::string_view::npos &&
               o.kind == ObjectKind::constraint) {
        parse_constraint(b, o, stmt);
    } else if (starts_with(stmt, "COMMENT ON ")) {
        add_comment(b, o, stmt);
    } else if (starts_with(stmt, "ALTER ") &&
               find_top_level(stmt, " OWNER TO ") != std::string_view::npos) {
        std::size_t pos = find_top_level(stmt, " OWNER TO ") + 10;
        std::string owner = read_ident(stmt, pos);
        if (o.coverage != Coverage::presence) {
            o.set("owner", owner);
        }
        // GP6 ALTER TABLE ... OWNER TO recurses into a classic partition tree.
        for (auto& leaf : b.objects) {
            if (leaf.kind == ObjectKind::table && leaf.get("partition_root") == o.identity) {
                leaf.set("owner", owner);
            }
        }
    } else if (starts_with(stmt, "GRANT ")) {
        if (auto g = parse_grant(stmt, o.kind)) {
            add_privilege(b, o, *g);
        }
    } else if (starts_with(stmt, "SELECT pg_catalog.setval(")) {
        parse_setval(o, stmt);
    } else if (starts_with(stmt, "ALTER SEQUENCE ") &&
               stmt.find(" OWNED BY ") != std::string_view::npos) {
        o.set("owned_by", std::string(trim(stmt.substr(stmt.find(" OWNED BY ") + 10))));
    } else if (starts_with(stmt, "ALTER TABLE ") &&
               stmt.find(" REPLICA IDENTITY ") != std::string_view::npos) {
        o.set("replica_identity",
              stmt.find(" NOTHING") != std::string_view::npos ? "nothing" : "full");
    } else if (starts_with(stmt, "ALTER TABLE ONLY ") &&
               stmt.find(" ALTER COLUMN ") != std::string_view::npos) {
        apply_alter_column(b, o, stmt);
    } else if (starts_with(stmt, "REVOKE ") || starts_with(stmt, "SET ") ||
               starts_with(stmt, "ALTER TABLE ONLY ")) {
        // REVOKE: the ACL is rebuilt from the GRANTs; SET: session settings; ALTER COLUMN SET
        // STATISTICS/STORAGE: attributes the backup catalog does not compare.
        return;
    } else if (o.coverage != Coverage::presence) {
        b.note(o.kind, o.identity, "statement not parsed: " + std::string(stmt.substr(0, 60)));
    }
}

// The kind and identity an entry belongs to (nullopt: no gpparity kind).
struct EntryObject {
    ObjectKind kind = ObjectKind::schema;
    std::string identity, schema, name, parent;
};

std::string relation_of_postdata(const TocEntry& e) {
    if (!e.reference_object.empty()) {
        return e.reference_object;
    }
    std::string_view s = trim(e.statement);
    std::size_t on = s.find(" ON ");
    if (starts_with(s, "ALTER TABLE ")) {
        std::size_t pos = starts_with(s, "ALTER TABLE ONLY ") ? 17 : 12;
        return read_qualified(s, pos);
    }
    if (on != std::string_view::npos) {
        std::size_t pos = on + 4;
        if (s.substr(pos, 5) == "ONLY ") {
            pos += 5;
        }
        return read_qualified(s, pos);
    }
    return {};
}

// A type as format_type prints it under search_path pg_catalog, from gpbackup's
// `quote_ident(schema) || '.' || quote_ident(typname)` (casts): built-in types by their SQL
// names, arrays as `element[]`, other schemas' types qualified.
// A raw name as quote_ident prints it, keywords aside: bare when lower case letters, digits and
// underscores not starting with a digit, else in double quotes.
std::string quote_ident_like(std::string_view raw) {
    const bool bare = !raw.empty() && std::isdigit(static_cast<unsigned char>(raw.front())) == 0 &&
                      std::all_of(raw.begin(), raw.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                      });
    if (bare) {
        return std::string(raw);
    }
    std::string out = "\"";
    for (char c : raw) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string format_type_name(std::string_view fqn) {
    std::size_t pos = 0;
    std::string schema = read_ident(fqn, pos);
    std::string quoted_name;
    if (pos < fqn.size() && fqn[pos] == '.') {
        ++pos;
        quoted_name = read_ident(fqn, pos);
    } else {
        quoted_name = std::move(schema);
        schema = "pg_catalog";
    }
    // quote_ident quotes keywords (pg_catalog."numeric", "timestamp", "char"): the raw name
    // is what the lookups take.
    std::string name = unquote_ident(quoted_name);
    std::string suffix;
    if (starts_with(name, "_")) {
        name.erase(0, 1);
        suffix = "[]";
    }
    if (schema != "pg_catalog") {
        return schema + "." + (suffix.empty() ? quoted_name : quote_ident_like(name)) + suffix;
    }
    static const std::map<std::string_view, std::string_view> k_sql_names = {
        {"bool", "boolean"},
        {"bpchar", "character"},
        {"char", "\"char\""},
        {"float4", "real"},
        {"float8", "double precision"},
        {"int2", "smallint"},
        {"int4", "integer"},
        {"int8", "bigint"},
        {"time", "time without time zone"},
        {"timetz", "time with time zone"},
        {"timestamp", "timestamp without time zone"},
        {"timestamptz", "timestamp with time zone"},
        {"varbit", "bit varying"},
        {"varchar", "character varying"},
    };
    const auto it = k_sql_names.find(name);
    return (it == k_sql_names.end() ? quote_ident_like(name) : std::string(it->second)) + suffix;
}

// The value after `key = ` on its own line of a printed statement (`LEFTARG = bigint,`).
std::optional<std::string> printed_option(std::string_view stmt, std::string_view key) {
    const std::string needle = "\t" + std::string(key) + " = ";
    const std::size_t at = stmt.find(needle);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view value = stmt.substr(at + needle.size());
    value = value.substr(0, value.find('\n'));
    if (ends_with(value, ",")) {
        value.remove_suffix(1);
    }
    return std::string(trim(value));
}

// The extractor's identity of a kind whose TOC name is not it (casts, operators, operator
// classes and families, user mappings), from the entry's name and statement; nullopt for the
// other kinds.
std::optional<std::string> extractor_identity(const TocEntry& e, ObjectKind kind) {
    const std::string qualified = e.schema.empty() ? e.name : e.schema + "." + e.name;
    switch (kind) {
    case ObjectKind::cast: {
        // "(<source> AS <target>)", both quote_ident(schema).quote_ident(typname).
        if (e.name.empty() || e.name.front() != '(') {
            return std::nullopt;
        }
        std::size_t pos = 1;
        const std::string from = read_qualified(e.name, pos);
        if (e.name.compare(pos, 4, " AS ") != 0) {
            return std::nullopt;
        }
        pos += 4;
        const std::string to = read_qualified(e.name, pos);
        return "(" + format_type_name(from) + " AS " + format_type_name(to) + ")";
    }
    case ObjectKind::operator_:
        return qualified + "(" + printed_option(e.statement, "LEFTARG").value_or("NONE") + ", " +
               printed_option(e.statement, "RIGHTARG").value_or("NONE") + ")";
    case ObjectKind::operator_class:
    case ObjectKind::operator_family: {
        // "CREATE OPERATOR CLASS|FAMILY <name> ... USING <method>": after the name.
        const std::string_view stmt = trim(e.statement);
        std::size_t pos = stmt.find(kind == ObjectKind::operator_class ? " CLASS " : " FAMILY ");
        if (pos == std::string_view::npos) {
            return std::nullopt;
        }
        pos += kind == ObjectKind::operator_class ? 7 : 8;
        read_qualified(stmt, pos);
        std::size_t using_at = stmt.find(" USING ", pos);
        if (using_at == std::string_view::npos) {
            return std::nullopt;
        }
        using_at += 7;
        return qualified + " USING " + read_ident(stmt, using_at);
    }
    case ObjectKind::user_mapping: {
        // "<user> ON <server>"; pg_user_mappings names the PUBLIC mapping's user `public`.
        std::size_t pos = 0;
        const std::string user = read_ident(e.name, pos);
        if (e.name.compare(pos, 4, " ON ") != 0) {
            return std::nullopt;
        }
        pos += 4;
        return (user == "public" ? std::string("PUBLIC") : user) + "@" + read_ident(e.name, pos);
    }
    default:
        return std::nullopt;
    }
}

std::optional<EntryObject> entry_object(const TocEntry& e, ObjectKind kind) {
    EntryObject out;
    out.kind = kind;
    out.schema = unquote_ident(e.schema);
    if (kind == ObjectKind::schema) {
        // gpbackup's schema entries carry the schema's quote_ident'ed name as both schema and
        // name (backup/queries_shared.go Schema.GetMetadataEntry).
        out.name = unquote_ident(e.name);
        out.schema = out.name;
        out.identity = e.name;
        return out;
    }
    if (auto identity = extractor_identity(e, kind)) {
        out.name = unquote_ident(e.name);
        out.identity = std::move(*identity);
        if (kind == ObjectKind::cast || kind == ObjectKind::user_mapping) {
            out.schema.clear(); // the TOC's schema is only for gprestore's filters
        }
        return out;
    }
    if (is_routine(kind)) {
        std::size_t open = e.name.find('(');
        std::string fname = e.name.substr(0, open);
        std::string args = open == std::string::npos
                               ? std::string()
                               : e.name.substr(open + 1, e.name.rfind(')') - open - 1);
        out.name = unquote_ident(fname);
        out.identity = e.schema + "." + fname + "(" + identity_argument_types(args) + ")";
        return out;
    }
    if (kind == ObjectKind::index || kind == ObjectKind::constraint ||
        kind == ObjectKind::trigger || kind == ObjectKind::rule) {
        out.parent = relation_of_postdata(e);
        out.name = unquote_ident(e.name);
        out.identity = out.parent + "." + e.name;
        return out;
    }
    out.name = unquote_ident(e.name);
    out.identity = e.schema.empty() ? e.name : e.schema + "." + e.name;
    return out;
}

ObjectKind refine_kind(ObjectKind kind, const TocEntry& e) {
    if (kind == ObjectKind::table) {
        std::string_view s = trim(e.statement);
        if (starts_with(s, "CREATE READABLE EXTERNAL") || starts_with(s, "CREATE EXTERNAL") ||
            starts_with(s, "CREATE WRITABLE EXTERNAL")) {
            return ObjectKind::external_table;
        }
    }
    return kind;
}

// A GP6 classic partition definition without its per-partition `WITH (tablename=...)`, which
// GP7 rejects, when every tablename is the one both servers generate (<root>_1_prt_<name or
// ordinal>) and so can be left out; nullopt when a name differs or the tree has more levels.
std::optional<std::string> without_generated_tablenames(std::string_view stmt) {
    std::size_t name_pos = 13; // "CREATE TABLE "
    std::string root = raw_name_of(read_qualified(stmt, name_pos));
    std::size_t part = find_top_level(stmt, " PARTITION BY ");
    if (find_top_level(stmt, "SUBPARTITION", part) != std::string_view::npos) {
        return std::nullopt;
    }
    std::string out(stmt.substr(0, part));
    std::size_t at = part;
    int ordinal = 0;
    // The elements start inside the list after `PARTITION BY <strategy>(key)`.
    std::size_t key_open = stmt.find('(', part);
    std::size_t key_close =
        key_open == std::string_view::npos ? key_open : matching_paren(stmt, key_open);
    std::size_t list_open =
        key_close == std::string_view::npos ? key_close : stmt.find('(', key_close + 1);
    if (list_open == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t element_start = list_open + 1;
    while (true) {
        std::size_t with = stmt.find(" WITH (tablename=", at);
        if (with == std::string_view::npos) {
            out.append(stmt.substr(at));
            return out;
        }
        std::size_t close = matching_paren(stmt, with + 6);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        auto items = option_items(stmt.substr(with + 7, close - with - 7));
        std::optional<std::string> partition_name;
        std::string_view element = stmt.substr(element_start, with - element_start);
        if (auto p = element.rfind("PARTITION "); p != std::string_view::npos) {
            std::size_t pos = p + 10;
            partition_name = unquote_ident(read_ident(element, pos));
        }
        ++ordinal;
        std::string expected = root + "_1_prt_" + partition_name.value_or(std::to_string(ordinal));
        if (option_value(items, "tablename") != expected) {
            return std::nullopt;
        }
        std::erase_if(items, [](const std::string& i) {
            return starts_with(i, "tablename=") || i == "appendonly=false";
        });
        out.append(stmt.substr(at, with - at));
        if (!items.empty()) {
            out += " WITH (" + join(items, ", ") + ")";
        }
        at = close + 1;
        element_start = at;
    }
}

// The GP7 form of a statement, or the statement behind a `-- ` comment with why GP7 rejects it.
std::string ddl_for_gp7(std::string_view stmt) {
    if (starts_with(stmt, "CREATE TABLE ") &&
        find_top_level(stmt, " PARTITION BY ") != std::string_view::npos &&
        stmt.find("tablename=") != std::string_view::npos) {
        if (auto rendered = without_generated_tablenames(stmt)) {
            return *rendered + ";\n";
        }
        std::string out = "-- GP6 classic partition definition whose partition table names GP7 "
                          "cannot be told: recreate the partitions by hand\n";
        std::size_t start = 0;
        std::string text(stmt);
        text += ";";
        while (start <= text.size()) {
            std::size_t eol = text.find('\n', start);
            out += "-- " +
                   text.substr(start, eol == std::string::npos ? std::string::npos : eol - start) +
                   "\n";
            if (eol == std::string::npos) {
                break;
            }
            start = eol + 1;
        }
        return out;
    }
    return std::string(stmt) + ";\n";
}

// Whether recreate renders `stmt` from what it was parsed into rather than from the object's
// DDL: a COMMENT (the comment object keeps the statement), GRANT and REVOKE (privilege
// objects, and PUBLIC's revoke that follows from them), and OWNER TO where the owner attribute
// is kept and rendered (catalog/ddl.hpp owner_keyword).
bool rendered_apart(const CatalogObject& o, std::string_view stmt) {
    if (starts_with(stmt, "COMMENT ON ")) {
        return find_top_level(stmt, " IS ") != std::string_view::npos;
    }
    // An object privilege; a role membership (`GRANT r TO m`, gpbackup's ROLE GRANT) has no
    // object of its own and stays.
    if (starts_with(stmt, "GRANT ") || starts_with(stmt, "REVOKE ")) {
        return find_top_level(stmt, " ON ") != std::string_view::npos;
    }
    return starts_with(stmt, "ALTER ") &&
           find_top_level(stmt, " OWNER TO ") != std::string_view::npos &&
           o.coverage != Coverage::presence && !owner_keyword(o.kind).empty();
}

void append_ddl(CatalogObject& o, std::string_view stmt) {
    if (o.kind == ObjectKind::table && !o.get("partition_parent").empty()) {
        return; // a classic partition's DDL is its root's
    }
    if (rendered_apart(o, stmt)) {
        return;
    }
    o.ddl += ddl_for_gp7(stmt);
}

struct GroupKey {
    std::string type, schema, name;
    friend bool operator<(const GroupKey& a, const GroupKey& b) {
        return std::tie(a.type, a.schema, a.name) < std::tie(b.type, b.schema, b.name);
    }
};

void apply_entry(Builder& b, std::map<GroupKey, std::pair<ObjectKind, std::string>>& groups,
                 const TocEntry& e) {
    std::string type = e.object_type;
    bool metadata = ends_with(type, " METADATA");
    if (metadata) {
        type.resize(type.size() - 9);
    }
    if (type == "SESSION GUCS") {
        return; // SET client_encoding for the restore session: not an object
    }
    auto kind = kind_of_toc_type(type);
    if (!kind) {
        b.notes.push_back(type + " " + (e.schema.empty() ? e.name : e.schema + "." + e.name) +
                          ": gpparity has no catalog kind for it: not compared");
        return;
    }
    GroupKey key{type == "SEQUENCE OWNER" ? "SEQUENCE" : type, e.schema, e.name};
    CatalogObject* o = nullptr;
    if (auto it = groups.find(key); it != groups.end()) {
        o = b.find(it->second.first, it->second.second);
    }
    // Overloaded operators, and operator classes and families of one name under several access
    // methods, share their TOC name: each CREATE starts its own object, under the identity its
    // statement gives, and the metadata entries printed after it follow it.
    if (o != nullptr && starts_with(trim(e.statement), "CREATE ") &&
        (*kind == ObjectKind::operator_ || *kind == ObjectKind::operator_class ||
         *kind == ObjectKind::operator_family)) {
        o = nullptr;
    }
    if (o == nullptr) {
        auto eo = entry_object(e, refine_kind(*kind, e));
        CatalogObject& created = b.get(eo->kind, eo->identity);
        created.schema = eo->schema;
        created.name = eo->name;
        created.parent = eo->parent;
        if (!eo->parent.empty()) {
            created.depends_on.push_back(ObjectRef{ObjectKind::table, eo->parent});
        }
        groups[key] = {created.kind, created.identity};
        o = &created;
    }
    for (const auto& stmt : split_statements(e.statement)) {
        append_ddl(*o, stmt);
        apply_statement(b, *o, stmt);
    }
}

} // namespace

BackupCatalog catalog_from_toc(const std::vector<TocEntry>& entries,
                               const ClusterIdentity& source) {
    Builder b;
    std::map<GroupKey, std::pair<ObjectKind, std::string>> groups;
    for (const auto& e : entries) {
        apply_entry(b, groups, e);
    }
    BackupCatalog out;
    out.snapshot.cluster = source;
    out.snapshot.objects.assign(std::make_move_iterator(b.objects.begin()),
                                std::make_move_iterator(b.objects.end()));
    out.snapshot.sort();
    out.presence_only = std::move(b.notes);
    return out;
}

void limit_to_backup_scope(const Snapshot& backup, Snapshot& target) {
    std::vector<std::string> absent;
    for (ObjectKind kind : {ObjectKind::database, ObjectKind::tablespace, ObjectKind::role,
                            ObjectKind::resource_queue, ObjectKind::resource_group}) {
        const bool held = std::any_of(backup.objects.begin(), backup.objects.end(),
                                      [kind](const CatalogObject& o) { return o.kind == kind; });
        if (!held) {
            absent.emplace_back(to_string(kind));
        }
    }
    if (absent.empty()) {
        return;
    }
    auto out_of_scope = [&](const CatalogObject& o) {
        const std::string kind(to_string(o.kind));
        for (const auto& a : absent) {
            // The object itself, or a comment or privilege on one ("<kind> <identity> ...").
            if (kind == a || ((o.kind == ObjectKind::comment || o.kind == ObjectKind::privilege) &&
                              o.identity.rfind(a + " ", 0) == 0)) {
                return true;
            }
        }
        return false;
    };
    std::erase_if(target.objects, out_of_scope);
}

} // namespace gpparity::catalog
