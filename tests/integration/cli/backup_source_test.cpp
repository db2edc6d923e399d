// A gpbackup backup set as the source (issue 16), on the real clusters: backup sets built on
// Greenplum 6 exactly as gpbackup builds them (support/backup_fixture.hpp) in every form
// (gzip, zstd, none; per-table files, one directory, single data file; an incremental chain),
// restored into Greenplum 7 the way gprestore restores them, with drift planted. The backup
// must give the verdicts the live GP6 gives, and every damaged backup its one-line error.

#include "tests/integration/catalog/backup_toc_fixture.hpp"
#include "tests/integration/support/backup_fixture.hpp"
#include "tests/integration/support/reports.hpp"
#include "tests/integration/support/servers.hpp"
#include "tests/integration/support/value_classes.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <unistd.h>

using gpparity::testing::BackupOptions;
using gpparity::testing::BackupStatement;
using gpparity::testing::BuiltBackup;
using gpparity::testing::RunResult;
using gpparity::testing::TestDatabase;
using nlohmann::json;

namespace {

const char* const k_roles = R"SQL(
DO $$BEGIN CREATE ROLE gpparity_test_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE gpparity_test_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
)SQL";

// Every value class (support/value_classes.hpp) as gpbackup prints its objects, after the
// catalog fixture's schema `bk`.
std::vector<BackupStatement> value_class_statements() {
    return {
        // gpbackup prints no CREATE SCHEMA for public: its entry holds an empty line, then come
        // its comment and privileges (backup/predata_shared.go PrintCreateSchemaStatements).
        {"predata", "SCHEMA", "public", "public", "", ""},
        {"predata", "SCHEMA", "public", "public",
         "COMMENT ON SCHEMA public IS 'standard public schema';", ""},
        {"predata", "SCHEMA", "public", "public",
         "REVOKE ALL ON SCHEMA public FROM PUBLIC;\nREVOKE ALL ON SCHEMA public FROM gpadmin;\n"
         "GRANT ALL ON SCHEMA public TO gpadmin;\nGRANT ALL ON SCHEMA public TO PUBLIC;",
         ""},
        {"predata", "TYPE", "public", "mood",
         "CREATE TYPE public.mood AS ENUM (\n\t'sad',\n\t'ok',\n\t'happy'\n);", ""},
        {"predata", "DOMAIN", "public", "measure",
         "CREATE DOMAIN public.measure AS double precision;", ""},
        {"predata", "TYPE", "public", "pair",
         "CREATE TYPE public.pair AS (\n\tx double precision,\n\tlabel text,\n\tm public.mood\n);",
         ""},
        {"predata", "TABLE", "public", "all_types",
         "CREATE TABLE public.all_types (\n\tid integer NOT NULL,\n\ti2 smallint,\n\ti8 bigint,\n\t"
         "num numeric(14,3),\n\tnum_free numeric,\n\tf4 real,\n\tf8 double precision,\n\tt "
         "text,\n\t"
         "vc character varying(20),\n\tbp character(5),\n\tb bytea,\n\tbo boolean,\n\td date,\n\t"
         "tm time without time zone,\n\ttmtz time with time zone,\n\t"
         "ts timestamp without time zone,\n\ttstz timestamp with time zone,\n\tiv interval,\n\t"
         "u uuid,\n\tjs json,\n\tjb jsonb,\n\tia integer[],\n\tfa double precision[],\n\t"
         "ta text[],\n\te public.mood,\n\tea public.mood[],\n\tdom public.measure,\n\t"
         "comp public.pair,\n\tcomps public.pair[],\n\tip inet,\n\tnet cidr,\n\tbits bit(8),\n\t"
         "vb bit varying,\n\tmny money,\n\tmac macaddr,\n\tr int4range,\n\ttr tstzrange,\n\t"
         "o oid,\n\trc regclass\n) DISTRIBUTED BY (id);",
         ""},
        {"predata", "TABLE", "public", "\"Weird \"\"Name\"\" tbl\"",
         "CREATE TABLE public.\"Weird \"\"Name\"\" tbl\" (\n\t\"select\" integer,\n\t"
         "\"Mixed Case\" text,\n\t\"ünï\" text\n) DISTRIBUTED BY (\"select\");",
         ""},
        {"predata", "CONSTRAINT", "public", "all_types_pkey",
         "ALTER TABLE ONLY public.all_types ADD CONSTRAINT all_types_pkey PRIMARY KEY (id);",
         "public.all_types"},
    };
}

