// Hostile input that must simply work, end to end through the gpparity binary on real servers:
// a text value of nearly 1 GB (PostgreSQL's limit), a table of 1,600 columns (PostgreSQL's
// MaxHeapAttributeNumber), thousands of leaf partitions, and object names with every character
// class. Each identical pair passes (exit 0) and each planted difference is found (exit 1), with
// the stream strategy and with `--strategy pushdown`.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <fstream>
#include <future>
#include <iostream>
#include <set>
#include <sstream>

using gpparity::testing::DatabasePair;
using gpparity::testing::run_gpparity;
using gpparity::testing::run_json_report;
using gpparity::testing::RunResult;
using gpparity::testing::sql;
using gpparity::testing::table_statuses;
using gpparity::testing::TestDatabase;
using gpparity::testing::with;
using nlohmann::json;

namespace {

std::vector<std::string> sides(const TestDatabase& source, const TestDatabase& target) {
    return {"--source", source.conninfo(), "--target", target.conninfo()};
}

// "status kind object" of every catalog finding of a report but expected changes (GP6 -> GP7).
std::set<std::string> findings(const json& report) {
    std::set<std::string> out;
    for (const auto& f : report["catalog"]["findings"]) {
        if (f["status"] == "expected_change") {
            continue;
        }
        out.insert(f["status"].get<std::string>() + " " + f["kind"].get<std::string>() + " " +
                   f["object"].get<std::string>());
    }
    return out;
}

std::string dump(const std::set<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += l + "\n";
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// What AddressSanitizer adds to a gpparity process built like this test (the sanitized build of
// scripts/test): a shadow byte per 8 bytes of heap, and a quarantine of freed blocks (256 MB by
// default) before memory is reused.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_address_sanitizer = true;
#elif defined(__has_feature)
constexpr bool k_address_sanitizer = __has_feature(address_sanitizer);
#else
constexpr bool k_address_sanitizer = false;
#endif

long long with_sanitizer_overhead(long long bytes) {
    return k_address_sanitizer ? bytes + bytes / 8 + 256LL * 1024 * 1024 : bytes;
}

// The largest resident set of any child this test process has waited for (the gpparity runs),
// in bytes.
long long max_child_rss_bytes() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return static_cast<long long>(usage.ru_maxrss) * 1024;
}

// The same value on both sides of a stream or pushdown comparison, and one byte changed.
void expect_data(const std::vector<std::string>& args, int expected_exit, const std::string& table,
                 const std::string& status) {
    for (const char* strategy : {"stream", "pushdown"}) {
        json report =
            run_json_report(with(with({"data"}, args), {"--strategy", strategy}), expected_exit);
        auto statuses = table_statuses(report);
        EXPECT_EQ(statuses[table], status) << strategy << "\n" << report["data"].dump(2);
        for (const auto& [name, s] : statuses) {
            if (name != table) {
                EXPECT_EQ(s, "match") << strategy << " " << name;
            }
        }
    }
}

} // namespace

// ------------------------------------------------------------------------- a ~1 GB text value

// 1,000,000,000 bytes: under MaxAllocSize (1 GB - 1) with room for the COPY row around it.
constexpr long long k_big_value_bytes = 1'000'000'000;

