// `gpparity data --show-rows N` end to end on two real PostgreSQL servers (source = server 1,
// target = server 2): planted differences in tables with and without a primary key must come
// back as exactly those rows, with the right change, key, values and copies.
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"

#include "catalog/cluster.hpp"
#include "checksum/bucket_key.hpp"
#include "checksum/engine.hpp"
#include "verify/drilldown_run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

using gpparity::testing::run_data_json;
using gpparity::testing::run_gpparity;
using gpparity::testing::TestDatabase;
using nlohmann::json;
using Pair = gpparity::testing::DatabasePair;

namespace {

// Both tables hold the same 3000 rows before the plants; `o` (oid) is excluded from the
// comparison and must never be shown.
const char* k_schema = R"SQL(
CREATE TABLE keyed (id int PRIMARY KEY, note text, f double precision, o oid);
CREATE TABLE heap (a int, note text, f double precision);
INSERT INTO keyed SELECT g, 'n' || g, g / 10.0, g FROM generate_series(1, 3000) g;
INSERT INTO heap SELECT g, 'n' || g, g / 10.0 FROM generate_series(1, 3000) g;
UPDATE keyed SET note = NULL WHERE id = 12;
UPDATE heap SET note = NULL WHERE a = 12;
UPDATE keyed SET f = 0.1 WHERE id = 13;
UPDATE heap SET f = 0.1 WHERE a = 13;
INSERT INTO heap VALUES (900, 'dup', 1), (900, 'dup', 1), (901, 'dup', 1);
)SQL";

// On the target: a changed value (11), NULL -> '' (12), a one-ulp float change (13), a lost
// row (777), an extra row (5001); in the keyless table also a duplicate swap with equal counts
// (900 twice + 901 once becomes 900 once + 901 twice). A change to the excluded oid column
// (100) is no difference.
const char* k_plants = R"SQL(
UPDATE keyed SET note = 'changed' WHERE id = 11;
UPDATE keyed SET note = '' WHERE id = 12;
UPDATE keyed SET f = 0.10000000000000002 WHERE id = 13;
DELETE FROM keyed WHERE id = 777;
INSERT INTO keyed VALUES (5001, 'new', 5, 5001);
UPDATE heap SET note = 'changed' WHERE a = 11;
UPDATE heap SET note = '' WHERE a = 12;
UPDATE heap SET f = 0.10000000000000002 WHERE a = 13;
DELETE FROM heap WHERE a = 777;
INSERT INTO heap VALUES (5001, 'new', 5);
DELETE FROM heap WHERE ctid IN (SELECT ctid FROM heap WHERE a = 900 AND note = 'dup' LIMIT 1);
INSERT INTO heap VALUES (901, 'dup', 1);
UPDATE keyed SET o = 1 WHERE id = 100;
)SQL";

json table(const json& report, const std::string& name) {
    for (const auto& t : report["data"]["tables"]) {
        if (t["table"] == name) {
            return t;
        }
    }
    ADD_FAILURE() << "no table " << name << " in " << report.dump(2);
    return json::object();
}

// A row as one comparable line: change, key, source, target, copies.
std::string describe(const json& row) {
    return row["change"].get<std::string>() + " key=" + row["key"].dump() +
           " source=" + row["source"].dump() + " target=" + row["target"].dump() +
           " copies=" + std::to_string(row["source_copies"].get<int>()) + "/" +
           std::to_string(row["target_copies"].get<int>()) +
           (row.contains("changed_columns") ? " changed=" + row["changed_columns"].dump() : "");
}

std::set<std::string> describe_all(const json& t) {
    std::set<std::string> out;
    for (const auto& r : t.value("rows", json::array())) {
        out.insert(describe(r));
    }
    return out;
}

