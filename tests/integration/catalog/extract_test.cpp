// Catalog extraction against real PostgreSQL servers (scripts/with-servers), and against real
// Greenplum clusters when GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7 are set.

#include "catalog/error.hpp"
#include "catalog/extract.hpp"
#include "tests/integration/catalog/catalog_fixture.hpp"
#include "tests/integration/support/servers.hpp"
#include "verify/snapshot_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

using gpparity::catalog::CatalogObject;
using gpparity::catalog::Cluster;
using gpparity::catalog::Filter;
using gpparity::catalog::ObjectKind;
using gpparity::catalog::Snapshot;
using gpparity::testing::TestDatabase;

namespace {

Snapshot extract(const std::string& conninfo, const Filter& filter = {}) {
    Cluster cluster = Cluster::connect(conninfo, "source");
    return gpparity::catalog::extract_catalog(cluster, filter);
}

// The object, or a test failure naming what was missing.
const CatalogObject& object(const Snapshot& s, ObjectKind kind, const std::string& identity) {
    const CatalogObject* o = s.find(kind, identity);
    if (o == nullptr) {
        static const CatalogObject k_missing;
        ADD_FAILURE() << "missing " << gpparity::catalog::to_string(kind) << " " << identity;
        return k_missing;
    }
    return *o;
}

std::string attr(const Snapshot& s, ObjectKind kind, const std::string& identity,
                 const std::string& name) {
    const CatalogObject& o = object(s, kind, identity);
    const auto* v = o.find(name);
    if (v == nullptr) {
        return "<absent>";
    }
    return v->value_or("<null>");
}

bool depends(const Snapshot& s, ObjectKind kind, const std::string& identity, ObjectKind dep_kind,
             const std::string& dep_identity) {
    const CatalogObject& o = object(s, kind, identity);
    for (const auto& d : o.depends_on) {
        if (d.kind == dep_kind && d.identity == dep_identity) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST(CatalogExtract, PostgresEveryKind) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "catalog_kinds");
    db.run(gpparity::testing::k_catalog_fixture_sql);

    // A tablespace needs a directory owned by the server's OS user; CREATE TABLESPACE cannot
    // run in a multi-statement (implicit transaction) batch.
    std::string data_dir = gpparity::testing::sql(pg, "SHOW data_directory").at(0);
    struct stat data_stat {};
    ASSERT_EQ(::stat(data_dir.c_str(), &data_stat), 0);
    std::string location = gpparity::testing::temp_path("tablespace");
    std::filesystem::create_directories(location);
    if (::geteuid() == 0) {
        ASSERT_EQ(::chown(location.c_str(), data_stat.st_uid, data_stat.st_gid), 0);
    }
    gpparity::testing::sql(pg, "DROP TABLESPACE IF EXISTS gpparity_test_space");
    gpparity::testing::sql(pg, "CREATE TABLESPACE gpparity_test_space LOCATION '" + location + "'");
    // A column option set by hand is a column option; PostgreSQL 15.20's own `pg_attver=N`
    // stamp on every column is not (catalog/extract_common.cpp column_query).
    db.run("ALTER TABLE shop.customers ALTER name SET (n_distinct = 5)");
    db.run("CREATE TABLE shop.in_space (x integer) TABLESPACE gpparity_test_space;"
           "COMMENT ON TABLESPACE gpparity_test_space IS 'fast disk';"
           "ALTER DATABASE " +
           db.name() + " SET work_mem = '16MB';");

    Snapshot s = extract(db.conninfo());
    db.run("DROP TABLE shop.in_space");
    gpparity::testing::sql(pg, "DROP TABLESPACE IF EXISTS gpparity_test_space");

    EXPECT_GT(s.query_count, 20);
    // database
    EXPECT_EQ(attr(s, ObjectKind::database, db.name(), "encoding"), "UTF8");
    EXPECT_EQ(attr(s, ObjectKind::database, db.name(), "owner"), "gpparity_admin");
    EXPECT_EQ(attr(s, ObjectKind::database, db.name(), "settings"), "{work_mem=16MB}");
    EXPECT_EQ(attr(s, ObjectKind::database, db.name(), "lc_collate"), "C.UTF-8");
    // tablespace
    EXPECT_EQ(attr(s, ObjectKind::tablespace, "gpparity_test_space", "location"), location);
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.in_space", "tablespace"), "gpparity_test_space");
    EXPECT_EQ(attr(s, ObjectKind::comment, "tablespace gpparity_test_space", "text"), "fast disk");
    // roles and membership, per-role settings
    EXPECT_EQ(attr(s, ObjectKind::role, "gpparity_test_reader", "login"), "t");
    EXPECT_EQ(attr(s, ObjectKind::role, "gpparity_test_reader", "connection_limit"), "5");
    EXPECT_EQ(attr(s, ObjectKind::role, "gpparity_test_reader", "member_of"),
              "{\"gpparity_test_owner WITH ADMIN OPTION\"}");
    EXPECT_EQ(attr(s, ObjectKind::role, "gpparity_test_reader", "settings"), "{work_mem=8MB}");
    EXPECT_EQ(attr(s, ObjectKind::role, "gpparity_test_owner", "login"), "f");
    EXPECT_EQ(s.find(ObjectKind::role, "pg_monitor"), nullptr)
        << "built-in pg_* roles are excluded";
    // language, extension, schema
    EXPECT_EQ(attr(s, ObjectKind::language, "gpparity_test_lang", "handler"),
              "plpgsql_call_handler()");
    EXPECT_EQ(s.find(ObjectKind::language, "plpgsql"), nullptr);
    EXPECT_EQ(attr(s, ObjectKind::extension, "citext", "schema"), "shop");
    EXPECT_NE(attr(s, ObjectKind::extension, "citext", "version"), "<null>");
    EXPECT_EQ(s.find(ObjectKind::type, "shop.citext"), nullptr) << "extension members are excluded";
    EXPECT_EQ(s.find(ObjectKind::extension, "plpgsql"), nullptr)
        << "initdb's extensions are excluded";
    EXPECT_EQ(attr(s, ObjectKind::schema, "shop", "owner"), "gpparity_admin");
    EXPECT_EQ(s.find(ObjectKind::schema, "pg_catalog"), nullptr);
    EXPECT_EQ(s.find(ObjectKind::schema, "information_schema"), nullptr);
    EXPECT_EQ(s.find(ObjectKind::schema, "pg_toast"), nullptr);
    // collation
    EXPECT_EQ(attr(s, ObjectKind::collation, "shop.german", "provider"), "libc");
    EXPECT_EQ(attr(s, ObjectKind::collation, "shop.german", "lc_collate"), "C.UTF-8");
    // types: enum labels in order, composite attributes, range
    EXPECT_EQ(attr(s, ObjectKind::type, "shop.mood", "type_kind"), "enum");
    EXPECT_EQ(attr(s, ObjectKind::type, "shop.mood", "labels"), "{sad,ok,\"ha ppy\",o'k}");
    EXPECT_EQ(object(s, ObjectKind::type, "shop.mood").ddl,
              "CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'ha ppy', 'o''k')");
    EXPECT_EQ(attr(s, ObjectKind::type, "shop.pair", "fields"),
              "a integer, b text COLLATE pg_catalog.\"C\"");
    EXPECT_EQ(attr(s, ObjectKind::type, "shop.floatrange", "type_kind"), "range");
    EXPECT_EQ(attr(s, ObjectKind::type, "shop.floatrange", "subtype"), "double precision");
    EXPECT_EQ(s.find(ObjectKind::type, "shop.floatmultirange"), nullptr) << "implicit multirange";
    EXPECT_EQ(s.find(ObjectKind::type, "shop._mood"), nullptr) << "array types are excluded";
    // domain and its constraint
    EXPECT_EQ(attr(s, ObjectKind::domain, "shop.posint", "base_type"), "integer");
    EXPECT_EQ(attr(s, ObjectKind::domain, "shop.posint", "not_null"), "t");
    EXPECT_EQ(attr(s, ObjectKind::domain, "shop.posint", "default"), "1");
    EXPECT_EQ(attr(s, ObjectKind::constraint, "shop.posint.posint_check", "definition"),
              "CHECK ((VALUE > 0))");
    EXPECT_EQ(attr(s, ObjectKind::constraint, "shop.posint.posint_check", "on"), "domain");
    // functions and procedures
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.add_tax(numeric)", "volatility"), "immutable");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.add_tax(numeric)", "strict"), "t");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.add_tax(numeric)", "language"), "sql");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.add_tax(numeric)", "body"), "SELECT $1 * 1.2");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.add_tax(numeric)", "result"), "numeric");
    EXPECT_NE(object(s, ObjectKind::function, "shop.add_tax(numeric)")
                  .ddl.find("CREATE OR REPLACE FUNCTION"),
              std::string::npos);
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.secure(integer, text)", "security"), "definer");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.secure(integer, text)", "returns_set"), "t");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.secure(integer, text)", "config"),
              "{search_path=shop}");
    EXPECT_EQ(attr(s, ObjectKind::function, "shop.secure(integer, text)", "arguments"),
              "a integer, b text DEFAULT 'x'::text");
    EXPECT_EQ(attr(s, ObjectKind::procedure, "shop.do_it(integer)", "language"), "plpgsql");
    EXPECT_TRUE(
        depends(s, ObjectKind::procedure, "shop.do_it(integer)", ObjectKind::schema, "shop"));
    // aggregates
    EXPECT_EQ(attr(s, ObjectKind::aggregate, "shop.my_sum(integer)", "transition"),
              "shop.int_sum_state(bigint,integer)");
    EXPECT_EQ(attr(s, ObjectKind::aggregate, "shop.my_sum(integer)", "state_type"), "bigint");
    EXPECT_EQ(attr(s, ObjectKind::aggregate, "shop.my_sum(integer)", "initial_value"), "0");
    EXPECT_EQ(attr(s, ObjectKind::aggregate, "shop.my_sum(integer)", "combine"),
              "int8pl(bigint,bigint)");
    EXPECT_EQ(attr(s, ObjectKind::aggregate, "shop.my_max(integer)", "sort_operator"),
              ">(integer,integer)");
    EXPECT_TRUE(depends(s, ObjectKind::aggregate, "shop.my_sum(integer)", ObjectKind::function,
                        "shop.int_sum_state(bigint, integer)"));
    // cast, operator, operator family and class
    EXPECT_EQ(attr(s, ObjectKind::cast, "(shop.mood AS text)", "function"),
              "shop.mood_to_text(shop.mood)");
    EXPECT_EQ(attr(s, ObjectKind::cast, "(shop.mood AS text)", "context"), "explicit");
    EXPECT_EQ(attr(s, ObjectKind::operator_, "shop.===(shop.pair, shop.pair)", "function"),
              "shop.pair_eq(shop.pair,shop.pair)");
    EXPECT_EQ(attr(s, ObjectKind::operator_, "shop.===(shop.pair, shop.pair)", "result_type"),
              "boolean");
    EXPECT_EQ(attr(s, ObjectKind::operator_family, "shop.pair_fam USING hash", "access_method"),
              "hash");
    EXPECT_EQ(attr(s, ObjectKind::operator_class, "shop.pair_hash_ops USING hash", "family"),
              "shop.pair_fam USING hash");
    EXPECT_EQ(attr(s, ObjectKind::operator_class, "shop.pair_hash_ops USING hash", "functions"),
              "{\"1 shop.pair_hash(shop.pair)\"}");
    // text search configuration
    EXPECT_EQ(attr(s, ObjectKind::text_search_configuration, "shop.english_simple", "parser"),
              "pg_catalog.\"default\"");
    EXPECT_NE(attr(s, ObjectKind::text_search_configuration, "shop.english_simple", "mappings")
                  .find("asciiword:english_stem"),
              std::string::npos);
    // foreign-data wrapper, server, user mapping without secrets, foreign table
    EXPECT_EQ(attr(s, ObjectKind::foreign_data_wrapper, "gpparity_test_fdw", "options"),
              "{debug=true}");
    EXPECT_EQ(attr(s, ObjectKind::foreign_server, "gpparity_test_server", "wrapper"),
              "gpparity_test_fdw");
    EXPECT_EQ(
        attr(s, ObjectKind::user_mapping, "gpparity_test_reader@gpparity_test_server", "options"),
        "{user=bob}");
    EXPECT_EQ(attr(s, ObjectKind::user_mapping, "gpparity_test_reader@gpparity_test_server",
                   "has_password"),
              "t");
    for (const auto& o : s.objects) {
        for (const auto& a : o.attributes) {
            EXPECT_EQ(a.value.value_or("").find("hunter2"), std::string::npos) << o.identity;
        }
    }
    EXPECT_EQ(attr(s, ObjectKind::foreign_table, "shop.remote_items", "server"),
              "gpparity_test_server");
    EXPECT_EQ(attr(s, ObjectKind::foreign_table, "shop.remote_items", "storage"), "foreign");
    EXPECT_EQ(attr(s, ObjectKind::foreign_table, "shop.remote_items", "foreign_options"),
              "{table_name=items}");
    // sequences: parameters and last value; identity and serial sequences
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "data_type"), "integer");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "start"), "10");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "increment"), "5");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "min"), "10");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "max"), "100000");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "cache"), "3");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "cycle"), "t");
    // CACHE 3: the first nextval() logs three values (10, 15, 20), as the relation records.
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.order_seq", "last_value"), "20");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.orders_id_seq", "owned_by"), "shop.orders.id");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.orders_id_seq", "last_value"), "<null>");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "shop.orders_ident_seq", "is_identity"), "t");
    // tables: storage, options, persistence, columns
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.customers", "storage"), "heap");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.customers", "options"), "{fillfactor=70}");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.customers", "columns"), "id, email, name, mood");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.customers", "partition_role"), "none");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.scratch", "persistence"), "unlogged");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.scratch", "owner"), "gpparity_test_owner");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.child_of_customers", "inherits"), "shop.customers");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.name", "type"), "text");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.name", "options"), "{n_distinct=5}");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.id", "options"), "<null>");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.name", "not_null"), "t");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.name", "default"), "'anon'::text");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.name", "collation"), "shop.german");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.name", "position"), "3");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.customers.id", "collation"), "<null>");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.orders.amount", "type"), "numeric(12,2)");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.orders.ident", "identity_generation"), "always");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.orders.total", "generated"), "stored");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.orders.qty", "type"), "shop.posint");
    EXPECT_TRUE(
        depends(s, ObjectKind::column, "shop.orders.qty", ObjectKind::domain, "shop.posint"));
    // partition tree: root, intermediate, leaves with canonical bounds
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events", "partition_role"), "root");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events", "partition_strategy"), "range");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events", "partition_key"), "logdate");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024", "partition_role"), "intermediate");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024", "partition_strategy"), "list");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024", "partition_level"), "1");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024", "partition_bound"),
              "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024_eu", "partition_role"), "leaf");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024_eu", "partition_parent"),
              "shop.events_2024");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024_eu", "partition_root"), "shop.events");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024_eu", "partition_level"), "2");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024_eu", "partition_bound"),
              "FOR VALUES IN ('eu', 'uk')");
    EXPECT_EQ(attr(s, ObjectKind::table, "shop.events_2024_other", "partition_bound"), "DEFAULT");
    EXPECT_TRUE(depends(s, ObjectKind::table, "shop.events_2024_eu", ObjectKind::table,
                        "shop.events_2024"));
    // indexes
    EXPECT_EQ(object(s, ObjectKind::index, "shop.orders.orders_amount_idx").ddl,
              "CREATE INDEX orders_amount_idx ON shop.orders USING btree (amount DESC) WITH "
              "(fillfactor='80') "
              "WHERE (amount > (0)::numeric)");
    EXPECT_EQ(attr(s, ObjectKind::index, "shop.orders.orders_pkey", "primary"), "t");
    EXPECT_EQ(attr(s, ObjectKind::index, "shop.orders.orders_pkey", "constraint"), "orders_pkey");
    EXPECT_EQ(attr(s, ObjectKind::index, "shop.events.events_logdate_idx", "partitioned"), "t");
    EXPECT_EQ(attr(s, ObjectKind::index, "shop.events_2025.events_2025_logdate_idx",
                   "partition_parent_index"),
              "shop.events.events_logdate_idx");
    // constraints: primary, unique, check, foreign, exclusion
    EXPECT_EQ(attr(s, ObjectKind::constraint, "shop.customers.customers_pkey", "constraint_type"),
              "primary");
    EXPECT_EQ(
        attr(s, ObjectKind::constraint, "shop.customers.customers_email_key", "constraint_type"),
        "unique");
    EXPECT_EQ(attr(s, ObjectKind::constraint, "shop.customers.name_len", "definition"),
              "CHECK ((length(name) < 100))");
    EXPECT_EQ(
        attr(s, ObjectKind::constraint, "shop.orders.orders_customer_id_fkey", "constraint_type"),
        "foreign");
    EXPECT_EQ(
        attr(s, ObjectKind::constraint, "shop.orders.orders_customer_id_fkey", "referenced_table"),
        "shop.customers");
    EXPECT_EQ(attr(s, ObjectKind::constraint, "shop.orders.orders_customer_id_fkey", "deferred"),
              "t");
    EXPECT_TRUE(depends(s, ObjectKind::constraint, "shop.orders.orders_customer_id_fkey",
                        ObjectKind::table, "shop.customers"));
    EXPECT_EQ(attr(s, ObjectKind::constraint, "shop.rooms.rooms_during_excl", "constraint_type"),
              "exclusion");
    EXPECT_EQ(s.find(ObjectKind::constraint, "shop.child_of_customers.name_len"), nullptr)
        << "inherited constraints belong to the parent";
    // views and materialized views
    EXPECT_NE(
        attr(s, ObjectKind::view, "shop.big_orders", "definition").find("shop.add_tax(o.amount)"),
        std::string::npos);
    EXPECT_EQ(attr(s, ObjectKind::view, "shop.big_orders", "options"), "{security_barrier=true}");
    EXPECT_TRUE(depends(s, ObjectKind::view, "shop.big_orders", ObjectKind::table, "shop.orders"));
    EXPECT_TRUE(depends(s, ObjectKind::view, "shop.big_orders", ObjectKind::function,
                        "shop.add_tax(numeric)"));
    EXPECT_EQ(attr(s, ObjectKind::materialized_view, "shop.order_totals", "populated"), "f");
    EXPECT_EQ(attr(s, ObjectKind::column, "shop.order_totals.total", "type"), "numeric");
    // triggers and rules
    EXPECT_EQ(object(s, ObjectKind::trigger, "shop.orders.orders_trg").ddl,
              "CREATE TRIGGER orders_trg BEFORE INSERT ON shop.orders FOR EACH ROW EXECUTE "
              "FUNCTION shop.trg()");
    EXPECT_EQ(attr(s, ObjectKind::trigger, "shop.orders.orders_trg", "enabled"), "origin");
    EXPECT_EQ(attr(s, ObjectKind::rule, "shop.scratch.scratch_rule", "event"), "insert");
    EXPECT_EQ(attr(s, ObjectKind::rule, "shop.scratch.scratch_rule", "instead"), "t");
    // privileges: object, column, grant option, PUBLIC, default privileges
    EXPECT_EQ(
        attr(s, ObjectKind::privilege, "table shop.orders gpparity_test_reader", "privileges"),
        "INSERT,SELECT,UPDATE");
    EXPECT_EQ(
        attr(s, ObjectKind::privilege, "table shop.orders gpparity_test_reader", "grant_option"),
        "INSERT,SELECT");
    EXPECT_EQ(attr(s, ObjectKind::privilege, "column shop.customers.email gpparity_test_reader",
                   "privileges"),
              "SELECT");
    EXPECT_EQ(attr(s, ObjectKind::privilege, "column shop.customers.name gpparity_test_reader",
                   "privileges"),
              "UPDATE");
    EXPECT_EQ(attr(s, ObjectKind::privilege, "function shop.add_tax(numeric) gpparity_test_reader",
                   "privileges"),
              "EXECUTE");
    EXPECT_EQ(s.find(ObjectKind::privilege, "function shop.add_tax(numeric) PUBLIC"), nullptr)
        << "revoked";
    EXPECT_EQ(attr(s, ObjectKind::privilege, "sequence shop.order_seq PUBLIC", "privileges"),
              "USAGE");
    EXPECT_EQ(attr(s, ObjectKind::privilege, "schema shop gpparity_test_reader", "privileges"),
              "USAGE");
    EXPECT_EQ(attr(s, ObjectKind::privilege, "type shop.mood gpparity_test_reader", "privileges"),
              "USAGE");
    EXPECT_EQ(attr(s, ObjectKind::privilege,
                   "foreign_server gpparity_test_server gpparity_test_reader", "privileges"),
              "USAGE");
    EXPECT_EQ(attr(s, ObjectKind::default_privilege,
                   "gpparity_admin shop tables gpparity_test_reader", "privileges"),
              "SELECT");
    EXPECT_EQ(attr(s, ObjectKind::default_privilege,
                   "gpparity_admin * functions gpparity_test_reader", "privileges"),
              "EXECUTE");
    // comments
    EXPECT_EQ(attr(s, ObjectKind::comment, "table shop.orders", "text"), "All the orders");
    EXPECT_EQ(attr(s, ObjectKind::comment, "column shop.orders.amount", "text"), "in EUR");
    EXPECT_EQ(attr(s, ObjectKind::comment, "schema shop", "text"), "the shop");
    EXPECT_EQ(attr(s, ObjectKind::comment, "function shop.add_tax(numeric)", "text"), "adds tax");
    EXPECT_EQ(attr(s, ObjectKind::comment, "index shop.orders.orders_amount_idx", "text"),
              "amounts");
    EXPECT_EQ(attr(s, ObjectKind::comment, "constraint shop.customers.name_len", "text"),
              "short names");
    EXPECT_EQ(attr(s, ObjectKind::comment, "trigger shop.orders.orders_trg", "text"), "trg");
    EXPECT_EQ(attr(s, ObjectKind::comment, "type shop.mood", "text"), "feelings");

    // Sorted by (kind, identity), unique.
    for (std::size_t i = 1; i < s.objects.size(); ++i) {
        const auto& a = s.objects[i - 1];
        const auto& b = s.objects[i];
        EXPECT_TRUE(a.kind < b.kind || (a.kind == b.kind && a.identity < b.identity)) << b.identity;
    }
}

