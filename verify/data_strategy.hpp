#pragma once
/// The typed options of a data run, parsed once at the CLI edge (STYLE.md: strings exist only
/// at the edges), and which checksum strategy a run uses (DESIGN.md §4 "Two strategies"):
/// `stream` or `pushdown` as asked; `auto` — the default — uses pushdown when both sides are
/// live Greenplum clusters (the cluster itself is the distributed engine), or a live Greenplum
/// side against a snapshot when the extension makes their digests comparable, and stream
/// otherwise.
/// Count mode always counts in SQL (pushdown), whatever was asked. Pure.

#include <array>
#include <string_view>

namespace gpparity::verify {

/// How rows are checksummed. A resolved strategy (resolve_strategy) is never auto_.
enum class Strategy { auto_, stream, pushdown };
/// What is compared: row content (hash) or per-segment row counts only (count).
enum class Mode { hash, count };
/// Where a live Greenplum side reads its rows: each primary in utility mode, or the coordinator.
enum class Via { segments, coordinator };

[[nodiscard]] std::string_view to_string(Strategy strategy) noexcept; ///< "auto", "stream", ...
[[nodiscard]] std::string_view to_string(Mode mode) noexcept;
[[nodiscard]] std::string_view to_string(Via via) noexcept;

/// The option values, in the order help texts list them (the CLI maps them onto the enums).
inline constexpr std::array<std::pair<std::string_view, Strategy>, 3> k_strategies = {
    {{"auto", Strategy::auto_}, {"stream", Strategy::stream}, {"pushdown", Strategy::pushdown}}};
inline constexpr std::array<std::pair<std::string_view, Mode>, 2> k_modes = {
    {{"hash", Mode::hash}, {"count", Mode::count}}};
inline constexpr std::array<std::pair<std::string_view, Via>, 2> k_vias = {
    {{"segments", Via::segments}, {"coordinator", Via::coordinator}}};

/// `*_greenplum`: that side is a live Greenplum cluster (false for a snapshot side).
/// `server_digest`: every live side has the gpparity extension, so pushdown digests are the
/// stream encoding's (`c1`) and compare with a snapshot's. With a snapshot side, `auto` pushes
/// down on a live Greenplum side only then, and streams otherwise; an explicit pushdown or
/// count mode still resolves to pushdown and the caller refuses what cannot be compared.
/// Never auto_.
[[nodiscard]] Strategy resolve_strategy(Strategy requested, Mode mode, bool source_greenplum,
                                        bool target_greenplum, bool any_snapshot = false,
                                        bool server_digest = false) noexcept;

} // namespace gpparity::verify
