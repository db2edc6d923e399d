// The pushdown strategy and count mode on real servers: the library (plan, SQL, runner,
// comparison) called directly against two PostgreSQL servers (source = server 1, target =
// server 2), and on Greenplum when GPPARITY_TEST_GP6/GP7 are set.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"
#include "tests/integration/support/value_classes.hpp"

#include "catalog/cluster.hpp"
#include "checksum/compare.hpp"
#include "checksum/count_compare.hpp"
#include "checksum/pushdown.hpp"
#include "checksum/table_spec.hpp"

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <thread>

using gpparity::testing::run_data_json;
using gpparity::testing::run_gpparity;
using gpparity::testing::table_statuses;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using nlohmann::json;
using Pair = gpparity::testing::DatabasePair;
namespace checksum = gpparity::checksum;
namespace catalog = gpparity::catalog;

namespace {

using gpparity::testing::k_schema;
using gpparity::testing::rows_sql;

const char* k_plant_schema = R"SQL(
CREATE TABLE plant_value (id int PRIMARY KEY, v text);
CREATE TABLE plant_lost (id int PRIMARY KEY, v text);
CREATE TABLE plant_dup (v text);
CREATE TABLE plant_null (id int PRIMARY KEY, v text);
CREATE TABLE plant_ulp8 (id int PRIMARY KEY, f double precision);
CREATE TABLE plant_ulp4 (id int PRIMARY KEY, f real);
CREATE TABLE plant_none (id int PRIMARY KEY, v text);
CREATE TABLE plant_sep (a text, b text);
CREATE TABLE plant_comp_null (id int, p pair);
INSERT INTO plant_value SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_lost SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_null SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_ulp8 SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO plant_ulp4 SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO plant_none SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_comp_null VALUES (1, ROW(1.5, 'x', 'ok'));
)SQL";

// One side of a library-level run.
struct Side {
    catalog::Cluster cluster;
    checksum::ClusterTables tables;
    checksum::CompositeFields fields;
    explicit Side(const std::string& conninfo, const std::string& name)
        : cluster(catalog::Cluster::connect(conninfo, name)),
          tables(checksum::load_cluster_tables(cluster.coordinator(), cluster.flavor())),
          fields(checksum::load_composite_fields(cluster.coordinator(), tables.types)) {}
    const checksum::TableSpec* find(const std::string& identity) const {
        for (const auto& t : tables.tables) {
            if (t.identity == identity) {
                return &t;
            }
        }
        return nullptr;
    }
};

enum class Mode { hash, count };

// What the data run will do with --strategy pushdown, for every plain table or leaf present on
// both sides: plan, query both sides at once, gather per segment, compare.
std::map<std::string, checksum::TableResult> compare_pushdown(Side& source, Side& target, Mode mode,
                                                              int jobs = 4) {
    std::array<Side*, 2> sides = {&source, &target};
    std::vector<checksum::SideQueries> work(2);
    std::vector<std::string> identities;
    std::vector<checksum::TableResult> results;
    std::vector<checksum::PlacementDecision> placements;
    std::vector<std::array<bool, 2>> replicated;
    for (std::size_t s = 0; s < 2; ++s) {
        work[s].cluster = &sides[s]->cluster;
    }
    for (const auto& spec : source.tables.tables) {
        const checksum::TableSpec* other = target.find(spec.identity);
        if (other == nullptr || (spec.kind != checksum::TableKind::table &&
                                 spec.kind != checksum::TableKind::partition_leaf)) {
            continue;
        }
        std::array<const checksum::TableSpec*, 2> specs = {&spec, other};
        std::array<checksum::PushdownTypes, 2> types;
        for (std::size_t s = 0; s < 2; ++s) {
            catalog::pg::Connection& conn = sides[s]->cluster.coordinator();
            types[s] = {&sides[s]->tables.types, &sides[s]->fields,
                        [&conn](std::string_view name) { return conn.quote_ident(name); }};
        }
        checksum::PushdownColumns columns = checksum::plan_pushdown_columns(spec, *other, types);
        checksum::TableResult result;
        result.table = spec.identity;
        result.strategy = "pushdown";
        result.excluded_columns = columns.excluded;
        result.column_names = columns.matched;
        for (std::size_t s = 0; s < 2; ++s) {
            catalog::pg::Connection& conn = sides[s]->cluster.coordinator();
            checksum::PushdownRelation rel;
            rel.relation = catalog::pg::qualified_name(conn, specs[s]->schema, specs[s]->name);
            rel.relation_literal = conn.quote_literal(rel.relation);
            rel.greenplum = sides[s]->cluster.is_greenplum();
            rel.replicated =
                specs[s]->policy.kind == checksum::DistributionPolicy::Kind::replicated;
            rel.utf8 = checksum::has_utf8_text(conn);
            checksum::PushdownItem item;
            item.count_only = mode == Mode::count;
            item.sql = item.count_only ? checksum::pushdown_count_sql(rel)
                                       : checksum::pushdown_digest_sql(rel, columns.fields[s]);
            item.signature = columns.signatures[s];
            work[s].items.push_back(std::move(item));
        }
        identities.push_back(spec.identity);
        results.push_back(std::move(result));
        placements.push_back(checksum::decide_placement(spec.policy, other->policy));
        replicated.push_back(
            {spec.policy.kind == checksum::DistributionPolicy::Kind::replicated,
             other->policy.kind == checksum::DistributionPolicy::Kind::replicated});
    }
    std::vector<std::vector<checksum::ScanOutcome>> outcomes;
    checksum::EngineOptions options;
    options.jobs = jobs;
    checksum::run_pushdown(work, options, outcomes);

    std::map<std::string, checksum::TableResult> out;
    for (std::size_t i = 0; i < identities.size(); ++i) {
        std::array<checksum::SideDigests, 2> digests;
        for (std::size_t s = 0; s < 2; ++s) {
            digests[s].replicated = replicated[i][s];
            if (sides[s]->cluster.is_greenplum()) {
                for (const auto& segment : sides[s]->cluster.identity().segments) {
                    digests[s].segments[segment.content];
                }
            }
            const checksum::ScanOutcome& o = outcomes[s][i];
            EXPECT_TRUE(o.done);
            digests[s].error = o.error;
            for (const auto& [content, digest] : o.segments) {
                digests[s].segments[content] += digest;
            }
        }
        if (mode == Mode::count) {
            checksum::compare_counts(digests[0], digests[1], placements[i], results[i]);
        } else {
            checksum::compare_table(digests[0], digests[1], placements[i], results[i]);
        }
        out[identities[i]] = results[i];
    }
    return out;
}