TEST(CatalogExtract, HostileNamesSurviveExtractionAndJsonRoundTrip) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "catalog_hostile");
    db.run(R"SQL(CREATE SCHEMA "Weird ""Schema""";
CREATE TABLE "Weird ""Schema"""."Select" ("Col ""1""" integer PRIMARY KEY, "naïve col" text, "order" text);
CREATE TABLE "Weird ""Schema""".café ("Über" integer, "with space" text DEFAULT 'it''s');
CREATE INDEX "Idx ""q""" ON "Weird ""Schema""".café ("Über");
CREATE VIEW "Weird ""Schema"""."view, with comma" AS SELECT 1 AS "a""b";
CREATE FUNCTION "Weird ""Schema"""."Fn"("x y" integer) RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE TYPE "Weird ""Schema"""."ÉnumT" AS ENUM ('a"b', 'c,d', '{x}', 'NULL', '');
COMMENT ON TABLE "Weird ""Schema"""."Select" IS 'ünïcode ''quoted'' "double" \back';)SQL");
    Snapshot s = extract(db.conninfo());
    const std::string schema = "\"Weird \"\"Schema\"\"\"";
    const std::string table = schema + ".\"Select\"";
    const CatalogObject& t = object(s, ObjectKind::table, table);
    EXPECT_EQ(t.schema, "Weird \"Schema\"");
    EXPECT_EQ(t.name, "Select");
    EXPECT_EQ(attr(s, ObjectKind::table, table, "columns"),
              "\"Col \"\"1\"\"\", \"naïve col\", \"order\"");
    EXPECT_NE(s.find(ObjectKind::schema, schema), nullptr);
    EXPECT_NE(s.find(ObjectKind::column, table + ".\"Col \"\"1\"\"\""), nullptr);
    EXPECT_NE(s.find(ObjectKind::column, table + ".\"naïve col\""), nullptr);
    EXPECT_NE(s.find(ObjectKind::column, schema + ".\"café\".\"Über\""), nullptr);
    EXPECT_NE(s.find(ObjectKind::index, schema + ".\"café\".\"Idx \"\"q\"\"\""), nullptr);
    EXPECT_NE(s.find(ObjectKind::view, schema + ".\"view, with comma\""), nullptr);
    EXPECT_NE(s.find(ObjectKind::function, schema + ".\"Fn\"(integer)"), nullptr);
    EXPECT_EQ(attr(s, ObjectKind::type, schema + ".\"ÉnumT\"", "labels"),
              "{\"a\\\"b\",\"c,d\",\"{x}\",\"NULL\",\"\"}");
    EXPECT_EQ(attr(s, ObjectKind::comment, "table " + table, "text"),
              "ünïcode 'quoted' \"double\" \\back");
    EXPECT_EQ(attr(s, ObjectKind::column, schema + ".\"café\".\"with space\"", "default"),
              "'it''s'::text");

    // Through the snapshot file and back: every object, attribute and dependency unchanged.
    std::string path = gpparity::testing::temp_path("hostile.snapshot");
    gpparity::verify::write_snapshot_file(path, s);
    Snapshot back = gpparity::verify::read_snapshot_file(path);
    ASSERT_EQ(back.objects.size(), s.objects.size());
    for (std::size_t i = 0; i < s.objects.size(); ++i) {
        const auto& a = s.objects[i];
        const auto& b = back.objects[i];
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.identity, b.identity);
        EXPECT_EQ(a.schema, b.schema);
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.parent, b.parent);
        EXPECT_EQ(a.ddl, b.ddl);
        EXPECT_EQ(a.attributes, b.attributes) << a.identity;
        EXPECT_EQ(a.depends_on, b.depends_on) << a.identity;
    }
    EXPECT_EQ(back.query_count, s.query_count);
    EXPECT_EQ(back.cluster.database, db.name());
    EXPECT_EQ(back.taken_at, s.taken_at);
}

