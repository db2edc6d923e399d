#include "verify/side.hpp"

#include "catalog/error.hpp"
#include "catalog/extract.hpp"
#include "catalog/pg/conninfo.hpp"
#include "catalog/text.hpp"
#include "verify/all_databases.hpp"
#include "verify/sha256.hpp"
#include "verify/snapshot_file.hpp"

#include <algorithm>
#include <filesystem>
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
        throw catalog::UsageError(prefix + "cannot read: it is a directory");
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
                     const catalog::ConnectOptions& connect, const catalog::Filter& filter) {
    OpenedSide side;
    if (classify_side(spec, label) == SideKind::snapshot_file) {
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
                          const catalog::ConnectOptions& connect) {
    if (classify_side(spec, label) == SideKind::live) {
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

DataSide data_side_of(OpenedSide& side, const std::string& label) {
    DataSide out;
    if (side.cluster) {
        out.cluster = &*side.cluster;
    } else {
        out.snapshot = &*side.data;
    }
    out.label =
        side.report_side.snapshot ? label + " snapshot " + side.report_side.snapshot->file : label;
    if (side.report_side.snapshot) {
        out.snapshot_sha256 = side.report_side.snapshot->sha256;
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
