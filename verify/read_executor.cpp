#include "verify/read_executor.hpp"

#include "catalog/error.hpp"

namespace gpparity::verify {

ReadExecutor::ReadExecutor(std::array<catalog::Cluster*, 2> clusters, Strategy strategy,
                           std::size_t table_count)
    : m_strategy(strategy), m_work(2), m_pushdown(2), m_items(table_count) {
    for (std::size_t s = 0; s < 2; ++s) {
        if (clusters[s] != nullptr) {
            m_sources.push_back(std::make_unique<checksum::PgScanSource>(*clusters[s]));
            m_work[s].source = m_sources.back().get();
            m_pushdown[s].cluster = clusters[s];
        }
    }
}

void ReadExecutor::add(std::size_t table, std::size_t side, const SideRead& read, Mode mode,
                       const checksum::PlacementCheck* placement) {
    auto& indexes = m_items[table][side];
    for (const ReadItem& item : read.items) {
        if (m_strategy == Strategy::pushdown) {
            indexes.push_back(m_pushdown[side].items.size());
            m_pushdown[side].items.push_back(checksum::PushdownItem{
                read.sql, mode == Mode::count, read.signature, read.server_digest});
        } else {
            indexes.push_back(m_work[side].items.size());
            m_work[side].items.push_back(
                checksum::ScanItem{item.endpoint, read.sql, &read.codec, item.segment, placement});
        }
    }
}

void ReadExecutor::run(const checksum::EngineOptions& engine, const ProgressCallback& progress) {
    if (m_strategy == Strategy::pushdown) {
        checksum::run_pushdown(m_pushdown, engine, m_outcomes);
        return;
    }
    // Only the sides that read: a snapshot side has no source.
    std::optional<ProgressTracker> tracker;
    if (progress) {
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> scans_of_table;
        for (const auto& sides : m_items) {
            auto& scans = scans_of_table.emplace_back();
            for (std::size_t s = 0; s < 2; ++s) {
                for (std::size_t item : sides[s]) {
                    scans.emplace_back(s, item);
                }
            }
        }
        tracker.emplace(progress, m_work, scans_of_table);
    }
    checksum::run_scans(m_work, engine, m_outcomes);
    if (tracker) {
        tracker->finish();
    }
}

void ReadExecutor::mark_unfinished() {
    m_outcomes.resize(2);
    for (std::size_t s = 0; s < 2; ++s) {
        m_outcomes[s].resize(m_strategy == Strategy::pushdown ? m_pushdown[s].items.size()
                                                              : m_work[s].items.size());
    }
}

checksum::SideDigests ReadExecutor::digests(std::size_t table, std::size_t side,
                                            const SideFacts& facts, bool replicated) const {
    checksum::SideDigests out;
    out.replicated = replicated;
    // Segments with no rows are still segments with zero rows.
    if (facts.is_greenplum()) {
        for (int content : facts.segments) {
            out.segments[content];
        }
    }
    for (std::size_t item : m_items[table][side]) {
        const checksum::ScanOutcome& o = m_outcomes[side][item];
        if (!o.done) {
            out.error = "not finished: the run was interrupted";
            continue;
        }
        if (o.error) {
            out.error = *o.error;
            continue;
        }
        for (const auto& [content, digest] : o.segments) {
            out.segments[content] += digest;
        }
    }
    if (out.error) {
        out.segments.clear();
    }
    return out;
}

std::optional<checksum::PlacementFindings> ReadExecutor::findings(std::size_t table,
                                                                  std::size_t side) const {
    checksum::PlacementFindings sum;
    for (std::size_t item : m_items[table][side]) {
        if (side >= m_outcomes.size() || item >= m_outcomes[side].size()) {
            return std::nullopt;
        }
        const checksum::ScanOutcome& o = m_outcomes[side][item];
        if (!o.done || o.error || !o.placement) {
            return std::nullopt;
        }
        sum += *o.placement;
    }
    return sum;
}

} // namespace gpparity::verify