// The catalog fixture's entries (catalog/backup_catalog's own test set) and the value classes.
std::vector<BackupStatement> fixture_statements() {
    std::vector<BackupStatement> out;
    for (const auto& e : gpparity::testing::backup_toc_fixture()) {
        if (e.object_type == "SESSION GUCS") {
            continue; // the fixture writes its own, first, as gpbackup does
        }
        std::string statement = e.statement;
        statement.erase(0, statement.find_first_not_of('\n'));
        const char* section = e.section == gpparity::catalog::TocSection::global    ? "global"
                              : e.section == gpparity::catalog::TocSection::predata ? "predata"
                                                                                    : "postdata";
        out.push_back({section, e.object_type, e.schema, e.name, statement, e.reference_object});
    }
    auto values = value_class_statements();
    // Types and tables first: the constraint of all_types is a predata entry after its table.
    out.insert(out.begin(), values.begin(), values.end());
    return out;
}

const char* const k_rows = R"SQL(
INSERT INTO bk.customers SELECT g, 'c' || g, (ARRAY['sad','ok','ha ppy'])[g % 3 + 1]::bk.mood,
    date '2024-01-01' + g FROM generate_series(1, 200) g;
INSERT INTO bk.orders (customer_id, amount, qty) SELECT g % 200 + 1, g * 1.5, g % 9 + 1
    FROM generate_series(1, 500) g;
INSERT INTO bk.facts SELECT g, repeat('f', g % 40) FROM generate_series(1, 300) g;
INSERT INTO bk.dims SELECT g, 'd' || g FROM generate_series(1, 20) g;
INSERT INTO bk.sales SELECT g, date '2024-01-01' + (g % 59), g / 4.0 FROM generate_series(1, 400) g;
INSERT INTO bk.regions SELECT g, (ARRAY['eu','uk','us'])[g % 3 + 1] FROM generate_series(1, 90) g;
)SQL";

// Tables with data, as gpbackup lists them (quote_ident'ed): leaves live in their roots.
const std::vector<std::string> k_tables = {
    "bk.customers", "bk.orders",  "bk.facts",         "bk.dims",
    "bk.sales",     "bk.regions", "public.all_types", "public.\"Weird \"\"Name\"\" tbl\""};

std::string temp_dir(const std::string& stem) {
    return gpparity::testing::temp_path(stem);
}

// table -> status of a data section, without leaves compared at their roots.
std::map<std::string, std::string> table_statuses(const json& report) {
    std::map<std::string, std::string> out;
    for (const auto& t : report.at("data").at("tables")) {
        const std::string message =
            t.at("message").is_string() ? t.at("message").get<std::string>() : std::string();
        if (message.find("compared at the root") != std::string::npos) {
            continue;
        }
        out[t.at("table").get<std::string>()] = t.at("status").get<std::string>();
    }
    return out;
}

// "status kind object" of the catalog findings that fail the verdict.
std::set<std::string> catalog_findings(const json& report) {
    std::set<std::string> out;
    for (const auto& f : report.at("catalog").at("findings")) {
        const std::string status = f.at("status").get<std::string>();
        if (status != "expected_change" && status != "waived") {
            out.insert(status + " " + f.at("kind").get<std::string>() + " " +
                       f.at("object").get<std::string>());
        }
    }
    return out;
}

json parse_report(const RunResult& r) {
    EXPECT_FALSE(r.out.empty()) << r.err;
    return json::parse(r.out.empty() ? "{}" : r.out);
}