TEST(CatalogExtract, QueryCountDoesNotGrowWithObjects) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase few(pg, "catalog_few");
    few.run("CREATE TABLE one (id integer PRIMARY KEY)");
    TestDatabase many(pg, "catalog_many");
    many.run(R"SQL(DO $$
BEGIN
  FOR i IN 1..150 LOOP
    EXECUTE format('CREATE TABLE t%s (id integer PRIMARY KEY, v text DEFAULT %L, n numeric CHECK (n > 0))', i, i);
    EXECUTE format('CREATE INDEX t%s_v ON t%s (v)', i, i);
    EXECUTE format('CREATE SEQUENCE s%s', i);
    EXECUTE format('CREATE VIEW v%s AS SELECT * FROM t%s', i, i);
    EXECUTE format('CREATE FUNCTION f%s(integer) RETURNS integer LANGUAGE sql AS $f$SELECT 1$f$', i);
    EXECUTE format('COMMENT ON TABLE t%s IS %L', i, 'c' || i);
    EXECUTE format('GRANT SELECT ON t%s TO PUBLIC', i);
  END LOOP;
END$$;
CREATE TABLE parts (d date) PARTITION BY RANGE (d);
DO $$
BEGIN
  FOR i IN 1..50 LOOP
    EXECUTE format('CREATE TABLE parts_%s PARTITION OF parts FOR VALUES FROM (%L) TO (%L)', i,
                   date '2000-01-01' + i, date '2000-01-01' + i + 1);
  END LOOP;
END$$;)SQL");
    Snapshot a = extract(few.conninfo());
    Snapshot b = extract(many.conninfo());
    EXPECT_GT(b.objects.size(), a.objects.size() + 1500);
    EXPECT_EQ(a.query_count, b.query_count);
    EXPECT_GT(a.query_count, 0);
}