TEST(HostileInput, GigabyteTextValueMatchesAndOneChangedByteIsFound) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    DatabasePair db(pg1, pg2, "hostile_gigabyte");
    const std::string schema =
        "CREATE TABLE big (id integer PRIMARY KEY, v text);"
        "CREATE TABLE small (id integer PRIMARY KEY, v text);"
        "INSERT INTO small SELECT g, 'v' || g FROM generate_series(1, 100) g;";
    const std::string value = "INSERT INTO big SELECT 1, repeat('0123456789', " +
                              std::to_string(k_big_value_bytes / 10) + ");";
    auto source_built = std::async(std::launch::async, [&] { db.source.run(schema + value); });
    db.target.run(schema + value);
    source_built.get();
    ASSERT_EQ(db.target.run("SELECT octet_length(v) FROM big"),
              std::vector<std::string>{std::to_string(k_big_value_bytes)});

    // Each run moves 2 GB: one check (stream), one data run with pushdown.
    auto check = run_gpparity(with({"check"}, db.args()));
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_EQ(check.out.rfind("VERDICT: PASS", 0), 0u) << check.out;
    json pushed = run_json_report(with({"data"}, db.args({"--strategy", "pushdown"})), 0);
    EXPECT_EQ(table_statuses(pushed)["public.big"], "match") << pushed["data"].dump(2);

    // One byte in the middle, same length: only the content can tell.
    db.target.run("UPDATE big SET v = overlay(v PLACING 'X' FROM 500000001 FOR 1)");
    expect_data(db.args(), 1, "public.big", "content_mismatch");

    // Both sides are read at once, and each holds the row at most three times: libpq's receive
    // buffer, the copy PQgetCopyData returns, and the row's canonical encoding that is hashed.
    const long long rss = max_child_rss_bytes();
    RecordProperty("max_rss_bytes", std::to_string(rss));
    std::cout << "largest gpparity resident set: " << rss / (1024LL * 1024) << " MiB\n";
    EXPECT_LT(rss, with_sanitizer_overhead(k_big_value_bytes * 6 + 200'000'000))
        << "max RSS " << rss;
}

// --------------------------------------------------------------------- a 1,600-column table

namespace {

// `wide`: c1 integer and c2..c1600 smallint (a row of ~3.2 kB fits a page), 200 rows.
std::string wide_table_sql(const std::string& distribution) {
    return R"SQL(DO $$BEGIN
EXECUTE 'CREATE TABLE wide (' || (SELECT string_agg(format('c%s %s', g,
    CASE WHEN g = 1 THEN 'integer' ELSE 'smallint' END), ', ' ORDER BY g)
    FROM generate_series(1, 1600) g) || ')' || ')SQL" +
           distribution + R"SQL(';
EXECUTE 'INSERT INTO wide SELECT ' || (SELECT string_agg(CASE WHEN g = 1 THEN 'r'
    ELSE format('((r * %s + %s) %% 32000)::smallint', g, g) END, ', ' ORDER BY g)
    FROM generate_series(1, 1600) g) || ' FROM generate_series(1, 200) r';
END$$)SQL";
}

void expect_wide_table_parity(const TestDatabase& source, const TestDatabase& target,
                              const std::string& distribution) {
    source.run(wide_table_sql(distribution));
    target.run(wide_table_sql(distribution));
    ASSERT_EQ(target.run("SELECT count(*) FROM pg_attribute WHERE attrelid = 'wide'::regclass "
                         "AND attnum > 0"),
              std::vector<std::string>{"1600"});

    json same = run_json_report(with({"check"}, sides(source, target)), 0);
    EXPECT_EQ(same["verdict"], "pass") << dump(findings(same));
    EXPECT_EQ(table_statuses(same)["public.wide"], "match") << same["data"].dump(2);
    expect_data(sides(source, target), 0, "public.wide", "match");

    target.run("UPDATE wide SET c1234 = c1234 + 1 WHERE c1 = 7");
    expect_data(sides(source, target), 1, "public.wide", "content_mismatch");

    target.run(
        "ALTER TABLE wide ALTER COLUMN c800 TYPE integer; ALTER TABLE wide DROP COLUMN c1600");
    json catalog = run_json_report(with({"catalog"}, sides(source, target)), 1);
    auto found = findings(catalog);
    EXPECT_EQ(found.count("changed column public.wide.c800"), 1u) << dump(found);
    EXPECT_EQ(found.count("missing_in_target column public.wide.c1600"), 1u) << dump(found);
}

} // namespace

TEST(HostileInput, SixteenHundredColumnsOnPostgres) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    DatabasePair db(pg1, pg2, "hostile_wide");
    expect_wide_table_parity(db.source, db.target, "");
}