const std::set<std::string> k_keyed_expected{
    R"(changed key=["11"] source=["11","n11","1.1"] target=["11","changed","1.1"] copies=1/1 changed=["note"])",
    R"(changed key=["12"] source=["12",null,"1.2"] target=["12","","1.2"] copies=1/1 changed=["note"])",
    R"(changed key=["13"] source=["13","n13","0.1"] target=["13","n13","0.10000000000000002"] copies=1/1 changed=["f"])",
    R"(missing_in_target key=["777"] source=["777","n777","77.7"] target=[] copies=1/0)",
    R"(extra_in_target key=["5001"] source=[] target=["5001","new","5"] copies=0/1)",
};
const std::set<std::string> k_heap_expected{
    R"(missing_in_target key=[] source=["11","n11","1.1"] target=[] copies=1/0)",
    R"(extra_in_target key=[] source=[] target=["11","changed","1.1"] copies=0/1)",
    R"(missing_in_target key=[] source=["12",null,"1.2"] target=[] copies=1/0)",
    R"(extra_in_target key=[] source=[] target=["12","","1.2"] copies=0/1)",
    R"(missing_in_target key=[] source=["13","n13","0.1"] target=[] copies=1/0)",
    R"(extra_in_target key=[] source=[] target=["13","n13","0.10000000000000002"] copies=0/1)",
    R"(missing_in_target key=[] source=["777","n777","77.7"] target=[] copies=1/0)",
    R"(extra_in_target key=[] source=[] target=["5001","new","5"] copies=0/1)",
    R"(missing_in_target key=[] source=["900","dup","1"] target=["900","dup","1"] copies=2/1)",
    R"(extra_in_target key=[] source=["901","dup","1"] target=["901","dup","1"] copies=1/2)",
};

// What one drill-down line of the report's warnings says about a table.
struct DrillLine {
    bool found = false;
    int differing_buckets = 0;
    std::uint64_t rows_read = 0;
    bool server_filtered = false;
    std::uint64_t rows_kept = 0;
    std::uint64_t rows_found = 0;
};

std::uint64_t number(std::string digits) {
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    return std::stoull(digits);
}

DrillLine drill_line(const json& report, const std::string& table) {
    static const std::regex k_line(
        R"(^drill-down of (\S+): (\d+) of 256 buckets differ; ([\d,]+) rows re-read( \(only the differing buckets' rows\))? from \d+ segment stream\(s\), ([\d,]+) kept; ([\d,]+) differing rows found)");
    DrillLine out;
    for (const auto& w : report.value("warnings", json::array())) {
        std::smatch m;
        std::string text = w.get<std::string>();
        if (std::regex_search(text, m, k_line) && m[1] == table) {
            out.found = true;
            out.differing_buckets = std::stoi(m[2]);
            out.rows_read = number(m[3]);
            out.server_filtered = m[4].matched;
            out.rows_kept = number(m[5]);
            out.rows_found = number(m[6]);
        }
    }
    return out;
}

// The planted rows of k_plants, exactly, from a run of `command` with `extra` arguments.
void expect_planted_rows(const Pair& db, const std::string& command,
                         const std::vector<std::string>& extra) {
    std::vector<std::string> all{command, "--format", "json"};
    auto args = db.args();
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), extra.begin(), extra.end());
    auto r = run_gpparity(all);
    SCOPED_TRACE(command);
    ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
    json report = json::parse(r.out);
    json keyed = table(report, "public.keyed");
    EXPECT_EQ(keyed["status"], "content_mismatch") << keyed.dump(2);
    EXPECT_EQ(keyed["columns"], json({"id", "note", "f"})) << keyed.dump(2);
    EXPECT_EQ(describe_all(keyed), k_keyed_expected) << keyed.dump(2);
    json heap = table(report, "public.heap");
    EXPECT_EQ(heap["status"], "content_mismatch") << heap.dump(2);
    EXPECT_EQ(describe_all(heap), k_heap_expected) << heap.dump(2);
    // Rows come in key order: 11, 12, 13, 777, 5001.
    ASSERT_EQ(keyed["rows"].size(), 5u);
    EXPECT_EQ(keyed["rows"][0]["key"], json({"11"}));
    EXPECT_EQ(keyed["rows"][4]["key"], json({"5001"}));
    // Only the differing buckets' rows were re-read and kept (5 planted rows touch at most 5 of
    // 256 buckets), and the servers filtered them: only the kept rows crossed the wire.
    for (const char* name : {"public.keyed", "public.heap"}) {
        DrillLine line = drill_line(report, name);
        ASSERT_TRUE(line.found) << name << report["warnings"].dump(2);
        EXPECT_LE(line.differing_buckets, std::string(name) == "public.keyed" ? 5 : 10) << name;
        EXPECT_LT(line.rows_kept, 1200u) << name; // of 6000 rows on both sides
        EXPECT_TRUE(line.server_filtered) << name << report["warnings"].dump(2);
        EXPECT_EQ(line.rows_read, line.rows_kept) << name;
    }
}

