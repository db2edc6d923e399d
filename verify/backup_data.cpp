#include "verify/backup_data.hpp"

#include "catalog/clock.hpp"
#include "catalog/error.hpp"
#include "checksum/copy_binary.hpp"
#include "checksum/csv_reader.hpp"
#include "checksum/digest.hpp"
#include "checksum/lanes.hpp"
#include "checksum/text_codec.hpp"
#include "verify/backup_stream.hpp"
#include "verify/table_plan.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <set>

namespace gpparity::verify {

namespace {

constexpr std::size_t k_chunk = std::size_t{256} * 1024;

using checksum::TableKind;

// Digests one table's CSV on one segment as it arrives in chunks.
class TableDigester {
public:
    TableDigester(const checksum::RowCodec& codec, std::string shown)
        : m_codec(codec), m_shown(std::move(shown)) {}

    void feed(std::string_view chunk) {
        try {
            m_reader.feed(chunk, [this](const checksum::CsvFields& fields) { add(fields); });
        } catch (const checksum::DecodeError& e) {
            fail(e.what());
        }
    }

    void finish() {
        try {
            m_reader.finish([this](const checksum::CsvFields& fields) { add(fields); });
        } catch (const checksum::DecodeError& e) {
            fail(std::string(e.what()) + " (the file is truncated)");
        }
    }

    [[nodiscard]] const checksum::MultisetDigest& digest() const noexcept { return m_digest; }

private:
    void add(const checksum::CsvFields& fields) {
        if (fields.size() != m_codec.columns.size()) {
            throw checksum::DecodeError("a row has " + std::to_string(fields.size()) +
                                        " fields; attributestring names " +
                                        std::to_string(m_codec.columns.size()) + " columns");
        }
        checksum::encode_text_row(m_codec, fields, m_row, m_key);
        m_digest.add(checksum::hash_bytes(m_row));
    }

    [[noreturn]] void fail(const std::string& why) const {
        throw catalog::UsageError(m_shown + ": row " + std::to_string(m_reader.rows() + 1) + ": " +
                                  why);
    }