// The scenario shared by the tests of this file: a source database on GP6 with the fixture
// objects and rows, and its backup sets, built once.
class BackupSource : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto gp6 = gpparity::testing::greenplum("GPPARITY_TEST_GP6");
        const auto gp7 = gpparity::testing::greenplum("GPPARITY_TEST_GP7");
        if (!gp6 || !gp7) {
            return;
        }
        gpparity::testing::sql(*gp6, k_roles);
        gpparity::testing::sql(*gp7, k_roles);
        s_source = std::make_unique<TestDatabase>(*gp6, "backup_src_" + std::to_string(::getpid()));
        s_statements = fixture_statements();
        for (const auto& s : s_statements) {
            s_source->run(s.statement);
        }
        s_source->run(k_rows);
        // The sequence's value as the fixture's setval prints it (gpbackup prints the current one).
        s_source->run("SELECT pg_catalog.setval('bk.order_seq', 42, true)");
        s_source->run(gpparity::testing::rows_sql(""));
        BackupOptions o;
        o.timestamp = "20261204101500";
        o.tables = k_tables;
        s_gzip = gpparity::testing::build_backup(*gp6, s_source->name(), temp_dir("bk-gzip"),
                                                 s_statements, o);
    }
    static void TearDownTestSuite() { s_source.reset(); }

    void SetUp() override {
        if (!s_source) {
            GTEST_SKIP() << "GPPARITY_TEST_GP6 / GPPARITY_TEST_GP7 are not set: Greenplum test "
                            "skipped";
        }
    }

    static std::unique_ptr<TestDatabase> s_source;
    static std::vector<BackupStatement> s_statements;
    static BuiltBackup s_gzip;
};

std::unique_ptr<TestDatabase> BackupSource::s_source;
std::vector<BackupStatement> BackupSource::s_statements;
BuiltBackup BackupSource::s_gzip;

