#include "catalog/ddl.hpp"

#include "catalog/normalize.hpp"
#include "catalog/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <unordered_map>
#include <utility>

namespace gpparity::catalog {

namespace {

using Key = std::pair<ObjectKind, std::string>;

constexpr ObjectKind k_relation_kinds[] = {ObjectKind::table, ObjectKind::external_table,
                                           ObjectKind::foreign_table, ObjectKind::view,
                                           ObjectKind::materialized_view};

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    std::string item;
    for (char c : text) {
        if (c == ',') {
            if (!item.empty()) {
                out.push_back(item);
            }
            item.clear();
        } else if (c != ' ') {
            item += c;
        }
    }
    if (!item.empty()) {
        out.push_back(item);
    }
    return out;
}

// Appends ';' to a statement unless it already ends with one.
std::string terminate(std::string_view statement) {
    std::string s(statement);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    if (s.empty() || s.back() != ';') {
        s += ';';
    }
    return s;
}

// `-- ` before every line. A comment ends at a carriage return as well as at a newline (in the
// server's lexer and in psql's), so each starts a new comment line: a name holding either
// (`"a<newline>b"` is a valid identifier) cannot end the comment and leak the rest as SQL.
std::string as_comment(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.find_first_of("\r\n", start), text.size());
        out += "-- ";
        out += text.substr(start, end - start);
        out += "\n";
        start = end + (text.substr(end, 2) == "\r\n" ? 2 : 1);
    }
    return out;
}

// The keyword GRANT uses for an object kind ("TABLE", "FUNCTION"...), or "".
std::string grant_keyword(std::string_view kind) {
    static const std::map<std::string_view, std::string_view> k_words = {
        {"table", "TABLE"},
        {"view", "TABLE"},
        {"materialized_view", "TABLE"},
        {"foreign_table", "TABLE"},
        {"external_table", "TABLE"},
        {"sequence", "SEQUENCE"},
        {"function", "FUNCTION"},
        {"aggregate", "FUNCTION"},
        {"procedure", "PROCEDURE"},
        {"schema", "SCHEMA"},
        {"database", "DATABASE"},
        {"language", "LANGUAGE"},
        {"type", "TYPE"},
        {"domain", "DOMAIN"},
        {"foreign_data_wrapper", "FOREIGN DATA WRAPPER"},
        {"foreign_server", "FOREIGN SERVER"},
        {"tablespace", "TABLESPACE"},
        {"protocol", "PROTOCOL"},
    };
    auto it = k_words.find(kind);
    return it == k_words.end() ? std::string() : std::string(it->second);
}

// GRANT statements for privileges `privileges` (and `grantable` among them) of a privilege
// object, or "" when the object kind has no GRANT form.
std::string render_grant(const Snapshot& source, const CatalogObject& privilege,
                         const std::vector<std::string>& privileges,
                         const std::set<std::string>& grantable) {
    std::string object_kind = privilege.get("object_kind");
    std::string object = privilege.get("object");
    std::string grantee = privilege.get("grantee");
    std::string target;
    std::string column;
    if (object_kind == "column") {
        const CatalogObject* c = source.find(ObjectKind::column, object);
        if (c == nullptr) {
            return {};
        }
        target = "TABLE " + c->parent;
        column = " (" + quote_identifier(c->name) + ")";
    } else {
        std::string keyword = grant_keyword(object_kind);
        if (keyword.empty()) {
            return {};
        }
        target = keyword + " " + object;
    }
    std::vector<std::string> plain;
    std::vector<std::string> with_option;
    for (const auto& p : privileges) {
        (grantable.count(p) != 0 ? with_option : plain).push_back(p + column);
    }
    std::string out;
    if (!plain.empty()) {
        out += "GRANT " + join(plain, ", ") + " ON " + target + " TO " + grantee + ";\n";
    }
    if (!with_option.empty()) {
        out += "GRANT " + join(with_option, ", ") + " ON " + target + " TO " + grantee +
               " WITH GRANT OPTION;\n";
    }
    return out;
}

