// `gpparity data --strategy stream` end to end on two real PostgreSQL servers (source = server
// 1, target = server 2), plus Greenplum checks when GPPARITY_TEST_GP6/GP7 are set.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"
#include "tests/integration/support/value_classes.hpp"

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
#include <thread>

using gpparity::testing::run_data_json;
using gpparity::testing::run_gpparity;
using gpparity::testing::table_statuses;
using gpparity::testing::tables_by_name;
using gpparity::testing::TestDatabase;
using nlohmann::json;
using Pair = gpparity::testing::DatabasePair;

namespace {

// Every value class of docs/encoding.md, with the values that trip comparisons up: NaN,
// ±Infinity, -0, NULL next to '', non-ASCII text, arrays with NULLs, composites with floats.
// Every value class (tests/integration/support/value_classes.hpp), and a schema and table whose
// names need quoting.
const std::string k_schema = std::string(gpparity::testing::k_schema) + R"SQL(
CREATE SCHEMA "Sch ""ema";
CREATE TABLE "Sch ""ema"."Order" (id int, "Order" text);
INSERT INTO "Sch ""ema"."Order" VALUES (1, 'a'), (2, NULL);
)SQL";
using gpparity::testing::rows_sql;

// Small tables, one per planted difference.
const char* k_plant_schema = R"SQL(
CREATE TABLE plant_value (id int PRIMARY KEY, v text);
CREATE TABLE plant_lost (id int PRIMARY KEY, v text);
CREATE TABLE plant_dup (v text);
CREATE TABLE plant_null (id int PRIMARY KEY, v text);
CREATE TABLE plant_ulp8 (id int PRIMARY KEY, f double precision);
CREATE TABLE plant_ulp4 (id int PRIMARY KEY, f real);
CREATE TABLE plant_none (id int PRIMARY KEY, v text);
INSERT INTO plant_value SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_lost SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_null SELECT g, 'v' || g FROM generate_series(1, 100) g;
INSERT INTO plant_ulp8 SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO plant_ulp4 SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO plant_none SELECT g, 'v' || g FROM generate_series(1, 100) g;
)SQL";

} // namespace

TEST(DataStream, SameDataInDifferentPhysicalOrderMatches) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_match");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(" DESC"));
    // Physically different: the target's first row is the source's last.
    ASSERT_NE(db.source.run("SELECT id FROM all_types LIMIT 1"),
              db.target.run("SELECT id FROM all_types LIMIT 1"));

    for (const char* jobs : {"1", "8"}) {
        auto args = db.args();
        args.insert(args.end(), {"--jobs", jobs});
        json report = run_data_json(args, 0);
        EXPECT_EQ(report["verdict"], "pass") << report.dump(2);
        auto tables = tables_by_name(report);
        ASSERT_EQ(tables.size(), 3u) << report.dump(2);
        const json& all = tables["public.all_types"];
        EXPECT_EQ(all["status"], "match") << all.dump(2);
        EXPECT_EQ(all["source_rows"], 305);
        EXPECT_EQ(all["target_rows"], 305);
        EXPECT_EQ(all["placement"], "not_compared");
        ASSERT_EQ(all["segments"].size(), 1u);
        EXPECT_EQ(all["segments"][0]["content"], -1);
        EXPECT_EQ(all["segments"][0]["source_rows"], 305);
        // oid and reg* columns are listed, never silently dropped.
        std::string excluded = all["excluded_columns"].dump();
        EXPECT_NE(excluded.find("o: oid/reg*"), std::string::npos) << excluded;
        EXPECT_NE(excluded.find("rc: oid/reg*"), std::string::npos) << excluded;
        EXPECT_EQ(all["excluded_columns"].size(), 2u) << excluded;
        EXPECT_EQ(tables["public.\"Weird \"\"Name\"\" tbl\""]["status"], "match") << report.dump(2);
        EXPECT_EQ(tables["\"Sch \"\"ema\".\"Order\""]["status"], "match") << report.dump(2);
        EXPECT_EQ(tables["\"Sch \"\"ema\".\"Order\""]["source_rows"], 2);
    }
}