// public.t (id int PRIMARY KEY, note text) of `source` and `target` as the data run hands it to
// drill_down without digests (pushdown). `column_sql` empty: no server-side bucket filter.
gpparity::verify::DrillTable drill_table(gpparity::catalog::Cluster& source,
                                         gpparity::catalog::Cluster& target,
                                         gpparity::checksum::TableResult& result,
                                         const std::vector<std::string>& column_sql) {
    using namespace gpparity;
    result.table = "public.t";
    result.column_names = {"id", "note"};
    verify::DrillTable table;
    table.keyed = true;
    table.result = &result;
    for (auto pair :
         {std::make_pair(&table.source, &source), std::make_pair(&table.target, &target)}) {
        verify::DrillSide& side = *pair.first;
        side.cluster = pair.second;
        side.table = "public.t";
        side.select.sql = "id, note";
        side.columns = {"id", "note"};
        side.select.column_sql = column_sql;
        side.codec.columns = {
            checksum::Codec{checksum::ValueClass::integer, checksum::Wire::int4, {}},
            checksum::Codec{checksum::ValueClass::text, checksum::Wire::text, {}}};
        side.codec.key_columns = {0};
        side.codec.bucket_columns = checksum::choose_bucket_columns(side.codec, side.codec);
    }
    return table;
}

const char* k_t_schema = "CREATE TABLE t (id int PRIMARY KEY, note text);"
                         "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 2000) g;";
const char* k_t_plants = "UPDATE t SET note = NULL WHERE id = 42; DELETE FROM t WHERE id = 1500;";

// public.t on both servers, with k_t_plants on the target, and a session on each.
struct PlantedT {
    Pair db;
    gpparity::catalog::Cluster source;
    gpparity::catalog::Cluster target;
    PlantedT(const std::string& pg1, const std::string& pg2, const std::string& name)
        : db(pg1, pg2, name), source(load(db.source, "source", "")),
          target(load(db.target, "target", k_t_plants)) {}

private:
    static gpparity::catalog::Cluster load(const TestDatabase& d, const std::string& side,
                                           const std::string& plants) {
        d.run(k_t_schema);
        if (!plants.empty()) {
            d.run(plants);
        }
        return gpparity::catalog::Cluster::connect(d.conninfo(), side, {});
    }
};

} // namespace

TEST(DrillDown, ListsExactlyThePlantedRowsWithAndWithoutAKey) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "drill_rows");
    db.source.run(k_schema);
    db.target.run(k_schema);
    db.target.run(k_plants);
    // The planted float is one ulp away, and the session prints both exactly.
    ASSERT_EQ(db.target.run("SELECT float8send(f) FROM keyed WHERE id = 13")[0],
              "\\x3fb999999999999b");
    for (const char* jobs : {"1", "8"}) {
        expect_planted_rows(db, "data", {"--show-rows", "50", "--jobs", jobs});
    }
}

// With the pushdown strategy the mismatching tables are re-read with the stream codec, and
// `gpparity check` drills down like `gpparity data`.
TEST(DrillDown, PushdownAndCheckListTheSameRows) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "drill_pushdown");
    db.source.run(k_schema);
    db.target.run(k_schema);
    db.target.run(k_plants);
    expect_planted_rows(db, "data", {"--strategy", "pushdown", "--show-rows", "50"});
    expect_planted_rows(db, "check", {"--show-rows", "50"});
}