std::string render_sequence(const CatalogObject& o) {
    std::string sql = "CREATE SEQUENCE " + o.identity;
    auto add = [&](const char* attribute, const char* clause) {
        const auto* v = o.find(attribute);
        if (v != nullptr && v->has_value()) {
            sql += std::string(" ") + clause + " " + **v;
        }
    };
    add("data_type", "AS");
    add("increment", "INCREMENT BY");
    add("min", "MINVALUE");
    add("max", "MAXVALUE");
    add("start", "START WITH");
    add("cache", "CACHE");
    sql += o.get("cycle") == "t" ? " CYCLE" : " NO CYCLE";
    sql += ";\n";
    if (const auto* last = o.find("last_value"); last != nullptr && last->has_value()) {
        // Where the source's sequence stood (a value handed out there must not be handed out
        // again on the target).
        sql += "SELECT pg_catalog.setval('" + o.identity + "', " + **last + ", true);\n";
    }
    return sql;
}

// Elements of a one-dimensional array in PostgreSQL's text form ({a,"b c"}).
std::vector<std::string> parse_array(std::string_view text) {
    std::vector<std::string> out;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return out;
    }
    text = text.substr(1, text.size() - 2);
    std::size_t i = 0;
    while (i < text.size()) {
        std::string element;
        if (text[i] == '"') {
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    ++i;
                }
                element += text[i++];
            }
            ++i;
        } else {
            while (i < text.size() && text[i] != ',') {
                element += text[i++];
            }
        }
        if (i < text.size() && text[i] == ',') {
            ++i;
        }
        out.push_back(std::move(element));
    }
    return out;
}

// The table part of a column identity `schema.table.column` (quoted parts may hold dots).
std::string table_of_column(std::string_view column) {
    bool quoted = false;
    std::size_t last_dot = std::string_view::npos;
    for (std::size_t i = 0; i < column.size(); ++i) {
        if (column[i] == '"') {
            quoted = !quoted;
        } else if (column[i] == '.' && !quoted) {
            last_dot = i;
        }
    }
    return last_dot == std::string_view::npos ? std::string()
                                              : std::string(column.substr(0, last_dot));
}

std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += '\'';
        }
        out += c;
    }
    return out + "'";
}

// COMMENT ON for objects of a table, which the extractor leaves without DDL.
std::string render_comment(const Snapshot& source, const CatalogObject& comment) {
    std::string kind = comment.get("object_kind");
    std::string object = comment.get("object");
    std::string text = quote_literal(comment.get("text"));
    if (kind == "index") {
        return "COMMENT ON INDEX " + quote_identifier(comment.schema) + "." +
               quote_identifier(comment.name) + " IS " + text + ";\n";
    }
    ObjectKind owner_kind = kind == "constraint" ? ObjectKind::constraint
                            : kind == "trigger"  ? ObjectKind::trigger
                            : kind == "rule"     ? ObjectKind::rule
                                                 : ObjectKind::comment;
    if (owner_kind == ObjectKind::comment) {
        return {};
    }
    const CatalogObject* o = source.find(owner_kind, object);
    if (o == nullptr) {
        return {};
    }
    std::string on = o->parent;
    if (owner_kind == ObjectKind::constraint && o->get("on") == "domain") {
        on = "DOMAIN " + on;
    }
    std::string keyword = owner_kind == ObjectKind::constraint ? "CONSTRAINT"
                          : owner_kind == ObjectKind::trigger  ? "TRIGGER"
                                                               : "RULE";
    return "COMMENT ON " + keyword + " " + quote_identifier(o->name) + " ON " + on + " IS " + text +
           ";\n";
}

// Kinds whose default ACL grants something to PUBLIC (EXECUTE, USAGE).
bool public_by_default(ObjectKind kind) noexcept {
    return kind == ObjectKind::function || kind == ObjectKind::procedure ||
           kind == ObjectKind::aggregate || kind == ObjectKind::type ||
           kind == ObjectKind::domain || kind == ObjectKind::language;
}

struct Rendered {
    std::string sql;      ///< statements, or empty
    std::string note;     ///< why it was not rendered (a comment), or empty
    std::string remark;   ///< a comment written even when covered, or empty
    bool covered = false; ///< created by another statement (its parent's): nothing more to say
};

Rendered rendered_sql(std::string sql) {
    Rendered r;
    r.sql = std::move(sql);
    return r;
}

} // namespace