    const checksum::RowCodec& m_codec;
    std::string m_shown;
    checksum::CsvReader m_reader;
    checksum::MultisetDigest m_digest;
    std::string m_row;
    std::string m_key;
};

// One file of multiple-data-files mode.
checksum::MultisetDigest digest_file(const BackupSet& set, const BackupTableRead& table,
                                     int content, std::vector<char>& buffer) {
    const auto path = set.data_file(*table.entry, content);
    const std::string shown = set.what() + ": data file " + set.shown(path);
    BackupStream stream(path, shown);
    TableDigester digester(table.codec, shown);
    while (const std::size_t n = stream.read(buffer.data(), buffer.size())) {
        digester.feed(std::string_view(buffer.data(), n));
    }
    digester.finish();
    return digester.digest();
}

// A range of a single-data-file stream: one table's bytes, as the segment TOC gives them.
struct Range {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::size_t table = 0;
};

// The ranges of the selected tables in one segment's stream, in stream order.
std::vector<Range> segment_ranges(const BackupSet& set, const std::string& timestamp, int content,
                                  const std::map<std::uint32_t, std::size_t>& table_of_oid,
                                  const std::vector<BackupTableRead>& tables,
                                  std::vector<char>& buffer) {
    const auto toc_path = set.segment_toc(timestamp, content);
    const std::string what = set.what() + ": segment TOC " + set.shown(toc_path);
    std::string toc_text;
    {
        BackupStream toc(toc_path, what);
        while (const std::size_t n = toc.read(buffer.data(), buffer.size())) {
            toc_text.append(buffer.data(), n);
        }
    }
    const SegmentToc toc = parse_segment_toc(toc_text, what);
    std::vector<Range> ranges;
    ranges.reserve(table_of_oid.size());
    for (const auto& [oid, table] : table_of_oid) {
        auto it = toc.find(oid);
        if (it == toc.end()) {
            std::string message = what;
            message.append(" has no entry for ")
                .append(tables[table].entry->fqn())
                .append(" (oid ")
                .append(std::to_string(oid))
                .append(")");
            throw catalog::UsageError(message);
        }
        ranges.push_back({it->second.first, it->second.second, table});
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const Range& a, const Range& b) { return a.start < b.start; });
    return ranges;
}

// One segment's stream of single-data-file mode: its tables cut out by the segment TOC's
// ranges (offsets in the decompressed stream), each digested by its own reader.
void digest_segment_stream(const BackupSet& set, const std::string& timestamp, int content,
                           const std::map<std::uint32_t, std::size_t>& table_of_oid,
                           const std::vector<BackupTableRead>& tables,
                           std::vector<std::vector<SnapshotSegment>>& out, std::size_t slot,
                           std::vector<char>& buffer) {
    const std::vector<Range> ranges =
        segment_ranges(set, timestamp, content, table_of_oid, tables, buffer);
    const auto path = set.segment_stream(timestamp, content);
    const std::string shown = set.what() + ": data file " + set.shown(path);
    BackupStream stream(path, shown);
    std::size_t next = 0;
    std::optional<TableDigester> current;
    std::uint64_t position = 0;
    auto close_current = [&](std::size_t table) {
        current->finish();
        out[table][slot] = SnapshotSegment{content, current->digest()};
        current.reset();
    };
    std::size_t open_table = 0;
    while (next < ranges.size() || current) {
        const std::size_t n = stream.read(buffer.data(), buffer.size());
        if (n == 0) {
            break;
        }
        std::uint64_t at = position;
        const std::uint64_t chunk_end = position + n;
        while (at < chunk_end) {
            if (!current) {
                // Skip to the next range's start (tables not selected are passed over).
                while (next < ranges.size() && ranges[next].end <= at && ranges[next].start < at) {
                    ++next;
                }
                if (next >= ranges.size()) {
                    at = chunk_end;
                    break;
                }
                if (ranges[next].start >= chunk_end) {
                    at = chunk_end;
                    break;
                }
                at = std::max(at, ranges[next].start);
                open_table = ranges[next].table;
                current.emplace(tables[open_table].codec,
                                shown + " [" + tables[open_table].entry->fqn() + "]");
            }
            const std::uint64_t stop = std::min(chunk_end, ranges[next].end);
            current->feed(std::string_view(buffer.data() + (at - position), stop - at));
            at = stop;
            if (at == ranges[next].end) {
                close_current(open_table);
                ++next;
            }
        }
        position = chunk_end;
    }
    // Empty ranges (a table with no rows here) never see a byte.
    while (next < ranges.size() && ranges[next].start == ranges[next].end && !current) {
        out[ranges[next].table][slot] = SnapshotSegment{content, {}};
        ++next;
    }
    if (current || next < ranges.size()) {
        throw catalog::UsageError(shown +
                                  " is truncated (it ends before the segment TOC's last table)");
    }
}

void check_row_totals(const BackupSet& set, const std::vector<BackupTableRead>& tables,
                      const std::vector<std::vector<SnapshotSegment>>& out) {
    for (std::size_t i = 0; i < tables.size(); ++i) {
        std::uint64_t rows = 0;
        for (const auto& s : out[i]) {
            rows += s.digest.count;
        }
        const auto expected =
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, tables[i].entry->rows_copied));
        if (rows != expected) {
            throw catalog::UsageError(set.what() + ": the data files of " + tables[i].entry->fqn() +
                                      " hold " + std::to_string(rows) +
                                      " rows, its TOC entry says " + std::to_string(expected) +
                                      " (rowscopied): a data file is truncated or was altered");
        }
    }
}

} // namespace