std::map<std::string, std::string> statuses(const std::map<std::string, checksum::TableResult>& r) {
    std::map<std::string, std::string> out;
    for (const auto& [name, t] : r) {
        out[name] = std::string(checksum::to_string(t.status));
    }
    return out;
}

std::string excluded(const checksum::TableResult& t) {
    std::string out;
    for (const auto& e : t.excluded_columns) {
        out += e + "; ";
    }
    return out;
}

} // namespace

TEST(Pushdown, SameDataInDifferentPhysicalOrderMatches) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_match");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(" DESC"));
    ASSERT_NE(db.source.run("SELECT id FROM all_types LIMIT 1"),
              db.target.run("SELECT id FROM all_types LIMIT 1"));
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    for (int jobs : {1, 8}) {
        auto r = compare_pushdown(source, target, Mode::hash, jobs);
        ASSERT_EQ(r.size(), 2u);
        const auto& all = r["public.all_types"];
        EXPECT_EQ(all.status, checksum::TableStatus::match) << all.message;
        EXPECT_EQ(all.source_rows, 305u);
        EXPECT_EQ(all.target_rows, 305u);
        ASSERT_EQ(all.segments.size(), 1u);
        EXPECT_EQ(all.segments[0].content, -1);
        // oid/reg* and arrays of float composites are listed, never silently dropped.
        std::string ex = excluded(all);
        EXPECT_NE(ex.find("o: oid/reg*"), std::string::npos) << ex;
        EXPECT_NE(ex.find("rc: oid/reg*"), std::string::npos) << ex;
        EXPECT_NE(ex.find("comps: array of pair holds floating-point values"), std::string::npos)
            << ex;
        EXPECT_EQ(all.excluded_columns.size(), 3u) << ex;
        EXPECT_EQ(all.column_names.size(), 36u);
        EXPECT_EQ(r["public.\"Weird \"\"Name\"\" tbl\""].status, checksum::TableStatus::match);
    }
}

TEST(Pushdown, TargetDatabaseDefaultsDoNotMatter) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_defaults");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(" DESC"));
    const std::string t = db.target.name();
    const std::string s = db.source.name();
    db.target.run("ALTER DATABASE " + t + " SET extra_float_digits = -15; ALTER DATABASE " + t +
                  " SET TimeZone = 'Asia/Kolkata'; ALTER DATABASE " + t +
                  " SET DateStyle = 'SQL, DMY'; ALTER DATABASE " + t +
                  " SET IntervalStyle = 'iso_8601'; ALTER DATABASE " + t +
                  " SET lc_monetary = 'C.UTF-8'; ALTER DATABASE " + t +
                  " SET bytea_output = 'escape'");
    db.source.run("ALTER DATABASE " + s + " SET extra_float_digits = 1; ALTER DATABASE " + s +
                  " SET TimeZone = 'America/Los_Angeles'; ALTER DATABASE " + s +
                  " SET DateStyle = 'German'; ALTER DATABASE " + s +
                  " SET IntervalStyle = 'sql_standard'");
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    for (const auto& [name, status] : statuses(compare_pushdown(source, target, Mode::hash))) {
        EXPECT_EQ(status, "match") << name;
    }
}

TEST(Pushdown, DetectsEveryPlantedDifference) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_plants");
    db.source.run(std::string(k_schema) + k_plant_schema);
    db.target.run(std::string(k_schema) + k_plant_schema);
    db.source.run("INSERT INTO plant_dup VALUES ('a'), ('a'), ('b');"
                  "INSERT INTO plant_sep VALUES ('a,b', 'c'), (NULL, ''), ('x', NULL);");
    db.target.run(R"SQL(
        UPDATE plant_value SET v = 'changed' WHERE id = 42;
        DELETE FROM plant_lost WHERE id = 7;
        INSERT INTO plant_dup VALUES ('a'), ('b'), ('b');
        UPDATE plant_null SET v = NULL WHERE id = 3;
        UPDATE plant_ulp8 SET f = 1.0000000000000002 WHERE id = 1;
        UPDATE plant_ulp4 SET f = 1.0000001 WHERE id = 1;
        INSERT INTO plant_sep VALUES ('a', 'b,c'), ('', NULL), (NULL, 'x');
        UPDATE plant_comp_null SET p = ROW(NULL, NULL, NULL);
    )SQL");
    db.source.run("UPDATE plant_null SET v = '' WHERE id = 3");
    ASSERT_EQ(db.target.run("SELECT float8send(f) FROM plant_ulp8 WHERE id = 1")[0],
              "\\x3ff0000000000001");
    ASSERT_EQ(db.target.run("SELECT float4send(f) FROM plant_ulp4 WHERE id = 1")[0], "\\x3f800001");
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    for (int jobs : {1, 8}) {
        auto r = compare_pushdown(source, target, Mode::hash, jobs);
        auto s = statuses(r);
        EXPECT_EQ(s["public.plant_value"], "content_mismatch");
        EXPECT_EQ(s["public.plant_lost"], "count_mismatch");
        EXPECT_EQ(s["public.plant_dup"], "content_mismatch");
        EXPECT_EQ(s["public.plant_null"], "content_mismatch");
        EXPECT_EQ(s["public.plant_ulp8"], "content_mismatch");
        EXPECT_EQ(s["public.plant_ulp4"], "content_mismatch");
        EXPECT_EQ(s["public.plant_sep"], "content_mismatch"); // separators move between fields
        EXPECT_EQ(s["public.plant_comp_null"], "content_mismatch");
        EXPECT_EQ(s["public.plant_none"], "match");
        EXPECT_EQ(r["public.plant_lost"].source_rows, 100u);
        EXPECT_EQ(r["public.plant_lost"].target_rows, 99u);
        EXPECT_EQ(r["public.plant_dup"].source_rows, 3u);
        EXPECT_EQ(r["public.plant_dup"].target_rows, 3u);
        EXPECT_EQ(r["public.plant_value"].strategy, "pushdown");
    }
}