TEST_F(BackupSource, GivesTheVerdictsOfTheLiveSourceForPlantedDrift) {
    const std::string gp7 = *gpparity::testing::greenplum("GPPARITY_TEST_GP7");
    TestDatabase target(gp7, "backup_dst");
    gpparity::testing::RestoreSkips skips;
    skips.statements = {"FUNCTION bk.add_tax(numeric)", "INDEX bk.customers_name_idx",
                        "TABLE bk.dims"};
    skips.data = {"bk.facts"}; // a table whose data load failed: it exists, empty
    const auto failed =
        gpparity::testing::restore_backup(gp7, target.name(), s_gzip, s_statements, skips);
    // What was skipped fails to load or to take its metadata, as with gprestore
    // --on-error-continue; nothing else.
    for (const auto& f : failed) {
        EXPECT_TRUE(f.find("bk.dims") != std::string::npos ||
                    f.find("customers_name_idx") != std::string::npos ||
                    f.find("add_tax") != std::string::npos)
            << f;
    }
    // Drift after the restore: a lost row, a changed value, a row on the wrong segment.
    target.run("DELETE FROM bk.customers WHERE id = 7;"
               "UPDATE public.all_types SET t = 'changed' WHERE id = 5;");
    const std::string moved =
        gpparity::testing::on_primary(gp7, target.name(), 0, "SELECT min(id) FROM bk.orders").at(0);
    gpparity::testing::on_primary(gp7, target.name(), 1,
                                  "INSERT INTO bk.orders SELECT " + moved + ", 1, 1.50, 1");
    gpparity::testing::on_primary(gp7, target.name(), 0,
                                  "DELETE FROM bk.orders WHERE id = " + moved);

    const RunResult live = gpparity::testing::run_gpparity(
        {"check", "--source", s_source->conninfo(), "--target", target.conninfo(), "--format",
         "json", "--no-library-check"});
    const RunResult backup = gpparity::testing::run_gpparity(
        {"check", "--source", s_gzip.directory, "--target", target.conninfo(), "--format", "json",
         "--no-library-check"});
    ASSERT_EQ(live.exit_code, 1) << live.err;
    ASSERT_EQ(backup.exit_code, 1) << backup.err << backup.out.substr(0, 4000);
    const json l = parse_report(live);
    const json b = parse_report(backup);
    // The same tables differ in the same way; the leaves the backup holds inside their roots
    // are compared at the root (each matched against the live source).
    const auto statuses = table_statuses(b);
    for (const auto& [table, status] : table_statuses(l)) {
        const auto it = statuses.find(table);
        if (it == statuses.end()) {
            EXPECT_NE(table.find("_1_prt_"), std::string::npos) << table;
            EXPECT_EQ(status, "match") << table;
        } else {
            EXPECT_EQ(it->second, status) << table;
        }
    }
    EXPECT_EQ(statuses.at("bk.customers"), "count_mismatch");
    EXPECT_EQ(statuses.at("public.all_types"), "content_mismatch");
    EXPECT_EQ(statuses.at("bk.facts"), "count_mismatch");
    EXPECT_EQ(statuses.at("bk.dims"), "missing_in_target");
    EXPECT_EQ(statuses.at("bk.sales"), "match");
    EXPECT_EQ(statuses.at("public.\"Weird \"\"Name\"\" tbl\""), "match");
    EXPECT_NE(statuses.at("bk.orders"), "match");
    // The same catalog findings: the table, index and function never restored, and no other.
    const auto findings = catalog_findings(b);
    EXPECT_EQ(findings, catalog_findings(l));
    EXPECT_EQ(findings.count("missing_in_target table bk.dims"), 1U);
    EXPECT_EQ(findings.count("missing_in_target index bk.customers.customers_name_idx"), 1U);
    EXPECT_EQ(findings.count("missing_in_target function bk.add_tax(numeric)"), 1U);
    // The report names the backup.
    const json& source = b.at("source").at("backup");
    EXPECT_EQ(source.at("timestamp"), "20261204101500");
    EXPECT_EQ(source.at("gpbackup_version"), "1.30.3");
    EXPECT_EQ(source.at("segment_count"), 2);
    EXPECT_EQ(source.at("compression"), "gzip");
    EXPECT_EQ(source.at("status"), "Success");

    // info names the backup, its versions, segments, compression and status.
    const RunResult info =
        gpparity::testing::run_gpparity({"info", "--source", s_gzip.directory, "--format", "json"});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    const json i = parse_report(info);
    EXPECT_EQ(i.at("backup").at("timestamp"), "20261204101500");
    EXPECT_EQ(i.at("backup").at("status"), "Success");
    EXPECT_EQ(i.at("gp_version"), "6.24.3") << i.dump();
    EXPECT_EQ(i.at("backup").at("tables"), k_tables.size());

    // recreate prints the backup's own statements for what is missing, OWNER/COMMENT/GRANT too.
    const RunResult recreate = gpparity::testing::run_gpparity(
        {"recreate", "--source", s_gzip.directory, "--target", target.conninfo()});
    EXPECT_EQ(recreate.exit_code, 0) << recreate.err;
    EXPECT_NE(recreate.out.find("CREATE FUNCTION bk.add_tax(numeric)"), std::string::npos);
    const auto times = [&](const std::string& statement) {
        std::size_t n = 0;
        for (auto at = recreate.out.find(statement); at != std::string::npos;
             at = recreate.out.find(statement, at + 1)) {
            ++n;
        }
        return n;
    };
    EXPECT_EQ(times("COMMENT ON FUNCTION bk.add_tax(numeric) IS 'adds tax';"), 1U) << recreate.out;
    EXPECT_EQ(times("GRANT EXECUTE ON FUNCTION bk.add_tax(numeric) TO gpparity_test_reader;"), 1U)
        << recreate.out;
    EXPECT_EQ(times("REVOKE ALL ON FUNCTION bk.add_tax(numeric) FROM PUBLIC;"), 1U) << recreate.out;
    EXPECT_NE(recreate.out.find("CREATE INDEX customers_name_idx ON bk.customers"),
              std::string::npos);
    EXPECT_NE(recreate.out.find("CREATE TABLE bk.dims"), std::string::npos);
}