std::vector<std::vector<SnapshotSegment>>
digest_backup_tables(const BackupSet& set, const std::vector<BackupTableRead>& tables, int jobs) {
    const std::vector<int> contents = set.contents();
    std::vector<std::vector<SnapshotSegment>> out(tables.size(),
                                                  std::vector<SnapshotSegment>(contents.size()));
    // Single-data-file backups in the chain: one unit per (backup, segment) stream.
    std::map<std::string, std::map<std::uint32_t, std::size_t>> single;
    std::vector<std::size_t> multiple;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const std::string& ts = tables[i].entry->timestamp;
        if (set.config_of(ts).single_data_file) {
            single[ts][tables[i].entry->oid] = i;
        } else {
            multiple.push_back(i);
        }
    }
    struct Unit {
        std::size_t table = 0;                  ///< multiple-data-files: the table
        const std::string* timestamp = nullptr; ///< single-data-file: the backup
        std::size_t slot = 0;
    };
    std::vector<Unit> units;
    units.reserve(multiple.size() * contents.size() + single.size() * contents.size());
    for (const auto& [ts, oids] : single) {
        for (std::size_t slot = 0; slot < contents.size(); ++slot) {
            units.push_back({0, &ts, slot});
        }
    }
    for (std::size_t i : multiple) {
        for (std::size_t slot = 0; slot < contents.size(); ++slot) {
            units.push_back({i, nullptr, slot});
        }
    }
    // --jobs lanes take the units in turn (checksum/lanes.hpp: the first failure stops the
    // others and is rethrown here).
    std::atomic<std::size_t> next{0};
    checksum::LaneRun run(nullptr);
    const std::size_t lanes = std::min(static_cast<std::size_t>(std::max(1, jobs)),
                                       std::max<std::size_t>(1, units.size()));
    run.run(lanes, [&](std::size_t) {
        std::vector<char> buffer(k_chunk);
        for (std::size_t u = next++; u < units.size() && !run.interrupted(); u = next++) {
            const Unit& unit = units[u];
            const int content = contents[unit.slot];
            if (unit.timestamp != nullptr) {
                digest_segment_stream(set, *unit.timestamp, content, single.at(*unit.timestamp),
                                      tables, out, unit.slot, buffer);
            } else {
                out[unit.table][unit.slot] =
                    SnapshotSegment{content, digest_file(set, tables[unit.table], content, buffer)};
            }
        }
    });
    check_row_totals(set, tables, out);
    return out;
}

namespace {

// The distribution policy the backup's CREATE TABLE gives (the catalog's attributes).
checksum::DistributionPolicy policy_of(const catalog::CatalogObject* table,
                                       const BackupDataEntry& entry, int numsegments) {
    checksum::DistributionPolicy p;
    p.numsegments = numsegments;
    const std::string kind = table != nullptr ? table->get("distribution") : std::string();
    if (entry.replicated || kind == "replicated") {
        p.kind = checksum::DistributionPolicy::Kind::replicated;
    } else if (kind == "random") {
        p.kind = checksum::DistributionPolicy::Kind::random;
    } else if (kind == "hash") {
        p.kind = checksum::DistributionPolicy::Kind::hash;
        // "a pg_catalog.int4_ops, b pg_catalog.text_ops"
        std::string keys = table->get("distribution_key");
        std::size_t start = 0;
        while (start < keys.size()) {
            std::size_t end = keys.find(", ", start);
            if (end == std::string::npos) {
                end = keys.size();
            }
            const std::string key = keys.substr(start, end - start);
            p.keys.push_back(key);
            const auto space = key.rfind(' ');
            p.key_columns.push_back(unquote_ident(key.substr(0, space)));
            p.key_opclasses.push_back(space == std::string::npos ? "" : key.substr(space + 1));
            start = end + 2;
        }
    }
    p.enum_key =
        entry.dist_by_enum || (table != nullptr && table->get("distribution_enum_key") == "true");
    if (p.key_opclasses.size() != p.keys.size()) {
        p.key_opclasses.resize(p.keys.size());
    }
    return p;
}

// Whether a codec reads any part of the value through its text form (ranges, extension types).
bool has_text_form(const checksum::Codec& codec) {
    return codec.value_class == checksum::ValueClass::text_form ||
           std::any_of(codec.children.begin(), codec.children.end(),
                       [](const checksum::Codec& c) { return has_text_form(c); });
}

// Whether values of `oid` may hold a timestamptz, timetz, bytea or money anywhere inside: their
// text depends on TimeZone, bytea_output and lc_monetary, which gpbackup leaves to the server
// (checksum/text_codec.hpp). True when unsure.
bool holds_session_dependent_text(const checksum::TypeRegistry& types, std::uint32_t oid) {
    return checksum::type_holds(
        types, oid,
        [](const checksum::TypeInfo& t) {
            return checksum::is_builtin(t) && (t.name == "timestamptz" || t.name == "timetz" ||
                                               t.name == "bytea" || t.name == "money");
        },
        true);
}

// True when a gpbackup version ("1.30.3", "1.18.0+dev.3.g...") is before major.minor.
bool version_before(const std::string& version, int major, int minor) {
    int v_major = 0;
    int v_minor = 0;
    if (std::sscanf(version.c_str(), "%d.%d", &v_major, &v_minor) != 2) {
        return false; // unknown: gpbackup has recorded its version since its first release
    }
    return v_major < major || (v_major == major && v_minor < minor);
}

} // namespace