TEST(CatalogExtract, IncludeAndExcludeFilterBySchemaAndName) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "catalog_filter");
    db.run(R"SQL(CREATE SCHEMA shop; CREATE SCHEMA other;
CREATE TABLE shop.orders (id integer PRIMARY KEY); CREATE TABLE shop.orders_archive (id integer);
CREATE TABLE shop.customers (id integer); CREATE TABLE other.t (id integer);
COMMENT ON TABLE shop.orders IS 'x'; GRANT SELECT ON shop.orders TO PUBLIC;)SQL");
    Snapshot s = extract(db.conninfo(), Filter({"shop.orders*"}, {"*archive"}));
    EXPECT_NE(s.find(ObjectKind::table, "shop.orders"), nullptr);
    EXPECT_NE(s.find(ObjectKind::column, "shop.orders.id"), nullptr);
    EXPECT_NE(s.find(ObjectKind::index, "shop.orders.orders_pkey"), nullptr);
    EXPECT_NE(s.find(ObjectKind::constraint, "shop.orders.orders_pkey"), nullptr);
    EXPECT_NE(s.find(ObjectKind::comment, "table shop.orders"), nullptr);
    EXPECT_NE(s.find(ObjectKind::privilege, "table shop.orders PUBLIC"), nullptr);
    EXPECT_NE(s.find(ObjectKind::schema, "shop"), nullptr) << "the schema of a kept object stays";
    EXPECT_NE(s.find(ObjectKind::database, db.name()), nullptr) << "objects outside schemas stay";
    EXPECT_EQ(s.find(ObjectKind::table, "shop.orders_archive"), nullptr);
    EXPECT_EQ(s.find(ObjectKind::table, "shop.customers"), nullptr);
    EXPECT_EQ(s.find(ObjectKind::table, "other.t"), nullptr);
    EXPECT_EQ(s.find(ObjectKind::schema, "other"), nullptr);

    Snapshot e = extract(db.conninfo(), Filter({}, {"other.*"}));
    EXPECT_NE(e.find(ObjectKind::table, "shop.customers"), nullptr);
    EXPECT_EQ(e.find(ObjectKind::table, "other.t"), nullptr);
    EXPECT_EQ(e.find(ObjectKind::schema, "other"), nullptr);

    try {
        (void)extract(db.conninfo(), Filter({"shop.orders", "nosuch.*"}, {}));
        FAIL() << "an --include that matches nothing must be refused";
    } catch (const gpparity::catalog::UsageError& err) {
        EXPECT_NE(std::string(err.what()).find("--include 'nosuch.*' matches no object"),
                  std::string::npos)
            << err.what();
    }
}