TEST(DataStream, TargetDatabaseDefaultsDoNotMatter) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_defaults");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(" DESC"));
    // Render floats, times, intervals and money differently in the target's sessions (and
    // differently again in the source's): the pinned session and the binary encoding must
    // make this irrelevant.
    db.target.run("ALTER DATABASE " + db.target.name() +
                  " SET extra_float_digits = -15; ALTER DATABASE " + db.target.name() +
                  " SET TimeZone = 'Asia/Kolkata'; ALTER DATABASE " + db.target.name() +
                  " SET DateStyle = 'SQL, DMY'; ALTER DATABASE " + db.target.name() +
                  " SET IntervalStyle = 'iso_8601'; ALTER DATABASE " + db.target.name() +
                  " SET lc_monetary = 'C.UTF-8'; ALTER DATABASE " + db.target.name() +
                  " SET bytea_output = 'escape'");
    db.source.run("ALTER DATABASE " + db.source.name() +
                  " SET extra_float_digits = 1; ALTER DATABASE " + db.source.name() +
                  " SET TimeZone = 'America/Los_Angeles'; ALTER DATABASE " + db.source.name() +
                  " SET DateStyle = 'German'; ALTER DATABASE " + db.source.name() +
                  " SET IntervalStyle = 'sql_standard'");
    json report = run_data_json(db.args(), 0);
    EXPECT_EQ(report["verdict"], "pass") << report.dump(2);
    for (const auto& [name, status] : table_statuses(report)) {
        EXPECT_EQ(status, "match") << name;
    }
}

TEST(DataStream, DetectsEveryPlantedDifference) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_plants");
    db.source.run(k_plant_schema);
    db.target.run(k_plant_schema);
    db.source.run("INSERT INTO plant_dup VALUES ('a'), ('a'), ('b')");
    db.target.run(R"SQL(
        UPDATE plant_value SET v = 'changed' WHERE id = 42;
        DELETE FROM plant_lost WHERE id = 7;
        INSERT INTO plant_dup VALUES ('a'), ('b'), ('b');
        UPDATE plant_null SET v = NULL WHERE id = 3;
        UPDATE plant_ulp8 SET f = 1.0000000000000002 WHERE id = 1;
        UPDATE plant_ulp4 SET f = 1.0000001 WHERE id = 1;
    )SQL");
    db.source.run("UPDATE plant_null SET v = '' WHERE id = 3");
    // The one-ulp changes are real and minimal.
    ASSERT_EQ(db.target.run("SELECT float8send(f) FROM plant_ulp8 WHERE id = 1")[0],
              "\\x3ff0000000000001");
    ASSERT_EQ(db.target.run("SELECT float4send(f) FROM plant_ulp4 WHERE id = 1")[0], "\\x3f800001");

    for (const char* jobs : {"1", "8"}) {
        auto args = db.args();
        args.insert(args.end(), {"--jobs", jobs});
        json report = run_data_json(args, 1);
        EXPECT_EQ(report["verdict"], "fail");
        auto s = table_statuses(report);
        EXPECT_EQ(s["public.plant_value"], "content_mismatch");
        EXPECT_EQ(s["public.plant_lost"], "count_mismatch");
        EXPECT_EQ(s["public.plant_dup"], "content_mismatch");
        EXPECT_EQ(s["public.plant_null"], "content_mismatch");
        EXPECT_EQ(s["public.plant_ulp8"], "content_mismatch");
        EXPECT_EQ(s["public.plant_ulp4"], "content_mismatch");
        EXPECT_EQ(s["public.plant_none"], "match");
        auto t = tables_by_name(report);
        EXPECT_EQ(t["public.plant_lost"]["source_rows"], 100);
        EXPECT_EQ(t["public.plant_lost"]["target_rows"], 99);
        EXPECT_EQ(t["public.plant_dup"]["source_rows"], 3);
        EXPECT_EQ(t["public.plant_dup"]["target_rows"], 3);
    }
}

TEST(DataStream, EveryValueClassDetectsAChange) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_classes");
    db.source.run(k_schema + rows_sql(""));
    db.target.run(k_schema + rows_sql(""));
    // One change per column, each in its own copy of the table, so every value class is shown
    // to take part in the row hash.
    const auto& changes = gpparity::testing::k_value_class_changes_c1;
    std::string ddl_source, ddl_target;
    for (const auto& [column, expr] : changes) {
        std::string table = "c_" + column;
        ddl_source += "CREATE TABLE " + table + " AS SELECT * FROM all_types WHERE id <= 20;";
        ddl_target += "CREATE TABLE " + table + " AS SELECT * FROM all_types WHERE id <= 20;" +
                      "UPDATE " + table + " SET " + column + " = " + expr + " WHERE id = 5;";
    }
    db.source.run(ddl_source);
    db.target.run(ddl_target);
    json report = run_data_json(db.args(), 1);
    auto s = table_statuses(report);
    EXPECT_EQ(s["public.all_types"], "match");
    for (const auto& [column, expr] : changes) {
        EXPECT_EQ(s["public.c_" + column], "content_mismatch") << column;
    }
}