TEST(HostileInput, SixteenHundredColumnsGp6ToGp7) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    TestDatabase source(gp6, "hostile_wide_gp6");
    TestDatabase target(gp7, "hostile_wide_gp7");
    expect_wide_table_parity(source, target, " DISTRIBUTED BY (c1)");
}

// ------------------------------------------------------------------- thousands of leaf partitions

namespace {

// `parts` range-partitioned on k into 100 parents parts_m<m> of k in [1000 m, 1000 m + 1000),
// each into 100 leaves parts_<i> of k in [10 i, 10 i + 10): 10,000 leaves of ten rows each.
// Two levels, because each CREATE ... PARTITION OF rebuilds its parent's partition descriptor:
// 10,000 leaves of one parent took 12 min to create, 100 x 100 take 1 min. Created and filled
// 1,000 leaves per transaction (a transaction holds a lock per leaf it creates or fills).
const char* const k_postgres_parts = R"SQL(DO $$BEGIN
CREATE TABLE parts (k integer, v text) PARTITION BY RANGE (k);
FOR m IN 0..99 LOOP
    EXECUTE format('CREATE TABLE parts_m%s PARTITION OF parts FOR VALUES FROM (%s) TO (%s) '
                   'PARTITION BY RANGE (k)', m, m * 1000, m * 1000 + 1000);
    FOR i IN m * 100..m * 100 + 99 LOOP
        EXECUTE format('CREATE TABLE parts_%s PARTITION OF parts_m%s FOR VALUES FROM (%s) TO (%s)',
                       i, m, i * 10, i * 10 + 10);
    END LOOP;
    IF m % 10 = 9 THEN
        EXECUTE format('INSERT INTO parts SELECT g, ''r'' || g FROM generate_series(%s, %s) g',
                       (m - 9) * 1000, m * 1000 + 999);
        COMMIT;
    END IF;
END LOOP;
END$$)SQL";

// The same shape in the legacy syntax GP6 needs (GP7 takes it too): `leaves` leaves
// parts_1_prt_<n> of k in [10 (n - 1), 10 n), ten rows each.
std::string greenplum_parts(int leaves) {
    return "CREATE TABLE parts (k integer, v text) DISTRIBUTED BY (k) PARTITION BY RANGE (k) "
           "(START (0) END (" +
           std::to_string(leaves * 10) +
           ") EVERY (10)); INSERT INTO parts SELECT g, 'r' || g FROM "
           "generate_series(0, " +
           std::to_string(leaves * 10 - 1) + ") g;";
}

// How many leaves (public.parts_<n>, not the root or a parent parts_m<m>) have `status`.
size_t count_leaves(const std::map<std::string, std::string>& statuses, const std::string& status) {
    size_t out = 0;
    for (const auto& [name, s] : statuses) {
        const bool leaf =
            name.rfind("public.parts_", 0) == 0 && name.rfind("public.parts_m", 0) != 0;
        if (leaf && s == status) {
            ++out;
        }
    }
    return out;
}

// Both sides identical pass; then `dropped` is dropped from the target and k = 1234 changed.
void expect_partition_parity(const TestDatabase& source, const TestDatabase& target, size_t leaves,
                             const std::string& drop_sql, const std::string& dropped,
                             const std::string& changed) {
    json same = run_json_report(with({"check"}, sides(source, target)), 0);
    EXPECT_EQ(same["verdict"], "pass") << dump(findings(same));
    auto statuses = table_statuses(same);
    EXPECT_EQ(count_leaves(statuses, "match"), leaves) << "every leaf compared";
    json pushed =
        run_json_report(with({"data"}, with(sides(source, target), {"--strategy", "pushdown"})), 0);
    EXPECT_EQ(table_statuses(pushed), statuses);

    target.run(drop_sql + "; UPDATE parts SET v = 'changed' WHERE k = 1234");
    for (const char* strategy : {"stream", "pushdown"}) {
        json drift = run_json_report(
            with({"check"}, with(sides(source, target), {"--strategy", strategy})), 1);
        auto found = findings(drift);
        EXPECT_EQ(found.count("missing_in_target table " + dropped), 1u) << dump(found);
        auto drifted = table_statuses(drift);
        EXPECT_EQ(drifted[dropped], "missing_in_target") << strategy;
        EXPECT_EQ(drifted[changed], "content_mismatch") << strategy;
        EXPECT_EQ(count_leaves(drifted, "match"), leaves - 2) << strategy;
    }
}

} // namespace