namespace {

// Plans and digests a backup's tables (take_backup_data), in steps small enough to read.
class BackupPlanner {
public:
    explicit BackupPlanner(const BackupDataPlan& plan)
        : m_plan(plan), m_set(*plan.set),
          // gpbackup before 1.19.0 wrote floats at the default precision (before 1.13.0 always,
          // before 1.19.0 on every --jobs connection but the first): lossy text (gpbackup.md §3
          // "Float precision"), which exact digests cannot compare.
          m_lossy_floats(version_before(m_set.config().backup_version, 1, 19)) {
        for (const auto& t : plan.target->tables) {
            m_target[t.identity] = &t;
        }
        // gprestore --resize-cluster loads each file with the segment check off and then
        // reorganizes every table (gpbackup.md §5): a row need not be where its backup file put
        // it, so only totals and content compare (issue 16 asks this even between equal
        // segment counts). Only a restore into the target's database counts: a trial restore
        // into another one says nothing about it.
        for (const auto& r : m_set.restore_reports()) {
            if (!r.database.empty() && !plan.target_database.empty() &&
                r.database != plan.target_database) {
                continue;
            }
            if (r.resize_cluster ||
                (r.backup_segments != 0 && r.backup_segments != r.restore_segments)) {
                m_redistributed = "restore report " + r.file + " shows gprestore " +
                                  "--resize-cluster (" + std::to_string(r.backup_segments) +
                                  " to " + std::to_string(r.restore_segments) +
                                  " segments), which redistributes every table";
                break;
            }
        }
        if (plan.catalog != nullptr) {
            // Each table's columns with their backup types, in attnum order: one pass.
            for (const auto* c : plan.catalog->of_kind(catalog::ObjectKind::column)) {
                m_columns[c->parent].push_back(
                    {std::atol(c->get("position", "0").c_str()), c->name, c->get("type")});
            }
            for (auto& [table, columns] : m_columns) {
                std::sort(columns.begin(), columns.end());
            }
        }
    }

