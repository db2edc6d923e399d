// A gpbackup backup set as a catalog side, against real clusters: the TOC entries of
// backup_toc_fixture.hpp (gpbackup's own printed DDL) are executed on a scratch database, the
// live catalog is extracted, and catalog_from_toc of the same entries must diff against it
// with no finding except those its presence_only notes announce. On GP6 that proves the parsers
// reproduce the extractor's attributes; on GP7 that the differences are the known GP6 -> GP7
// rules.

#include "catalog/backup_catalog.hpp"
#include "catalog/ddl.hpp"
#include "catalog/diff.hpp"
#include "catalog/extract.hpp"
#include "tests/integration/catalog/backup_toc_fixture.hpp"
#include "tests/integration/support/findings.hpp"
#include "tests/integration/support/servers.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

using namespace gpparity;
using catalog::FindingStatus;
using catalog::ObjectKind;
using gpparity::testing::describe;

namespace {

const char* const k_roles = R"SQL(
DO $$BEGIN CREATE ROLE gpparity_test_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE gpparity_test_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)SQL";

// The live catalog of the scratch database, kept to the fixture's objects: schema bk, the casts
// of its types and the foreign objects named bk_* (cluster-wide objects are not in a
// predata-only TOC).
catalog::Snapshot extract_bk(const std::string& conninfo, const std::string& side) {
    catalog::Cluster cluster = catalog::Cluster::connect(conninfo, side);
    catalog::Snapshot s = catalog::extract_catalog(cluster, catalog::Filter{});
    // Casts and foreign objects have no schema: those of bk's types, and those named bk_*.
    std::erase_if(s.objects, [](const catalog::CatalogObject& o) {
        return o.schema != "bk" && o.identity.find("bk.") == std::string::npos &&
               o.identity.find("bk_") == std::string::npos;
    });
    return s;
}

