#pragma once
/// Which checksum strategy a data run uses (DESIGN.md §4 "Two strategies"): `stream` or
/// `pushdown` as asked; `auto` — the default — uses pushdown when both sides are live
/// Greenplum clusters (the cluster itself is the distributed engine) and stream otherwise.
/// Count mode always counts in SQL (pushdown), whatever was asked. Pure.

#include <string_view>

namespace gpparity::verify {

enum class DataStrategy { stream, pushdown };

[[nodiscard]] std::string_view to_string(DataStrategy strategy) noexcept;

/// `requested`: auto | stream | pushdown; `mode`: hash | count (validated by the CLI).
/// `*_greenplum`: that side is a live Greenplum cluster. A snapshot side dictates its
/// strategy (stream, for now): `auto` then resolves to stream; an explicit pushdown or count
/// mode still resolves to pushdown and the caller refuses the combination.
[[nodiscard]] DataStrategy resolve_strategy(std::string_view requested, std::string_view mode,
                                            bool source_greenplum, bool target_greenplum,
                                            bool any_snapshot = false) noexcept;

} // namespace gpparity::verify