std::string owner_keyword(ObjectKind kind) {
    switch (kind) {
    case ObjectKind::table:
        return "TABLE";
    case ObjectKind::view:
        return "VIEW";
    case ObjectKind::materialized_view:
        return "MATERIALIZED VIEW";
    case ObjectKind::foreign_table:
    case ObjectKind::external_table:
        return "FOREIGN TABLE";
    case ObjectKind::sequence:
        return "SEQUENCE";
    case ObjectKind::function:
        return "FUNCTION";
    case ObjectKind::procedure:
        return "PROCEDURE";
    case ObjectKind::aggregate:
        return "AGGREGATE";
    case ObjectKind::type:
        return "TYPE";
    case ObjectKind::domain:
        return "DOMAIN";
    case ObjectKind::collation:
        return "COLLATION";
    default:
        return {};
    }
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
    return out;
}

std::vector<std::string> sequences_in_default(std::string_view expression) {
    std::vector<std::string> out;
    static constexpr std::string_view k_call = "nextval('";
    std::size_t pos = 0;
    while ((pos = expression.find(k_call, pos)) != std::string_view::npos) {
        std::size_t start = pos + k_call.size();
        std::string name;
        std::size_t i = start;
        while (i < expression.size()) {
            if (expression[i] == '\'' && i + 1 < expression.size() && expression[i + 1] == '\'') {
                name += '\'';
                i += 2;
                continue;
            }
            if (expression[i] == '\'') {
                break;
            }
            name += expression[i++];
        }
        if (!name.empty()) {
            out.push_back(name);
        }
        pos = i;
    }
    return out;
}

namespace {

// The first top-level parenthesis group of a CREATE TABLE (its column list): the positions of
// '(' and ')', or nullopt.
std::optional<std::pair<std::size_t, std::size_t>> column_list_span(std::string_view ddl) {
    int depth = 0;
    bool in_single = false;
    bool in_double = false;
    std::size_t open = std::string_view::npos;
    for (std::size_t i = 0; i < ddl.size(); ++i) {
        char c = ddl[i];
        if (in_single) {
            in_single = c != '\'';
            continue;
        }
        if (in_double) {
            in_double = c != '"';
            continue;
        }
        if (c == '\'') {
            in_single = true;
        } else if (c == '"') {
            in_double = true;
        } else if (c == '(') {
            if (depth++ == 0) {
                open = i;
            }
        } else if (c == ')' && --depth == 0) {
            return std::make_pair(open, i);
        }
    }
    return std::nullopt;
}

} // namespace

std::string column_definition(const CatalogObject& column) {
    std::string out = quote_identifier(column.name) + " " + column.get("type");
    if (!column.get("collation").empty()) {
        out += " COLLATE " + column.get("collation");
    }
    std::string expression = column.get("default");
    if (column.get("generated") == "stored") {
        out += " GENERATED ALWAYS AS (" + expression + ") STORED";
    } else if (!expression.empty()) {
        out += " DEFAULT " + expression;
    }
    std::string identity = column.get("identity_generation");
    if (identity == "always") {
        out += " GENERATED ALWAYS AS IDENTITY";
    } else if (identity == "by_default") {
        out += " GENERATED BY DEFAULT AS IDENTITY";
    }
    if (column.get("not_null") == "t") {
        out += " NOT NULL";
    }
    // An AOCS column's own compression (pg_attribute_encoding), as GP6 and GP7 both write it.
    if (auto encoding = parse_array(column.get("encoding")); !encoding.empty()) {
        out += " ENCODING (" + join(encoding, ", ") + ")";
    }
    return out;
}

std::string with_column_list(std::string_view ddl,
                             const std::vector<const CatalogObject*>& columns) {
    auto span = column_list_span(ddl);
    if (!span || columns.empty()) {
        return std::string(ddl);
    }
    std::vector<std::string> definitions;
    definitions.reserve(columns.size());
    for (const auto* c : columns) {
        definitions.push_back(column_definition(*c));
    }
    return std::string(ddl.substr(0, span->first + 1)) + join(definitions, ", ") +
           std::string(ddl.substr(span->second));
}

