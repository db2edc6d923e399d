#include "verify/side.hpp"

#include "catalog/extract.hpp"
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

} // namespace

bool is_snapshot_file_spec(const std::string& spec) {
    std::error_code ec;
    return !spec.empty() && std::filesystem::is_regular_file(spec, ec) &&
           looks_like_snapshot_file(spec);
}

OpenedSide open_side(const std::string& spec, const std::string& label,
                     const catalog::ConnectOptions& connect, const catalog::Filter& filter) {
    OpenedSide side;
    if (is_snapshot_file_spec(spec)) {
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
    side.cluster = catalog::Cluster::connect(spec, label, connect);
    side.snapshot = catalog::extract_catalog(*side.cluster, filter);
    side.report_side.identity = side.cluster->identity();
    return side;
}

} // namespace gpparity::verify
