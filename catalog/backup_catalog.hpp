#pragma once
/// A gpbackup backup set as a catalog side (issue 16): turns the TOC entries of a backup's
/// metadata (each with its statement cut out of metadata.sql by the reader) into the same
/// catalog::Snapshot the GP6 extractor produces, so normalize/diff/recreate compare a backup
/// with a GP7 target exactly as they compare a live GP6 database. Pure: no I/O.
///
/// gpbackup prints its DDL with a fixed printer (backup/predata_*.go, postdata.go); the parsers
/// here read that printer's output, not arbitrary SQL. What the printed text cannot reproduce
/// is compared for presence only (CatalogObject::coverage) and listed in presence_only.

#include "catalog/cluster.hpp"
#include "catalog/snapshot.hpp"

#include <string>
#include <vector>

namespace gpparity::catalog {

/// The three metadata sections of a gpbackup TOC (toc.yaml globalentries, predataentries,
/// postdataentries).
enum class TocSection { global, predata, postdata };

/// One metadata entry of toc.yaml with its statement text.
struct TocEntry {
    TocSection section = TocSection::predata;
    std::string schema, name;     ///< as in the TOC: quote_ident'ed
    std::string object_type;      ///< "TABLE", "INDEX", "INDEX METADATA", "SESSION GUCS", ...
    std::string reference_object; ///< the TOC's referenceobject
    std::string statement;        ///< the metadata.sql text of [startbyte, endbyte)
};

struct BackupCatalog {
    /// Flavor gp6 (source's identity), objects and attributes as extract_gp6 produces them.
    Snapshot snapshot;
    /// "<kind> <identity>: <why only its presence (or only part of it) is compared>", in the
    /// order the entries were read.
    std::vector<std::string> presence_only;
};

/// Builds the catalog a backup describes. Objects are keyed by kind + identity exactly as the
/// live extractors key them; each object's ddl is the backup's own statements for it (CREATE,
/// then its OWNER/COMMENT/GRANT statements) in TOC order, with GP6-only syntax GP7 rejects
/// rendered in GP7 form where a rule knows it, else kept behind a `-- ` comment that says why.
/// `source` becomes snapshot.cluster (its flavor should be gp6). The snapshot is sorted.
/// Never throws for any input but std::bad_alloc: what cannot be parsed is recorded in
/// presence_only.
[[nodiscard]] BackupCatalog catalog_from_toc(const std::vector<TocEntry>& entries,
                                             const ClusterIdentity& source);

/// Keeps `target` to what a backup can describe, before the two are diffed: the cluster-wide
/// kinds (database, tablespace, role, resource queue, resource group) are compared only when the
/// backup holds objects of that kind (gpbackup writes globals unless --without-globals or a
/// filtered backup); otherwise the target's objects of that kind, and the comments and
/// privileges on them, are removed. Pure.
void limit_to_backup_scope(const Snapshot& backup, Snapshot& target);

} // namespace gpparity::catalog