// On a server whose encoding is not UTF-8 the server cannot hash text as gpparity does: a
// bucket with a text column is filtered by gpparity while it streams, with the same rows.
TEST(DrillDown, ANonUtf8ServerFiltersTextBucketsClientSide) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    struct Latin1 {
        std::string server;
        std::string name;
        Latin1(std::string s, std::string n) : server(std::move(s)), name(std::move(n)) {
            gpparity::testing::sql(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            gpparity::testing::sql(server, "CREATE DATABASE " + name +
                                               " TEMPLATE template0 ENCODING 'LATIN1' "
                                               "LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        ~Latin1() {
            gpparity::testing::sql(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        std::string conninfo() const { return server + " dbname=" + name; }
    };
    Latin1 source(pg1, "gpparity_test_drill_latin1");
    Latin1 target(pg2, "gpparity_test_drill_latin1");
    for (const Latin1* side : {&source, &target}) {
        gpparity::testing::sql(side->conninfo(), k_schema);
        // The statement's text is UTF-8; the server stores LATIN1.
        gpparity::testing::sql(side->conninfo() + " client_encoding=UTF8",
                               "UPDATE heap SET note = 'café' WHERE a = 20");
    }
    gpparity::testing::sql(target.conninfo(), k_plants);
    gpparity::testing::sql(target.conninfo() + " client_encoding=UTF8",
                           "UPDATE heap SET note = 'cafè' WHERE a = 20");
    auto r = run_gpparity({"data", "--format", "json", "--show-rows", "50", "--source",
                           source.conninfo(), "--target", target.conninfo()});
    ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
    json report = json::parse(r.out);
    EXPECT_EQ(describe_all(table(report, "public.keyed")), k_keyed_expected);
    std::set<std::string> heap_expected = k_heap_expected;
    heap_expected.insert(
        R"(missing_in_target key=[] source=["20","café","2"] target=[] copies=1/0)");
    heap_expected.insert(R"(extra_in_target key=[] source=[] target=["20","cafè","2"] copies=0/1)");
    EXPECT_EQ(describe_all(table(report, "public.heap")), heap_expected);
    // The keyed table's bucket is its int key, which the server hashes in any encoding.
    EXPECT_TRUE(drill_line(report, "public.keyed").server_filtered) << report["warnings"].dump(2);
    DrillLine heap = drill_line(report, "public.heap");
    ASSERT_TRUE(heap.found) << report["warnings"].dump(2);
    EXPECT_FALSE(heap.server_filtered) << report["warnings"].dump(2);
    EXPECT_EQ(heap.rows_read, 6006u) << "the table is re-read whole (3003 rows a side)";
    EXPECT_LT(heap.rows_kept, 1300u);
}

TEST(DrillDown, LimitsRowsPerTableAndShowsNothingWithoutTheOption) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "drill_limit");
    db.source.run(k_schema);
    db.target.run(k_schema);
    db.target.run(k_plants);
    json plain = run_data_json(db.args(), 1);
    EXPECT_FALSE(table(plain, "public.keyed").contains("rows"));
    auto args = db.args();
    args.insert(args.end(), {"--show-rows", "2"});
    json limited = run_data_json(args, 1);
    json keyed = table(limited, "public.keyed");
    ASSERT_EQ(keyed["rows"].size(), 2u) << keyed.dump(2);
    EXPECT_EQ(keyed["rows"][0]["key"], json({"11"}));
    EXPECT_EQ(keyed["rows"][1]["key"], json({"12"}));
    EXPECT_EQ(table(limited, "public.heap")["rows"].size(), 2u);
    bool said_shown = false;
    for (const auto& w : limited["warnings"]) {
        said_shown = said_shown || w.get<std::string>().find("5 differing rows found, 2 shown") !=
                                       std::string::npos;
    }
    EXPECT_TRUE(said_shown) << limited["warnings"].dump(2);
}

TEST(DrillDown, TextReportShowsRowsTruncatedButJsonKeepsWholeValues) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "drill_text");
    const char* schema = "CREATE TABLE orders (id int PRIMARY KEY, note text);"
                         "INSERT INTO orders SELECT g, 'o' || g FROM generate_series(1, 100) g;";
    db.source.run(schema);
    db.target.run(schema);
    const std::string long_value(500, 'x');
    db.target.run("UPDATE orders SET note = '" + long_value +
                  "' WHERE id = 11;"
                  "DELETE FROM orders WHERE id = 77;");
    auto args = db.args();
    args.insert(args.end(), {"--show-rows", "10"});
    json report = run_data_json(args, 1);
    json orders = table(report, "public.orders");
    ASSERT_EQ(orders["rows"].size(), 2u) << orders.dump(2);
    EXPECT_EQ(orders["rows"][0]["target"][1], long_value); // JSON is never truncated

    std::vector<std::string> text_args{"data"};
    text_args.insert(text_args.end(), args.begin(), args.end());
    auto r = run_gpparity(text_args);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("public.orders"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(11)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(77)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("missing in target"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(long_value), std::string::npos) << r.out; // truncated for display
    EXPECT_NE(r.out.find("…"), std::string::npos) << r.out;
}