std::string gp7_table_storage_syntax(std::string_view ddl) {
    auto span = column_list_span(ddl);
    if (!span) {
        return std::string(ddl);
    }
    std::size_t columns_end = span->second + 1;
    static constexpr std::string_view k_with = " WITH (";
    std::size_t with = ddl.find(k_with, columns_end);
    // Only the table's own WITH: not one inside a GP6 partition definition that follows
    // DISTRIBUTED ... / PARTITION BY.
    std::size_t tail =
        std::min(ddl.find(" DISTRIBUTED ", columns_end), ddl.find(" PARTITION BY ", columns_end));
    if (with == std::string_view::npos || with > tail) {
        return std::string(ddl);
    }
    std::size_t close = ddl.find(')', with + k_with.size());
    if (close == std::string_view::npos) {
        return std::string(ddl);
    }
    std::string inner(ddl.substr(with + k_with.size(), close - with - k_with.size()));
    auto options = parse_options("{" + [&] {
        std::string s;
        for (char c : inner) {
            if (c != ' ') {
                s += c;
            }
        }
        return s;
    }() + "}");
    auto flag = [&](const char* key) {
        auto it = options.find(key);
        return it != options.end() &&
               (it->second == "true" || it->second == "t" || it->second.empty());
    };
    bool ao = flag("appendonly") || flag("appendoptimized");
    bool column = options.count("orientation") != 0 && options["orientation"] == "column";
    for (const char* key : {"appendonly", "appendoptimized", "orientation"}) {
        options.erase(key);
    }
    std::string replacement;
    if (ao) {
        options.erase("fillfactor");
        if (auto it = options.find("compresstype");
            it != options.end() && it->second == "quicklz") {
            it->second = "zstd"; // quicklz was removed in GP7 (greenplum.md §3 row 3)
        }
        replacement = column ? " USING ao_column" : " USING ao_row";
    }
    if (!options.empty()) {
        std::vector<std::string> parts;
        parts.reserve(options.size());
        for (const auto& [key, value] : options) {
            parts.push_back(key);
            parts.back() += '=';
            parts.back() += value;
        }
        replacement += " WITH (" + join(parts, ", ") + ")";
    }
    return std::string(ddl.substr(0, with)) + replacement + std::string(ddl.substr(close + 1));
}

std::vector<const CatalogObject*> order_by_dependencies(
    const std::vector<const CatalogObject*>& objects,
    const std::function<std::vector<ObjectRef>(const CatalogObject&)>& dependencies_of) {
    std::map<Key, std::size_t> index;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        index.emplace(Key{objects[i]->kind, objects[i]->identity}, i);
    }
    std::vector<std::vector<std::size_t>> dependents(objects.size());
    std::vector<std::size_t> waiting(objects.size(), 0);
    for (std::size_t i = 0; i < objects.size(); ++i) {
        std::set<std::size_t> seen;
        for (const auto& ref : dependencies_of(*objects[i])) {
            auto it = index.find(Key{ref.kind, ref.identity});
            if (it == index.end() || it->second == i || !seen.insert(it->second).second) {
                continue;
            }
            dependents[it->second].push_back(i);
            ++waiting[i];
        }
    }
    auto later = [&](std::size_t a, std::size_t b) {
        const auto* x = objects[a];
        const auto* y = objects[b];
        if (x->kind != y->kind) {
            return x->kind > y->kind;
        }
        return x->identity > y->identity;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> ready(later);
    for (std::size_t i = 0; i < objects.size(); ++i) {
        if (waiting[i] == 0) {
            ready.push(i);
        }
    }
    std::vector<const CatalogObject*> out;
    std::vector<bool> done(objects.size(), false);
    out.reserve(objects.size());
    while (out.size() < objects.size()) {
        if (ready.empty()) {
            // A cycle: release its smallest member (deterministic), as pg_dump would split it.
            std::size_t pick = objects.size();
            for (std::size_t i = 0; i < objects.size(); ++i) {
                if (!done[i] && (pick == objects.size() || later(pick, i))) {
                    pick = i;
                }
            }
            waiting[pick] = 0;
            ready.push(pick);
        }
        std::size_t i = ready.top();
        ready.pop();
        if (done[i]) {
            continue;
        }
        done[i] = true;
        out.push_back(objects[i]);
        for (std::size_t d : dependents[i]) {
            if (waiting[d] > 0 && --waiting[d] == 0) {
                ready.push(d);
            }
        }
    }
    return out;
}