// ------------------------------------------------------------------------------ Greenplum

namespace {

// The same objects on GP6 and GP7 (greenplum.md §1): AO row/column tables with compression and
// column encodings, hash/random/replicated distribution, classic range and list partitions,
// readable, writable and web external tables.
const char* const k_greenplum_fixture = R"SQL(
CREATE SCHEMA gpparity_test_gp;
CREATE TABLE gpparity_test_gp.heap_hash (id integer, name text) DISTRIBUTED BY (id);
CREATE TABLE gpparity_test_gp.heap_random (id integer) DISTRIBUTED RANDOMLY;
CREATE TABLE gpparity_test_gp.heap_replicated (id integer) DISTRIBUTED REPLICATED;
CREATE TABLE gpparity_test_gp.ao_row (id integer, v text)
  WITH (appendonly=true, compresstype=zlib, compresslevel=5) DISTRIBUTED BY (id);
CREATE TABLE gpparity_test_gp.ao_col (id integer ENCODING (compresstype=zlib, compresslevel=1), v text)
  WITH (appendonly=true, orientation=column, compresstype=zlib, compresslevel=3) DISTRIBUTED BY (id, v);
CREATE TABLE gpparity_test_gp.sales (id integer, sdate date, region text)
  DISTRIBUTED BY (id)
  PARTITION BY RANGE (sdate) (START (date '2024-01-01') INCLUSIVE END (date '2024-03-01') EXCLUSIVE EVERY (INTERVAL '1 month'));
CREATE TABLE gpparity_test_gp.by_region (id integer, region text)
  DISTRIBUTED BY (id)
  PARTITION BY LIST (region) (PARTITION eu VALUES ('eu', 'uk'), PARTITION us VALUES ('us'), DEFAULT PARTITION other);
CREATE READABLE EXTERNAL TABLE gpparity_test_gp.ext_read (id integer, v text)
  LOCATION ('gpfdist://etlhost:8081/data/*.txt') FORMAT 'TEXT' (DELIMITER '|' NULL '') LOG ERRORS SEGMENT REJECT LIMIT 10 ROWS;
CREATE WRITABLE EXTERNAL TABLE gpparity_test_gp.ext_write (id integer, v text)
  LOCATION ('gpfdist://etlhost:8081/out/result.csv') FORMAT 'CSV' DISTRIBUTED BY (id);
CREATE EXTERNAL WEB TABLE gpparity_test_gp.ext_web (line text)
  EXECUTE 'echo hello' ON ALL FORMAT 'TEXT';
)SQL";

