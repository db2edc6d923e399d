#pragma once
/// Which placement check a table gets (DESIGN.md §4 "Placement", greenplum.md §2.4): segment by
/// segment only when both sides have the same numsegments and the same hash policy (key columns
/// and opclass names), no enum key, and neither side's rows were redistributed after loading;
/// replicated tables must hold the whole table on every segment; randomly distributed tables
/// compare totals only. Pure.

#include <string>
#include <vector>

namespace gpparity::checksum {

struct DistributionPolicy {
    enum class Kind { none, hash, random, replicated };
    Kind kind = Kind::none; ///< none: PostgreSQL, or no policy row
    int numsegments = 0;
    /// Key columns in order, each "column opclass_schema.opclass" (legacy cdbhash_varchar_ops
    /// normalized to cdbhash_text_ops, as GP7 uses it for varchar).
    std::vector<std::string> keys;
    std::vector<std::string> key_columns; ///< the raw column names of `keys`
    bool enum_key = false;
    /// The raw "schema.opcname" of each key column's opclass, as the catalog has it (legacy
    /// cdbhash_varchar_ops not normalized): what the placement check hashes with.
    std::vector<std::string> key_opclasses;
    /// Why the rows no longer sit where they were loaded, when something moved them all (a
    /// gprestore --resize-cluster, which reorganizes every table): per-segment placement is then
    /// not comparable with this side, only totals and content. Empty otherwise.
    std::string redistributed;
};

struct PlacementDecision {
    enum class Mode { totals, per_segment, replicated };
    Mode mode = Mode::totals;
    std::string note; ///< why, in one phrase
    [[nodiscard]] bool compared() const noexcept { return mode != Mode::totals; }
};

[[nodiscard]] PlacementDecision decide_placement(const DistributionPolicy& source,
                                                 const DistributionPolicy& target);

/// "DISTRIBUTED BY (a pg_catalog.int4_ops)", "DISTRIBUTED RANDOMLY", ... for notes.
[[nodiscard]] std::string describe_policy(const DistributionPolicy& policy);

} // namespace gpparity::checksum
