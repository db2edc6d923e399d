#pragma once
/// Running the pushdown strategy and count mode (DESIGN.md §4 "Two strategies"): each table
/// side is one aggregate query on the coordinator (checksum/pushdown_sql.hpp), so only
/// per-segment (count, sums) cross the network. Queries run on at most `jobs` coordinator
/// sessions per side under a oneTBB task_arena; each writes its own outcome slot, in the same
/// shape the stream engine produces (ScanOutcome), so the data run gathers and compares both
/// alike (checksum/compare.hpp). A query error is that item's error; a lost connection or an
/// interrupt stops every lane and is rethrown on the calling thread.

#include "catalog/cluster.hpp"
#include "checksum/engine.hpp"
#include "checksum/pushdown_sql.hpp"
#include "checksum/server_digest.hpp"

#include <string>
#include <vector>

namespace gpparity::checksum {

/// The field names of every composite type in `types` (one query). Throws QueryError.
[[nodiscard]] CompositeFields load_composite_fields(catalog::pg::Connection& conn,
                                                    const TypeRegistry& types);

/// Whether md5 can hash the server's text as it is (server_encoding UTF8 or SQL_ASCII), see
/// PushdownRelation::utf8.
[[nodiscard]] bool has_utf8_text(const catalog::pg::Connection& conn);

/// The gpparity extension in the connection's database, or nullopt when it is not installed
/// (one query of pg_extension). Throws QueryError.
[[nodiscard]] std::optional<DigestExtension> find_digest_extension(catalog::pg::Connection& conn);

/// One aggregate query of one table side.
struct PushdownItem {
    std::string sql; ///< pushdown_digest_sql, server_digest_sql or pushdown_count_sql
    bool count_only = false;
    std::string signature;      ///< SQL digest queries: pushdown_signature(...) of this side
    bool server_digest = false; ///< server_digest_sql: the extension's c1 digest per segment
};

/// One side's queries, all run on the coordinator of `cluster`.
struct SideQueries {
    const catalog::Cluster* cluster = nullptr;
    std::vector<PushdownItem> items;
};

/// Runs every item of every side. `outcomes` gets one slot per item (resized first, so a
/// caller that catches CancelledError still sees what finished). A digest item's outcome holds
/// per content id the count and pushdown_digest; a count item's, the count and a zero sum.
/// Greenplum outcomes list only segments with rows; PostgreSQL always has content -1.
/// Throws catalog::CancelledError when interrupted, rethrows the first run-breaking failure
/// (connection lost, cannot connect); on return every outcome is done (checked).
void run_pushdown(const std::vector<SideQueries>& sides, const EngineOptions& options,
                  std::vector<std::vector<ScanOutcome>>& outcomes);

/// Parses one result row set of a digest or count query into `outcome` (exposed for tests).
/// Throws catalog::QueryError on a malformed count or sum (then that item is an error).
void read_pushdown_rows(const catalog::pg::Result& rows, const PushdownItem& item,
                        ScanOutcome& outcome);

} // namespace gpparity::checksum