// Whether a presence_only note announces the finding's object: only a change can be, an object
// compared for presence must still be found under the extractor's identity.
bool is_announced(const catalog::Finding& f, const std::vector<std::string>& presence_only) {
    if (f.status == FindingStatus::missing_in_target ||
        f.status == FindingStatus::extra_in_target) {
        return false;
    }
    std::string prefix = std::string(catalog::to_string(f.kind)) + " " + f.object + ":";
    for (const auto& note : presence_only) {
        if (note.rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

// Runs the entries' statements one TOC entry at a time, as gprestore does.
void restore(const std::string& conninfo, const std::vector<catalog::TocEntry>& entries) {
    for (const auto& e : entries) {
        if (e.object_type != "SESSION GUCS") {
            gpparity::testing::sql(conninfo, e.statement);
        }
    }
}

} // namespace

TEST(BackupCatalogGreenplum, BackupOfGp6SchemaMatchesTheLiveGp6Catalog) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    gpparity::testing::sql(gp6, k_roles);
    gpparity::testing::TestDatabase db(gp6, "backup_toc");
    const auto entries = gpparity::testing::backup_toc_fixture();
    restore(db.conninfo(), entries);

    catalog::Snapshot live = extract_bk(db.conninfo(), "target");
    auto backup = catalog::catalog_from_toc(entries, live.cluster);
    ASSERT_FALSE(backup.snapshot.objects.empty());
    auto result = catalog::diff(backup.snapshot, live);
    std::vector<catalog::Finding> unexplained;
    for (const auto& f : result.findings) {
        if (!is_announced(f, backup.presence_only)) {
            unexplained.push_back(f);
        }
    }
    std::ostringstream notes;
    for (const auto& n : backup.presence_only) {
        notes << "  " << n << "\n";
    }
    EXPECT_TRUE(unexplained.empty()) << describe(unexplained) << "presence only:\n" << notes.str();
    // What was compared attribute by attribute, not just found.
    EXPECT_GE(result.compared.at("table"), 9u);
    EXPECT_GE(result.compared.at("column"), 25u);
    EXPECT_GE(result.compared.at("privilege"), 6u);
    EXPECT_GE(result.compared.at("comment"), 4u);
    EXPECT_GE(result.compared.at("function"), 3u);
    EXPECT_GE(result.compared.at("constraint"), 3u);
    EXPECT_GE(result.compared.at("index"), 2u);
    EXPECT_EQ(result.compared.at("sequence"), 2u);
    EXPECT_EQ(result.compared.at("trigger"), 1u);
    EXPECT_EQ(result.compared.at("rule"), 1u);
    // Found under the extractor's identities, though compared for presence only.
    EXPECT_EQ(result.compared.at("cast"), 2u);
    EXPECT_EQ(result.compared.at("operator"), 1u);
    EXPECT_EQ(result.compared.at("operator_family"), 1u);
    EXPECT_EQ(result.compared.at("foreign_data_wrapper"), 1u);
    EXPECT_EQ(result.compared.at("foreign_server"), 1u);
    EXPECT_EQ(result.compared.at("user_mapping"), 2u);

    // The comparison can fail: drift planted on the live side is found.
    db.run("ALTER TABLE bk.customers ALTER COLUMN joined SET NOT NULL; COMMENT ON TABLE "
           "bk.customers IS 'changed'; SELECT setval('bk.step_seq', 50)");
    auto drifted = catalog::diff(backup.snapshot, extract_bk(db.conninfo(), "target"));
    std::set<std::string> changed;
    for (const auto& f : drifted.findings) {
        if (f.status == FindingStatus::changed) {
            changed.insert(std::string(catalog::to_string(f.kind)) + " " + f.object);
        }
    }
    EXPECT_EQ(changed,
              (std::set<std::string>{"column bk.customers.joined", "comment table bk.customers"}))
        << describe(drifted.findings);
}

TEST(BackupCatalogGreenplum, BackupOfGp6SchemaAgainstGp7HasOnlyExpectedChanges) {
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    gpparity::testing::sql(gp7, k_roles);
    gpparity::testing::TestDatabase db(gp7, "backup_toc");
    const auto entries = gpparity::testing::backup_toc_fixture();
    // The GP7 database is built by `recreate` from the backup alone: the script rendered from
    // the backup's own statements must run on GP7.
    catalog::Snapshot empty = extract_bk(db.conninfo(), "target");
    catalog::ClusterIdentity source = empty.cluster;
    source.flavor = catalog::Flavor::gp6;
    auto backup = catalog::catalog_from_toc(entries, source);
    auto script =
        catalog::render_recreate(catalog::diff(backup.snapshot, empty), source, empty.cluster);
    gpparity::testing::sql(db.conninfo(), script.sql);
    // Each OWNER, COMMENT and GRANT statement once: an object's own DDL holds its CREATE, the
    // comment and privilege objects their statements, and the owner is rendered from the
    // object's attribute.
    std::map<std::string, int> statements;
    std::istringstream lines(script.sql);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("COMMENT ON ", 0) == 0 || line.rfind("GRANT ", 0) == 0 ||
            line.rfind("REVOKE ", 0) == 0 || line.find(" OWNER TO ") != std::string::npos) {
            ++statements[line];
        }
    }
    EXPECT_GT(statements.size(), 5U) << script.sql;
    for (const auto& [statement, count] : statements) {
        EXPECT_EQ(count, 1) << statement << "\n" << script.sql;
    }

    catalog::Snapshot live = extract_bk(db.conninfo(), "target");
    auto result = catalog::diff(backup.snapshot, live);
    std::vector<catalog::Finding> unexpected;
    for (const auto& f : result.findings) {
        if (f.status != FindingStatus::expected_change && !is_announced(f, backup.presence_only)) {
            unexpected.push_back(f);
        }
    }
    EXPECT_TRUE(unexpected.empty()) << describe(unexpected);
    // AO options are stored differently on GP7: a rule must have explained the AO table.
    bool ao_explained = false;
    for (const auto& f : result.findings) {
        if (f.kind == ObjectKind::table && f.object == "bk.orders" &&
            f.status == FindingStatus::expected_change) {
            ao_explained = true;
        }
    }
    EXPECT_TRUE(ao_explained) << describe(result.findings);
}