TEST(Pushdown, NullCompositeDiffersFromCompositeOfNulls) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_comp_null");
    const char* ddl = "CREATE TYPE pair AS (x double precision, l text);"
                      "CREATE TABLE c (id int, p pair);";
    db.source.run(std::string(ddl) + "INSERT INTO c VALUES (1, NULL);");
    db.target.run(std::string(ddl) + "INSERT INTO c VALUES (1, ROW(NULL, NULL));");
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    EXPECT_EQ(statuses(compare_pushdown(source, target, Mode::hash))["public.c"],
              "content_mismatch");
}

TEST(Pushdown, EveryValueClassDetectsAChange) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_classes");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(""));
    const auto& changes = gpparity::testing::k_value_class_changes;
    // A float element one ulp away, and a float field one ulp away inside a composite.
    const std::vector<std::pair<std::string, std::string>> subtle = {
        {"fa_ulp", "UPDATE c_fa_ulp SET fa[1] = 1.0000000000000002, fa[2] = 1 WHERE id = 5"},
        {"comp_ulp", "UPDATE c_comp_ulp SET comp.x = 1.0000000000000002 WHERE id = 5"},
        {"fa_dims", "UPDATE c_fa_dims SET fa = '[0:1]={1,2}' WHERE id = 5"}};
    std::string ddl_source, ddl_target;
    for (const auto& [column, expr] : changes) {
        std::string table = "c_" + column;
        ddl_source += "CREATE TABLE " + table + " AS SELECT * FROM all_types WHERE id <= 20;";
        ddl_target += "CREATE TABLE " + table + " AS SELECT * FROM all_types WHERE id <= 20;" +
                      "UPDATE " + table + " SET " + column + " = " + expr + " WHERE id = 5;";
    }
    for (const auto& [name, update] : subtle) {
        std::string create =
            "CREATE TABLE c_" + name + " AS SELECT * FROM all_types WHERE id <= 20;";
        std::string base = name == "comp_ulp"  ? "UPDATE c_comp_ulp SET comp.x = 1 WHERE id = 5;"
                           : name == "fa_dims" ? "UPDATE c_fa_dims SET fa = '{1,2}' WHERE id = 5;"
                                               : "UPDATE c_fa_ulp SET fa = '{1,1}' WHERE id = 5;";
        ddl_source += create + base;
        ddl_target += create + base + update + ";";
    }
    db.source.run(ddl_source);
    db.target.run(ddl_target);
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    auto s = statuses(compare_pushdown(source, target, Mode::hash));
    EXPECT_EQ(s["public.all_types"], "match");
    for (const auto& [column, expr] : changes) {
        EXPECT_EQ(s["public.c_" + column], "content_mismatch") << column;
    }
    for (const auto& [name, update] : subtle) {
        EXPECT_EQ(s["public.c_" + name], "content_mismatch") << name;
    }
}

TEST(Pushdown, WidenedColumnsStillCompareAndClassChangesDoNot) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_widen");
    db.source.run(
        "CREATE TABLE w (a int4, b varchar(10), c real, d money, fa real[], gone text);"
        "INSERT INTO w SELECT g, 'x' || g, g / 4.0, g * 1.5, ARRAY[g / 4.0, NULL]::real[], 'y' "
        "FROM generate_series(1, 50) g;"
        "CREATE TABLE k (v int); INSERT INTO k SELECT g FROM generate_series(1, 10) g;");
    db.target.run(
        "CREATE TABLE w (c double precision, b text, a int8, d numeric(12,2), fa float8[], added "
        "int);"
        "INSERT INTO w SELECT g / 4.0, 'x' || g, g, g * 1.5, ARRAY[g / 4.0, NULL], 1 "
        "FROM generate_series(1, 50) g;"
        // Same digits, another value class: integer -> text is a content change.
        "CREATE TABLE k (v text); INSERT INTO k SELECT g::text FROM generate_series(1, 10) g;");
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    auto r = compare_pushdown(source, target, Mode::hash);
    const auto& w = r["public.w"];
    EXPECT_EQ(w.status, checksum::TableStatus::match) << excluded(w);
    std::string ex = excluded(w);
    EXPECT_NE(ex.find("gone: only in source"), std::string::npos) << ex;
    EXPECT_NE(ex.find("added: only in target"), std::string::npos) << ex;
    EXPECT_EQ(r["public.k"].status, checksum::TableStatus::content_mismatch);
}

