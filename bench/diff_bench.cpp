// Catalog diff benchmark (DESIGN.md §5: "a database with 100,000 relations ... diffs in
// seconds"). Builds two snapshots in memory, a GP6 source and a GP7 target shaped like a real
// migration (every table with columns, an index, a constraint, privileges and a comment; views
// and sequences; AO tables whose options need the ao_reloptions rule; drift on 1% of the
// tables), then times catalog::diff (normalization of both sides included) and the recreate
// script. Usage: diff_bench [RELATIONS] (default 100000). Not part of scripts/test.

#include "catalog/ddl.hpp"
#include "catalog/diff.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace gpparity::catalog;

namespace {

CatalogObject make(ObjectKind kind, std::string identity, std::string parent,
                   std::vector<Attribute> attributes) {
    CatalogObject o;
    o.kind = kind;
    o.identity = std::move(identity);
    o.schema = "s";
    o.name = o.identity.substr(o.identity.rfind('.') + 1);
    o.parent = std::move(parent);
    o.attributes = std::move(attributes);
    return o;
}

Snapshot build(Flavor flavor, long relations, bool drift) {
    Snapshot s;
    s.cluster.flavor = flavor;
    s.objects.reserve(static_cast<std::size_t>(relations) * 15);
    const bool gp6 = flavor == Flavor::gp6;
    for (long i = 0; i < relations; ++i) {
        std::string table = "s.t" + std::to_string(i);
        bool ao = i % 3 == 0;
        bool drifted = drift && i % 100 == 7;
        std::string options =
            ao ? (gp6 ? "{appendonly=true,compresstype=zlib,orientation=column}"
                      : "{blocksize=32768,checksum=true,compresslevel=1,compresstype=zlib}")
               : "";
        std::vector<Attribute> attrs = {
            {"owner", "app"},
            {"storage", ao ? "ao_column" : "heap"},
            {"options", options.empty() ? std::nullopt : std::optional<std::string>(options)},
            {"tablespace", std::nullopt},
            {"persistence", "permanent"},
            {"distribution", "hash"},
            {"distribution_key", "id pg_catalog.int4_ops"},
            {"numsegments", "2"}};
        if (gp6 && ao) {
            attrs.push_back(
                {"ao_options", "blocksize=32768,checksum=t,compresslevel=1,compresstype=zlib"});
        }
        CatalogObject t = make(ObjectKind::table, table, "", std::move(attrs));
        t.ddl = "CREATE TABLE " + table + " (id integer NOT NULL, a text) DISTRIBUTED BY (id)";
        s.objects.push_back(std::move(t));
        for (int c = 0; c < 8; ++c) {
            std::string type = c == 0 ? "integer" : (c % 2 ? "text" : "numeric(12,2)");
            if (drifted && c == 3) {
                type = "bigint";
            }
            s.objects.push_back(
                make(ObjectKind::column, table + ".c" + std::to_string(c), table,
                     {{"position", std::to_string(c + 1)},
                      {"type", type},
                      {"not_null", c == 0 ? "t" : "f"},
                      {"default", c == 1 ? std::optional<std::string>("'x'::text") : std::nullopt},
                      {"collation", std::nullopt},
                      {"storage_mode", std::nullopt},
                      {"options", std::nullopt}}));
        }
        if (!drifted) {
            s.objects.push_back(
                make(ObjectKind::index, table + ".t" + std::to_string(i) + "_a_idx", table,
                     {{"definition", "CREATE INDEX t" + std::to_string(i) + "_a_idx ON " + table +
                                         " USING btree (c1)"},
                      {"access_method", "btree"},
                      {"unique", "f"}}));
        }
        s.objects.push_back(
            make(ObjectKind::constraint, table + ".t" + std::to_string(i) + "_pkey", table,
                 {{"constraint_type", "primary"}, {"definition", "PRIMARY KEY (c0)"}}));
        for (const char* grantee : {"app", "reader"}) {
            s.objects.push_back(
                make(ObjectKind::privilege, "table " + table + " " + grantee, table,
                     {{"object_kind", "table"},
                      {"object", table},
                      {"grantee", grantee},
                      {"privileges",
                       std::string(grantee) == "app" ? "DELETE,INSERT,SELECT,UPDATE" : "SELECT"}}));
        }
        s.objects.push_back(make(ObjectKind::comment, "table " + table, table,
                                 {{"object_kind", "table"},
                                  {"object", table},
                                  {"text", "table number " + std::to_string(i)}}));
        if (i % 10 == 0) {
            s.objects.push_back(
                make(ObjectKind::view, "s.v" + std::to_string(i), "",
                     {{"owner", "app"},
                      {"definition", gp6 ? " SELECT t.c0,\n    t.c1\n   FROM " + table + " t;"
                                         : " SELECT t.c0,\n    t.c1\n   FROM " + table + " t;"}}));
        }
        if (i % 5 == 0) {
            s.objects.push_back(
                make(ObjectKind::sequence, "s.q" + std::to_string(i), "",
                     {{"increment", "1"}, {"cache", gp6 ? "1" : "20"}, {"last_value", "100"}}));
        }
    }
    s.sort();
    return s;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    long relations = argc > 1 ? std::atol(argv[1]) : 100000;
    auto t0 = std::chrono::steady_clock::now();
    Snapshot source = build(Flavor::gp6, relations, false);
    Snapshot target = build(Flavor::gp7, relations, true);
    double build_s = seconds_since(t0);
    const std::size_t source_objects = source.objects.size();
    const std::size_t target_objects = target.objects.size();
    const ClusterIdentity source_identity = source.cluster;
    const ClusterIdentity target_identity = target.cluster;

    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    auto t1 = std::chrono::steady_clock::now();
    DiffResult result = diff(std::move(source), std::move(target));
    double diff_s = seconds_since(t1);
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    auto cpu = [](const rusage& u) {
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    double diff_cpu_s = cpu(after) - cpu(before);

    auto t2 = std::chrono::steady_clock::now();
    RecreateScript script = render_recreate(result, source_identity, target_identity);
    double recreate_s = seconds_since(t2);

    std::size_t changed = 0;
    std::size_t expected = 0;
    std::size_t missing = 0;
    for (const auto& f : result.findings) {
        changed += f.status == FindingStatus::changed;
        expected += f.status == FindingStatus::expected_change;
        missing += f.status == FindingStatus::missing_in_target;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("relations            %ld\n", relations);
    std::printf("objects per side     %zu / %zu\n", source_objects, target_objects);
    std::printf("build snapshots      %.2f s\n", build_s);
    std::printf("diff (normalize+cmp) %.2f s wall, %.2f s CPU  (%.0f objects/s)\n", diff_s,
                diff_cpu_s, static_cast<double>(source_objects + target_objects) / diff_s);
    std::printf("recreate script      %.2f s  (%d statements, %zu bytes)\n", recreate_s,
                script.statements, script.sql.size());
    std::printf("findings             %zu (changed %zu, expected_change %zu, missing %zu)\n",
                result.findings.size(), changed, expected, missing);
    std::printf("peak RSS             %ld MB\n", usage.ru_maxrss / 1024);
    return 0;
}