// The pushdown strategy has no bucket digests: drill_down first re-reads the given segments
// with the stream codec to compute them, then re-reads only the differing buckets' rows.
TEST(DrillDown, WithoutBucketDigestsComputesThemFirst) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    PlantedT planted(pg1, pg2, "drill_nodigest");
    using namespace gpparity;
    catalog::Cluster& source = planted.source;
    catalog::Cluster& target = planted.target;
    checksum::TableResult result;
    verify::DrillTable table = drill_table(source, target, result, {});
    std::vector<verify::DrillTable> tables{table};
    verify::DrillOptions options;
    options.max_rows = 10;
    options.jobs = 2;
    verify::Report report;
    std::vector<verify::DrillStats> stats = verify::drill_down(tables, options, report);
    ASSERT_EQ(stats.size(), 1u);
    EXPECT_FALSE(stats[0].error) << *stats[0].error;
    EXPECT_EQ(stats[0].digest_rows_read, 3999u);
    EXPECT_EQ(stats[0].rows_differ, 2u);
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[0].change, "changed");
    EXPECT_EQ(result.rows[0].key[0], std::optional<std::string>("42"));
    EXPECT_EQ(result.rows[0].target[1], std::nullopt);
    EXPECT_EQ(result.rows[1].change, "missing_in_target");
    EXPECT_EQ(result.rows[1].key[0], std::optional<std::string>("1500"));
    EXPECT_LT(stats[0].rows_kept, 200u); // 2 of 256 buckets of 4000 rows
    EXPECT_EQ(stats[0].differing_fine_buckets, 0u);

    // The second level: a first re-read computes fine buckets, the next keeps only their rows.
    std::vector<verify::DrillTable> again{table};
    options.keep_without_fine_buckets = 0;
    result.rows.clear();
    stats = verify::drill_down(again, options, report);
    ASSERT_EQ(stats.size(), 1u);
    EXPECT_FALSE(stats[0].error) << *stats[0].error;
    EXPECT_EQ(stats[0].differing_fine_buckets, 2u);
    EXPECT_EQ(stats[0].rows_kept, 3u); // 42 on both sides, 1500 on the source
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[0].change, "changed");
    EXPECT_EQ(result.rows[0].source[1], std::optional<std::string>("v42"));
    EXPECT_EQ(result.rows[1].change, "missing_in_target");
}