TEST(Pushdown, NonUtf8TargetDatabaseStillMatches) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    TestDatabase source(pg1, "pushdown_latin1");
    // TestDatabase makes UTF8 databases; this one is LATIN1 (dropped at the end).
    const std::string name = "gpparity_test_pushdown_latin1";
    gpparity::testing::sql(pg2, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    gpparity::testing::sql(pg2,
                           "CREATE DATABASE " + name +
                               " TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'");
    struct Drop {
        std::string server, name;
        ~Drop() {
            gpparity::testing::sql(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    } drop{pg2, name};
    const std::string target_conninfo = gpparity::testing::with_database(pg2, name);
    const char* ddl =
        "CREATE TABLE l (id int, t text, c char(3)); "
        "INSERT INTO l SELECT g, 'äöü ß ' || g || ' é', 'ü' FROM generate_series(1, 100) g;";
    source.run(ddl);
    // The literals are UTF-8; libpq would otherwise send them as the database's encoding (a
    // SET in the same query string comes too late: the string is converted on arrival).
    const std::string utf8_client = target_conninfo + " client_encoding=UTF8";
    gpparity::testing::sql(utf8_client, ddl);
    ASSERT_EQ(gpparity::testing::sql(target_conninfo, "SHOW server_encoding")[0], "LATIN1");
    ASSERT_EQ(gpparity::testing::sql(target_conninfo, "SELECT octet_length(c) FROM l LIMIT 1")[0],
              "3");
    Side s(source.conninfo(), "source");
    Side t(target_conninfo, "target");
    EXPECT_FALSE(checksum::has_utf8_text(t.cluster.coordinator()));
    auto r = compare_pushdown(s, t, Mode::hash);
    EXPECT_EQ(r["public.l"].status, checksum::TableStatus::match);
    gpparity::testing::sql(utf8_client, "UPDATE l SET t = 'ÄÖÜ' WHERE id = 1");
    EXPECT_EQ(compare_pushdown(s, t, Mode::hash)["public.l"].status,
              checksum::TableStatus::content_mismatch);
}

TEST(Pushdown, CountModeDetectsLostRowsButNotChangedValues) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_count");
    db.source.run(std::string(k_schema) + k_plant_schema);
    db.target.run(std::string(k_schema) + k_plant_schema);
    db.target.run(
        "UPDATE plant_value SET v = 'changed' WHERE id = 42; DELETE FROM plant_lost WHERE id = 7;");
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    auto r = compare_pushdown(source, target, Mode::count);
    auto s = statuses(r);
    EXPECT_EQ(s["public.plant_lost"], "count_mismatch");
    EXPECT_EQ(r["public.plant_lost"].source_rows, 100u);
    EXPECT_EQ(r["public.plant_lost"].target_rows, 99u);
    EXPECT_EQ(s["public.plant_value"], "count_match"); // content is not read in count mode
    EXPECT_EQ(s["public.plant_none"], "count_match");
    for (const auto& [name, status] : s) {
        EXPECT_NE(status, "match") << name;
    }
}

TEST(Pushdown, QueryErrorIsThatTablesErrorAndTheRestIsCompared) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_error");
    const char* ddl = "CREATE TABLE ok (id int); INSERT INTO ok VALUES (1);"
                      "CREATE TABLE bad (id int); INSERT INTO bad VALUES (1);";
    db.source.run(ddl);
    db.target.run(ddl);
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    // The table disappears between planning and reading.
    db.target.run("DROP TABLE bad");
    auto r = compare_pushdown(source, target, Mode::hash);
    EXPECT_EQ(r["public.ok"].status, checksum::TableStatus::match);
    EXPECT_EQ(r["public.bad"].status, checksum::TableStatus::error);
    EXPECT_NE(r["public.bad"].message.find("target"), std::string::npos) << r["public.bad"].message;
    EXPECT_NE(r["public.bad"].message.find("does not exist"), std::string::npos)
        << r["public.bad"].message;
}

TEST(Pushdown, NaNBitPatternsAndNegativeZeroAreOneValueEverywhere) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_nan");
    const char* ddl =
        "CREATE TYPE pair AS (x double precision, l text);"
        "CREATE DOMAIN measure AS real;"
        "CREATE TABLE n (id int, f8 float8, f4 real, d measure, fa float8[], f4a real[], p pair);";
    db.source.run(
        std::string(ddl) +
        "INSERT INTO n VALUES (1, 'NaN', 'NaN', 'NaN', '{NaN,0}', '{NaN,0}', ROW('NaN', 'a')),"
        "(2, 0, 0, 0, '{0}', '{0}', ROW(0, 'b'));");
    // Arithmetic NaN has the sign bit set (0xfff8... on x86); -0 is 0x8000...: other bits,
    // equal values.
    const char* nan = "('Infinity'::float8 - 'Infinity'::float8)";
    db.target.run(std::string(ddl) + "INSERT INTO n VALUES (1, " + nan + ", " + nan + ", " + nan +
                  ", ARRAY[" + nan + ", '-0'], ARRAY[" + nan + ", '-0']::real[], ROW(" + nan +
                  ", 'a')), (2, '-0', '-0', '-0', '{-0}', '{-0}', ROW('-0', 'b'));");
    ASSERT_EQ(db.target.run("SELECT float8send(f8) FROM n WHERE id = 1")[0], "\\xfff8000000000000");
    ASSERT_EQ(db.target.run("SELECT float8send(f8) FROM n WHERE id = 2")[0], "\\x8000000000000000");
    ASSERT_NE(db.target.run("SELECT array_send(fa) FROM n ORDER BY id"),
              db.source.run("SELECT array_send(fa) FROM n ORDER BY id"));
    Side source(db.source.conninfo(), "source");
    Side target(db.target.conninfo(), "target");
    auto r = compare_pushdown(source, target, Mode::hash);
    EXPECT_EQ(r["public.n"].status, checksum::TableStatus::match) << excluded(r["public.n"]);
    EXPECT_TRUE(r["public.n"].excluded_columns.empty()) << excluded(r["public.n"]);
}

TEST(Pushdown, GreenplumQueryFormSumsExactlyLikeThePostgresForm) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "pushdown_forms");
    db.run(k_schema + rows_sql(""));
    Side side(db.conninfo(), "source");
    const checksum::TableSpec* spec = side.find("public.all_types");
    ASSERT_NE(spec, nullptr);
    catalog::pg::Connection& conn = side.cluster.coordinator();
    checksum::PushdownTypes types{&side.tables.types, &side.fields, [&conn](std::string_view name) {
                                      return conn.quote_ident(name);
                                  }};
    checksum::PushdownColumns columns =
        checksum::plan_pushdown_columns(*spec, *spec, {types, types});
    checksum::PushdownRelation rel;
    rel.relation = catalog::pg::qualified_name(conn, spec->schema, spec->name);
    rel.relation_literal = conn.quote_literal(rel.relation);
    std::string postgres_form = checksum::pushdown_digest_sql(rel, columns.fields[0]);
    // The Greenplum form (substr halves, GROUP BY gp_segment_id), with a constant in place of
    // the system column PostgreSQL lacks.
    rel.greenplum = true;
    std::string gp_form = checksum::pushdown_digest_sql(rel, columns.fields[0]);
    auto replace_all = [](std::string text, const std::string& from, const std::string& to) {
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
        return text;
    };
    gp_form = replace_all(gp_form, "SELECT gp_segment_id AS seg,", "SELECT -1 AS seg,");
    ASSERT_NE(gp_form, postgres_form);
    auto row = [&](const std::string& sql) {
        catalog::pg::Result r = conn.exec(sql);
        EXPECT_EQ(r.rows(), 1);
        return r.text(0, 1) + " " + r.text(0, 2) + " " + r.text(0, 3);
    };
    EXPECT_EQ(row(gp_form), row(postgres_form));
}

