// The generic extraction runner: one READ ONLY REPEATABLE READ transaction, a detection query,
// then the flavor's fixed list of catalog queries (extract_queries.hpp describes their shape).

#include "catalog/extract.hpp"

#include "catalog/clock.hpp"
#include "catalog/error.hpp"
#include "catalog/extract_queries.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace gpparity::catalog {

namespace {

using detail::CatalogQuery;
using detail::Dialect;
using detail::k_leading_columns;

// Parses a one-dimensional text[] in PostgreSQL's output syntax ({a,"b c",NULL}). NULL
// elements are dropped (dependencies are never NULL).
std::vector<std::string> parse_text_array(std::string_view text) {
    std::vector<std::string> out;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return out;
    }
    std::size_t i = 1;
    const std::size_t end = text.size() - 1;
    while (i < end) {
        std::string element;
        bool quoted = false;
        if (text[i] == '"') {
            quoted = true;
            ++i;
            while (i < end && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < end) {
                    ++i;
                }
                element.push_back(text[i]);
                ++i;
            }
            ++i; // closing quote
        } else {
            while (i < end && text[i] != ',') {
                element.push_back(text[i]);
                ++i;
            }
        }
        if (quoted || element != "NULL") {
            out.push_back(std::move(element));
        }
        if (i < end && text[i] == ',') {
            ++i;
        }
    }
    return out;
}

// Where an object stands with respect to --include/--exclude.
enum class Scope { global, schema_level, named };

struct Row {
    CatalogObject object;
    Scope scope = Scope::global;
    std::string filter_schema;
    std::string filter_name;
};

Dialect detect_dialect(pg::Connection& conn, Flavor flavor) {
    pg::Result result = conn.exec(detail::detect_columns_sql());
    std::set<std::pair<std::string, std::string>> columns;
    std::string logerrors_type;
    for (int r = 0; r < result.rows(); ++r) {
        columns.emplace(result.text(r, 0), result.text(r, 1));
        if (result.value(r, 0) == "pg_exttable" && result.value(r, 1) == "logerrors") {
            logerrors_type = result.text(r, 2);
        }
    }
    return Dialect(flavor, std::move(columns), std::move(logerrors_type));
}

// GPPARITY_TRACE_CATALOG=1 prints each query's name, rows and milliseconds to stderr (for the
// benchmark and for diagnosing a slow catalog).
bool trace_enabled() {
    static const bool k_enabled = [] {
        const char* value = std::getenv("GPPARITY_TRACE_CATALOG");
        return value != nullptr && *value != '\0' && std::string_view(value) != "0";
    }();
    return k_enabled;
}

// Runs one catalog query; a failure names the query, and a missing privilege the grants.
pg::Result exec_catalog_query(pg::Connection& conn, const CatalogQuery& query) {
    try {
        return conn.exec(query.sql);
    } catch (const QueryError& e) {
        // insufficient_privilege: say which grants a read-only role needs, not just that one
        // was missing (GP7's pg_exttable view, for one, is not readable by PUBLIC).
        const std::string hint = e.sqlstate() == "42501"
                                     ? "; the role needs the grants in README \"Least privilege\""
                                     : "";
        throw QueryError(std::string(e.what()) + " (while reading " + query.name + ")" + hint,
                         e.sqlstate(), e.statement());
    }
}

