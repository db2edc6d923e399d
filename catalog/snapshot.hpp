#pragma once
/// The flavor-neutral model of what one database holds (DESIGN.md §3 step 2). Every extractor
/// (postgres, gp6, gp7) produces a Snapshot; normalize, diff, DDL rendering, the data plan and
/// snapshot files all read it. Pure data: no I/O here.
///
/// An object is keyed by kind + identity. The identity is the report identity of DESIGN.md §7:
/// schema-qualified, each part quoted only where quote_ident would quote it
/// (`shop."Weird ""Name"""`); routines add their argument types as format_type prints them
/// (`shop.add_tax(numeric)`); a column is `table.column`; an index, constraint, trigger or rule
/// is `table.name` (its parent table's identity, a dot, its own quoted name); a privilege is
/// `<object kind> <object identity> <grantee>`; a comment is `<kind> <identity>`.
///
/// Attributes are ordered name/value pairs compared one by one; a NULL catalog value is
/// nullopt. Attribute names are snake_case and stable across flavors: an extractor maps its
/// flavor's catalog columns onto the shared vocabulary, and catalog::normalize maps the GP6
/// representations whose *meaning* changed in GP7 (greenplum.md §3).

#include "catalog/cluster.hpp"
#include "catalog/object_kind.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::catalog {

struct Attribute {
    std::string name;
    std::optional<std::string> value;

    friend bool operator==(const Attribute&, const Attribute&) = default;
};

/// A reference to another object, for ordering DDL.
struct ObjectRef {
    ObjectKind kind = ObjectKind::schema;
    std::string identity;

    friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
    friend auto operator<=>(const ObjectRef& a, const ObjectRef& b) {
        if (a.kind != b.kind) {
            return a.kind <=> b.kind;
        }
        return a.identity <=> b.identity;
    }
};

/// How much of an object its side describes. A live extractor describes everything (full); a
/// side rebuilt from DDL text (a gpbackup backup set, catalog/backup_catalog.hpp) may know an
/// object's attributes but not its members, or only that the object exists. catalog::diff
/// compares what the source side describes and nothing more.
enum class Coverage {
    full,       ///< attributes and members (columns, indexes, ...) compared
    no_members, ///< attributes compared; members the side does not list are not reported
    presence,   ///< only presence compared: no attributes, no members
};

struct CatalogObject {
    ObjectKind kind = ObjectKind::schema;
    std::string identity; ///< report identity (see above); unique within a kind
    std::string schema;   ///< raw schema name; empty for objects outside schemas
    std::string name;     ///< raw object name (for a column, the column's name)
    std::string parent;   ///< identity of the owning table/type/object, or empty
    std::vector<Attribute> attributes;
    std::vector<ObjectRef> depends_on;  ///< objects that must exist first
    std::string ddl;                    ///< the source's own DDL where the server can produce it
    Coverage coverage = Coverage::full; ///< what of this object its side describes

    /// The value of an attribute, or nullptr when the object has no such attribute.
    [[nodiscard]] const std::optional<std::string>* find(std::string_view attribute) const noexcept;
    /// The value of an attribute, or `fallback` when absent or NULL.
    [[nodiscard]] std::string get(std::string_view attribute, std::string_view fallback = {}) const;
    /// Sets (replacing or appending) an attribute.
    void set(std::string_view attribute, std::optional<std::string> value);
    /// Removes an attribute if present; returns whether it was there.
    bool erase(std::string_view attribute);
};

/// The catalog of one database at one moment.
struct Snapshot {
    ClusterIdentity cluster; ///< who was read
    std::string taken_at;    ///< ISO 8601 UTC
    std::string gpparity_version = GPPARITY_VERSION;
    /// Sorted by (kind, identity) once sort() has been called; unique per (kind, identity).
    std::vector<CatalogObject> objects;
    /// Number of SQL statements the extraction ran (evidence for the fixed-query budget).
    int query_count = 0;

    /// Sorts objects by (kind, identity) and attributes keep their extraction order.
    void sort();
    /// Binary search after sort(); nullptr when absent.
    [[nodiscard]] const CatalogObject* find(ObjectKind kind,
                                            std::string_view identity) const noexcept;
    /// Every object of one kind, in identity order (after sort()).
    [[nodiscard]] std::vector<const CatalogObject*> of_kind(ObjectKind kind) const;
};

} // namespace gpparity::catalog
