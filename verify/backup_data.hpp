#pragma once
/// The data of a gpbackup backup set as digests (issue 16; docs/backup-source.md): every data
/// file is streamed (decompressed, its CSV parsed, each text value turned into the canonical
/// encoding `c1` of its value class by checksum/text_codec), so each table gets, per segment,
/// the same row count and multiset digest the stream strategy computes from the live GP6 it
/// was taken from. Files are read in parallel under `jobs`, each in fixed-size chunks: memory
/// does not grow with the data. The result is a SnapshotData, so the data run compares it with
/// a live target exactly as it compares a snapshot file (verify/data_run.hpp).

#include "catalog/filter.hpp"
#include "catalog/snapshot.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/table_spec.hpp"
#include "verify/backup_set.hpp"
#include "verify/reuse.hpp"
#include "verify/snapshot_data.hpp"

#include <functional>
#include <string>
#include <vector>

namespace gpparity::verify {

/// How one table's data files are digested: a codec per CSV field, in COPY order
/// (Wire::ignore for a field left out of the digests).
struct BackupTableRead {
    const BackupDataEntry* entry = nullptr;
    checksum::RowCodec codec;
};

/// Per table (the order of `tables`), per content of set.contents(): the rows and digest of its
/// file there (empty segments included). Throws catalog::UsageError, one line naming the file,
/// for a missing, truncated or corrupt data file, a CSV record with the wrong number of fields
/// or a value that does not parse, and a table whose files hold a different number of rows
/// than the TOC's `rowscopied`.
[[nodiscard]] std::vector<std::vector<SnapshotSegment>>
digest_backup_tables(const BackupSet& set, const std::vector<BackupTableRead>& tables, int jobs);

/// What the digests of a backup set are planned from: the backup, its catalog (tables, their
/// columns' types and distribution, parsed from its own CREATE TABLE statements:
/// catalog/backup_catalog.hpp), and the target cluster's tables and type registry. A column is
/// digested with the codec its *backup* type has in the target's registry (`type_oid_of`
/// resolves a format_type name there): the value classes of checksum/row_codec.hpp make that
/// the encoding a live GP6 read would give.
struct BackupDataPlan {
    const BackupSet* set = nullptr;
    const catalog::Snapshot* catalog = nullptr;
    const checksum::ClusterTables* target = nullptr;
    std::function<std::uint32_t(const std::string&)> type_oid_of; ///< 0: no such type
    catalog::Filter filter;
    int jobs = 4;
    /// The target's database: only restore reports of restores into it are taken into account.
    std::string target_database;
    /// --skip-unchanged: a table an earlier run digested with the same plan, less than
    /// --max-reuse-age ago, takes those digests instead of its files being read again; every
    /// table's digests are handed on in `reuse->next` (verify/reuse.hpp StoredBackupTable).
    const ReuseOptions* reuse = nullptr;
};

/// Digests every selected table of the backup into the model of a snapshot's data part
/// (flavor gp6, stream, c1). Notes for the report go to `warnings`. Throws as
/// digest_backup_tables does.
[[nodiscard]] SnapshotData take_backup_data(const BackupDataPlan& plan,
                                            std::vector<std::string>& warnings);

} // namespace gpparity::verify
