#pragma once
/// DDL for `gpparity recreate` (DESIGN.md §3 step 4): the SQL that creates, on the target,
/// every object the diff found missing there and grants every privilege missing there, in an
/// order that respects the objects' dependencies, rendered in syntax the target accepts. Pure:
/// the script is returned as text and never executed.
///
/// What cannot be rendered, or not safely (roles' passwords, Python 2 bodies, objects the
/// source could not describe as DDL), is written as a comment with the reason.

#include "catalog/cluster.hpp"
#include "catalog/diff.hpp"
#include "catalog/snapshot.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::catalog {

struct RecreateScript {
    std::string sql;
    int statements = 0;   ///< statements written (not counting comments)
    int not_rendered = 0; ///< objects listed as comments only
};

/// Renders the recreate script for a diff. `source`/`target` name the sides in the header.
[[nodiscard]] RecreateScript render_recreate(const DiffResult& diff, const ClusterIdentity& source,
                                             const ClusterIdentity& target);

/// Orders `objects` so that every object comes after the objects it depends on
/// (`dependencies_of`), considering only dependencies inside the set (the others exist on the
/// target already). Ties, and the members of a dependency cycle, are broken by (kind,
/// identity), so the order is deterministic.
[[nodiscard]] std::vector<const CatalogObject*> order_by_dependencies(
    const std::vector<const CatalogObject*>& objects,
    const std::function<std::vector<ObjectRef>(const CatalogObject&)>& dependencies_of);

/// The keyword recreate writes an object's owner with, `ALTER <keyword> <identity> OWNER TO
/// <owner>`, from its `owner` attribute; empty for kinds whose owner it does not render.
[[nodiscard]] std::string owner_keyword(ObjectKind kind);

/// The sequences a column default uses: every `nextval('<identity>'::regclass)`.
[[nodiscard]] std::vector<std::string> sequences_in_default(std::string_view default_expression);

/// A GP6 CREATE TABLE's `WITH (appendonly=true, orientation=column, ...)` in GP7 syntax:
/// `USING ao_column WITH (...)` without appendonly/orientation (and fillfactor on AO tables).
/// Text without such options is returned unchanged.
[[nodiscard]] std::string gp7_table_storage_syntax(std::string_view create_table);

/// One column of a CREATE TABLE column list, from a column object's attributes (type,
/// collation, default or generation expression, identity, not null, AOCS ENCODING).
[[nodiscard]] std::string column_definition(const CatalogObject& column);
/// A CREATE TABLE whose column list is replaced by the definitions of `columns` (in order).
[[nodiscard]] std::string with_column_list(std::string_view create_table,
                                           const std::vector<const CatalogObject*>& columns);

/// An identifier in double quotes (always valid, whatever the name).
[[nodiscard]] std::string quote_identifier(std::string_view name);

} // namespace gpparity::catalog