// A backup taken without --without-globals holds every role, resource queue and group,
// tablespace and the database, printed as gpbackup prints them (backup/metadata_globals.go).
// Built here from the live GP6 cluster's own globals, catalog_from_toc must name each one as
// the extractor does: not one missing or extra.
TEST(BackupCatalogGreenplum, GlobalEntriesNameTheLiveGp6Globals) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    gpparity::testing::sql(gp6, k_roles);
    using catalog::TocEntry;
    using catalog::TocSection;
    std::vector<TocEntry> entries = {
        {TocSection::global, "", "", "SESSION GUCS", "", "SET client_encoding = 'UTF8';\n"}};
    auto add = [&](const char* type, const std::string& name, const std::string& statement) {
        entries.push_back({TocSection::global, "", name, type, "", statement});
    };
    for (const auto& role :
         gpparity::testing::sql(gp6, "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname "
                                     "!~ '^pg_' ORDER BY 1")) {
        add("ROLE", role,
            "\n\nCREATE ROLE " + role + ";\nALTER ROLE " + role +
                " WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN RESOURCE QUEUE "
                "pg_default RESOURCE GROUP default_group;");
    }
    for (const auto& queue :
         gpparity::testing::sql(gp6, "SELECT quote_ident(rsqname) FROM pg_resqueue ORDER BY 1")) {
        add("RESOURCE QUEUE", queue,
            "\n\n" + std::string(queue == "pg_default" ? "ALTER" : "CREATE") + " RESOURCE QUEUE " +
                queue + " WITH (ACTIVE_STATEMENTS=20);");
    }
    for (const auto& group :
         gpparity::testing::sql(gp6, "SELECT quote_ident(rsgname) FROM pg_resgroup ORDER BY 1")) {
        add("RESOURCE GROUP", group,
            group == "admin_group" || group == "default_group"
                ? "\n\nALTER RESOURCE GROUP " + group + " SET CONCURRENCY 20;"
                : "\n\nCREATE RESOURCE GROUP " + group +
                      " WITH (CPU_RATE_LIMIT=10, "
                      "MEMORY_LIMIT=10);");
    }
    for (const auto& space : gpparity::testing::sql(
             gp6, "SELECT quote_ident(spcname) FROM pg_tablespace WHERE spcname != 'pg_default' "
                  "AND spcname != 'pg_global' ORDER BY 1")) {
        add("TABLESPACE", space, "\n\nCREATE TABLESPACE " + space + " LOCATION '/data/ts';");
    }
    const std::string database =
        gpparity::testing::sql(gp6, "SELECT quote_ident(current_database())").at(0);
    add("DATABASE", database, "\n\nCREATE DATABASE " + database + " TEMPLATE template0;");
    add("DATABASE METADATA", database,
        "\n\nCOMMENT ON DATABASE " + database + " IS 'the source';\n");
    add("ROLE GRANT", "gpparity_test_reader",
        "\nGRANT gpparity_test_owner TO gpparity_test_reader;");

    catalog::Cluster cluster = catalog::Cluster::connect(gp6, "source");
    catalog::Snapshot live = catalog::extract_catalog(cluster, catalog::Filter{});
    auto backup = catalog::catalog_from_toc(entries, live.cluster);
    for (const ObjectKind kind :
         {ObjectKind::role, ObjectKind::resource_queue, ObjectKind::resource_group,
          ObjectKind::tablespace, ObjectKind::database}) {
        SCOPED_TRACE(catalog::to_string(kind));
        std::set<std::string> in_backup;
        std::set<std::string> in_live;
        for (const auto* o : backup.snapshot.of_kind(kind)) {
            in_backup.insert(o->identity);
        }
        for (const auto* o : live.of_kind(kind)) {
            in_live.insert(o->identity);
        }
        EXPECT_EQ(in_backup, in_live);
    }
    EXPECT_GE(backup.snapshot.of_kind(ObjectKind::role).size(), 3U);
    // A role membership is not an object privilege.
    EXPECT_TRUE(backup.snapshot.of_kind(ObjectKind::privilege).empty())
        << backup.snapshot.of_kind(ObjectKind::privilege).front()->identity;
    EXPECT_GE(backup.snapshot.of_kind(ObjectKind::resource_queue).size(), 1U);
}