// ------------------------------------------------------------------------------ Greenplum

namespace {

// Greenplum 6 has no DROP DATABASE ... WITH (FORCE), so TestDatabase does not fit.
using GpDatabase = gpparity::testing::TestDatabase;

// Floats with NaN/-0, text with separators and NULLs, a float array and composite: the values
// whose text differs between GP6 and GP7 or that collide when quoted carelessly.
const char* k_gp_tables = R"SQL(
CREATE TYPE pair AS (x double precision, l text);
CREATE TABLE hashed (id int, v text, f double precision, r real, n numeric(12,2), fa float8[],
                     p pair, ts timestamptz, m money) DISTRIBUTED BY (id);
CREATE TABLE copies (id int, v text, f double precision) DISTRIBUTED REPLICATED;
CREATE TABLE scattered (id int, v text) DISTRIBUTED RANDOMLY;
CREATE TABLE "Odd ""One""" ("a,b" int, "C d" text) DISTRIBUTED BY ("a,b");
)SQL";

std::string gp_load(const std::string& order) {
    return "INSERT INTO hashed SELECT g, CASE WHEN g % 5 = 0 THEN NULL WHEN g % 5 = 1 THEN '' ELSE "
           "'v,' || g END, "
           "CASE WHEN g % 97 = 0 THEN 'NaN'::float8 WHEN g % 89 = 0 THEN '-0'::float8 ELSE g / 3.0 "
           "END, "
           "(g / 7.0)::real, g * 1.25, ARRAY[g / 3.0, NULL], ROW(g / 11.0, 'p' || g)::pair, "
           "timestamptz '2020-01-01 00:00+00' + g * interval '1 minute', (g * 1.5)::numeric::money "
           "FROM generate_series(1, 20000) g ORDER BY 1" +
           order +
           ";INSERT INTO copies SELECT g, 'c' || g, g / 7.0 FROM generate_series(1, 500) g ORDER "
           "BY 1" +
           order +
           ";INSERT INTO scattered SELECT g, 's' || g FROM generate_series(1, 3000) g ORDER BY 1" +
           order +
           ";INSERT INTO \"Odd \"\"One\"\"\" SELECT g, 'x' || g FROM generate_series(1, 100) g "
           "ORDER BY 1" +
           order + ";";
}

std::map<int, std::uint64_t> segment_counts(const GpDatabase& db, const std::string& table) {
    std::map<int, std::uint64_t> out;
    for (const auto& row : db.run("SELECT gp_segment_id || ':' || count(*) FROM " + table +
                                  " GROUP BY gp_segment_id")) {
        out[std::stoi(row.substr(0, row.find(':')))] = std::stoull(row.substr(row.find(':') + 1));
    }
    return out;
}

void gp_pushdown_per_segment(const std::string& gp, const std::string& tag) {
    GpDatabase a(gp, "gp_pushdown_a_" + tag);
    GpDatabase b(gp, "gp_pushdown_b_" + tag);
    a.run(std::string(k_gp_tables) + gp_load(""));
    b.run(std::string(k_gp_tables) + gp_load(" DESC"));
    auto expected = segment_counts(a, "hashed");
    ASSERT_GE(expected.size(), 1u);
    Side source(a.conninfo(), "source");
    Side target(b.conninfo(), "target");
    for (Mode mode : {Mode::hash, Mode::count}) {
        const std::string same = mode == Mode::hash ? "match" : "count_match";
        auto r = compare_pushdown(source, target, mode);
        const auto& hashed = r["public.hashed"];
        EXPECT_EQ(checksum::to_string(hashed.status), same) << hashed.message << excluded(hashed);
        EXPECT_TRUE(hashed.excluded_columns.empty()) << excluded(hashed);
        EXPECT_TRUE(hashed.placement_compared);
        EXPECT_EQ(hashed.source_rows, 20000u);
        for (const auto& seg : hashed.segments) {
            EXPECT_EQ(seg.source_rows, expected[seg.content]) << "content " << seg.content;
            EXPECT_EQ(seg.target_rows, expected[seg.content]) << "content " << seg.content;
            EXPECT_EQ(checksum::to_string(seg.status), same);
        }
        const auto& copies = r["public.copies"];
        EXPECT_EQ(checksum::to_string(copies.status), same) << copies.message;
        EXPECT_EQ(copies.source_rows, 500u) << "one copy, not the sum of the segments";
        EXPECT_EQ(copies.segments.size(), source.cluster.identity().segments.size());
        for (const auto& seg : copies.segments) {
            EXPECT_EQ(seg.source_rows, 500u) << "gp_dist_random reads every segment's copy";
        }
        EXPECT_EQ(checksum::to_string(r["public.scattered"].status), same);
        EXPECT_FALSE(r["public.scattered"].placement_compared);
        EXPECT_EQ(checksum::to_string(r["public.\"Odd \"\"One\"\"\""].status), same);
    }
    // A one-ulp change of one float changes only its own segment's digest.
    b.run("UPDATE hashed SET f = 1.0000000000000002 WHERE id = 3");
    b.run("UPDATE copies SET v = 'changed' WHERE id = 3");
    auto changed = compare_pushdown(source, target, Mode::hash);
    EXPECT_EQ(changed["public.hashed"].status, checksum::TableStatus::content_mismatch);
    EXPECT_EQ(changed["public.copies"].status, checksum::TableStatus::content_mismatch);
    int differing = 0;
    for (const auto& seg : changed["public.hashed"].segments) {
        differing += seg.status == checksum::TableStatus::match ? 0 : 1;
    }
    EXPECT_EQ(differing, 1);
}

