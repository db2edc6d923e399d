#pragma once
/// The catalog diff (DESIGN.md §3 step 4): a pure function of two snapshots. Both sides are
/// normalized for the comparison (catalog/normalize.hpp), matched by (kind, identity), and
/// compared attribute by attribute. The result is findings (catalog/finding.hpp): missing in
/// target, extra in target, changed (one detail per attribute), expected change (every raw
/// difference is explained by a named rule) and incompatible (the source object cannot exist
/// on GP7 as it was).
///
/// Comparison rules:
/// - An attribute present on one side only is a flavor difference (docs/catalog-model.md:
///   attributes a flavor lacks are omitted) and is not compared.
/// - A column whose table (or view) is itself missing is not reported separately; nothing that
///   belongs to an extra table (columns, indexes, constraints, privileges, comments) is either.
/// - Coverage (catalog/snapshot.hpp) limits the comparison to what a side describes: an object
///   either side covers for presence only has no attribute compared; an object that belongs to
///   (has as parent) an object either side covers for presence only or without members is not
///   reported missing or extra when its parent exists on both sides.
/// - Pair rules need both sides: a target sequence's last_value at or beyond the source's is
///   fine (rule-free); a GP6 sequence cache of 1 against GP7's default 20, and a GP6 bigint
///   serial sequence against a GP7 integer one, are expected changes.

#include "catalog/finding.hpp"
#include "catalog/normalize.hpp"
#include "catalog/snapshot.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gpparity::catalog {

struct DiffResult {
    /// Sorted by (status, kind, object), like verify::sort_report.
    std::vector<Finding> findings;
    /// Objects compared per kind name (the union of both sides), e.g. {"table": 12}.
    std::map<std::string, std::uint64_t> compared;
    /// Both sides after normalization (what the findings' identities refer to); DDL rendering
    /// reads the source's objects from here.
    NormalizedSnapshot source;
    NormalizedSnapshot target;
};

/// Diffs `source` against `target`. The flavors come from each snapshot's cluster identity.
/// The snapshots are taken by value and normalized in place: move them in when they are not
/// needed afterwards (a 100,000-relation catalog is gigabytes). Pure and deterministic; does
/// not throw for any input but std::bad_alloc.
[[nodiscard]] DiffResult diff(Snapshot source, Snapshot target);

/// A pair rule for one attribute: returns the rule's name when the two (different, normalized)
/// values are an expected GP6 -> GP7 change, "" when the difference is no difference at all
/// (a target sequence ahead of the source), nullopt when it is a real change.
[[nodiscard]] std::optional<std::string> pair_rule(const CatalogObject& source_object,
                                                   std::string_view attribute,
                                                   const std::optional<std::string>& source,
                                                   const std::optional<std::string>& target,
                                                   const NormalizeContext& context);

} // namespace gpparity::catalog