namespace {

// What the recreate script creates, and the facts of the source it reads to render it.
struct RecreatePlan {
    const Snapshot* source = nullptr;
    bool gp7_target = false;
    bool crossing = false; ///< a GP6 source and a newer target
    /// The objects to create, in dependency order, and the finding that asks for each.
    std::vector<const CatalogObject*> ordered;
    std::map<Key, const Finding*> finding_of;
    std::set<Key> creating;
    /// Privileges on both sides of which the target holds only a part.
    std::vector<const Finding*> partial_grants;
    /// The columns of each relation, by position.
    std::map<std::string, std::vector<const CatalogObject*>> columns_of;
    /// The sequences that column defaults call nextval() on, by relation and by column.
    std::map<std::string, std::vector<std::string>> sequences_of_relation;
    /// Who holds privileges on each object at the source (objects with a non-default ACL).
    std::map<std::string, std::set<std::string>> grantees_of;

    [[nodiscard]] bool is_created(ObjectKind kind, const std::string& identity) const {
        return creating.count(Key{kind, identity}) != 0;
    }

    [[nodiscard]] bool parent_created(const CatalogObject& o) const {
        for (ObjectKind kind : k_relation_kinds) {
            if (is_created(kind, o.parent)) {
                return true;
            }
        }
        return false;
    }