void gp_row_moved(const std::string& gp, const std::string& tag) {
    GpDatabase a(gp, "gp_pushdown_moved_a_" + tag);
    GpDatabase b(gp, "gp_pushdown_moved_b_" + tag);
    const char* ddl = "CREATE TABLE t (id int, v text) DISTRIBUTED BY (id);"
                      "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g;";
    a.run(ddl);
    b.run(ddl);
    auto on_zero = b.run("SELECT id FROM t WHERE gp_segment_id = 0 ORDER BY id LIMIT 1");
    ASSERT_EQ(on_zero.size(), 1u);
    gpparity::testing::on_primary(gp, b.name(), 0, "DELETE FROM t WHERE id = " + on_zero[0]);
    gpparity::testing::on_primary(gp, b.name(), 1,
                                  "INSERT INTO t SELECT " + on_zero[0] + ", 'v" + on_zero[0] + "'");
    Side source(a.conninfo(), "source");
    Side target(b.conninfo(), "target");
    for (Mode mode : {Mode::count, Mode::hash}) {
        auto r = compare_pushdown(source, target, mode);
        const auto& t = r["public.t"];
        EXPECT_EQ(t.status, checksum::TableStatus::placement_mismatch);
        EXPECT_EQ(t.source_rows, 1000u);
        EXPECT_EQ(t.target_rows, 1000u);
        for (const auto& seg : t.segments) {
            EXPECT_EQ(seg.status, seg.content <= 1
                                      ? checksum::TableStatus::count_mismatch
                                      : (mode == Mode::count ? checksum::TableStatus::count_match
                                                             : checksum::TableStatus::match))
                << seg.content;
        }
    }
}

} // namespace

TEST(PushdownGreenplum, Gp6PerSegmentDigestsAndReplicatedCopies) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    gp_pushdown_per_segment(gp, "6");
}

TEST(PushdownGreenplum, Gp7PerSegmentDigestsAndReplicatedCopies) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    gp_pushdown_per_segment(gp, "7");
}

TEST(PushdownGreenplum, Gp6RowMovedIsPlacementMismatchByCounts) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    gp_row_moved(gp, "6");
}

TEST(PushdownGreenplum, Gp7RowMovedIsPlacementMismatchByCounts) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    gp_row_moved(gp, "7");
}

TEST(PushdownGreenplum, Gp6ToGp7SameDataMatches) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    GpDatabase a(gp6, "gp_pushdown_cross");
    GpDatabase b(gp7, "gp_pushdown_cross");
    a.run(std::string(k_gp_tables) + gp_load(""));
    b.run(std::string(k_gp_tables) + gp_load(" DESC"));
    Side source(a.conninfo(), "source");
    Side target(b.conninfo(), "target");
    for (const auto& [name, t] : compare_pushdown(source, target, Mode::hash)) {
        EXPECT_EQ(t.status, checksum::TableStatus::match)
            << name << ": " << t.message << excluded(t);
    }
}

// ------------------------------------------------------------------- end to end (the CLI)

TEST(PushdownData, SameDataInDifferentPhysicalOrderMatches) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_match");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(" DESC"));
    for (const char* jobs : {"1", "8"}) {
        json report = run_data_json(db.args({"--strategy", "pushdown", "--jobs", jobs}), 0);
        EXPECT_EQ(report["verdict"], "pass") << report.dump(2);
        EXPECT_EQ(report["data"]["strategy"], "pushdown");
        EXPECT_EQ(report["data"]["mode"], "hash");
        auto tables = tables_by_name(report);
        ASSERT_EQ(tables.size(), 2u) << report.dump(2);
        const json& all = tables["public.all_types"];
        EXPECT_EQ(all["status"], "match") << all.dump(2);
        EXPECT_EQ(all["strategy"], "pushdown");
        EXPECT_EQ(all["source_rows"], 305);
        EXPECT_EQ(all["target_rows"], 305);
        EXPECT_EQ(all["placement"], "not_compared");
        ASSERT_EQ(all["segments"].size(), 1u);
        EXPECT_EQ(all["segments"][0]["content"], -1);
        std::string excluded_list = all["excluded_columns"].dump();
        EXPECT_NE(excluded_list.find("o: oid/reg*"), std::string::npos) << excluded_list;
        EXPECT_NE(excluded_list.find("comps: array of pair"), std::string::npos) << excluded_list;
        EXPECT_EQ(all["excluded_columns"].size(), 3u) << excluded_list;
        EXPECT_EQ(tables["public.\"Weird \"\"Name\"\" tbl\""]["status"], "match");
    }
}

TEST(PushdownData, TargetDatabaseDefaultsDoNotMatter) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_defaults");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(" DESC"));
    const std::string t = db.target.name();
    db.target.run("ALTER DATABASE " + t + " SET extra_float_digits = -15; ALTER DATABASE " + t +
                  " SET TimeZone = 'Asia/Kolkata'; ALTER DATABASE " + t +
                  " SET DateStyle = 'SQL, DMY'; ALTER DATABASE " + t +
                  " SET IntervalStyle = 'iso_8601'; ALTER DATABASE " + t +
                  " SET lc_monetary = 'C.UTF-8'; ALTER DATABASE " + t +
                  " SET bytea_output = 'escape'");
    json report = run_data_json(db.args({"--strategy", "pushdown"}), 0);
    for (const auto& [name, status] : table_statuses(report)) {
        EXPECT_EQ(status, "match") << name;
    }
}