    // The snapshot tables and their reads, every selected data entry's.
    void plan_tables(std::vector<SnapshotTable>& tables, std::vector<BackupTableRead>& reads,
                     int numsegments) {
        for (const auto& entry : m_set.toc().data) {
            SnapshotTable t;
            t.spec.schema = unquote_ident(entry.schema);
            t.spec.name = unquote_ident(entry.name);
            t.spec.identity = entry.fqn();
            t.spec.oid = entry.oid;
            if (!entry.partition_root.empty()) {
                t.spec.kind = TableKind::partition_leaf;
                t.spec.root_schema = t.spec.schema;
                t.spec.root_name = unquote_ident(entry.partition_root);
            }
            if (!is_selected(m_plan.filter, t.spec)) {
                continue;
            }
            const catalog::CatalogObject* table =
                m_plan.catalog != nullptr
                    ? m_plan.catalog->find(catalog::ObjectKind::table, entry.fqn())
                    : nullptr;
            t.spec.policy = policy_of(table, entry, numsegments);
            t.spec.policy.redistributed = m_redistributed;
            const auto target_it = m_target.find(entry.fqn());
            const checksum::TableSpec* target =
                target_it == m_target.end() ? nullptr : target_it->second;
            if (target != nullptr && target->kind == TableKind::partition_root &&
                entry.partition_root.empty()) {
                m_roots_holding_leaves.insert(entry.fqn());
            }
            BackupTableRead read;
            read.entry = &entry;
            for (const auto& name : entry.columns) {
                plan_column(name, type_of(entry.fqn(), name), target != nullptr, t, read);
            }
            t.read = true;
            reads.push_back(std::move(read));
            tables.push_back(std::move(t));
        }
    }

    // Leaves backed up on their own (--leaf-partition-data): their roots hold no data entry,
    // but are compared as their leaves' sum, as a live GP6's are. The TOC quotes names as the
    // identities do.
    void add_roots_of_leaves(std::vector<SnapshotTable>& tables) const {
        std::set<std::string> selected;
        for (const auto& t : tables) {
            selected.insert(t.spec.identity);
        }
        std::map<std::string, SnapshotTable> roots;
        for (const auto& entry : m_set.toc().data) {
            std::string identity = entry.schema;
            identity.append(".").append(entry.partition_root);
            if (entry.partition_root.empty() || roots.count(identity) != 0U ||
                selected.count(entry.fqn()) == 0U) {
                continue;
            }
            SnapshotTable& root = roots[identity];
            root.spec.kind = TableKind::partition_root;
            root.spec.schema = unquote_ident(entry.schema);
            root.spec.name = unquote_ident(entry.partition_root);
            root.spec.identity = identity;
        }
        for (auto& [identity, root] : roots) {
            tables.push_back(std::move(root));
        }
    }

    // A root backed up with its leaves' rows (no --leaf-partition-data): the target's leaves
    // are compared at the root.
    void add_leaves_in_roots(std::vector<SnapshotTable>& tables) const {
        std::map<std::pair<std::string, std::string>, std::string> root_identity;
        for (const auto& t : m_plan.target->tables) {
            if (t.kind == TableKind::partition_root) {
                root_identity[{t.schema, t.name}] = t.identity;
            }
        }
        for (const auto& t : m_plan.target->tables) {
            if (t.kind != TableKind::partition_leaf) {
                continue;
            }
            const auto root = root_identity.find({t.root_schema, t.root_name});
            if (root != root_identity.end() && m_roots_holding_leaves.count(root->second) != 0U) {
                SnapshotTable leaf;
                leaf.spec = t;
                leaf.spec.kind = TableKind::in_root;
                leaf.spec.oid = 0;
                for (auto& c : leaf.spec.columns) {
                    c.type_oid = 0;
                }
                tables.push_back(std::move(leaf));
            }
        }
    }

    void add_warnings(std::vector<std::string>& warnings) const {
        if (!m_redistributed.empty()) {
            warnings.push_back(m_set.what() + ": " + m_redistributed +
                               ": placement is compared in totals and content only");
        }
        if (!m_roots_holding_leaves.empty()) {
            warnings.push_back(m_set.what() + ": " + std::to_string(m_roots_holding_leaves.size()) +
                               " partitioned table(s) were backed up without "
                               "--leaf-partition-data: their rows are compared at the root, not "
                               "per leaf");
        }
    }

private:
    struct Column {
        long position = 0;
        std::string name;
        std::string type;
        friend bool operator<(const Column& a, const Column& b) { return a.position < b.position; }
    };