void run_query(pg::Connection& conn, const CatalogQuery& query, std::vector<Row>& rows) {
    const auto started = std::chrono::steady_clock::now();
    pg::Result result = exec_catalog_query(conn, query);
    const int columns = result.columns();
    if (columns < k_leading_columns) {
        throw QueryError(conn.label() + ": catalog query for " + query.name + " returned " +
                             std::to_string(columns) + " columns",
                         "", query.sql);
    }
    std::vector<std::string> names;
    for (int c = k_leading_columns; c < columns; ++c) {
        names.push_back(std::string(result.column_name(c)));
    }
    rows.reserve(rows.size() + static_cast<std::size_t>(result.rows()));
    for (int r = 0; r < result.rows(); ++r) {
        auto kind = parse_object_kind(result.value(r, 0));
        if (!kind) {
            throw QueryError(conn.label() + ": catalog query for " + query.name +
                                 " returned unknown kind \"" + result.text(r, 0) + "\"",
                             "", query.sql);
        }
        Row row;
        CatalogObject& o = row.object;
        o.kind = *kind;
        o.identity = result.text(r, 1);
        o.schema = result.text(r, 2);
        o.name = result.text(r, 3);
        o.parent = result.text(r, 4);
        if (result.is_null(r, 5)) {
            row.scope = Scope::global;
        } else if (result.is_null(r, 6)) {
            row.scope = Scope::schema_level;
            row.filter_schema = result.text(r, 5);
        } else {
            row.scope = Scope::named;
            row.filter_schema = result.text(r, 5);
            row.filter_name = result.text(r, 6);
        }
        o.ddl = result.text(r, 7);
        for (auto& dep : parse_text_array(result.value(r, 8))) {
            auto colon = dep.find(':');
            if (colon == std::string::npos) {
                continue;
            }
            auto dep_kind = parse_object_kind(std::string_view(dep).substr(0, colon));
            if (!dep_kind) {
                continue;
            }
            ObjectRef ref{*dep_kind, dep.substr(colon + 1)};
            if (ref.kind == o.kind && ref.identity == o.identity) {
                continue;
            }
            o.depends_on.push_back(std::move(ref));
        }
        std::sort(o.depends_on.begin(), o.depends_on.end());
        o.depends_on.erase(std::unique(o.depends_on.begin(), o.depends_on.end()),
                           o.depends_on.end());
        o.attributes.reserve(names.size());
        for (int c = k_leading_columns; c < columns; ++c) {
            o.attributes.push_back(Attribute{names[static_cast<std::size_t>(c - k_leading_columns)],
                                             result.optional_text(r, c)});
        }
        rows.push_back(std::move(row));
    }
    if (trace_enabled()) {
        auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        std::fprintf(stderr, "gpparity: catalog query %s: %d rows, %lld ms\n", query.name.c_str(),
                     result.rows(), static_cast<long long>(elapsed_ms.count()));
    }
}

// GP6 keeps start/increment/min/max/cache/cycle/last_value inside each sequence relation
// (greenplum.md §1.8): read them in UNION ALL batches, so the statement count grows by
// ceil(sequences / k_gp6_sequence_batch), not by one per sequence.
int read_gp6_sequences(pg::Connection& conn, std::vector<Row>& rows) {
    std::unordered_map<std::string, CatalogObject*> by_identity;
    std::vector<std::pair<std::string, std::string>> pending;
    for (auto& row : rows) {
        if (row.object.kind == ObjectKind::sequence) {
            by_identity[row.object.identity] = &row.object;
            pending.emplace_back(conn.quote_literal(row.object.identity), row.object.identity);
        }
    }
    const auto& attributes = detail::gp6_sequence_relation_attributes();
    int statements = 0;
    for (std::size_t begin = 0; begin < pending.size(); begin += k_gp6_sequence_batch) {
        std::size_t end =
            std::min(pending.size(), begin + static_cast<std::size_t>(k_gp6_sequence_batch));
        std::vector<std::pair<std::string, std::string>> batch(
            pending.begin() + static_cast<std::ptrdiff_t>(begin),
            pending.begin() + static_cast<std::ptrdiff_t>(end));
        pg::Result result = conn.exec(detail::gp6_sequence_batch_sql(batch));
        ++statements;
        for (int r = 0; r < result.rows(); ++r) {
            auto it = by_identity.find(result.text(r, 0));
            if (it == by_identity.end()) {
                continue;
            }
            for (std::size_t a = 0; a < attributes.size(); ++a) {
                it->second->set(attributes[a], result.optional_text(r, static_cast<int>(a) + 1));
            }
        }
    }
    return statements;
}

std::vector<CatalogQuery> plan_for(const Dialect& dialect) {
    switch (dialect.flavor()) {
    case Flavor::gp6:
        return detail::gp6_queries(dialect);
    case Flavor::gp7:
        return detail::gp7_queries(dialect);
    case Flavor::postgres:
        break;
    }
    return detail::postgres_queries(dialect);
}

