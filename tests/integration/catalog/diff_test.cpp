// The catalog diff against real servers: the same schema on two PostgreSQL servers (source =
// GPPARITY_TEST_PG1, target = GPPARITY_TEST_PG2), drift planted with SQL, findings asserted.
// Also the shared-library check, and GP6 vs GP7 when real clusters are configured.

#include "catalog/diff.hpp"
#include "catalog/extract.hpp"
#include "catalog/library_check.hpp"
#include "tests/integration/catalog/catalog_fixture.hpp"
#include "tests/integration/support/findings.hpp"
#include "tests/integration/support/servers.hpp"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

using namespace gpparity;
using catalog::FindingStatus;
using catalog::ObjectKind;
using gpparity::testing::describe;

namespace {

catalog::Snapshot extract(const std::string& conninfo, const std::string& side) {
    catalog::Cluster cluster = catalog::Cluster::connect(conninfo, side);
    return catalog::extract_catalog(cluster, catalog::Filter{});
}

using Key = std::tuple<FindingStatus, ObjectKind, std::string>;

std::set<Key> keys(const std::vector<catalog::Finding>& findings) {
    std::set<Key> out;
    for (const auto& f : findings) {
        out.emplace(f.status, f.kind, f.object);
    }
    return out;
}

const catalog::Finding* find(const std::vector<catalog::Finding>& findings, FindingStatus status,
                             ObjectKind kind, const std::string& object) {
    for (const auto& f : findings) {
        if (f.status == status && f.kind == kind && f.object == object) {
            return &f;
        }
    }
    return nullptr;
}

} // namespace

TEST(CatalogDiffPostgres, IdenticalDatabasesHaveNoFindings) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    // Same database name on both servers: the database is an object too.
    gpparity::testing::TestDatabase source(pg1, "cdiff_same");
    gpparity::testing::TestDatabase target(pg2, "cdiff_same");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    auto result =
        catalog::diff(extract(source.conninfo(), "source"), extract(target.conninfo(), "target"));
    EXPECT_TRUE(result.findings.empty()) << describe(result.findings);
    EXPECT_GT(result.compared.at("table"), 5u);
    EXPECT_GT(result.compared.at("column"), 20u);
    EXPECT_GT(result.compared.at("privilege"), 5u);
}

TEST(CatalogDiffPostgres, FindsEachPlantedDrift) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    gpparity::testing::TestDatabase source(pg1, "cdiff_drift");
    gpparity::testing::TestDatabase target(pg2, "cdiff_drift");
    source.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(gpparity::testing::k_catalog_fixture_sql);
    target.run(R"SQL(
DROP INDEX shop.orders_amount_idx;
DROP AGGREGATE shop.my_max(integer);
CREATE OR REPLACE FUNCTION shop.add_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 * 1.3';
ALTER TABLE shop.rooms ALTER COLUMN id TYPE bigint;
ALTER TABLE shop.customers ALTER COLUMN name DROP DEFAULT;
ALTER SEQUENCE shop.order_seq INCREMENT BY 7;
CREATE OR REPLACE VIEW shop.big_orders WITH (security_barrier) AS SELECT o.id, o.amount, shop.add_tax(o.amount) AS taxed FROM shop.orders o WHERE o.amount > 200;
REVOKE UPDATE ON shop.orders FROM gpparity_test_reader;
REVOKE USAGE ON TYPE shop.mood FROM gpparity_test_reader;
CREATE TABLE shop.extra_table (a integer, b text);
)SQL");
    auto result =
        catalog::diff(extract(source.conninfo(), "source"), extract(target.conninfo(), "target"));
    const auto& f = result.findings;
    std::set<Key> expected = {
        {FindingStatus::missing_in_target, ObjectKind::index, "shop.orders.orders_amount_idx"},
        {FindingStatus::missing_in_target, ObjectKind::comment,
         "index shop.orders.orders_amount_idx"},
        {FindingStatus::missing_in_target, ObjectKind::aggregate, "shop.my_max(integer)"},
        {FindingStatus::missing_in_target, ObjectKind::privilege,
         "type shop.mood gpparity_test_reader"},
        {FindingStatus::extra_in_target, ObjectKind::table, "shop.extra_table"},
        {FindingStatus::changed, ObjectKind::function, "shop.add_tax(numeric)"},
        {FindingStatus::changed, ObjectKind::column, "shop.rooms.id"},
        {FindingStatus::changed, ObjectKind::column, "shop.customers.name"},
        // DROP DEFAULT recurses to the inheritance child.
        {FindingStatus::changed, ObjectKind::column, "shop.child_of_customers.name"},
        {FindingStatus::changed, ObjectKind::sequence, "shop.order_seq"},
        {FindingStatus::changed, ObjectKind::view, "shop.big_orders"},
        {FindingStatus::changed, ObjectKind::privilege, "table shop.orders gpparity_test_reader"},
    };
    EXPECT_EQ(keys(f), expected) << describe(f);

    const auto* body =
        find(f, FindingStatus::changed, ObjectKind::function, "shop.add_tax(numeric)");
    ASSERT_NE(body, nullptr);
    ASSERT_EQ(body->details.size(), 1u) << describe(f);
    EXPECT_EQ(body->details[0].attribute, "body");
    EXPECT_EQ(body->details[0].source, "SELECT $1 * 1.2");
    EXPECT_EQ(body->details[0].target, "SELECT $1 * 1.3");

    const auto* type = find(f, FindingStatus::changed, ObjectKind::column, "shop.rooms.id");
    ASSERT_NE(type, nullptr);
    EXPECT_EQ(type->details.at(0), (catalog::FindingDetail{"type", "integer", "bigint"}));

    const auto* lost = find(f, FindingStatus::changed, ObjectKind::column, "shop.customers.name");
    ASSERT_NE(lost, nullptr);
    EXPECT_EQ(lost->details.at(0),
              (catalog::FindingDetail{"default", "'anon'::text", std::nullopt}));

    const auto* seq = find(f, FindingStatus::changed, ObjectKind::sequence, "shop.order_seq");
    ASSERT_NE(seq, nullptr);
    EXPECT_EQ(seq->details.at(0), (catalog::FindingDetail{"increment", "5", "7"}));

    const auto* view = find(f, FindingStatus::changed, ObjectKind::view, "shop.big_orders");
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->details.at(0).attribute, "definition");
    EXPECT_NE(view->details.at(0).source->find("> (100)"), std::string::npos)
        << *view->details.at(0).source;
    EXPECT_NE(view->details.at(0).target->find("> (200)"), std::string::npos)
        << *view->details.at(0).target;

    const auto* grant = find(f, FindingStatus::changed, ObjectKind::privilege,
                             "table shop.orders gpparity_test_reader");
    ASSERT_NE(grant, nullptr);
    EXPECT_EQ(grant->details.at(0),
              (catalog::FindingDetail{"privileges", "INSERT,SELECT,UPDATE", "INSERT,SELECT"}));
}