    [[nodiscard]] std::string type_of(const std::string& table, const std::string& column) const {
        const auto it = m_columns.find(table);
        if (it != m_columns.end()) {
            for (const auto& c : it->second) {
                if (c.name == column) {
                    return c.type;
                }
            }
        }
        return {};
    }

    // One CSV field: digested with the codec its backup type has in the target, or left out
    // with the reason.
    void plan_column(const std::string& name, const std::string& type, bool on_target,
                     SnapshotTable& t, BackupTableRead& read) const {
        t.spec.columns.push_back(checksum::ColumnSpec{name, 0, type});
        std::string why;
        if (!on_target) {
            why = "the table is not in the target";
        } else if (type.empty()) {
            why = "its type is not in the backup's CREATE TABLE";
        } else if (const std::uint32_t oid = m_plan.type_oid_of(type); oid == 0) {
            why = "its type " + type + " is not in the target";
        } else {
            const auto& types = m_plan.target->types;
            checksum::ColumnPlan cp = checksum::plan_column(types, oid, name);
            if (!cp.read) {
                why = cp.excluded_reason;
            } else if (has_text_form(cp.read->codec) && holds_session_dependent_text(types, oid)) {
                why = "read through its text form, which depends on the source session's "
                      "TimeZone, bytea_output or lc_monetary: gpbackup does not pin them";
            } else if (m_lossy_floats && checksum::may_hold_floats(types, oid)) {
                why = "gpbackup " + m_set.config().backup_version +
                      " wrote floats at the default precision (before 1.19.0), not exactly";
            } else {
                read.codec.columns.push_back(cp.read->codec);
                t.digest_columns.push_back(name);
                return;
            }
        }
        read.codec.columns.push_back({checksum::ValueClass::null, checksum::Wire::ignore, {}});
        if (on_target) {
            t.excluded_columns.push_back(name + ": " + why);
        }
    }