TEST(PushdownData, DetectsEveryPlantedDifference) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_plants");
    db.source.run(std::string(k_schema) + k_plant_schema);
    db.target.run(std::string(k_schema) + k_plant_schema);
    db.source.run("INSERT INTO plant_dup VALUES ('a'), ('a'), ('b');"
                  "INSERT INTO plant_sep VALUES ('a,b', 'c'), (NULL, ''), ('x', NULL);"
                  "UPDATE plant_null SET v = '' WHERE id = 3;");
    db.target.run(R"SQL(
        UPDATE plant_value SET v = 'changed' WHERE id = 42;
        DELETE FROM plant_lost WHERE id = 7;
        INSERT INTO plant_dup VALUES ('a'), ('b'), ('b');
        UPDATE plant_null SET v = NULL WHERE id = 3;
        UPDATE plant_ulp8 SET f = 1.0000000000000002 WHERE id = 1;
        UPDATE plant_ulp4 SET f = 1.0000001 WHERE id = 1;
        INSERT INTO plant_sep VALUES ('a', 'b,c'), ('', NULL), (NULL, 'x');
        UPDATE plant_comp_null SET p = ROW(NULL, NULL, NULL);
    )SQL");
    for (const char* jobs : {"1", "8"}) {
        json report = run_data_json(db.args({"--strategy", "pushdown", "--jobs", jobs}), 1);
        EXPECT_EQ(report["verdict"], "fail");
        auto s = table_statuses(report);
        EXPECT_EQ(s["public.plant_value"], "content_mismatch");
        EXPECT_EQ(s["public.plant_lost"], "count_mismatch");
        EXPECT_EQ(s["public.plant_dup"], "content_mismatch");
        EXPECT_EQ(s["public.plant_null"], "content_mismatch");
        EXPECT_EQ(s["public.plant_ulp8"], "content_mismatch");
        EXPECT_EQ(s["public.plant_ulp4"], "content_mismatch");
        EXPECT_EQ(s["public.plant_sep"], "content_mismatch");
        EXPECT_EQ(s["public.plant_comp_null"], "content_mismatch");
        EXPECT_EQ(s["public.plant_none"], "match");
        auto t = tables_by_name(report);
        EXPECT_EQ(t["public.plant_lost"]["source_rows"], 100);
        EXPECT_EQ(t["public.plant_lost"]["target_rows"], 99);
        EXPECT_EQ(t["public.plant_dup"]["source_rows"], 3);
        EXPECT_EQ(t["public.plant_dup"]["target_rows"], 3);
    }
}

TEST(PushdownData, WidenedColumnsStillCompare) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_widen");
    db.source.run(
        "CREATE TABLE w (a int4, b varchar(10), c real, d money, gone text);"
        "INSERT INTO w SELECT g, 'x' || g, g / 4.0, g * 1.5, 'y' FROM generate_series(1, 50) g");
    db.target.run(
        "CREATE TABLE w (c double precision, b text, a int8, d numeric(12,2), added int);"
        "INSERT INTO w SELECT g / 4.0, 'x' || g, g, g * 1.5, 1 FROM generate_series(1, 50) g");
    json report = run_data_json(db.args({"--strategy", "pushdown"}), 0);
    auto t = tables_by_name(report)["public.w"];
    EXPECT_EQ(t["status"], "match") << t.dump(2);
    std::string excluded_list = t["excluded_columns"].dump();
    EXPECT_NE(excluded_list.find("gone: only in source"), std::string::npos) << excluded_list;
    EXPECT_NE(excluded_list.find("added: only in target"), std::string::npos) << excluded_list;
}

TEST(PushdownData, MissingExtraSkippedAndUnreadableTablesAreReported) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_missing");
    const char* common = "CREATE TABLE ok (id int); INSERT INTO ok VALUES (1), (2);"
                         "CREATE TABLE locked (id int); INSERT INTO locked VALUES (1);"
                         "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x WITH NO DATA;";
    db.source.run(std::string(common) + "CREATE TABLE only_source (id int);");
    db.target.run(std::string(common) + "CREATE TABLE only_target (id int);");
    json report = run_data_json(db.args({"--strategy", "pushdown"}), 2);
    auto s = table_statuses(report);
    EXPECT_EQ(s["public.ok"], "match");
    EXPECT_EQ(s["public.only_source"], "missing_in_target");
    EXPECT_EQ(s["public.only_target"], "extra_in_target");
    EXPECT_EQ(s["public.mv"], "skipped");
    EXPECT_EQ(report["verdict"], "incomplete");

    std::unique_ptr<PGconn, decltype(&PQfinish)> holder(PQconnectdb(db.target.conninfo().c_str()),
                                                        &PQfinish);
    ASSERT_EQ(PQstatus(holder.get()), CONNECTION_OK);
    PQclear(PQexec(holder.get(), "BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE"));
    json locked = run_data_json(
        db.args({"--strategy", "pushdown", "--statement-timeout", "1", "--exclude", "public.mv"}),
        2);
    PQclear(PQexec(holder.get(), "ROLLBACK"));
    auto t = tables_by_name(locked);
    EXPECT_EQ(t["public.locked"]["status"], "error");
    EXPECT_NE(t["public.locked"]["message"].get<std::string>().find("statement timeout"),
              std::string::npos)
        << t["public.locked"].dump(2);
    EXPECT_EQ(t["public.ok"]["status"], "match");
}

TEST(PushdownData, PartitionLeavesAreCheckedOneByOneAndRolledUp) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_parts");
    const char* ddl = R"SQL(
        CREATE TABLE sales (id int, region text, amount numeric(10,2)) PARTITION BY RANGE (id);
        CREATE TABLE sales_1 PARTITION OF sales FOR VALUES FROM (0) TO (100);
        CREATE TABLE sales_2 PARTITION OF sales FOR VALUES FROM (100) TO (200);
        INSERT INTO sales SELECT g, 'r' || (g % 3), g * 1.5 FROM generate_series(0, 199) g;
    )SQL";
    db.source.run(ddl);
    db.target.run(ddl);
    db.target.run("UPDATE sales SET amount = amount + 1 WHERE id = 150");
    json report = run_data_json(db.args({"--strategy", "pushdown"}), 1);
    auto t = tables_by_name(report);
    EXPECT_EQ(t["public.sales_1"]["status"], "match");
    EXPECT_EQ(t["public.sales_2"]["status"], "content_mismatch");
    EXPECT_EQ(t["public.sales"]["status"], "content_mismatch");
    EXPECT_EQ(t["public.sales"]["source_rows"], 200);
    EXPECT_EQ(t["public.sales"]["target_rows"], 200);
}