TEST(HostileInput, TenThousandLeafPartitionsOnPostgres) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    DatabasePair db(pg1, pg2, "hostile_parts");
    // Both servers build at once: the set-up is most of this test's time.
    auto source_built = std::async(std::launch::async, [&] { db.source.run(k_postgres_parts); });
    db.target.run(k_postgres_parts);
    source_built.get();
    expect_partition_parity(db.source, db.target, 10000, "DROP TABLE parts_4321",
                            "public.parts_4321", "public.parts_123");
}

// 1,000 leaves on Greenplum: creating them took 23 s on GP6 and 70 s on GP7 on a busy 2-core
// machine; 10,000 took 3 min on GP6, and would take over 10 min on GP7.
TEST(HostileInput, ThousandLeafPartitionsGp6ToGp7) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    TestDatabase source(gp6, "hostile_parts_gp6");
    TestDatabase target(gp7, "hostile_parts_gp7");
    auto source_built = std::async(std::launch::async, [&] { source.run(greenplum_parts(1000)); });
    target.run(greenplum_parts(1000));
    source_built.get();
    expect_partition_parity(source, target, 1000, "ALTER TABLE parts DROP PARTITION FOR (4321)",
                            "public.parts_1_prt_433", "public.parts_1_prt_124");
}

// ------------------------------------------------------------ names with every character class

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// Always-quoted identifier and standard string literal, for building the DDL.
std::string ident(const std::string& name) {
    return '"' + replace_all(name, "\"", "\"\"") + '"';
}
std::string literal(const std::string& text) {
    return '\'' + replace_all(text, "'", "''") + '\'';
}

// Quotes, backslash, space, dot, comma, semicolon, =, %, $, newline, tab, mixed case, non-ASCII.
const std::string k_schema = "Sch \"dq\" 'sq' \\ .,;=%$\n\tΩ";
const std::string k_table = "select";
const std::string k_key = "Key \"dq\" 'sq' \\.,;=%$";
const std::string k_index = "Idx \"dq\"\n'sq';";
const std::string k_view = "View, = %$ \"v\"";
const std::string k_function = "Fn \"f\"\t'q'";
const std::string k_type = "Enum \"t\" 'q'";
const std::string k_part = "Part \"by\" key";
// Exactly NAMEDATALEN - 1 = 63 bytes, ending in a two-byte character.
const std::string k_long_table = std::string(60, 'L') + "Ωx";
const std::string k_long_column = std::string(61, 'c') + "é";
// Tables whose names look like other things gpparity parses.
const std::vector<std::string> k_other_tables = {"host=x port=1 dbname=y", "/tmp/gpparity.snapshot",
                                                 "Таблица 表 🐘", k_long_table};

std::string qualified(const std::string& name) {
    return ident(k_schema) + "." + ident(name);
}