    const BackupDataPlan& m_plan;
    const BackupSet& m_set;
    bool m_lossy_floats = false;
    std::string m_redistributed; ///< why rows may not be where the backup put them, when so
    std::map<std::string, const checksum::TableSpec*> m_target;
    std::map<std::string, std::vector<Column>> m_columns;
    std::set<std::string> m_roots_holding_leaves;
};

nlohmann::json codec_json(const checksum::Codec& codec) {
    nlohmann::json children = nlohmann::json::array();
    for (const auto& child : codec.children) {
        children.push_back(codec_json(child));
    }
    return {static_cast<int>(codec.value_class), static_cast<int>(codec.wire), codec.is_cidr,
            std::move(children)};
}

// How a table's digests are made from its files: the backup, the table's data entry (the
// backup of the chain holding its files, its columns and rows) and each column's codec.
std::string read_plan(const BackupSet& set, const BackupTableRead& read) {
    const BackupDataEntry& e = *read.entry;
    nlohmann::json codecs = nlohmann::json::array();
    for (const auto& c : read.codec.columns) {
        codecs.push_back(codec_json(c));
    }
    const nlohmann::json parts = {
        // A release may parse text differently without a new encoding version.
        {"gpparity", GPPARITY_VERSION},
        {"encoding", checksum::k_encoding_version},
        {"table", e.fqn()},
        {"oid", e.oid},
        {"files_of", e.timestamp},
        {"rows", e.rows_copied},
        {"columns", e.columns},
        {"replicated", e.replicated},
        {"codecs", std::move(codecs)},
    };
    return "backup " + set.config().timestamp + " " + digest_fingerprint(parts);
}

// The digests an earlier run took of the same files the same way, when young enough to stand
// in for reading them (verify/reuse.hpp StoredBackupTable); null otherwise.
const StoredBackupTable* reusable(const ReuseOptions* reuse, const std::string& identity,
                                  const std::string& plan,
                                  std::chrono::system_clock::time_point now) {
    if (reuse == nullptr || reuse->previous == nullptr) {
        return nullptr;
    }
    const auto it = reuse->previous->backup_tables.find(identity);
    if (it == reuse->previous->backup_tables.end() || it->second.plan != plan) {
        return nullptr;
    }
    const auto read_at = catalog::parse_iso8601_utc(it->second.read_at);
    if (!read_at || *read_at > now || now - *read_at > reuse->max_age) {
        return nullptr;
    }
    return &it->second;
}

// Each table's digests: read from its files, or taken from an earlier run under
// --skip-unchanged. Every table is handed on to the next run.
void digest_or_reuse(const BackupDataPlan& plan, std::vector<SnapshotTable>& tables,
                     std::vector<BackupTableRead> reads, std::vector<std::string>& warnings) {
    const auto now = std::chrono::system_clock::now();
    std::vector<std::string> plans(reads.size());
    std::vector<std::string> read_at(reads.size(), catalog::iso8601_utc(now));
    std::vector<BackupTableRead> to_read;
    std::vector<std::size_t> read_index;
    std::string oldest;
    for (std::size_t i = 0; i < reads.size(); ++i) {
        plans[i] = read_plan(*plan.set, reads[i]);
        if (const auto* stored = reusable(plan.reuse, tables[i].spec.identity, plans[i], now)) {
            tables[i].segments = stored->segments;
            read_at[i] = stored->read_at;
            oldest = oldest.empty() ? stored->read_at : std::min(oldest, stored->read_at);
        } else {
            to_read.push_back(std::move(reads[i]));
            read_index.push_back(i);
        }
    }
    const auto digests = digest_backup_tables(*plan.set, to_read, plan.jobs);
    for (std::size_t k = 0; k < digests.size(); ++k) {
        for (const auto& s : digests[k]) {
            if (s.digest.count > 0) {
                tables[read_index[k]].segments.push_back(s);
            }
        }
    }
    if (plan.reuse == nullptr) {
        return;
    }
    if (to_read.size() < reads.size()) {
        warnings.push_back("--skip-unchanged: " + plan.set->what() + ": " +
                           std::to_string(reads.size() - to_read.size()) + " of " +
                           std::to_string(reads.size()) +
                           " tables' digests were taken from earlier runs (read " + oldest +
                           " or later), their files not read again");
    }
    if (plan.reuse->next != nullptr) {
        for (std::size_t i = 0; i < tables.size(); ++i) {
            plan.reuse->next->backup_tables[tables[i].spec.identity] =
                StoredBackupTable{read_at[i], plans[i], tables[i].segments};
        }
    }
}

} // namespace

SnapshotData take_backup_data(const BackupDataPlan& plan, std::vector<std::string>& warnings) {
    const BackupSet& set = *plan.set;
    SnapshotData data;
    data.strategy = "stream";
    data.encoding = std::string(checksum::k_encoding_version);
    data.flavor = "gp6";
    data.segment_contents = set.contents();
    data.numsegments = static_cast<int>(data.segment_contents.size());
    BackupPlanner planner(plan);
    std::vector<BackupTableRead> reads;
    std::vector<SnapshotTable> tables;
    planner.plan_tables(tables, reads, data.numsegments);
    digest_or_reuse(plan, tables, std::move(reads), warnings);
    planner.add_roots_of_leaves(tables);
    planner.add_leaves_in_roots(tables);
    std::sort(tables.begin(), tables.end(),
              [](const auto& a, const auto& b) { return a.spec.identity < b.spec.identity; });
    data.tables = std::move(tables);
    planner.add_warnings(warnings);
    return data;
}

} // namespace gpparity::verify
