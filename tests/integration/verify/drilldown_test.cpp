// `gpparity data --show-rows N` end to end on two real PostgreSQL servers (source = server 1,
// target = server 2): planted differences in tables with and without a primary key must come
// back as exactly those rows, with the right change, key, values and copies.
#include "tests/integration/support/servers.hpp"

#include "catalog/cluster.hpp"
#include "verify/drilldown_run.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

using gpparity::testing::run_gpparity;
using gpparity::testing::TestDatabase;
using nlohmann::json;

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

struct Pair {
    TestDatabase source;
    TestDatabase target;
    Pair(const std::string& pg1, const std::string& pg2, const std::string& name)
        : source(pg1, name), target(pg2, name) {}
    std::vector<std::string> args() const {
        return {"--source", source.conninfo(), "--target", target.conninfo()};
    }
};

json run_json(const std::vector<std::string>& args, int expected_exit) {
    std::vector<std::string> all{"data", "--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    auto r = run_gpparity(all);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err << r.out;
    if (r.out.empty()) {
        ADD_FAILURE() << "no report: " << r.err;
        return json::object();
    }
    return json::parse(r.out);
}

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
           std::to_string(row["target_copies"].get<int>());
}

std::set<std::string> describe_all(const json& t) {
    std::set<std::string> out;
    for (const auto& r : t.value("rows", json::array())) {
        out.insert(describe(r));
    }
    return out;
}

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

    const std::set<std::string> keyed_expected{
        R"(changed key=["11"] source=["11","n11","1.1"] target=["11","changed","1.1"] copies=1/1)",
        R"(changed key=["12"] source=["12",null,"1.2"] target=["12","","1.2"] copies=1/1)",
        R"(changed key=["13"] source=["13","n13","0.1"] target=["13","n13","0.10000000000000002"] copies=1/1)",
        R"(missing_in_target key=["777"] source=["777","n777","77.7"] target=[] copies=1/0)",
        R"(extra_in_target key=["5001"] source=[] target=["5001","new","5"] copies=0/1)",
    };
    const std::set<std::string> heap_expected{
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
    for (const char* jobs : {"1", "8"}) {
        auto args = db.args();
        args.insert(args.end(), {"--show-rows", "50", "--jobs", jobs});
        json report = run_json(args, 1);
        json keyed = table(report, "public.keyed");
        EXPECT_EQ(keyed["status"], "content_mismatch") << keyed.dump(2);
        EXPECT_EQ(keyed["columns"], json({"id", "note", "f"})) << keyed.dump(2);
        EXPECT_EQ(describe_all(keyed), keyed_expected) << keyed.dump(2);
        json heap = table(report, "public.heap");
        EXPECT_EQ(heap["status"], "content_mismatch") << heap.dump(2);
        EXPECT_EQ(describe_all(heap), heap_expected) << heap.dump(2);
        // Rows come in key order: 11, 12, 13, 777, 5001.
        ASSERT_EQ(keyed["rows"].size(), 5u);
        EXPECT_EQ(keyed["rows"][0]["key"], json({"11"}));
        EXPECT_EQ(keyed["rows"][4]["key"], json({"5001"}));
        // Only the differing buckets' rows were kept (10 planted rows touch at most 10 of 256).
        bool saw_stats = false;
        for (const auto& w : report["warnings"]) {
            std::smatch m;
            std::string text = w.get<std::string>();
            static const std::regex k_line(
                R"(drill-down of public\.keyed: (\d+) of 256 buckets differ; ([\d,]+) rows re-read from 2 segment stream\(s\), ([\d,]+) kept; 5 differing rows found)");
            if (std::regex_search(text, m, k_line)) {
                saw_stats = true;
                EXPECT_LE(std::stoi(m[1]), 5);
                std::string kept = m[3];
                kept.erase(std::remove(kept.begin(), kept.end(), ','), kept.end());
                EXPECT_LT(std::stoi(kept), 600) << text; // of 6000 rows on both sides
            }
        }
        EXPECT_TRUE(saw_stats) << report["warnings"].dump(2);
    }
}

TEST(DrillDown, LimitsRowsPerTableAndShowsNothingWithoutTheOption) {
    GPPARITY_SERVER(pg1, 1);
    GPPARITY_SERVER(pg2, 2);
    Pair db(pg1, pg2, "drill_limit");
    db.source.run(k_schema);
    db.target.run(k_schema);
    db.target.run(k_plants);
    json plain = run_json(db.args(), 1);
    EXPECT_FALSE(table(plain, "public.keyed").contains("rows"));
    auto args = db.args();
    args.insert(args.end(), {"--show-rows", "2"});
    json limited = run_json(args, 1);
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
    json report = run_json(args, 1);
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
    Pair db(pg1, pg2, "drill_nodigest");
    const char* schema = "CREATE TABLE t (id int PRIMARY KEY, note text);"
                         "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 2000) g;";
    db.source.run(schema);
    db.target.run(schema);
    db.target.run("UPDATE t SET note = NULL WHERE id = 42; DELETE FROM t WHERE id = 1500;");

    using namespace gpparity;
    catalog::Cluster source = catalog::Cluster::connect(db.source.conninfo(), "source", {});
    catalog::Cluster target = catalog::Cluster::connect(db.target.conninfo(), "target", {});
    checksum::TableResult result;
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
        side.select_list = "id, note";
        side.columns = {"id", "note"};
        side.codec.columns = {
            checksum::Codec{checksum::ValueClass::integer, checksum::Wire::int4, {}},
            checksum::Codec{checksum::ValueClass::text, checksum::Wire::text, {}}};
        side.codec.key_columns = {0};
    }
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