TEST(DataStream, WidenedColumnsStillCompareAndColumnsMatchByName) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_widen");
    db.source.run(
        "CREATE TABLE w (a int4, b varchar(10), c real, d money, gone text);"
        "INSERT INTO w SELECT g, 'x' || g, g / 4.0, g * 1.5, 'y' FROM generate_series(1, 50) g");
    // Same values, wider types, another column order, one column dropped and one added.
    db.target.run(
        "CREATE TABLE w (c double precision, b text, a int8, d numeric(12,2), added int);"
        "INSERT INTO w SELECT g / 4.0, 'x' || g, g, g * 1.5, 1 FROM generate_series(1, 50) g");
    json report = run_data_json(db.args(), 0);
    auto t = tables_by_name(report)["public.w"];
    EXPECT_EQ(t["status"], "match") << t.dump(2);
    std::string excluded = t["excluded_columns"].dump();
    EXPECT_NE(excluded.find("gone: only in source"), std::string::npos) << excluded;
    EXPECT_NE(excluded.find("added: only in target"), std::string::npos) << excluded;
}

TEST(DataStream, MissingExtraSkippedAndUnreadableTablesAreReported) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_missing");
    const char* common = "CREATE TABLE ok (id int); INSERT INTO ok VALUES (1), (2);"
                         "CREATE TABLE locked (id int); INSERT INTO locked VALUES (1);"
                         "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x WITH NO DATA;";
    db.source.run(std::string(common) + "CREATE TABLE only_source (id int);");
    db.target.run(std::string(common) + "CREATE TABLE only_target (id int);");
    json report = run_data_json(db.args(), 2);
    auto s = table_statuses(report);
    EXPECT_EQ(s["public.ok"], "match");
    EXPECT_EQ(s["public.only_source"], "missing_in_target");
    EXPECT_EQ(s["public.only_target"], "extra_in_target");
    EXPECT_EQ(s["public.mv"], "skipped");
    EXPECT_EQ(report["verdict"], "incomplete");

    // A table the target cannot read (held by an exclusive lock past the statement timeout)
    // is that table's error with the server's message; every other table is still compared.
    std::unique_ptr<PGconn, decltype(&PQfinish)> holder(PQconnectdb(db.target.conninfo().c_str()),
                                                        &PQfinish);
    ASSERT_EQ(PQstatus(holder.get()), CONNECTION_OK);
    PQclear(PQexec(holder.get(), "BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE"));
    auto args = db.args();
    args.insert(args.end(), {"--statement-timeout", "1", "--exclude", "public.mv"});
    json locked = run_data_json(args, 2);
    PQclear(PQexec(holder.get(), "ROLLBACK"));
    auto t = tables_by_name(locked);
    EXPECT_EQ(t["public.locked"]["status"], "error");
    EXPECT_NE(t["public.locked"]["message"].get<std::string>().find("statement timeout"),
              std::string::npos)
        << t["public.locked"].dump(2);
    EXPECT_EQ(t["public.ok"]["status"], "match");
    EXPECT_EQ(t.count("public.mv"), 0u);
}

TEST(DataStream, PartitionLeavesAreCheckedOneByOneAndRolledUp) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_parts");
    const char* ddl = R"SQL(
        CREATE EXTENSION file_fdw;
        CREATE SERVER files FOREIGN DATA WRAPPER file_fdw;
        CREATE TABLE sales (id int, region text, amount numeric(10,2)) PARTITION BY RANGE (id);
        CREATE TABLE sales_1 PARTITION OF sales FOR VALUES FROM (0) TO (100);
        CREATE TABLE sales_2 PARTITION OF sales FOR VALUES FROM (100) TO (200);
        CREATE FOREIGN TABLE sales_ext PARTITION OF sales FOR VALUES FROM (1000) TO (2000)
            SERVER files OPTIONS (program 'exit 1');
        CREATE TABLE other (id int);
        INSERT INTO sales SELECT g, 'r' || (g % 3), g * 1.5 FROM generate_series(0, 199) g;
    )SQL";
    db.source.run(ddl);
    db.target.run(ddl);
    db.target.run("UPDATE sales SET amount = amount + 1 WHERE id = 150");
    auto args = db.args();
    args.insert(args.end(), {"--include", "public.sales"});
    // The foreign leaf's rows live outside the database: not applicable, outside the verdict.
    json report = run_data_json(args, 1);
    auto t = tables_by_name(report);
    EXPECT_EQ(t.count("public.other"), 0u) << "--include selects the root and its leaves";
    EXPECT_EQ(t["public.sales_1"]["status"], "match");
    EXPECT_EQ(t["public.sales_2"]["status"], "content_mismatch");
    EXPECT_EQ(t["public.sales_ext"]["status"], "not_applicable");
    EXPECT_NE(t["public.sales_ext"]["message"].get<std::string>().find("foreign table"),
              std::string::npos);
    EXPECT_EQ(t["public.sales"]["status"], "content_mismatch");
    EXPECT_EQ(t["public.sales"]["source_rows"], 200);
    EXPECT_EQ(t["public.sales"]["target_rows"], 200);

    // A row in another leaf (the target's bounds differ) keeps the root's totals and content,
    // but not its leaves': the root is reported as differing too.
    Pair moved(pg1, pg2, "stream_parts_moved");
    moved.source.run("CREATE TABLE l (id int, k text) PARTITION BY LIST (k);"
                     "CREATE TABLE l_a PARTITION OF l FOR VALUES IN ('a');"
                     "CREATE TABLE l_b PARTITION OF l FOR VALUES IN ('b');"
                     "INSERT INTO l VALUES (1, 'a'), (2, 'b');");
    moved.target.run("CREATE TABLE l (id int, k text) PARTITION BY LIST (k);"
                     "CREATE TABLE l_a PARTITION OF l FOR VALUES IN ('a', 'b');"
                     "CREATE TABLE l_b PARTITION OF l FOR VALUES IN ('c');"
                     "INSERT INTO l VALUES (1, 'a'), (2, 'b');");
    json report2 = run_data_json(moved.args(), 1);
    auto m = tables_by_name(report2);
    EXPECT_EQ(m["public.l_a"]["status"], "count_mismatch");
    EXPECT_EQ(m["public.l_b"]["status"], "count_mismatch");
    EXPECT_EQ(m["public.l"]["status"], "count_mismatch") << m["public.l"].dump(2);
    EXPECT_EQ(m["public.l"]["source_rows"], 2);
    EXPECT_EQ(m["public.l"]["target_rows"], 2);

    // A leaf the target lacks is still counted on the source, for itself and for its root.
    moved.source.run("CREATE TABLE l_c PARTITION OF l FOR VALUES IN ('c', 'd');"
                     "INSERT INTO l VALUES (3, 'd'), (4, 'd');");
    json report3 = run_data_json(moved.args(), 1);
    auto m3 = tables_by_name(report3);
    EXPECT_EQ(m3["public.l_c"]["status"], "missing_in_target");
    EXPECT_EQ(m3["public.l_c"]["source_rows"], 2) << m3["public.l_c"].dump(2);
    EXPECT_EQ(m3["public.l"]["source_rows"], 4);
    EXPECT_EQ(m3["public.l"]["target_rows"], 2);
    EXPECT_EQ(m3["public.l"]["status"], "count_mismatch");
}

