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

// The live catalog of the scratch database, kept to the objects of schema bk (cluster-wide
// objects are not in a predata-only TOC).
catalog::Snapshot extract_bk(const std::string& conninfo, const std::string& side) {
    catalog::Cluster cluster = catalog::Cluster::connect(conninfo, side);
    catalog::Snapshot s = catalog::extract_catalog(cluster, catalog::Filter{});
    std::erase_if(s.objects, [](const catalog::CatalogObject& o) { return o.schema != "bk"; });
    return s;
}

// Whether a presence_only note announces the finding's object.
bool is_announced(const catalog::Finding& f, const std::vector<std::string>& presence_only) {
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