    [[nodiscard]] std::vector<ObjectRef> dependencies_of(const CatalogObject& o) const {
        std::vector<ObjectRef> deps = o.depends_on;
        if (!o.parent.empty()) {
            for (ObjectKind kind : k_relation_kinds) {
                deps.push_back(ObjectRef{kind, o.parent});
            }
            deps.push_back(ObjectRef{ObjectKind::type, o.parent});
            deps.push_back(ObjectRef{ObjectKind::domain, o.parent});
            // A privilege or comment on a column: also after the column.
            deps.push_back(ObjectRef{ObjectKind::column, o.parent});
        }
        // A table's DDL holds its columns: it needs what they need (types, domains, collations).
        if (auto it = columns_of.find(o.identity); it != columns_of.end()) {
            for (const auto* column : it->second) {
                deps.insert(deps.end(), column->depends_on.begin(), column->depends_on.end());
            }
        }
        // Column defaults that call nextval(): the table needs the sequence first.
        if (auto it = sequences_of_relation.find(o.identity); it != sequences_of_relation.end()) {
            for (const auto& seq : it->second) {
                deps.push_back(ObjectRef{ObjectKind::sequence, seq});
            }
        }
        return deps;
    }
};

// What to create, and the finding that asks for it: the objects missing on the target (or
// incompatible and absent there). Also collects the privileges the target holds only in part.
std::vector<const CatalogObject*> collect_wanted(const DiffResult& diff, RecreatePlan& plan) {
    std::vector<const CatalogObject*> wanted;
    for (const auto& f : diff.findings) {
        if (f.status == FindingStatus::missing_in_target ||
            f.status == FindingStatus::incompatible) {
            const CatalogObject* o = plan.source->find(f.kind, f.object);
            if (o == nullptr || diff.target.snapshot.find(f.kind, f.object) != nullptr) {
                continue; // incompatible but present on the target: nothing to create
            }
            wanted.push_back(o);
            plan.finding_of[Key{o->kind, o->identity}] = &f;
        } else if (f.status == FindingStatus::changed && f.kind == ObjectKind::privilege) {
            plan.partial_grants.push_back(&f);
        }
    }
    for (const auto* o : wanted) {
        plan.creating.insert(Key{o->kind, o->identity});
    }
    return wanted;
}

// Indexes the source: each relation's columns (by position) and the sequences their defaults
// use, and the grantees of each object.
void index_source(const Snapshot& source, RecreatePlan& plan) {
    for (const auto* column : source.of_kind(ObjectKind::column)) {
        plan.columns_of[column->parent].push_back(column);
        for (auto& seq : sequences_in_default(column->get("default"))) {
            plan.sequences_of_relation[column->parent].push_back(seq);
            plan.sequences_of_relation[column->identity].push_back(seq);
        }
    }
    for (const auto* privilege : source.of_kind(ObjectKind::privilege)) {
        plan.grantees_of[privilege->get("object")].insert(privilege->get("grantee"));
    }
    for (auto& [table, columns] : plan.columns_of) {
        std::stable_sort(columns.begin(), columns.end(),
                         [](const CatalogObject* a, const CatalogObject* b) {
                             auto position = [](const CatalogObject* c) {
                                 return std::atol(c->get("position", "0").c_str());
                             };
                             return position(a) < position(b);
                         });
    }
}

RecreatePlan plan_recreate(const DiffResult& diff, const ClusterIdentity& source_identity,
                           const ClusterIdentity& target_identity) {
    RecreatePlan plan;
    plan.source = &diff.source.snapshot;
    plan.gp7_target = target_identity.flavor == Flavor::gp7;
    plan.crossing = source_identity.flavor == Flavor::gp6 && target_identity.flavor != Flavor::gp6;
    std::vector<const CatalogObject*> wanted = collect_wanted(diff, plan);
    index_source(*plan.source, plan);
    plan.ordered = order_by_dependencies(
        wanted, [&plan](const CatalogObject& o) { return plan.dependencies_of(o); });
    return plan;
}

std::string script_header(const ClusterIdentity& source_identity,
                          const ClusterIdentity& target_identity) {
    std::string out = "-- gpparity " GPPARITY_VERSION " recreate script\n";
    out += as_comment("source: database " + source_identity.database + " (" +
                      std::string(to_string(source_identity.flavor)) + " " +
                      source_identity.server_version + ")");
    out += as_comment("target: database " + target_identity.database + " (" +
                      std::string(to_string(target_identity.flavor)) + " " +
                      target_identity.server_version + ")");
    out += "-- Printed by gpparity, never executed by it: review, then run on the target, e.g.\n"
           "--   psql -v ON_ERROR_STOP=1 -f <this file> <target>\n\n"
           "SET check_function_bodies = false;\n\n";
    return out;
}

Rendered recreate_column(const RecreatePlan& plan, const CatalogObject& o, const Finding& f) {
    Rendered r;
    if (plan.parent_created(o)) {
        r.covered = true;
        if (f.status == FindingStatus::incompatible) {
            // The table's column list uses the normalized (converted) type.
            r.remark = as_comment("incompatible: column " + o.identity + ": " + f.reason +
                                  "; created by its table as " + o.get("type")) +
                       "\n";
        }
    } else if (o.ddl.empty()) {
        r.note = "the column of a view or materialized view: recreate the view";
    } else {
        r.sql = terminate(o.ddl) + "\n";
    }
    return r;
}

Rendered recreate_privilege(const RecreatePlan& plan, const CatalogObject& o) {
    Rendered r;
    std::set<std::string> grantable;
    for (auto& p : split_list(o.get("grant_option"))) {
        grantable.insert(p);
    }
    r.sql = render_grant(*plan.source, o, split_list(o.get("privileges")), grantable);
    if (r.sql.empty()) {
        r.note = "no GRANT form for a " + o.get("object_kind") + " privilege";
    }
    return r;
}

// OWNED BY goes to `deferred`, written after every object: the owning column may come later.
Rendered recreate_sequence(const RecreatePlan& plan, const CatalogObject& o,
                           std::vector<std::string>& deferred) {
    Rendered r;
    if (o.get("is_identity") == "t" &&
        plan.is_created(ObjectKind::table, table_of_column(o.get("owned_by")))) {
        r.covered = true;
        return r;
    }
    r.sql = render_sequence(o);
    if (const auto* owned = o.find("owned_by"); owned != nullptr && owned->has_value()) {
        deferred.push_back("ALTER SEQUENCE " + o.identity + " OWNED BY " + **owned + ";\n");
    }
    return r;
}

Rendered recreate_role(const CatalogObject& o) {
    Rendered r;
    r.sql = terminate(o.ddl) + "\n";
    for (const auto& group : parse_array(o.get("member_of"))) {
        // "role" or "role WITH ADMIN OPTION", as the extractor writes it.
        auto admin = group.find(" WITH ADMIN OPTION");
        std::string role = admin == std::string::npos ? group : group.substr(0, admin);
        r.sql += "GRANT " + role + " TO " + o.identity +
                 (admin == std::string::npos ? "" : " WITH ADMIN OPTION") + ";\n";
    }
    if (o.get("login") == "t") {
        r.sql += "-- not recreated: the password (gpparity never reads password hashes); "
                 "set it with\n" +
                 as_comment("  ALTER ROLE " + o.identity + " PASSWORD '...';");
    }
    return r;
}

Rendered recreate_index(const RecreatePlan& plan, const CatalogObject& o) {
    Rendered r;
    if (!o.get("partition_parent_index").empty() && plan.parent_created(o)) {
        r.covered = true;
        return r;
    }
    // The index of a primary key, unique or exclusion constraint comes with the constraint's
    // ALTER TABLE ... ADD CONSTRAINT.
    if (!o.get("constraint").empty() &&
        plan.is_created(ObjectKind::constraint, o.parent + "." + o.get("constraint"))) {
        r.covered = true;
        return r;
    }
    std::string text = o.ddl;
    if (auto pos = text.find(" ON ONLY "); pos != std::string::npos) {
        // Without ONLY the index is created on every partition too (PG 11+).
        text.replace(pos, 9, " ON ");
    }
    r.sql = terminate(text) + "\n";
    return r;
}

Rendered recreate_table(const RecreatePlan& plan, const CatalogObject& o) {
    Rendered r;
    if (o.ddl.empty()) {
        if (plan.is_created(ObjectKind::table, o.get("partition_parent")) ||
            plan.is_created(ObjectKind::table, o.get("partition_root"))) {
            r.covered = true;
        } else {
            r.note = "a classic partition: add it with ALTER TABLE " + o.get("partition_root") +
                     " ADD PARTITION (the source has no standalone DDL for it)";
        }
        return r;
    }
    std::string text = o.ddl;
    // The column list from the column objects (generated and identity columns included), except
    // for inheritance children, whose DDL lists only their local columns.
    if (o.get("inherits").empty() && o.get("partition_parent").empty()) {
        if (auto it = plan.columns_of.find(o.identity); it != plan.columns_of.end()) {
            text = with_column_list(text, it->second);
        }
    }
    r.sql = terminate(plan.gp7_target ? gp7_table_storage_syntax(text) : text) + "\n";
    return r;
}

Rendered recreate_routine(const RecreatePlan& plan, const CatalogObject& o, const Finding& f) {
    Rendered r;
    if (f.status == FindingStatus::incompatible) {
        r.note = f.reason;
        return r;
    }
    r.sql = o.ddl.empty() ? std::string() : terminate(o.ddl) + "\n";
    if (plan.gp7_target && plan.crossing) {
        // GA GP7 spells it COORDINATOR (greenplum.md §3 row 1).
        auto pos = r.sql.find("EXECUTE ON MASTER");
        if (pos != std::string::npos) {
            r.sql.replace(pos, 17, "EXECUTE ON COORDINATOR");
        }
    }
    return r;
}

Rendered recreate_view(const CatalogObject& o) {
    Rendered r;
    std::string text = o.ddl;
    while (!text.empty() && (text.back() == ';' || text.back() == ' ' || text.back() == '\n')) {
        text.pop_back();
    }
    r.sql = text.empty() ? std::string() : text + ";\n";
    return r;
}

// The statements that create one object, or why there are none.
Rendered recreate_object(const RecreatePlan& plan, const CatalogObject& o, const Finding& f,
                         std::vector<std::string>& deferred) {
    switch (o.kind) {
    case ObjectKind::column:
        return recreate_column(plan, o, f);
    case ObjectKind::privilege:
        return recreate_privilege(plan, o);
    case ObjectKind::sequence:
        return recreate_sequence(plan, o, deferred);
    case ObjectKind::role:
        return recreate_role(o);
    case ObjectKind::index:
        return recreate_index(plan, o);
    case ObjectKind::table:
        return recreate_table(plan, o);
    case ObjectKind::function:
    case ObjectKind::procedure:
        return recreate_routine(plan, o, f);
    case ObjectKind::view:
    case ObjectKind::materialized_view:
        return recreate_view(o);
    case ObjectKind::comment:
        return rendered_sql(o.ddl.empty() ? render_comment(*plan.source, o)
                                          : terminate(o.ddl) + "\n");
    default:
        return rendered_sql(o.ddl.empty() ? std::string() : terminate(o.ddl) + "\n");
    }
}

// Writes one object's group: its finding, then its statements with its owner and PUBLIC's
// revoked default privileges, or why it is not rendered.
void append_object(const RecreatePlan& plan, const CatalogObject& o, const Finding& f, Rendered r,
                   RecreateScript& script) {
    std::string& out = script.sql;
    out += r.remark;
    if (r.covered) {
        return;
    }
    if (f.status == FindingStatus::incompatible && r.note.empty()) {
        r.note = f.reason;
        r.sql.clear();
    }
    if (r.sql.empty() && r.note.empty()) {
        r.note = "the source has no DDL for this " + std::string(to_string(o.kind));
    }
    out += as_comment(std::string(to_string(f.status)) + ": " + std::string(to_string(o.kind)) +
                      " " + o.identity);
    if (!r.note.empty()) {
        out += as_comment("not rendered: " + r.note);
        if (!o.ddl.empty()) {
            out += as_comment(o.ddl);
        }
        ++script.not_rendered;
        out += "\n";
        return;
    }
    out += r.sql;
    ++script.statements;
    std::string owner_kw = owner_keyword(o.kind);
    if (!owner_kw.empty() && !o.get("owner").empty()) {
        out += "ALTER " + owner_kw + " " + o.identity + " OWNER TO " + o.get("owner") + ";\n";
    }
    // Functions and types are usable by PUBLIC by default; a source whose ACL lists grantees
    // but not PUBLIC had that revoked (the grants follow as their own findings).
    if (auto it = plan.grantees_of.find(o.identity); it != plan.grantees_of.end() &&
                                                     it->second.count("PUBLIC") == 0 &&
                                                     public_by_default(o.kind)) {
        out += "REVOKE ALL ON " + grant_keyword(to_string(o.kind)) + " " + o.identity +
               " FROM PUBLIC;\n";
    }
    out += "\n";
}

// What a source privilege object grants that the target's lacks: privileges missing there,
// and those the source grants WITH GRANT OPTION and the target without (granted again).
struct MissingGrant {
    std::vector<std::string> privileges;
    std::set<std::string> grantable;
};

MissingGrant missing_grant(const CatalogObject& source_privilege,
                           const CatalogObject& target_privilege) {
    std::set<std::string> have;
    for (auto& p : split_list(target_privilege.get("privileges"))) {
        have.insert(p);
    }
    std::set<std::string> have_option;
    for (auto& p : split_list(target_privilege.get("grant_option"))) {
        have_option.insert(p);
    }
    MissingGrant missing;
    for (auto& p : split_list(source_privilege.get("grant_option"))) {
        if (have_option.count(p) == 0) {
            missing.grantable.insert(p);
        }
    }
    for (auto& p : split_list(source_privilege.get("privileges"))) {
        if (have.count(p) == 0 || missing.grantable.count(p) != 0) {
            missing.privileges.push_back(p);
        }
    }
    return missing;
}

void append_partial_grants(const RecreatePlan& plan, const Snapshot& target,
                           RecreateScript& script) {
    for (const Finding* f : plan.partial_grants) {
        const CatalogObject* s = plan.source->find(ObjectKind::privilege, f->object);
        const CatalogObject* t = target.find(ObjectKind::privilege, f->object);
        if (s == nullptr || t == nullptr) {
            continue;
        }
        MissingGrant missing = missing_grant(*s, *t);
        if (missing.privileges.empty()) {
            continue;
        }
        std::string sql = render_grant(*plan.source, *s, missing.privileges, missing.grantable);
        if (sql.empty()) {
            continue;
        }
        script.sql +=
            as_comment("changed: privilege " + f->object + " (privileges the target lacks)") + sql +
            "\n";
        ++script.statements;
    }
}

void append_deferred(const std::vector<std::string>& deferred, RecreateScript& script) {
    if (deferred.empty()) {
        return;
    }
    script.sql += "-- sequences owned by the columns that use them\n";
    for (const auto& s : deferred) {
        script.sql += s;
        ++script.statements;
    }
    script.sql += "\n";
}

} // namespace

RecreateScript render_recreate(const DiffResult& diff, const ClusterIdentity& source_identity,
                               const ClusterIdentity& target_identity) {
    const RecreatePlan plan = plan_recreate(diff, source_identity, target_identity);
    RecreateScript script;
    script.sql = script_header(source_identity, target_identity);
    std::vector<std::string> deferred; // ALTER SEQUENCE ... OWNED BY, after every object
    for (const CatalogObject* o : plan.ordered) {
        const Finding& f = *plan.finding_of.at(Key{o->kind, o->identity});
        append_object(plan, *o, f, recreate_object(plan, *o, f, deferred), script);
    }
    append_partial_grants(plan, diff.target.snapshot, script);
    append_deferred(deferred, script);
    script.sql += "-- " + std::to_string(script.statements) + " statement group(s); " +
                  std::to_string(script.not_rendered) + " object(s) listed as comments only\n";
    return script;
}

} // namespace gpparity::catalog