TEST_F(BackupSource, EveryFormOfTheBackupGivesTheSameDigests) {
    const std::string gp6 = *gpparity::testing::greenplum("GPPARITY_TEST_GP6");
    const std::string gp7 = *gpparity::testing::greenplum("GPPARITY_TEST_GP7");
    TestDatabase target(gp7, "backup_forms");
    const auto failed = gpparity::testing::restore_backup(gp7, target.name(), s_gzip, s_statements);
    EXPECT_TRUE(failed.empty()) << failed.front();
    std::vector<std::pair<std::string, BackupOptions>> forms;
    {
        BackupOptions o;
        o.timestamp = "20261204111500";
        o.tables = k_tables;
        o.compression = "zstd";
        o.time_zone = "America/Sao_Paulo";
        o.bytea_output = "hex";
        forms.emplace_back("zstd", o);
        o.timestamp = "20261204121500";
        o.compression = "none";
        o.single_backup_dir = true;
        forms.emplace_back("none, one directory", o);
        o.timestamp = "20261204131500";
        o.compression = "gzip";
        o.single_backup_dir = false;
        o.single_data_file = true;
        forms.emplace_back("single data file", o);
        o.timestamp = "20261204141500";
        o.compression = "zstd";
        forms.emplace_back("single data file, zstd", o);
        // --leaf-partition-data: each leaf its own entry, its root named in partitionroot.
        o.timestamp = "20261204151500";
        o.compression = "gzip";
        o.single_data_file = false;
        o.leaf_partition_data = true;
        o.tables.clear();
        for (const auto& t : k_tables) {
            if (t == "bk.sales") {
                o.tables.insert(o.tables.end(), {"bk.sales_1_prt_1", "bk.sales_1_prt_2"});
            } else if (t == "bk.regions") {
                o.tables.insert(o.tables.end(), {"bk.regions_1_prt_eu", "bk.regions_1_prt_other"});
            } else {
                o.tables.push_back(t);
            }
        }
        forms.emplace_back("leaf partition data", o);
    }
    for (const auto& [what, options] : forms) {
        SCOPED_TRACE(what);
        const BuiltBackup set = gpparity::testing::build_backup(
            gp6, s_source->name(), temp_dir("bk-form"), s_statements, options);
        const RunResult r = gpparity::testing::run_gpparity(
            {"data", "--source", set.directory, "--target", target.conninfo(), "--format", "json"});
        EXPECT_EQ(r.exit_code, 0) << r.err << r.out.substr(0, 3000);
    }
    // An incremental chain: the second backup copies the heap tables again and leaves the AO
    // ones in the first; a changed AO table is copied again too.
    const std::string dir = temp_dir("bk-chain");
    BackupOptions full;
    full.timestamp = "20261205101500";
    full.tables = k_tables;
    const BuiltBackup first =
        gpparity::testing::build_backup(gp6, s_source->name(), dir, s_statements, full);
    BackupOptions incremental;
    incremental.timestamp = "20261206101500";
    incremental.earlier = &first;
    incremental.from_earlier = {"bk.orders", "bk.facts"};
    for (const auto& t : k_tables) {
        if (t != "bk.orders" && t != "bk.facts") {
            incremental.tables.push_back(t);
        }
    }
    const BuiltBackup second =
        gpparity::testing::build_backup(gp6, s_source->name(), dir, s_statements, incremental);
    const RunResult several =
        gpparity::testing::run_gpparity({"data", "--source", dir, "--target", target.conninfo()});
    EXPECT_EQ(several.exit_code, 2);
    EXPECT_NE(several.err.find("20261205101500, 20261206101500"), std::string::npos) << several.err;
    EXPECT_NE(several.err.find("--backup-timestamp"), std::string::npos) << several.err;
    const RunResult chain = gpparity::testing::run_gpparity(
        {"data", "--source", dir, "--backup-timestamp", "20261206101500", "--target",
         target.conninfo(), "--format", "json"});
    EXPECT_EQ(chain.exit_code, 0) << chain.err << chain.out.substr(0, 3000);
    const json c = parse_report(chain);
    EXPECT_EQ(c.at("source").at("backup").at("chain"),
              json::array({"20261205101500", "20261206101500"}));
    // Floats written at GP6's defaults (gpbackup before 1.19): not compared exactly, said so.
    BackupOptions old;
    old.timestamp = "20261207101500";
    old.tables = {"public.all_types"};
    old.backup_version = "1.12.1";
    old.extra_float_digits = 0;
    const BuiltBackup lossy = gpparity::testing::build_backup(
        gp6, s_source->name(), temp_dir("bk-lossy"), s_statements, old);
    const RunResult floats = gpparity::testing::run_gpparity(
        {"data", "--source", lossy.directory, "--target", target.conninfo(), "--format", "json",
         "--include", "public.all_types"});
    EXPECT_EQ(floats.exit_code, 0) << floats.err << floats.out.substr(0, 3000);
    const std::string excluded = parse_report(floats).at("data").at("tables").at(0).dump();
    EXPECT_NE(excluded.find("f8: gpbackup 1.12.1 wrote floats at the default precision"),
              std::string::npos)
        << excluded;
}

