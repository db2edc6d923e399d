#include "checksum/placement.hpp"

namespace gpparity::checksum {

std::string describe_policy(const DistributionPolicy& policy) {
    switch (policy.kind) {
    case DistributionPolicy::Kind::none:
        return "no distribution policy";
    case DistributionPolicy::Kind::random:
        return "DISTRIBUTED RANDOMLY";
    case DistributionPolicy::Kind::replicated:
        return "DISTRIBUTED REPLICATED";
    case DistributionPolicy::Kind::hash:
        break;
    }
    std::string out = "DISTRIBUTED BY (";
    for (std::size_t i = 0; i < policy.keys.size(); ++i) {
        out += (i ? ", " : "") + policy.keys[i];
    }
    return out + ")";
}

PlacementDecision decide_placement(const DistributionPolicy& source,
                                   const DistributionPolicy& target) {
    using Kind = DistributionPolicy::Kind;
    using Mode = PlacementDecision::Mode;
    if (source.kind == Kind::none || target.kind == Kind::none) {
        return {Mode::totals, source.kind == target.kind
                                  ? "no segments to compare (PostgreSQL)"
                                  : "only one side is distributed across segments"};
    }
    for (const DistributionPolicy* p : {&source, &target}) {
        if (!p->redistributed.empty() && p->kind != Kind::replicated) {
            return {Mode::totals, p->redistributed + ": totals and content only"};
        }
    }
    if (source.numsegments != target.numsegments) {
        return {Mode::totals, "numsegments differ: " + std::to_string(source.numsegments) +
                                  " in source, " + std::to_string(target.numsegments) +
                                  " in target"};
    }
    if (source.kind != target.kind || source.keys != target.keys) {
        return {Mode::totals, "distribution policies differ: " + describe_policy(source) +
                                  " in source, " + describe_policy(target) + " in target"};
    }
    if (source.kind == Kind::random) {
        return {Mode::totals, "randomly distributed: totals only"};
    }
    if (source.kind == Kind::replicated) {
        return {Mode::replicated, "replicated: every segment compared with the whole table"};
    }
    if (source.enum_key || target.enum_key) {
        return {Mode::totals,
                "distributed by an enum: enum hashes use OIDs, which differ between clusters"};
    }
    return {Mode::per_segment, "same distribution policy and numsegments: compared per segment"};
}

} // namespace gpparity::checksum