// The server computes the buckets (checksum::bucket_sql) and sends only the differing buckets'
// rows; a filter whose rows do not reproduce the checksum's bucket digests (here a wrong SQL twin
// of the key) is dropped, and the table read again with gpparity filtering: the same rows.
TEST(DrillDown, AServerFilterIsCheckedAgainstTheDigests) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    PlantedT planted(pg1, pg2, "drill_filter");
    using namespace gpparity;
    catalog::Cluster& source = planted.source;
    catalog::Cluster& target = planted.target;
    verify::DrillOptions options;
    options.max_rows = 10;
    options.jobs = 2;

    for (bool right_twin : {true, false}) {
        SCOPED_TRACE(right_twin ? "right twin" : "wrong twin");
        checksum::TableResult result;
        std::vector<verify::DrillTable> tables{
            drill_table(source, target, result,
                        right_twin ? std::vector<std::string>{"id", "note"}
                                   : std::vector<std::string>{"id + 1", "note"})};
        verify::Report report;
        std::vector<verify::DrillStats> stats = verify::drill_down(tables, options, report);
        ASSERT_EQ(stats.size(), 1u);
        EXPECT_FALSE(stats[0].error) << *stats[0].error;
        ASSERT_EQ(result.rows.size(), 2u);
        EXPECT_EQ(result.rows[0].key[0], std::optional<std::string>("42"));
        EXPECT_EQ(result.rows[0].change, "changed");
        EXPECT_EQ(result.rows[1].key[0], std::optional<std::string>("1500"));
        EXPECT_EQ(result.rows[1].change, "missing_in_target");
        EXPECT_FALSE(stats[0].changed_since_checksum);
        EXPECT_EQ(stats[0].digest_rows_read, 3999u);
        const std::string warnings = nlohmann::json(report.warnings).dump(2);
        if (right_twin) {
            EXPECT_TRUE(stats[0].server_filtered);
            EXPECT_TRUE(stats[0].unfiltered_because.empty()) << stats[0].unfiltered_because;
            EXPECT_EQ(stats[0].rows_read, stats[0].rows_kept) << "only the kept rows were sent";
            EXPECT_LT(stats[0].rows_read, 200u);
            EXPECT_EQ(warnings.find("without the server-side bucket filter"), std::string::npos)
                << warnings;
        } else {
            EXPECT_FALSE(stats[0].server_filtered);
            EXPECT_NE(stats[0].unfiltered_because.find("do not reproduce the checksum's bucket "
                                                       "digests"),
                      std::string::npos)
                << stats[0].unfiltered_because;
            EXPECT_GE(stats[0].rows_read, 3999u) << "read again whole";
            EXPECT_LT(stats[0].rows_kept, 200u) << "but only the differing buckets kept";
            EXPECT_NE(warnings.find("drill-down of public.t: reading again without the "
                                    "server-side bucket filter (source: the rows it sent do not "
                                    "reproduce the checksum's bucket digests)"),
                      std::string::npos)
                << warnings;
        }
    }
}

// Rows that change between the checksum and the drill-down are reported as such: the re-read
// does not reproduce the digests the differing buckets were chosen from.
TEST(DrillDown, ATableChangedSinceTheChecksumIsSaidToBe) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    PlantedT planted(pg1, pg2, "drill_changed");
    using namespace gpparity;
    catalog::Cluster& source = planted.source;
    catalog::Cluster& target = planted.target;
    checksum::TableResult result;
    verify::DrillTable table = drill_table(source, target, result, {"id", "note"});

    // The digests the stream checksum hands over, made by its digester.
    for (verify::DrillSide* side : {&table.source, &table.target}) {
        checksum::ScanOutcome outcome;
        checksum::StreamDigester digester(side->codec, -1, outcome);
        auto stream = side->cluster->coordinator().copy_out(
            "COPY (SELECT id, note FROM public.t) TO STDOUT (FORMAT binary)");
        while (auto chunk = stream.next()) {
            digester.feed(*chunk);
        }
        digester.finish();
        side->digests = outcome.segments;
    }
    verify::DrillOptions options;
    options.max_rows = 10;
    options.jobs = 2;
    // Then the target changes a row in a differing bucket before the drill-down re-reads it.
    planted.db.target.run("UPDATE t SET note = 'later' WHERE id = 42");
    std::vector<verify::DrillTable> tables{table};
    verify::Report report;
    std::vector<verify::DrillStats> stats = verify::drill_down(tables, options, report);
    ASSERT_EQ(stats.size(), 1u);
    EXPECT_TRUE(stats[0].changed_since_checksum);
    EXPECT_NE(stats[0].unfiltered_because, "") << "the filter was suspected first";
    const std::string warnings = nlohmann::json(report.warnings).dump(2);
    EXPECT_NE(warnings.find("the table changed since it was compared, and the rows shown may be "
                            "incomplete"),
              std::string::npos)
        << warnings;
    ASSERT_EQ(result.rows.size(), 2u);
    EXPECT_EQ(result.rows[0].target[1], std::optional<std::string>("later"));
}