// A restore report next to the backup that shows gprestore --resize-cluster, even between
// equal segment counts: every table was reorganized, so the backup's files no longer say which
// segment holds a row. Hash and random tables compare totals and content only, segments are
// not compared one by one, and placement_note says why; a replicated table is still compared
// on every segment. The target's own placement check still runs.
TEST_F(BackupSource, AResizeRestoreComparesTotalsOnlyWithTheReason) {
    const std::string gp7 = *gpparity::testing::greenplum("GPPARITY_TEST_GP7");
    TestDatabase target(gp7, "backup_resized");
    const auto failed = gpparity::testing::restore_backup(gp7, target.name(), s_gzip, s_statements);
    EXPECT_TRUE(failed.empty()) << failed.front();
    struct Placement {
        std::set<std::string> segment_statuses;
        std::string note;
    };
    const auto placements = [&](const std::string& source) {
        const RunResult r = gpparity::testing::run_gpparity(
            {"data", "--source", source, "--target", target.conninfo(), "--format", "json"});
        EXPECT_EQ(r.exit_code, 0) << r.err << r.out.substr(0, 3000);
        std::map<std::string, Placement> out;
        const json report = parse_report(r);
        for (const auto& t : report.at("data").at("tables")) {
            Placement& p = out[t.at("table").get<std::string>()];
            for (const auto& segment : t.at("segments")) {
                p.segment_statuses.insert(segment.at("status").get<std::string>());
            }
            if (t.at("placement_note").is_string()) {
                p.note = t.at("placement_note").get<std::string>();
            }
        }
        return std::pair{out, report.at("warnings").dump()};
    };
    const std::set<std::string> matched = {"match"};
    const std::set<std::string> skipped = {"skipped"};
    const auto [before, quiet] = placements(s_gzip.directory);
    EXPECT_EQ(before.at("bk.customers").segment_statuses, matched);
    EXPECT_EQ(quiet.find("--resize-cluster"), std::string::npos) << quiet;

    const std::string root = temp_dir("bk-resized");
    gpparity::testing::copy_backup(s_gzip, root);
    const auto write_report = [&](const std::string& database) {
        const std::string file = root + s_gzip.coordinator_dir.substr(s_gzip.directory.size()) +
                                 "/gprestore_" + s_gzip.timestamp + "_20261205080000_report";
        std::ofstream(file) << "Greenplum Database Restore Report\n\n"
                               "timestamp key:         "
                            << s_gzip.timestamp
                            << "\ngpdb version:          7.1.0\n"
                               "gprestore version:     1.30.3\n\n"
                               "database name:         "
                            << database << "\ncommand line:          gprestore --timestamp "
                            << s_gzip.timestamp
                            << " --resize-cluster --on-error-continue\n\n"
                               "backup segment count:  2\n"
                               "restore segment count: 2\n"
                               "restore status:        Success\n";
    };
    // A trial restore into another database says nothing about the target.
    write_report("shop_trial");
    const auto [elsewhere, unrelated] = placements(root);
    EXPECT_EQ(elsewhere.at("bk.customers").segment_statuses, matched);
    EXPECT_EQ(unrelated.find("--resize-cluster"), std::string::npos) << unrelated;
    write_report(target.name());
    const auto [after, warnings] = placements(root);
    for (const char* table : {"bk.customers", "bk.orders", "bk.facts", "public.all_types"}) {
        SCOPED_TRACE(table);
        EXPECT_EQ(after.at(table).segment_statuses, skipped);
        EXPECT_NE(after.at(table).note.find("_20261205080000_report shows gprestore "
                                            "--resize-cluster (2 to 2 segments), which "
                                            "redistributes every table: totals and content only"),
                  std::string::npos)
            << after.at(table).note;
    }
    EXPECT_EQ(after.at("bk.dims").segment_statuses, matched);
    EXPECT_NE(warnings.find("placement is compared in totals and content only"), std::string::npos)
        << warnings;
}