TEST(DataStream, CommandLineErrorsAndTextReport) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_cli");
    db.source.run("CREATE TABLE a (id int); INSERT INTO a VALUES (1);");
    db.target.run("CREATE TABLE a (id int); INSERT INTO a VALUES (2);");
    auto args = db.args();
    args.insert(args.begin(), "data");
    auto text = run_gpparity(args);
    EXPECT_EQ(text.exit_code, 1) << text.err;
    EXPECT_NE(text.out.find("public.a"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("content mismatch"), std::string::npos) << text.out;

    auto include = args;
    include.insert(include.end(), {"--include", "public.nothing_here"});
    auto bad = run_gpparity(include);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("matches no table"), std::string::npos) << bad.err;

    auto strategy = args;
    strategy.insert(strategy.end(), {"--strategy", "bogus"});
    EXPECT_EQ(run_gpparity(strategy).exit_code, 2);

    auto unreachable = run_gpparity({"data", "--source", db.source.conninfo(), "--target",
                                     "host=127.0.0.1 port=1 dbname=x user=x"});
    EXPECT_EQ(unreachable.exit_code, 2);
    EXPECT_NE(unreachable.err.find("target: cannot connect"), std::string::npos) << unreachable.err;
}

TEST(DataStream, InterruptCancelsServerWorkAndReportsNoMatch) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "stream_interrupt");
    db.source.run("CREATE TABLE done (id int); CREATE TABLE blocked (id int); INSERT INTO blocked "
                  "VALUES (1);");
    db.target.run("CREATE TABLE done (id int); CREATE TABLE blocked (id int); INSERT INTO blocked "
                  "VALUES (1);");
    // The target's `blocked` is locked, so the run waits inside the server until interrupted.
    auto run = gpparity::testing::fault_when_blocked(db.target, "blocked",
                                                     {"data", "--source", db.source.conninfo(),
                                                      "--target", db.target.conninfo(), "--format",
                                                      "json", "--jobs", "1"});
    ASSERT_TRUE(run.reached_lock) << "gpparity never reached the locked table";
    // The server-side statement was cancelled, not left waiting behind the lock.
    EXPECT_EQ(run.sessions_left, "0");
    EXPECT_EQ(run.exit_code, 2);
    json report = json::parse(run.out);
    EXPECT_EQ(report["verdict"], "incomplete");
    auto t = tables_by_name(report);
    EXPECT_EQ(t["public.blocked"]["status"], "error") << report.dump(2);
    EXPECT_NE(t["public.blocked"]["message"].get<std::string>().find("interrupted"),
              std::string::npos)
        << report.dump(2);
    EXPECT_FALSE(report["errors"].empty());
}