// The facts that must be the same on both versions, in the shared vocabulary of
// docs/catalog-model.md.
void expect_greenplum_facts(const Snapshot& s) {
    const std::string p = "gpparity_test_gp.";
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_hash", "storage"), "heap");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_hash", "distribution"), "hash");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_hash", "distribution_key"),
              "id pg_catalog.int4_ops");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_hash", "distribution_enum_key"), "f");
    EXPECT_NE(attr(s, ObjectKind::table, p + "heap_hash", "numsegments"), "<null>");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_random", "distribution"), "random");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_random", "distribution_key"), "<null>");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "heap_replicated", "distribution"), "replicated");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "ao_row", "storage"), "ao_row");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "ao_col", "storage"), "ao_column");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "ao_col", "distribution_key"),
              "id pg_catalog.int4_ops, v pg_catalog.text_ops");
    EXPECT_NE(attr(s, ObjectKind::table, p + "ao_row", "options").find("compresslevel=5"),
              std::string::npos);
    EXPECT_NE(attr(s, ObjectKind::column, p + "ao_col.id", "encoding").find("compresstype=zlib"),
              std::string::npos);
    EXPECT_EQ(attr(s, ObjectKind::table, p + "sales", "partition_role"), "root");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "sales", "partition_strategy"), "range");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "sales", "partition_key"), "sdate");
    EXPECT_EQ(attr(s, ObjectKind::table, p + "by_region", "partition_strategy"), "list");
    int sales_leaves = 0;
    int region_leaves = 0;
    for (const auto* t : s.of_kind(ObjectKind::table)) {
        if (t->get("partition_root") == p + "sales") {
            ++sales_leaves;
            EXPECT_EQ(t->get("partition_level"), "1");
            EXPECT_EQ(t->get("partition_role"), "leaf");
            EXPECT_EQ(t->get("partition_bound").rfind("FOR VALUES FROM (", 0), 0u)
                << t->get("partition_bound");
        }
        if (t->get("partition_root") == p + "by_region") {
            ++region_leaves;
        }
    }
    EXPECT_EQ(sales_leaves, 2);
    EXPECT_EQ(region_leaves, 3);
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_read", "writable"), "f");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_read", "format"), "text");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_read", "locations"),
              "{gpfdist://etlhost:8081/data/*.txt}");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_read", "reject_limit"), "10");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_read", "reject_limit_type"), "rows");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_read", "log_errors"), "t");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_write", "writable"), "t");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_write", "format"), "csv");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_write", "distribution"), "hash");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_web", "command"), "echo hello");
    EXPECT_EQ(attr(s, ObjectKind::external_table, p + "ext_web", "storage"), "external");
}