// Applies --include/--exclude (see extract.hpp) and checks that every --include matched.
std::vector<CatalogObject> apply_filter(std::vector<Row> rows, const Filter& filter,
                                        const std::string& label) {
    std::vector<CatalogObject> kept;
    kept.reserve(rows.size());
    if (filter.is_empty()) {
        for (auto& row : rows) {
            kept.push_back(std::move(row.object));
        }
        return kept;
    }
    std::vector<bool> include_matched(filter.includes().size(), false);
    std::unordered_set<std::string> schemas_in_use;
    std::vector<bool> keep(rows.size(), false);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        if (row.scope == Scope::global) {
            keep[i] = true;
            continue;
        }
        if (row.scope != Scope::named) {
            continue;
        }
        std::string full = row.filter_schema + "." + row.filter_name;
        for (std::size_t p = 0; p < filter.includes().size(); ++p) {
            if (!include_matched[p] && glob_match(filter.includes()[p], full)) {
                include_matched[p] = true;
            }
        }
        if (filter.accepts(row.filter_schema, row.filter_name)) {
            keep[i] = true;
            schemas_in_use.insert(row.filter_schema);
        }
    }
    for (std::size_t p = 0; p < include_matched.size(); ++p) {
        if (!include_matched[p] && filter.requires_include_matches()) {
            throw UsageError(label + ": --include '" + filter.includes()[p] +
                             "' matches no object (globs are matched against schema.name)");
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& row = rows[i];
        if (row.scope == Scope::schema_level) {
            // A schema (and its privileges, comments, default privileges) stays when it holds a
            // kept object, or when only --exclude is given and `schema.` is not excluded.
            keep[i] = schemas_in_use.count(row.filter_schema) != 0 ||
                      (filter.includes().empty() && filter.accepts(row.filter_schema, ""));
        }
        if (keep[i]) {
            kept.push_back(std::move(rows[i].object));
        }
    }
    return kept;
}

} // namespace

Snapshot extract_catalog(Cluster& cluster, const Filter& filter) {
    pg::Connection& conn = cluster.coordinator();
    Snapshot snapshot;
    snapshot.cluster = cluster.identity();
    snapshot.taken_at = iso8601_utc(std::chrono::system_clock::now());

    std::vector<Row> rows;
    int statements = 0;
    conn.begin_read_only_snapshot();
    // Catalog functions (pg_get_indexdef...) fill each backend's catalog caches: parallel
    // workers would each fill their own, doubling the work on a busy coordinator. JIT would
    // compile every one of these large, run-once queries (about a second each at 100,000
    // tables). Both only for this transaction; neither exists on GP6 (PG 9.4), hence
    // through pg_settings.
    (void)conn.exec(
        "SELECT pg_catalog.set_config(s.name, s.value, true) FROM pg_catalog.pg_settings p "
        "JOIN (VALUES ('max_parallel_workers_per_gather', '0'), ('jit', 'off')) AS s(name, value) "
        "ON p.name = s.name");
    ++statements;
    Dialect dialect = detect_dialect(conn, cluster.flavor());
    ++statements;
    for (const auto& query : plan_for(dialect)) {
        run_query(conn, query, rows);
        ++statements;
    }
    if (dialect.flavor() == Flavor::gp6) {
        statements += read_gp6_sequences(conn, rows);
    }
    conn.commit();

    snapshot.objects = apply_filter(std::move(rows), filter, cluster.side());
    snapshot.query_count = statements;
    snapshot.sort();
    for (std::size_t i = 1; i < snapshot.objects.size(); ++i) {
        const auto& a = snapshot.objects[i - 1];
        const auto& b = snapshot.objects[i];
        if (a.kind == b.kind && a.identity == b.identity) {
            throw QueryError(cluster.side() + ": catalog extraction produced two " +
                                 std::string(to_string(a.kind)) + " objects named " + a.identity,
                             "", "");
        }
    }
    return snapshot;
}

} // namespace gpparity::catalog