// The hostile schema. On Greenplum every table is distributed by a hostile column, and the
// partitioned table uses the legacy syntax (GP6 needs it, GP7 takes it) with hostile leaf names.
std::string hostile_names_sql(bool greenplum) {
    const std::string s = ident(k_schema);
    const std::string type = qualified(k_type);
    auto distributed = [&](const std::string& column) {
        return greenplum ? " DISTRIBUTED BY (" + ident(column) + ")" : std::string();
    };
    std::string out = "CREATE SCHEMA " + s + ";\n";
    out += "CREATE TYPE " + type + " AS ENUM ('a\"b', 'c''d', 'e\\f', 'Ж');\n";
    out += "CREATE TABLE " + qualified(k_table) + " (" + ident(k_key) + " integer PRIMARY KEY, " +
           "\"user\" text, \"select\" text, \"MiXeD Case\" text, \"new\nline\" text, " +
           "\"tab\tcol\" text, \"Столбец 列 🙂\" text, \"host=x\" text, \"/etc/passwd\" "
           "text, " +
           ident(k_long_column) + " text, \"Mood 'q'\" " + type + ")" + distributed(k_key) + ";\n";
    out +=
        "INSERT INTO " + qualified(k_table) +
        " SELECT g, 'u' || g, 's' || g, 'm' || g, E'n\\n' || g, E't\\t' || g, 'ж' || g, "
        "'h=' || g, '/' || g, repeat('c', g), (ARRAY['a\"b', 'c''d', 'e\\f', 'Ж'])[1 + g % 4]::" +
        type + " FROM generate_series(1, 100) g;\n";
    out += "CREATE INDEX " + ident(k_index) + " ON " + qualified(k_table) +
           " (\"user\", \"Столбец 列 🙂\");\n";
    out += "CREATE VIEW " + qualified(k_view) + " AS SELECT " + ident(k_key) +
           " AS \"out 'q'\", \"user\" FROM " + qualified(k_table) + ";\n";
    out += "CREATE FUNCTION " + qualified(k_function) + "(\"Arg \"\"a\"\"\" " + type +
           ") RETURNS integer LANGUAGE sql AS $$SELECT 1$$;\n";
    for (const auto& name : k_other_tables) {
        out += "CREATE TABLE " + qualified(name) + " (\"user\" integer, \"x;y\" text)" +
               distributed("x;y") + ";\nINSERT INTO " + qualified(name) +
               " SELECT g, 'v' || g FROM generate_series(1, 20) g;\n";
    }
    const std::string part = qualified(k_part) + " (\"Day \"\"q\"\"\" integer, \"v;al\" text)";
    if (greenplum) {
        out += "CREATE TABLE " + part + distributed("v;al") +
               " PARTITION BY RANGE (\"Day \"\"q\"\"\") (PARTITION \"one 'q'\" START (0) END (50), "
               "PARTITION \"two;\"\"x\"\"\" START (50) END (100));\n";
    } else {
        out += "CREATE TABLE " + part + " PARTITION BY RANGE (\"Day \"\"q\"\"\");\n" +
               "CREATE TABLE " + qualified("one 'q'") + " PARTITION OF " + qualified(k_part) +
               " FOR VALUES FROM (0) TO (50);\nCREATE TABLE " + qualified("two;\"x\"") +
               " PARTITION OF " + qualified(k_part) + " FOR VALUES FROM (50) TO (100);\n";
    }
    out +=
        "INSERT INTO " + qualified(k_part) + " SELECT g, 'v' || g FROM generate_series(0, 99) g;\n";
    return out;
}

// How gpparity names an object: quoted only where the server's quote_ident quotes.
std::string shown(const std::string& conninfo, const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        auto quoted = sql(conninfo, "SELECT quote_ident(" + literal(part) + ")");
        out += (out.empty() ? "" : ".") + (quoted.empty() ? part : quoted[0]);
    }
    return out;
}