void run_greenplum_case(const std::string& gp) {
    TestDatabase db(gp, "catalog_gp");
    db.run(k_greenplum_fixture);
    Snapshot s = extract(db.conninfo());
    expect_greenplum_facts(s);
    // A fixed number of queries (GP6 adds ceil(sequences / 500); neither database has any).
    TestDatabase empty(gp, "catalog_gp_empty");
    Snapshot e = extract(empty.conninfo());
    EXPECT_EQ(e.query_count, s.query_count);
}

} // namespace

TEST(CatalogExtract, Greenplum6StorageDistributionPartitionsExternalTables) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    run_greenplum_case(gp);
}

TEST(CatalogExtract, Greenplum7StorageDistributionPartitionsExternalTables) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    run_greenplum_case(gp);
}

TEST(CatalogExtract, Greenplum6SequencesAreReadInBatches) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    TestDatabase db(gp, "catalog_gp6_seq");
    db.run("CREATE SEQUENCE s1 START 7 INCREMENT 3 CACHE 4 CYCLE; SELECT nextval('s1');");
    Snapshot s = extract(db.conninfo());
    EXPECT_EQ(attr(s, ObjectKind::sequence, "public.s1", "start"), "7");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "public.s1", "increment"), "3");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "public.s1", "cache"), "4");
    EXPECT_EQ(attr(s, ObjectKind::sequence, "public.s1", "cycle"), "t");
    // On a real GP6, nextval() on the coordinator reserves a whole cache (4 values of 3) and
    // the sequence relation records the end of it: 7 + 3 * 3.
    EXPECT_EQ(attr(s, ObjectKind::sequence, "public.s1", "last_value"), "16");
}