// Nightly reruns: under --skip-unchanged a backup's files are digested once; later runs take
// those digests (the files never change) until --max-reuse-age, then read the files again.
TEST_F(BackupSource, SkipUnchangedReadsTheBackupFilesOnce) {
    const std::string gp7 = *gpparity::testing::greenplum("GPPARITY_TEST_GP7");
    TestDatabase target(gp7, "backup_nightly");
    const auto failed = gpparity::testing::restore_backup(gp7, target.name(), s_gzip, s_statements);
    EXPECT_TRUE(failed.empty()) << failed.front();
    const std::string root = temp_dir("bk-nightly");
    gpparity::testing::copy_backup(s_gzip, root);
    const std::string history = temp_dir("bk-nightly-history");
    std::filesystem::create_directories(history);
    const auto run = [&](const std::string& max_age) {
        return gpparity::testing::run_gpparity(
            {"data", "--source", root, "--target", target.conninfo(), "--format", "json",
             "--history", history, "--skip-unchanged", "--max-reuse-age", max_age});
    };
    const RunResult first = run("7d");
    ASSERT_EQ(first.exit_code, 0) << first.err << first.out.substr(0, 3000);
    const json f = parse_report(first);
    EXPECT_EQ(f.at("warnings").dump().find("taken from earlier runs"), std::string::npos);

    // The files are not read again: a file removed since is not noticed.
    const std::string data_file =
        root + s_gzip.data_file(s_gzip.tables.front(), 1).substr(s_gzip.directory.size());
    ASSERT_TRUE(std::filesystem::remove(data_file)) << data_file;
    const RunResult second = run("7d");
    ASSERT_EQ(second.exit_code, 0) << second.err << second.out.substr(0, 3000);
    const json s2 = parse_report(second);
    EXPECT_NE(s2.at("warnings")
                  .dump()
                  .find(std::to_string(k_tables.size()) + " of " + std::to_string(k_tables.size()) +
                        " tables' digests were taken from earlier runs"),
              std::string::npos)
        << s2.at("warnings").dump();
    EXPECT_EQ(table_statuses(s2), table_statuses(f));

    // Older than --max-reuse-age: read again, and the missing file is found. (Read times are
    // kept to the second: two seconds make the first run's surely older than one.)
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const RunResult aged = run("1s");
    EXPECT_EQ(aged.exit_code, 2) << aged.out.substr(0, 2000);
    EXPECT_NE(aged.err.find("is missing"), std::string::npos) << aged.err;
}

TEST_F(BackupSource, ADamagedBackupIsAOneLineErrorWithExitTwo) {
    const std::string gp7 = *gpparity::testing::greenplum("GPPARITY_TEST_GP7");
    TestDatabase target(gp7, "backup_damaged");
    (void)gpparity::testing::restore_backup(gp7, target.name(), s_gzip, s_statements);
    auto damaged =
        [&](const std::string& what,
            const std::function<void(const std::string& coordinator, const std::string& root)>&
                damage,
            const std::string& expected) {
            SCOPED_TRACE(what);
            const std::string root = temp_dir("bk-damaged");
            gpparity::testing::copy_backup(s_gzip, root);
            const std::string coordinator =
                root + s_gzip.coordinator_dir.substr(s_gzip.directory.size());
            damage(coordinator, root);
            const RunResult r = gpparity::testing::run_gpparity(
                {"check", "--source", root, "--target", target.conninfo()});
            EXPECT_EQ(r.exit_code, 2) << r.out.substr(0, 2000);
            EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
            EXPECT_NE(r.err.find("source backup " + root), std::string::npos) << r.err;
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        };
    const std::string ts = s_gzip.timestamp;
    const auto& table = s_gzip.tables.front();
    const std::string data_file =
        s_gzip.data_file(table, 1).substr(s_gzip.directory.size()); // relative to the root
    damaged(
        "status Failure",
        [&](const std::string& coordinator, const std::string&) {
            std::ifstream in(coordinator + "/gpbackup_" + ts + "_config.yaml");
            std::string text((std::istreambuf_iterator<char>(in)), {});
            text.replace(text.find("status: Success"), 15, "status: Failure");
            std::ofstream(coordinator + "/gpbackup_" + ts + "_config.yaml") << text;
        },
        "status is Failure, not Success");
    damaged(
        "missing data file",
        [&](const std::string&, const std::string& root) {
            std::filesystem::remove(root + data_file);
        },
        "is missing");
    damaged(
        "truncated data file",
        [&](const std::string&, const std::string& root) {
            const auto size = std::filesystem::file_size(root + data_file);
            std::filesystem::resize_file(root + data_file, size / 2);
        },
        "is truncated");
    damaged(
        "TOC that does not parse",
        [&](const std::string& coordinator, const std::string&) {
            std::ofstream(coordinator + "/gpbackup_" + ts + "_toc.yaml") << "dataentries: [{oid: ";
        },
        "toc.yaml does not parse");
}

} // namespace
