#pragma once
/// The executor half of every data-reading run (STYLE.md "Runs: a plan, then its execution"):
/// carries out the reads a plan (verify/table_plan.hpp) lists, over the sides' connections. Each
/// planned SideRead becomes checksum engine work — a COPY stream per item, or a pushdown
/// aggregate — run on both sides at once with progress and Ctrl-C, and each read's outcomes
/// come back as that side's digests of the table. Used by `data`, `check`, `snapshot --data`
/// and `placement`.

#include "catalog/cluster.hpp"
#include "checksum/compare.hpp"
#include "checksum/engine.hpp"
#include "checksum/pg_scan.hpp"
#include "checksum/placement_check.hpp"
#include "checksum/pushdown.hpp"
#include "verify/progress.hpp"
#include "verify/table_plan.hpp"

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace gpparity::verify {

class ReadExecutor {
public:
    /// `clusters[s]` is side s's live cluster (null for a snapshot side: nothing is read
    /// there); they outlive the executor. `strategy`: stream or pushdown. `table_count`: the
    /// plan's tables (reads are added by table index).
    ReadExecutor(std::array<catalog::Cluster*, 2> clusters, Strategy strategy,
                 std::size_t table_count);

    /// Adds the items of one side of one table. `read` (its codec) and `placement` are owned
    /// by the plan and must outlive the executor; an empty read adds nothing.
    void add(std::size_t table, std::size_t side, const SideRead& read, Mode mode,
             const checksum::PlacementCheck* placement = nullptr);

    /// Runs every added item; draws progress through `progress` when set (stream only).
    /// Throws catalog::CancelledError when interrupted (what finished stays available; call
    /// mark_unfinished() to read on) and what breaks the run.
    void run(const checksum::EngineOptions& engine, const ProgressCallback& progress);

    /// After an interruption: every item that did not finish reads as "not finished".
    void mark_unfinished();

    /// The digests of one side of one table, per content id: every content id of `facts`'s
    /// primaries is present (a segment without rows has zero rows). An item's failure, or an
    /// item not finished, is the error (then no segments).
    [[nodiscard]] checksum::SideDigests digests(std::size_t table, std::size_t side,
                                                const SideFacts& facts, bool replicated) const;

    /// The placement check's findings over a side's items; nullopt when one did not check.
    [[nodiscard]] std::optional<checksum::PlacementFindings> findings(std::size_t table,
                                                                      std::size_t side) const;

private:
    Strategy m_strategy;
    std::vector<std::unique_ptr<checksum::PgScanSource>> m_sources;
    std::vector<checksum::SideScans> m_work;
    std::vector<checksum::SideQueries> m_pushdown;
    std::vector<std::array<std::vector<std::size_t>, 2>> m_items; // per table and side
    std::vector<std::vector<checksum::ScanOutcome>> m_outcomes;
};

} // namespace gpparity::verify