TEST(PushdownData, CountModeCountsOnly) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_count");
    db.source.run(std::string(k_schema) + k_plant_schema);
    db.target.run(std::string(k_schema) + k_plant_schema);
    db.target.run("UPDATE plant_value SET v = 'changed' WHERE id = 42;");
    json same = run_data_json(db.args({"--mode", "count"}), 0);
    EXPECT_EQ(same["verdict"], "pass") << same.dump(2);
    EXPECT_EQ(same["data"]["mode"], "count");
    for (const auto& [name, t] : tables_by_name(same)) {
        EXPECT_EQ(t["status"], "count_match") << name; // never "match": content was not read
        EXPECT_EQ(t["strategy"], "pushdown") << name;
    }
    db.target.run("DELETE FROM plant_lost WHERE id = 7;");
    json lost = run_data_json(db.args({"--mode", "count", "--jobs", "8"}), 1);
    auto s = table_statuses(lost);
    EXPECT_EQ(s["public.plant_lost"], "count_mismatch");
    EXPECT_EQ(s["public.plant_value"], "count_match");
    auto t = tables_by_name(lost);
    EXPECT_EQ(t["public.plant_lost"]["source_rows"], 100);
    EXPECT_EQ(t["public.plant_lost"]["target_rows"], 99);
}

TEST(PushdownData, AutoStrategyStreamsBetweenPostgresServersAndOptionsAreChecked) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_auto");
    db.source.run("CREATE TABLE a (id int); INSERT INTO a VALUES (1);");
    db.target.run("CREATE TABLE a (id int); INSERT INTO a VALUES (2);");
    json report = run_data_json(db.args({}), 1);
    EXPECT_EQ(report["data"]["strategy"], "auto");
    EXPECT_EQ(tables_by_name(report)["public.a"]["strategy"], "stream");
    EXPECT_EQ(tables_by_name(report)["public.a"]["status"], "content_mismatch");
    json pushed = run_data_json(db.args({"--strategy", "pushdown"}), 1);
    EXPECT_EQ(tables_by_name(pushed)["public.a"]["strategy"], "pushdown");
    EXPECT_EQ(pushed["options"]["encoding"], "p1") << pushed["options"].dump();

    auto text_args = db.args({"--strategy", "pushdown"});
    text_args.insert(text_args.begin(), "data");
    auto text = run_gpparity(text_args);
    EXPECT_EQ(text.exit_code, 1) << text.err;
    EXPECT_NE(text.out.find("content mismatch"), std::string::npos) << text.out;

    for (const std::vector<std::string>& bad : {std::vector<std::string>{"--strategy", "bogus"},
                                                std::vector<std::string>{"--mode", "rows"}}) {
        auto args = db.args(bad);
        args.insert(args.begin(), "data");
        EXPECT_EQ(run_gpparity(args).exit_code, 2) << bad[1];
    }
}

TEST(PushdownData, InterruptCancelsServerWorkAndReportsNoMatch) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "pushdown_cli_interrupt");
    db.source.run("CREATE TABLE blocked (id int); INSERT INTO blocked VALUES (1);");
    db.target.run("CREATE TABLE blocked (id int); INSERT INTO blocked VALUES (1);");
    auto run = gpparity::testing::fault_when_blocked(db.target, "blocked",
                                                     {"data", "--source", db.source.conninfo(),
                                                      "--target", db.target.conninfo(), "--format",
                                                      "json", "--strategy", "pushdown"});
    ASSERT_TRUE(run.reached_lock) << "gpparity never reached the locked table";
    // The server-side statement was cancelled, not left waiting behind the lock.
    EXPECT_EQ(run.sessions_left, "0");
    EXPECT_EQ(run.exit_code, 2);
    json report = json::parse(run.out);
    EXPECT_EQ(report["verdict"], "incomplete");
    auto t = tables_by_name(report);
    EXPECT_EQ(t["public.blocked"]["status"], "error") << report.dump(2);
    EXPECT_NE(t["public.blocked"]["message"].get<std::string>().find("interrupted"),
              std::string::npos);
}

namespace {

void gp_cli_auto_is_pushdown(const std::string& gp, const std::string& tag) {
    GpDatabase a(gp, "gp_pushdown_cli_a_" + tag);
    GpDatabase b(gp, "gp_pushdown_cli_b_" + tag);
    a.run(std::string(k_gp_tables) + gp_load(""));
    b.run(std::string(k_gp_tables) + gp_load(" DESC"));
    for (const char* mode : {"hash", "count"}) {
        auto r = run_gpparity({"data", "--source", a.conninfo(), "--target", b.conninfo(),
                               "--format", "json", "--mode", mode});
        ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
        json report = json::parse(r.out);
        auto t = tables_by_name(report);
        const std::string same = std::string(mode) == "hash" ? "match" : "count_match";
        for (const auto& [name, table] : t) {
            EXPECT_EQ(table["strategy"], "pushdown") << name << ": two live Greenplum clusters";
            EXPECT_EQ(table["status"], same) << table.dump(2);
        }
        EXPECT_EQ(t["public.copies"]["source_rows"], 500);
        EXPECT_EQ(t["public.hashed"]["placement"], "compared");
    }
}

} // namespace

TEST(PushdownGreenplum, Gp6AutoStrategyIsPushdownEndToEnd) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    gp_cli_auto_is_pushdown(gp, "6");
}

TEST(PushdownGreenplum, Gp7AutoStrategyIsPushdownEndToEnd) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    gp_cli_auto_is_pushdown(gp, "7");
}
