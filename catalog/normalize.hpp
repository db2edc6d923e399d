#pragma once
/// GP6 -> GP7 normalization (DESIGN.md §3 step 3, greenplum.md §3): named rules that rewrite a
/// snapshot's GP6 representations into the ones GP7 uses, so that the diff compares meaning
/// rather than catalog layout. Every rule that changes something is recorded (object,
/// attribute, the value before), so the diff can say "expected change (rule X)" instead of
/// reporting a false difference. Pure: no I/O.
///
/// Rules are small named functions over one side's snapshot (RuleRun). Most fire only when the
/// comparison crosses from GP6 to something newer (NormalizeContext::crossing()); the textual
/// ones (deparse differences, master -> coordinator) are idempotent canonical forms applied to
/// both sides. Rules that need both sides at once (a sequence's cache 1 vs 20, a target
/// last_value ahead of the source) live in catalog/diff.cpp as pair rules.

#include "catalog/flavor.hpp"
#include "catalog/snapshot.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpparity::catalog {

/// Which comparison a side is normalized for.
struct NormalizeContext {
    Flavor source = Flavor::postgres;
    Flavor target = Flavor::postgres;
    bool is_source = true; ///< the side being normalized
    /// The source database's identity. When the target database has another name (the
    /// operator restored `shop` into `shop_gp7`), the target's database object, its privileges
    /// and its comment are compared under this identity (rule database_name).
    std::string source_database;

    /// True when the comparison goes from GP6 to GP7 (or to PostgreSQL 12+): the GP6 -> GP7
    /// rules of greenplum.md §3 apply.
    [[nodiscard]] bool crossing() const noexcept {
        return source == Flavor::gp6 && target != Flavor::gp6;
    }
    /// The flavor of the side being normalized.
    [[nodiscard]] Flavor side() const noexcept { return is_source ? source : target; }
};

/// One change a rule made to one object. `attribute` empty: the object itself was renamed
/// (`before` is the old identity) or dropped.
struct RuleEffect {
    std::string rule;
    std::string attribute;
    std::optional<std::string> before;
};

/// What normalization recorded about one object (keyed by its normalized identity).
struct ObjectNotes {
    std::vector<RuleEffect> effects;
    /// Non-empty when the object cannot exist on GP7 as it was (greenplum.md §3 rows 7, 14,
    /// 21, 22): why, and the rule that found it.
    std::string incompatible_reason;
    std::string incompatible_rule;
};

/// An object a rule removed from the comparison (e.g. a GP6 partition leaf's CHECK constraint).
struct DroppedObject {
    ObjectKind kind = ObjectKind::table;
    std::string identity;
    std::string rule;
};

/// The notes map key: kind and identity.
using ObjectKey = std::pair<ObjectKind, std::string>;

/// A snapshot after normalization, with the record of what the rules did.
struct NormalizedSnapshot {
    Snapshot snapshot; ///< sorted
    std::map<ObjectKey, ObjectNotes> notes;
    std::vector<DroppedObject> dropped;

    /// Notes of one object, or nullptr.
    [[nodiscard]] const ObjectNotes* notes_for(ObjectKind kind, const std::string& identity) const;
};

/// The working state of one rule over one snapshot: the rule reads and edits objects only
/// through these methods, so that every change is recorded under the rule's name.
class RuleRun {
public:
    RuleRun(Snapshot& snapshot, NormalizedSnapshot& out, const NormalizeContext& context)
        : m_snapshot(snapshot), m_out(out), m_context(context) {}

    [[nodiscard]] Snapshot& snapshot() noexcept { return m_snapshot; }
    [[nodiscard]] const NormalizeContext& context() const noexcept { return m_context; }
    void set_rule(std::string_view rule) { m_rule = std::string(rule); }

    /// Sets an attribute when the value differs, recording the old value.
    void set(CatalogObject& object, std::string_view attribute, std::optional<std::string> value);
    /// Removes an attribute (recorded only when it was present).
    void erase(CatalogObject& object, std::string_view attribute);
    /// Marks the object to be removed from the comparison (applied after the rule).
    void drop(CatalogObject& object);
    /// Gives the object a new identity (the snapshot is re-sorted after the rule).
    void rename(CatalogObject& object, std::string identity);
    /// Records that the object cannot exist on GP7 as it was.
    void incompatible(const CatalogObject& object, std::string reason);