TEST(CatalogDiffPostgres, SequenceAheadOnTargetIsFine) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    gpparity::testing::TestDatabase source(pg1, "cdiff_seq");
    gpparity::testing::TestDatabase target(pg2, "cdiff_seq");
    const char* schema =
        "CREATE SCHEMA s; CREATE SEQUENCE s.q; SELECT nextval('s.q'), nextval('s.q');";
    source.run(schema);
    target.run(schema);
    target.run("SELECT nextval('s.q')");
    EXPECT_TRUE(
        catalog::diff(extract(source.conninfo(), "source"), extract(target.conninfo(), "target"))
            .findings.empty());
    source.run("SELECT setval('s.q', 100)");
    auto result =
        catalog::diff(extract(source.conninfo(), "source"), extract(target.conninfo(), "target"));
    ASSERT_EQ(result.findings.size(), 1u) << describe(result.findings);
    EXPECT_EQ(result.findings[0].details.at(0), (catalog::FindingDetail{"last_value", "100", "3"}));
}

TEST(CatalogDiffLibraries, LibraryThatDoesNotLoadIsIncompatible) {
    GPPARITY_SERVER(pg2, 2);
    gpparity::testing::TestDatabase target(pg2, "cdiff_lib");
    // CREATE FUNCTION loads the library, so the missing one is planted in pg_proc directly: what
    // a restore onto a cluster without the extension's files leaves behind.
    target.run(R"SQL(
CREATE SCHEMA s;
CREATE FUNCTION s.missing_lib(integer) RETURNS integer LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
CREATE FUNCTION s.present_lib() RETURNS void LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
UPDATE pg_catalog.pg_proc SET probin = '$libdir/gpparity_test_no_such_lib' WHERE oid = 's.missing_lib(integer)'::regprocedure;
)SQL");
    catalog::Cluster cluster = catalog::Cluster::connect(target.conninfo(), "target");
    catalog::Snapshot snapshot = catalog::extract_catalog(cluster, catalog::Filter{});
    auto libraries = catalog::c_function_libraries(snapshot);
    EXPECT_EQ(libraries.size(), 2u);
    // The check runs in the pinned READ ONLY session.
    catalog::LibraryCheck check = catalog::check_libraries(cluster, snapshot);
    EXPECT_TRUE(check.warnings.empty()) << check.warnings.front();
    EXPECT_EQ(check.libraries, 2);
    EXPECT_EQ(check.hosts, 1);
    ASSERT_EQ(check.findings.size(), 1u) << describe(check.findings);
    const auto& f = check.findings[0];
    EXPECT_EQ(f.status, FindingStatus::incompatible);
    EXPECT_EQ(f.object, "s.missing_lib(integer)");
    EXPECT_NE(f.reason.find("gpparity_test_no_such_lib"), std::string::npos) << f.reason;
    EXPECT_NE(f.reason.find("coordinator"), std::string::npos) << f.reason;
    EXPECT_NE(f.reason.find("could not access file"), std::string::npos) << f.reason;
}

