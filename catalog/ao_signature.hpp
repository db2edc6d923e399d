#pragma once
/// Change signatures of append-optimized tables (`--skip-unchanged`, verify/reuse.hpp): one
/// set-based query on the coordinator gives, per AO row and AO column table, an md5 that changes
/// whenever its rows may have changed on any segment, so a table whose signature is unchanged
/// need not be read again. What goes into it, as found on the real clusters
/// (docs/skip-unchanged.md):
/// - per segment: the relfilenode (TRUNCATE, a rewrite) and every segment file's eof, tuple
///   count and modcount (INSERT, UPDATE, COPY), segment files without rows left out (VACUUM
///   leaves empty ones behind);
/// - Greenplum 6: the visibility map's hidden tuple counts, since a DELETE there changes
///   neither eof nor modcount. Greenplum 7 records a DELETE's modcount in a segment file entry
///   without rows, so such entries are kept there;
/// - the table's oid and its columns (name, type, typmod, dropped): DROP COLUMN, RENAME COLUMN
///   and a binary-compatible ALTER TYPE change no storage at all.
/// Heap tables have no such signature (an UPDATE may change neither size nor relfilenode): they
/// get none, and are always read. The gp_toolkit functions read the storage whatever the
/// caller's table privileges: the caller keeps only the tables it compares.

#include "catalog/cluster.hpp"

#include <map>
#include <optional>
#include <string>

namespace gpparity::catalog {

struct AoSignatures {
    /// Report identity (quote_ident(schema).quote_ident(name)) -> md5 signature, for every AO
    /// table of the database.
    std::map<std::string, std::string> tables;
    /// Set when no signature can be trusted on this cluster (then `tables` is empty): why.
    std::optional<std::string> unavailable;
};

/// The statement that computes the signatures on `flavor` (empty for PostgreSQL, which has no
/// AO tables). Its rows: identity, signature; on Greenplum 6 a third column, local_ok, false
/// when a per-segment value was not computed on its own segment.
[[nodiscard]] std::string ao_signature_query(Flavor flavor);

/// Reads the signatures of every AO table of `cluster`'s database (none on PostgreSQL). Throws
/// QueryError when the statement fails (a lock held on an AO table past lock_timeout, say).
[[nodiscard]] AoSignatures read_ao_signatures(Cluster& cluster);

} // namespace gpparity::catalog