    /// Applies drops and renames and re-sorts; called by normalize() after each rule.
    void finish();

private:
    ObjectNotes& notes_of(const CatalogObject& object);

    Snapshot& m_snapshot;
    NormalizedSnapshot& m_out;
    const NormalizeContext& m_context;
    std::string m_rule;
    std::vector<std::pair<ObjectKey, std::string>> m_renames; ///< (old key, new identity)
    std::vector<ObjectKey> m_drops;
};

/// A named normalization rule.
struct Rule {
    std::string_view name;
    std::string_view summary; ///< one line: what GP6 -> GP7 change it absorbs
    std::function<void(RuleRun&)> apply;
};

/// Every rule, in the order normalize() applies them.
[[nodiscard]] const std::vector<Rule>& normalization_rules();

/// Normalizes one side for the comparison described by `context`. Pure.
[[nodiscard]] NormalizedSnapshot normalize(Snapshot snapshot, const NormalizeContext& context);

// ---- The rules (each also usable alone; names are the `rule` of expected_change findings).

void rule_database_name(RuleRun& run);         ///< target database compared under the source's name
void rule_coordinator_naming(RuleRun& run);    ///< m -> c, MASTER_ONLY -> COORDINATOR_ONLY
void rule_storage_access_method(RuleRun& run); ///< relstorage letters -> access method names
void rule_ao_reloptions(RuleRun& run);         ///< AO reloptions <-> GP7's stored options
void rule_quicklz(RuleRun& run);               ///< quicklz -> zstd (gp_quicklz_fallback)
void rule_external_tables(RuleRun& run);       ///< pg_exttable <-> gp_exttable_server tables
void rule_partition_bounds(RuleRun& run);      ///< classic bounds -> half-open [lo, hi)
void rule_legacy_partition_features(RuleRun& run); ///< multi-column LIST keys
void rule_partition_children(RuleRun& run);        ///< GP6 leaf CHECKs, child indexes
void rule_removed_types(RuleRun& run);             ///< abstime, reltime, tinterval, unknown
void rule_prokind(RuleRun& run);                   ///< proisagg/proiswindow/prodataaccess
void rule_definition_text(RuleRun& run);           ///< trigger, index, view, rule deparse text
void rule_with_oids(RuleRun& run);                 ///< WITH OIDS is gone
void rule_languages(RuleRun& run);                 ///< plpythonu -> plpython3u
void rule_builtin_roles(RuleRun& run);             ///< pg_* roles built into GP7
void rule_legacy_hash_opclasses(RuleRun& run);     ///< cdbhash_varchar_ops -> cdbhash_text_ops
void rule_resource_groups(RuleRun& run);           ///< redesigned: compare names only
void rule_execute_on(RuleRun& run);                ///< EXECUTE ON only for set-returning functions

// ---- Value helpers the rules use (pure, unit-tested on their own).

/// Parses PostgreSQL array text of `key=value` options ({a=1,"b=x y"}) into a sorted map.
/// Keys are lowercased; values are kept verbatim.
[[nodiscard]] std::map<std::string, std::string> parse_options(std::string_view array_text);
/// Renders options back as the extractor does: `{k=v,k=v}` sorted, quoting elements that need it.
[[nodiscard]] std::string format_options(const std::map<std::string, std::string>& options);
/// Collapses runs of whitespace to one space, trims, drops a trailing ';'.
[[nodiscard]] std::string collapse_whitespace(std::string_view text);
/// A classic GP6 bound with EXCLUSIVE/INCLUSIVE markers ("FOR VALUES FROM (1) EXCLUSIVE TO (10)
/// INCLUSIVE") in GP7's half-open form ("FOR VALUES FROM (2) TO (11)"), or nullopt when a
/// marked value is not of a discrete type gpparity can step (integers, dates).
[[nodiscard]] std::optional<std::string> half_open_bound(std::string_view bound);
/// Replaces removed GP6 type names in a format_type text (also inside argument lists):
/// abstime -> timestamp with time zone, reltime -> interval, unknown -> text. Sets
/// `*incompatible` to the name of a type with no replacement (tinterval) when found.
[[nodiscard]] std::string replace_removed_types(std::string_view text,
                                                std::string* incompatible = nullptr);

} // namespace gpparity::catalog
