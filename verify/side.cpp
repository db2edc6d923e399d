#include "verify/side.hpp"

#include "catalog/backup_catalog.hpp"
#include "catalog/error.hpp"
#include "catalog/extract.hpp"
#include "catalog/pg/conninfo.hpp"
#include "catalog/text.hpp"
#include "verify/all_databases.hpp"
#include "verify/backup_data.hpp"
#include "verify/sha256.hpp"
#include "verify/snapshot_file.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

namespace gpparity::verify {

namespace {

// --include/--exclude over a snapshot file: the same `schema.name` test the extractor applies,
// using the object's own name or, for objects of a table, the table's.
void apply_filter(catalog::Snapshot& snapshot, const catalog::Filter& filter) {
    if (filter.is_empty()) {
        return;
    }
    auto& objects = snapshot.objects;
    objects.erase(std::remove_if(objects.begin(), objects.end(),
                                 [&](const catalog::CatalogObject& o) {
                                     if (o.schema.empty() ||
                                         o.kind == catalog::ObjectKind::schema) {
                                         return false;
                                     }
                                     std::string name = o.name;
                                     if (!o.parent.empty()) {
                                         for (auto kind : {catalog::ObjectKind::table,
                                                           catalog::ObjectKind::view,
                                                           catalog::ObjectKind::materialized_view,
                                                           catalog::ObjectKind::external_table,
                                                           catalog::ObjectKind::foreign_table,
                                                           catalog::ObjectKind::sequence}) {
                                             if (const auto* p = snapshot.find(kind, o.parent)) {
                                                 name = p->name;
                                                 break;
                                             }
                                         }
                                     }
                                     return !filter.accepts(o.schema, name);
                                 }),
                  objects.end());
}

BackupEvidence backup_evidence(const BackupSet& set) {
    const BackupConfig& c = set.config();
    BackupEvidence e;
    e.directory = set.path();
    e.timestamp = c.timestamp;
    e.gpbackup_version = c.backup_version;
    e.database_version = c.database_version;
    e.segment_count = static_cast<int>(set.contents().size());
    e.compression = c.data_extension() == ".gz"    ? "gzip"
                    : c.data_extension() == ".zst" ? "zstd"
                                                   : "none";
    e.status = c.status;
    e.data_files = c.single_data_file ? "one per segment" : "per table and segment";
    for (const auto& step : c.restore_plan) {
        e.chain.push_back(step.timestamp);
    }
    std::sort(e.chain.begin(), e.chain.end());
    e.end_time = c.end_time;
    return e;
}

// A backup set's catalog, from its TOC and metadata.sql (catalog/backup_catalog.hpp).
OpenedSide open_backup_side(const std::string& spec, const std::string& label,
                            const catalog::Filter& filter,
                            const std::optional<std::string>& timestamp) {
    if (label != "source") {
        throw catalog::UsageError(label + ": " + spec +
                                  " is a gpbackup backup set; a backup stands in for the source "
                                  "only (--source DIR)");
    }
    OpenedSide side;
    auto set = std::make_shared<BackupSet>(BackupSet::open(spec, timestamp, label));
    std::vector<catalog::TocEntry> entries;
    entries.reserve(set->toc().metadata.size());
    for (const auto& m : set->toc().metadata) {
        if (m.section == BackupSection::statistics) {
            continue;
        }
        catalog::TocEntry e;
        e.section = m.section == BackupSection::global    ? catalog::TocSection::global
                    : m.section == BackupSection::predata ? catalog::TocSection::predata
                                                          : catalog::TocSection::postdata;
        e.schema = m.schema;
        e.name = m.name;
        e.object_type = m.object_type;
        e.reference_object = m.reference_object;
        e.statement = set->statement(m);
        entries.push_back(std::move(e));
    }
    catalog::BackupCatalog catalog = catalog::catalog_from_toc(entries, set->identity());
    side.snapshot = std::move(catalog.snapshot);
    side.presence_only = std::move(catalog.presence_only);
    apply_filter(side.snapshot, filter);
    side.snapshot.sort();
    side.report_side.identity = set->identity();
    side.report_side.backup = backup_evidence(*set);
    side.backup = std::move(set);
    return side;
}

std::string recorded_spec(const RecordedSide& side) {
    if (side.is_file) {
        return side.spec;
    }
    try {
        return catalog::pg::redacted_conninfo(side.spec);
    } catch (const catalog::Error&) {
        return catalog::pg::redact_secrets(side.spec);
    }
}

} // namespace

bool is_snapshot_file_spec(const std::string& spec) {
    std::error_code ec;
    return !spec.empty() && std::filesystem::is_regular_file(spec, ec) &&
           looks_like_snapshot_file(spec);
}

SideKind classify_side(const std::string& spec, const std::string& label) {
    if (is_snapshot_file_spec(spec)) {
        return SideKind::snapshot_file;
    }
    std::error_code ec;
    const std::filesystem::path path(spec);
    // libpq takes key=value pairs or a URI; a bare word is neither (PQconnectdb rejects it).
    if (spec.empty() || spec.find('=') != std::string::npos ||
        spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) {
        return SideKind::live;
    }
    // The wording of verify/snapshot_file's own errors ("snapshot FILE: cannot read ...").
    const std::string hint = "; a connection string is key=value pairs or a postgresql:// URI";
    const std::string prefix = label + ": snapshot " + spec + ": ";
    if (!std::filesystem::exists(path, ec)) {
        throw catalog::UsageError(prefix + "cannot read: no such file" + hint);
    }
    if (std::filesystem::is_directory(path, ec)) {
        if (BackupSet::is_backup_set(spec)) {
            return SideKind::backup_set;
        }
        throw catalog::UsageError(label + ": " + spec +
                                  " is a directory, but neither a gpbackup backup set (no "
                                  "backups/YYYYMMDD/<timestamp>/gpbackup_<timestamp>_config.yaml "
                                  "under it) nor a snapshot file");
    }
    throw catalog::UsageError(prefix + "not a gzip-compressed gpparity snapshot file" + hint);
}

// The databases of a live cluster a whole-cluster run may compare (name -> identity, quoted as
// the catalog quotes it): those that accept connections, not templates. Greenplum marks
// `postgres` a template (datistemplate, seen on 6.24 and 7); it is an ordinary database there
// all the same, and compared.
std::map<std::string, std::string> list_databases(catalog::Cluster& cluster) {
    catalog::pg::Result r = cluster.coordinator().exec(
        "SELECT datname::pg_catalog.text, pg_catalog.quote_ident(datname::pg_catalog.text) "
        "FROM pg_catalog.pg_database "
        "WHERE datallowconn AND (NOT datistemplate OR datname = 'postgres')");
    std::map<std::string, std::string> out;
    for (int i = 0; i < r.rows(); ++i) {
        out.emplace(r.text(i, 0), r.text(i, 1));
    }
    return out;
}

std::map<std::string, std::string> cluster_snapshot_files(const std::string& spec) {
    std::map<std::string, std::string> out;
    std::error_code ec;
    if (spec.empty() || !std::filesystem::is_directory(spec, ec)) {
        return out;
    }
    for (const auto& entry : std::filesystem::directory_iterator(spec, ec)) {
        if (!entry.is_regular_file(ec)) {
            continue;
        }
        if (auto name = database_of_snapshot_file(entry.path().filename().string())) {
            out.emplace(*name, entry.path().string());
        }
    }
    return out;
}

catalog::Cluster connect_side(const std::string& spec, const std::string& label,
                              const catalog::ConnectOptions& connect) {
    if (!spec.empty()) {
        return catalog::Cluster::connect(spec, label, connect);
    }
    try {
        return catalog::Cluster::connect(spec, label, connect);
    } catch (const catalog::ConnectionError& e) {
        throw catalog::ConnectionError(std::string(e.what()) + " (no --" + label +
                                       " given: libpq's PG* variables and defaults applied)");
    }
}

OpenedSide open_side(const std::string& spec, const std::string& label,
                     const catalog::ConnectOptions& connect, const catalog::Filter& filter,
                     const std::optional<std::string>& backup_timestamp) {
    OpenedSide side;
    const SideKind kind = classify_side(spec, label);
    if (kind == SideKind::backup_set) {
        return open_backup_side(spec, label, filter, backup_timestamp);
    }
    if (backup_timestamp) {
        throw catalog::UsageError(label + ": --backup-timestamp given, but " +
                                  (spec.empty() ? std::string("the side") : spec) +
                                  " is not a gpbackup backup set");
    }
    if (kind == SideKind::snapshot_file) {
        SnapshotFile file = read_snapshot_file_with_data(spec);
        side.snapshot = std::move(file.catalog);
        side.data = std::move(file.data);
        apply_filter(side.snapshot, filter);
        side.snapshot.sort();
        side.report_side.identity = side.snapshot.cluster;
        SnapshotEvidence evidence;
        evidence.file = spec;
        evidence.sha256 = sha256_file_hex(spec);
        evidence.taken = side.snapshot.taken_at;
        evidence.gpparity_version = side.snapshot.gpparity_version;
        side.report_side.snapshot = evidence;
        return side;
    }
    side.cluster = connect_side(spec, label, connect);
    side.snapshot = catalog::extract_catalog(*side.cluster, filter);
    side.report_side.identity = side.cluster->identity();
    return side;
}

OpenedSide open_data_side(const std::string& spec, const std::string& label,
                          const catalog::ConnectOptions& connect,
                          const std::optional<std::string>& backup_timestamp) {
    const SideKind kind = classify_side(spec, label);
    if (kind == SideKind::backup_set) {
        // The catalog gives the columns' types and the distribution its digests are planned by.
        return open_backup_side(spec, label, catalog::Filter{}, backup_timestamp);
    }
    if (backup_timestamp) {
        throw catalog::UsageError(label + ": --backup-timestamp given, but " +
                                  (spec.empty() ? std::string("the side") : spec) +
                                  " is not a gpbackup backup set");
    }
    if (kind == SideKind::live) {
        OpenedSide side;
        side.cluster = connect_side(spec, label, connect);
        side.report_side.identity = side.cluster->identity();
        return side;
    }
    OpenedSide side = open_side(spec, label, connect, catalog::Filter{});
    if (!side.data) {
        throw catalog::UsageError(label + ": snapshot " + spec +
                                  " holds the catalog only, no data digests (take it with "
                                  "`gpparity snapshot --data`)");
    }
    return side;
}

void prepare_backup_data(OpenedSide& side, OpenedSide& other, const DataRunOptions& options,
                         std::vector<std::string>& warnings) {
    if (!side.backup || side.data) {
        return;
    }
    if (!other.cluster) {
        throw catalog::UsageError(side.backup->label() +
                                  ": a gpbackup backup set is compared with a live cluster, not "
                                  "with a snapshot file or another backup");
    }
    catalog::Cluster& cluster = *other.cluster;
    if (!other.tables) {
        other.tables = std::make_shared<const checksum::ClusterTables>(
            checksum::load_cluster_tables(cluster.coordinator(), cluster.identity().flavor));
    }
    const checksum::ClusterTables& target = *other.tables;
    // The backup's column types as the target names them: one statement for all of them.
    std::set<std::string> names;
    for (const auto* c : side.snapshot.of_kind(catalog::ObjectKind::column)) {
        names.insert(c->get("type"));
    }
    std::string array = "{";
    for (const auto& name : names) {
        std::string quoted = "\"";
        for (char ch : name) {
            if (ch == '"' || ch == '\\') {
                quoted.push_back('\\');
            }
            quoted.push_back(ch);
        }
        array += (array.size() > 1 ? "," : "") + quoted + "\"";
    }
    array += "}";
    std::map<std::string, std::uint32_t> oids;
    // to_regtype takes text from PostgreSQL 9.6 on, cstring before (GP6's 9.4).
    const std::string argument =
        cluster.identity().server_version_num < 90600 ? "t::pg_catalog.cstring" : "t";
    catalog::pg::Result r = cluster.coordinator().exec_params(
        "SELECT t, pg_catalog.to_regtype(" + argument +
            ")::pg_catalog.oid FROM pg_catalog.unnest($1::pg_catalog.text[]) AS t",
        {array});
    for (int i = 0; i < r.rows(); ++i) {
        if (!r.is_null(i, 1)) {
            oids[r.text(i, 0)] = static_cast<std::uint32_t>(std::stoul(r.text(i, 1)));
        }
    }
    BackupDataPlan plan;
    plan.set = side.backup.get();
    plan.catalog = &side.snapshot;
    plan.target = &target;
    plan.type_oid_of = [&oids](const std::string& name) {
        const auto it = oids.find(name);
        return it == oids.end() ? 0U : it->second;
    };
    plan.filter = options.filter;
    plan.jobs = options.jobs;
    plan.reuse = options.reuse ? &*options.reuse : nullptr;
    plan.target_database = cluster.identity().database;
    side.data = take_backup_data(plan, warnings);
}

DataSide data_side_of(OpenedSide& side, const std::string& label) {
    DataSide out;
    if (side.cluster) {
        out.cluster = &*side.cluster;
        out.tables = side.tables.get();
    } else {
        out.snapshot = &*side.data;
    }
    out.label =
        side.report_side.snapshot ? label + " snapshot " + side.report_side.snapshot->file : label;
    if (side.report_side.snapshot) {
        out.snapshot_sha256 = side.report_side.snapshot->sha256;
    }
    if (side.backup) {
        // A backup's files never change: its timestamp is every table's change signature.
        out.label = side.backup->what();
        out.snapshot_sha256 = "backup " + side.backup->config().timestamp;
    }
    return out;
}

void record_common_options(Report& report, const std::optional<RecordedSide>& source,
                           const RecordedSide& target, const catalog::Filter& filter,
                           const catalog::ConnectOptions& connect) {
    if (source) {
        report.options["source"] = recorded_spec(*source);
    }
    report.options["target"] = recorded_spec(target);
    if (!filter.includes().empty()) {
        report.options["include"] = catalog::join(filter.includes(), " ");
    }
    if (!filter.excludes().empty()) {
        report.options["exclude"] = catalog::join(filter.excludes(), " ");
    }
    if (connect.statement_timeout_ms != 0) {
        report.options["statement_timeout_s"] = std::to_string(connect.statement_timeout_ms / 1000);
    }
    if (connect.lock_timeout_ms != catalog::ConnectOptions{}.lock_timeout_ms) {
        report.options["lock_timeout_s"] = std::to_string(connect.lock_timeout_ms / 1000);
    }
}

} // namespace gpparity::verify