// Every command on an identical pair exits 0; a changed row and a dropped index are found by
// every comparing command, with the names quoted as the server would; recreate's script, run
// on an empty database, builds the schema so that nothing is missing from it.
void expect_hostile_names_work(const TestDatabase& source, const TestDatabase& target,
                               const TestDatabase& empty) {
    const std::string table = shown(source.conninfo(), {k_schema, k_table});
    const std::string index = shown(source.conninfo(), {k_schema, k_table, k_index});
    const auto args = sides(source, target);

    json same = run_json_report(with({"check"}, args), 0);
    EXPECT_EQ(same["verdict"], "pass") << dump(findings(same));
    auto statuses = table_statuses(same);
    EXPECT_EQ(statuses[table], "match") << same["data"].dump(2);
    for (const auto& name : k_other_tables) {
        EXPECT_EQ(statuses[shown(source.conninfo(), {k_schema, name})], "match") << name;
    }
    EXPECT_GE(statuses.size(), k_other_tables.size() + 3) << same["data"].dump(2);
    expect_data(args, 0, table, "match");
    auto catalog = run_gpparity(with({"catalog"}, args));
    EXPECT_EQ(catalog.exit_code, 0) << catalog.out << catalog.err;
    const std::string snapshot = gpparity::testing::temp_path("hostile.snapshot");
    auto snap =
        run_gpparity({"snapshot", "--source", source.conninfo(), "--data", "--output", snapshot});
    ASSERT_EQ(snap.exit_code, 0) << snap.out << snap.err;
    json from_file =
        run_json_report({"check", "--source", snapshot, "--target", target.conninfo()}, 0);
    EXPECT_EQ(table_statuses(from_file)[table], "match") << from_file["data"].dump(2);

    // recreate into an empty database: its script runs there as printed.
    const std::string script_path = gpparity::testing::temp_path("hostile-recreate.sql");
    auto recreate = run_gpparity({"recreate", "--source", source.conninfo(), "--target",
                                  empty.conninfo(), "--output", script_path});
    ASSERT_EQ(recreate.exit_code, 0) << recreate.out << recreate.err;
    const std::string script = read_file(script_path);
    EXPECT_NE(script.find("CREATE INDEX " + ident(k_index)), std::string::npos) << script;
    empty.run(script);
    json rebuilt = run_json_report(
        {"catalog", "--source", source.conninfo(), "--target", empty.conninfo()}, 0);
    EXPECT_EQ(findings(rebuilt), std::set<std::string>{}) << script;

    // A changed row and a dropped index.
    target.run("UPDATE " + qualified(k_table) + " SET \"user\" = 'changed' WHERE " + ident(k_key) +
               " = 7; DROP INDEX " + qualified(k_index));
    for (const auto& check_args :
         {args, with({"--source", snapshot}, {"--target", target.conninfo()})}) {
        json drift = run_json_report(with({"check"}, check_args), 1);
        auto found = findings(drift);
        EXPECT_EQ(found.count("missing_in_target index " + index), 1u) << dump(found);
        EXPECT_EQ(table_statuses(drift)[table], "content_mismatch") << drift["data"].dump(2);
    }
    expect_data(args, 1, table, "content_mismatch");
    auto again = run_gpparity({"recreate", "--source", source.conninfo(), "--target",
                               target.conninfo(), "--output", script_path});
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    target.run(read_file(script_path));
    auto restored = run_gpparity(with({"catalog"}, args));
    EXPECT_EQ(restored.exit_code, 0) << restored.out << restored.err << read_file(script_path);
}

} // namespace

TEST(HostileInput, NamesWithEveryCharacterClassOnPostgres) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    DatabasePair db(pg1, pg2, "hostile_names");
    TestDatabase empty(pg2, "hostile_names_empty");
    db.source.run(hostile_names_sql(false));
    db.target.run(hostile_names_sql(false));
    expect_hostile_names_work(db.source, db.target, empty);
}

TEST(HostileInput, NamesWithEveryCharacterClassGp6ToGp7) {
    GPPARITY_GREENPLUM(gp6, "GPPARITY_TEST_GP6");
    GPPARITY_GREENPLUM(gp7, "GPPARITY_TEST_GP7");
    TestDatabase source(gp6, "hostile_names_gp6");
    TestDatabase target(gp7, "hostile_names_gp7");
    TestDatabase empty(gp7, "hostile_names_gp7_empty");
    source.run(hostile_names_sql(true));
    target.run(hostile_names_sql(true));
    expect_hostile_names_work(source, target, empty);
}