TEST(CatalogDiffLibraries, WithoutSuperuserTheCheckSaysSo) {
    GPPARITY_SERVER(pg2, 2);
    gpparity::testing::TestDatabase target(pg2, "cdiff_lib_nosuper");
    // Roles are cluster-wide: create it on both servers (never dropped), so that the other
    // tests' source and target keep the same roles.
    GPPARITY_SERVER(pg1, 1);
    for (const auto& server : {pg1, pg2}) {
        gpparity::testing::sql(server, "DO $$BEGIN CREATE ROLE gpparity_test_plain LOGIN; "
                                       "EXCEPTION WHEN duplicate_object THEN NULL; END$$");
    }
    target.run(R"SQL(
CREATE SCHEMA s;
CREATE FUNCTION s.missing_lib(integer) RETURNS integer LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
UPDATE pg_catalog.pg_proc SET probin = '$libdir/gpparity_test_no_such_lib' WHERE oid = 's.missing_lib(integer)'::regprocedure;
)SQL");
    catalog::Cluster cluster =
        catalog::Cluster::connect(target.conninfo() + " user=gpparity_test_plain", "target");
    catalog::Snapshot snapshot = catalog::extract_catalog(cluster, catalog::Filter{});
    catalog::LibraryCheck check = catalog::check_libraries(cluster, snapshot);
    EXPECT_TRUE(check.findings.empty()) << describe(check.findings);
    ASSERT_EQ(check.warnings.size(), 1u);
    EXPECT_NE(check.warnings[0].find("superuser"), std::string::npos) << check.warnings[0];
}

// GP6 and GP7: the same DDL on both; every difference must be an expected change.
TEST(CatalogDiffGreenplum, SameSchemaOnGp6AndGp7HasOnlyExpectedChanges) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    const std::string database = "gpparity_test_cdiff_gp";
    const char* schema = R"SQL(
CREATE SCHEMA shop;
CREATE SEQUENCE shop.order_seq;
CREATE TABLE shop.customers (id integer PRIMARY KEY, name text DEFAULT 'anon', joined date) DISTRIBUTED BY (id);
CREATE TABLE shop.orders (id bigint DEFAULT nextval('shop.order_seq'), customer_id integer, amount numeric(12,2))
  WITH (appendonly=true, orientation=column, compresstype=zlib, compresslevel=1) DISTRIBUTED BY (id);
CREATE TABLE shop.facts (id integer, v text) WITH (appendonly=true) DISTRIBUTED RANDOMLY;
CREATE TABLE shop.dims (id integer, label varchar(20)) DISTRIBUTED REPLICATED;
CREATE TABLE shop.sales (id integer, day date, amount numeric) DISTRIBUTED BY (id)
  PARTITION BY RANGE (day) (START (date '2024-01-01') INCLUSIVE END (date '2024-03-01') EXCLUSIVE EVERY (INTERVAL '1 month'));
CREATE INDEX orders_customer_idx ON shop.customers (name);
CREATE FUNCTION shop.add_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 * 1.2';
CREATE FUNCTION shop.trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE VIEW shop.big AS SELECT id, shop.add_tax(amount) AS taxed FROM shop.orders WHERE amount > 100;
COMMENT ON TABLE shop.customers IS 'customers';
)SQL";
    for (const std::string& server : {gp6, gp7}) {
        gpparity::testing::sql(server, "DROP DATABASE IF EXISTS " + database);
        gpparity::testing::sql(server, "CREATE DATABASE " + database);
        gpparity::testing::sql(gpparity::testing::with_database(server, database), schema);
    }
    auto result = catalog::diff(extract(gpparity::testing::with_database(gp6, database), "source"),
                                extract(gpparity::testing::with_database(gp7, database), "target"));
    for (const auto& f : result.findings) {
        // Cluster-wide objects (roles, resource groups, tablespaces...) differ between two
        // independently built clusters; the schema built here is what must match.
        static const std::set<ObjectKind> k_cluster_wide = {
            ObjectKind::database,       ObjectKind::tablespace,     ObjectKind::role,
            ObjectKind::resource_queue, ObjectKind::resource_group, ObjectKind::protocol,
            ObjectKind::language,       ObjectKind::extension};
        if (k_cluster_wide.count(f.kind) != 0 ||
            (f.kind == ObjectKind::comment && f.object.rfind("role ", 0) == 0)) {
            continue;
        }
        EXPECT_EQ(f.status, FindingStatus::expected_change) << describe({f});
        if (f.status == FindingStatus::expected_change) {
            EXPECT_FALSE(f.rule.empty()) << describe({f});
        }
    }
    // The rules that must have fired for this schema.
    const auto* ao =
        find(result.findings, FindingStatus::expected_change, ObjectKind::table, "shop.orders");
    ASSERT_NE(ao, nullptr) << describe(result.findings);
    EXPECT_NE(ao->rule.find("ao_reloptions"), std::string::npos) << describe({*ao});
    const auto* seq = find(result.findings, FindingStatus::expected_change, ObjectKind::sequence,
                           "shop.order_seq");
    ASSERT_NE(seq, nullptr) << describe(result.findings);
    EXPECT_NE(seq->rule.find("sequence_cache_default"), std::string::npos) << describe({*seq});
    for (const std::string& server : {gp6, gp7}) {
        gpparity::testing::sql(server, "DROP DATABASE IF EXISTS " + database);
    }
}
