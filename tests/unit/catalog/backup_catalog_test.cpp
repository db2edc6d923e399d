#include "catalog/backup_catalog.hpp"

#include "catalog/ddl.hpp"
#include "catalog/diff.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace gpparity::catalog;

namespace {

TocEntry entry(const char* type, const char* schema, const char* name, const char* statement,
               const char* reference = "", TocSection section = TocSection::predata) {
    return {section, schema, name, type, reference, statement};
}

BackupCatalog read(const std::vector<TocEntry>& entries) {
    ClusterIdentity gp6;
    gp6.flavor = Flavor::gp6;
    return catalog_from_toc(entries, gp6);
}

const CatalogObject& get(const BackupCatalog& c, ObjectKind kind, const std::string& identity) {
    const CatalogObject* o = c.snapshot.find(kind, identity);
    if (o == nullptr) {
        ADD_FAILURE() << "no " << to_string(kind) << " " << identity;
        static const CatalogObject k_empty;
        return k_empty;
    }
    return *o;
}

bool has_note(const BackupCatalog& c, const std::string& prefix) {
    return std::any_of(c.presence_only.begin(), c.presence_only.end(),
                       [&](const std::string& n) { return n.rfind(prefix, 0) == 0; });
}

} // namespace

TEST(BackupCatalog, ParsesHeapTableColumnsAndHashDistribution) {
    auto c = read({entry("TABLE", "shop", "customers",
                         "\n\nCREATE TABLE shop.customers (\n\tid integer NOT NULL,\n\tname text "
                         "COLLATE pg_catalog.\"C\" DEFAULT 'a, b'::text,\n\t\"Weird Col\" "
                         "numeric(12,2)\n) DISTRIBUTED BY (id);\n")});
    const auto& t = get(c, ObjectKind::table, "shop.customers");
    EXPECT_EQ(t.schema, "shop");
    EXPECT_EQ(t.name, "customers");
    EXPECT_EQ(t.get("storage"), "heap");
    EXPECT_EQ(t.get("distribution"), "hash");
    EXPECT_EQ(t.get("distribution_key"), "id pg_catalog.int4_ops");
    EXPECT_EQ(t.get("columns"), "id, name, \"Weird Col\"");
    EXPECT_EQ(t.get("partition_role"), "none");
    EXPECT_EQ(t.coverage, Coverage::full);
    const auto& name = get(c, ObjectKind::column, "shop.customers.name");
    EXPECT_EQ(name.get("type"), "text");
    EXPECT_EQ(name.get("collation"), "pg_catalog.\"C\"");
    EXPECT_EQ(name.get("default"), "'a, b'::text");
    EXPECT_EQ(name.get("not_null"), "f");
    EXPECT_EQ(name.get("position"), "2");
    const auto& weird = get(c, ObjectKind::column, "shop.customers.\"Weird Col\"");
    EXPECT_EQ(weird.name, "Weird Col");
    EXPECT_EQ(weird.get("type"), "numeric(12,2)");
    EXPECT_EQ(get(c, ObjectKind::column, "shop.customers.id").get("not_null"), "t");
    EXPECT_NE(t.ddl.find("CREATE TABLE shop.customers"), std::string::npos);
}

TEST(BackupCatalog, ParsesAppendOnlyStorageEncodingAndOtherPolicies) {
    auto c = read({entry("TABLE", "s", "facts",
                         "CREATE TABLE s.facts (\n\tid integer ENCODING "
                         "(compresstype=zlib,compresslevel=1,blocksize=32768)\n) WITH "
                         "(appendonly=true, orientation=column) DISTRIBUTED RANDOMLY;"),
                   entry("TABLE", "s", "rows",
                         "CREATE TABLE s.rows (\n\tid integer\n) WITH (appendonly=true, "
                         "compresstype=zlib) DISTRIBUTED REPLICATED;")});
    const auto& facts = get(c, ObjectKind::table, "s.facts");
    EXPECT_EQ(facts.get("storage"), "ao_column");
    EXPECT_EQ(facts.get("distribution"), "random");
    EXPECT_EQ(facts.find("distribution_key"), nullptr);
    EXPECT_EQ(facts.get("options"), "{appendonly=true,orientation=column}");
    EXPECT_EQ(facts.get("ao_options"),
              "blocksize=32768,checksum=true,compresslevel=0,compresstype=none");
    EXPECT_EQ(get(c, ObjectKind::column, "s.facts.id").get("encoding"),
              "{blocksize=32768,compresslevel=1,compresstype=zlib}");
    const auto& rows = get(c, ObjectKind::table, "s.rows");
    EXPECT_EQ(rows.get("storage"), "ao_row");
    EXPECT_EQ(rows.get("distribution"), "replicated");
    EXPECT_EQ(rows.get("ao_options"),
              "blocksize=32768,checksum=true,compresslevel=1,compresstype=zlib");
}

TEST(BackupCatalog, ReadsClassicPartitionLeavesFromThePartitionDefinition) {
    auto c = read({entry(
        "TABLE", "s", "sales",
        "CREATE TABLE s.sales (\n\tid integer,\n\tday date\n) DISTRIBUTED BY (id) PARTITION BY "
        "RANGE(day) \n          (\n          START ('2024-01-01'::date) END ('2024-02-01'::date) "
        "EVERY ('1 mon'::interval) WITH (tablename='sales_1_prt_1', appendonly='false'), \n     "
        "     PARTITION p2 START ('2024-02-01'::date) EXCLUSIVE END ('2024-03-01'::date) "
        "INCLUSIVE WITH (tablename='sales_1_prt_p2', appendonly='false')\n          );")});
    const auto& root = get(c, ObjectKind::table, "s.sales");
    EXPECT_EQ(root.get("partition_role"), "root");
    EXPECT_EQ(root.get("partition_strategy"), "range");
    EXPECT_EQ(root.get("partition_key"), "day");
    // The generated partition names need no WITH (tablename=...), which GP7 rejects.
    EXPECT_EQ(root.ddl.find("tablename="), std::string::npos) << root.ddl;
    EXPECT_NE(root.ddl.find("EVERY ('1 mon'::interval), \n"), std::string::npos) << root.ddl;
    EXPECT_NE(root.ddl.find("INCLUSIVE\n          );"), std::string::npos) << root.ddl;
    const auto& first = get(c, ObjectKind::table, "s.sales_1_prt_1");
    EXPECT_EQ(first.get("partition_role"), "leaf");
    EXPECT_EQ(first.get("partition_root"), "s.sales");
    EXPECT_EQ(first.get("partition_bound"), "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')");
    EXPECT_EQ(first.get("partition_range_start"), "'2024-01-01'::date");
    EXPECT_EQ(first.get("partition_name", "NULL"), "");
    EXPECT_TRUE(first.ddl.empty());
    const auto& second = get(c, ObjectKind::table, "s.sales_1_prt_p2");
    EXPECT_EQ(second.get("partition_name"), "p2");
    EXPECT_EQ(second.get("partition_bound"),
              "FOR VALUES FROM ('2024-02-01') EXCLUSIVE TO ('2024-03-01') INCLUSIVE");
    EXPECT_EQ(get(c, ObjectKind::column, "s.sales_1_prt_p2.day").get("type"), "date");
}

TEST(BackupCatalog, MultiLevelPartitionTreeIsAnnouncedNotGuessed) {
    auto c = read({entry("TABLE", "s", "t",
                         "CREATE TABLE s.t (\n\ta integer,\n\tb text\n) DISTRIBUTED BY (a) "
                         "PARTITION BY RANGE(a) SUBPARTITION BY LIST(b) (START (1) END (2) WITH "
                         "(tablename='t_1_prt_1'))")});
    EXPECT_EQ(get(c, ObjectKind::table, "s.t").coverage, Coverage::no_members);
    EXPECT_TRUE(has_note(c, "table s.t: partitioned table with a multi-level"));
}

TEST(BackupCatalog, ParsesSequenceOptionsSetvalAndOwner) {
    auto c =
        read({entry("SEQUENCE", "s", "seq",
                    "CREATE SEQUENCE s.seq\n\tSTART WITH 10\n\tINCREMENT BY 5\n\tMAXVALUE "
                    "100\n\tNO MINVALUE\n\tCACHE 3\n\tCYCLE;\n\nSELECT "
                    "pg_catalog.setval('s.seq', 42, true);"),
              entry("SEQUENCE", "s", "plain",
                    "CREATE SEQUENCE s.plain\n\tSTART WITH 1\n\tINCREMENT BY 1\n\tNO "
                    "MAXVALUE\n\tNO MINVALUE\n\tCACHE 1;\n\nSELECT "
                    "pg_catalog.setval('s.plain', 1, false);"),
              entry("SEQUENCE OWNER", "s", "seq", "ALTER SEQUENCE s.seq OWNED BY s.t.id;", "s.t")});
    const auto& seq = get(c, ObjectKind::sequence, "s.seq");
    EXPECT_EQ(seq.get("start"), "10");
    EXPECT_EQ(seq.get("increment"), "5");
    EXPECT_EQ(seq.get("max"), "100");
    EXPECT_EQ(seq.get("min"), "1");
    EXPECT_EQ(seq.get("cache"), "3");
    EXPECT_EQ(seq.get("cycle"), "t");
    EXPECT_EQ(seq.get("last_value"), "42");
    EXPECT_EQ(seq.get("owned_by"), "s.t.id");
    const auto& plain = get(c, ObjectKind::sequence, "s.plain");
    EXPECT_EQ(plain.get("max"), "9223372036854775807");
    EXPECT_FALSE(plain.find("last_value")->has_value());
    EXPECT_EQ(c.snapshot.of_kind(ObjectKind::sequence).size(), 2u);
}

TEST(BackupCatalog, RoutineIdentityTakesArgumentTypesOnly) {
    auto c = read(
        {entry("FUNCTION", "s", "greet(who text, OUT n integer, VARIADIC xs double precision[])",
               "CREATE FUNCTION s.greet(who text, OUT n integer, VARIADIC xs double precision[]) "
               "RETURNS integer AS\n$_$SELECT 1 $1$_$\nLANGUAGE sql NO SQL STABLE STRICT "
               "SECURITY DEFINER EXECUTE ON MASTER\nCOST 5\nSET search_path TO 'a', 'b';"),
         entry("FUNCTION", "s", "lib(integer)",
               "CREATE FUNCTION s.lib(integer) RETURNS SETOF integer AS\n'$libdir/x', "
               "'x_fn'\nLANGUAGE c;")});
    const auto& greet = get(c, ObjectKind::function, "s.greet(text, double precision[])");
    EXPECT_EQ(greet.name, "greet");
    EXPECT_EQ(greet.get("arguments"), "who text, OUT n integer, VARIADIC xs double precision[]");
    EXPECT_EQ(greet.get("body"), "SELECT 1 $1");
    EXPECT_EQ(greet.get("language"), "sql");
    EXPECT_EQ(greet.get("volatility"), "stable");
    EXPECT_EQ(greet.get("strict"), "t");
    EXPECT_EQ(greet.get("security"), "definer");
    EXPECT_EQ(greet.get("data_access"), "no_sql");
    EXPECT_EQ(greet.get("exec_location"), "master");
    EXPECT_EQ(greet.get("cost"), "5");
    EXPECT_EQ(greet.get("rows"), "0");
    EXPECT_EQ(greet.get("config"), "{\"search_path=a, b\"}");
    const auto& lib = get(c, ObjectKind::function, "s.lib(integer)");
    EXPECT_EQ(lib.get("library"), "$libdir/x");
    EXPECT_EQ(lib.get("body"), "x_fn");
    EXPECT_EQ(lib.get("cost"), "1");
    EXPECT_EQ(lib.get("rows"), "1000");
    EXPECT_EQ(lib.get("returns_set"), "t");
}

TEST(BackupCatalog, ParsesEnumCompositeAndDomain) {
    auto c =
        read({entry("TYPE", "s", "mood",
                    "CREATE TYPE s.mood AS ENUM (\n\t'sad',\n\t'ha ppy',\n\t'o''k'\n);"),
              entry("TYPE", "s", "pair", "CREATE TYPE s.pair AS (\n\ta integer,\n\tb text\n);"),
              entry("DOMAIN", "s", "posint",
                    "CREATE DOMAIN s.posint AS integer DEFAULT 1 NOT NULL\n\tCONSTRAINT "
                    "posint_check CHECK ((VALUE > 0));"),
              entry("TYPE", "s", "base",
                    "CREATE TYPE s.base (\n\tINPUT = s.base_in,\n\tOUTPUT = s.base_out\n);")});
    EXPECT_EQ(get(c, ObjectKind::type, "s.mood").get("labels"), "{sad,\"ha ppy\",o'k}");
    EXPECT_EQ(get(c, ObjectKind::type, "s.pair").get("fields"), "a integer, b text");
    const auto& domain = get(c, ObjectKind::domain, "s.posint");
    EXPECT_EQ(domain.get("base_type"), "integer");
    EXPECT_EQ(domain.get("default"), "1");
    EXPECT_EQ(domain.get("not_null"), "t");
    EXPECT_EQ(get(c, ObjectKind::constraint, "s.posint.posint_check").get("definition"),
              "CHECK ((VALUE > 0))");
    EXPECT_EQ(get(c, ObjectKind::type, "s.base").coverage, Coverage::presence);
    EXPECT_TRUE(has_note(c, "type s.base: base, range and shell types"));
}

TEST(BackupCatalog, MetadataEntriesBelongToTheirObject) {
    auto c =
        read({entry("TABLE", "s", "t", "CREATE TABLE s.t (\n\tid integer\n) DISTRIBUTED BY (id);"),
              entry("TABLE", "s", "t", "ALTER TABLE s.t OWNER TO app;"),
              entry("TABLE", "s", "t", "COMMENT ON TABLE s.t IS 'it''s t';"),
              entry("TABLE", "s", "t",
                    "REVOKE ALL ON TABLE s.t FROM PUBLIC;\nREVOKE ALL ON TABLE s.t FROM "
                    "app;\nGRANT ALL ON TABLE s.t TO app;\nGRANT SELECT,INSERT ON TABLE s.t "
                    "TO reader WITH GRANT OPTION;"),
              entry("INDEX", "s", "t_idx", "CREATE INDEX t_idx ON s.t USING btree (id);", "s.t",
                    TocSection::postdata),
              entry("INDEX METADATA", "s", "t_idx", "COMMENT ON INDEX s.t_idx IS 'idx';", "s.t_idx",
                    TocSection::postdata),
              entry("CONSTRAINT", "s", "t_pkey",
                    "ALTER TABLE ONLY s.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);", "s.t")});
    const auto& t = get(c, ObjectKind::table, "s.t");
    EXPECT_EQ(t.get("owner"), "app");
    // The object's DDL is its CREATE: recreate renders the owner from the attribute, and the
    // comment and grants from their own objects, each once.
    EXPECT_EQ(t.ddl, "CREATE TABLE s.t (\n\tid integer\n) DISTRIBUTED BY (id);\n");
    EXPECT_EQ(get(c, ObjectKind::comment, "table s.t").get("text"), "it's t");
    EXPECT_EQ(get(c, ObjectKind::comment, "table s.t").ddl, "COMMENT ON TABLE s.t IS 'it''s t';");
    EXPECT_EQ(get(c, ObjectKind::privilege, "table s.t app").get("privileges"),
              "DELETE,INSERT,REFERENCES,SELECT,TRIGGER,TRUNCATE,UPDATE");
    const auto& reader = get(c, ObjectKind::privilege, "table s.t reader");
    EXPECT_EQ(reader.get("privileges"), "INSERT,SELECT");
    EXPECT_EQ(reader.get("grant_option"), "INSERT,SELECT");
    EXPECT_EQ(get(c, ObjectKind::index, "s.t.t_idx").get("access_method"), "btree");
    EXPECT_EQ(get(c, ObjectKind::comment, "index s.t.t_idx").get("text"), "idx");
    EXPECT_EQ(get(c, ObjectKind::index, "s.t.t_idx").ddl.find("COMMENT ON INDEX"),
              std::string::npos);
    EXPECT_EQ(get(c, ObjectKind::comment, "index s.t.t_idx").ddl,
              "COMMENT ON INDEX s.t_idx IS 'idx';");
    EXPECT_EQ(get(c, ObjectKind::constraint, "s.t.t_pkey").get("constraint_type"), "primary");
    EXPECT_EQ(get(c, ObjectKind::index, "s.t.t_pkey").get("constraint"), "t_pkey");
    EXPECT_EQ(c.snapshot.of_kind(ObjectKind::table).size(), 1u);
}

TEST(BackupCatalog, ParsesTriggersAndRules) {
    auto c = read({entry("TRIGGER", "s", "t_trg",
                         "\n\nCREATE TRIGGER t_trg BEFORE INSERT ON s.t FOR EACH ROW EXECUTE "
                         "PROCEDURE s.f();",
                         "s.t", TocSection::postdata),
                   entry("RULE", "s", "t_rule",
                         "\n\nCREATE RULE t_rule AS\n    ON INSERT TO s.t\n   WHERE (new.id < 0) "
                         "DO INSTEAD NOTHING;",
                         "s.t", TocSection::postdata)});
    const auto& trigger = get(c, ObjectKind::trigger, "s.t.t_trg");
    EXPECT_EQ(trigger.parent, "s.t");
    EXPECT_EQ(trigger.get("definition"),
              "CREATE TRIGGER t_trg BEFORE INSERT ON s.t FOR EACH ROW EXECUTE PROCEDURE s.f()");
    const auto& rule = get(c, ObjectKind::rule, "s.t.t_rule");
    EXPECT_EQ(rule.get("instead"), "t");
    EXPECT_EQ(rule.get("definition"),
              "CREATE RULE t_rule AS\n    ON INSERT TO s.t\n   WHERE (new.id < 0) DO INSTEAD "
              "NOTHING;");
}

TEST(BackupCatalog, UnparsedObjectsArePresenceOnlyAndSaySo) {
    auto c = read({entry("AGGREGATE", "s", "my_sum(integer)",
                         "CREATE AGGREGATE s.my_sum(integer) (\n\tSFUNC = s.f,\n\tSTYPE = "
                         "bigint\n);"),
                   entry("AGGREGATE", "s", "my_sum(integer)",
                         "ALTER AGGREGATE s.my_sum(integer) OWNER TO app;"),
                   entry("CONVERSION", "s", "conv", "CREATE CONVERSION s.conv ..."),
                   entry("SESSION GUCS", "", "", "SET client_encoding = 'UTF8';"),
                   entry("VIEW", "s", "v", "CREATE VIEW s.v AS  SELECT 1;")});
    const auto& agg = get(c, ObjectKind::aggregate, "s.my_sum(integer)");
    EXPECT_EQ(agg.coverage, Coverage::presence);
    EXPECT_TRUE(agg.attributes.empty());
    EXPECT_NE(agg.ddl.find("OWNER TO app"), std::string::npos);
    EXPECT_TRUE(has_note(c, "aggregate s.my_sum(integer): "));
    EXPECT_TRUE(has_note(c, "CONVERSION s.conv: gpparity has no catalog kind"));
    const auto& view = get(c, ObjectKind::view, "s.v");
    EXPECT_EQ(view.coverage, Coverage::no_members);
    EXPECT_EQ(view.get("definition"), " SELECT 1;");
    EXPECT_TRUE(has_note(c, "view s.v: its columns"));
    EXPECT_EQ(c.presence_only.size(), 3u);
}

TEST(BackupCatalog, RecreatePrintsTheBackupsOwnStatements) {
    auto c = read({entry("TABLE", "s", "t",
                         "CREATE TABLE s.t (\n\tid integer\n) WITH (appendonly=true) DISTRIBUTED "
                         "BY (id);"),
                   entry("TABLE", "s", "t", "COMMENT ON TABLE s.t IS 't';"),
                   entry("TABLE", "s", "p",
                         "CREATE TABLE s.p (\n\tid integer\n) DISTRIBUTED BY (id) PARTITION BY "
                         "LIST(id) (PARTITION a VALUES(1) WITH (tablename='p_1_prt_a', "
                         "appendonly='false'))"),
                   entry("TABLE", "s", "q",
                         "CREATE TABLE s.q (\n\tid integer\n) DISTRIBUTED BY (id) PARTITION BY "
                         "LIST(id) (PARTITION a VALUES(1) WITH (tablename='renamed'))")});
    ClusterIdentity gp7;
    gp7.flavor = Flavor::gp7;
    Snapshot empty;
    empty.cluster = gp7;
    auto result = diff(c.snapshot, empty);
    auto script = render_recreate(result, c.snapshot.cluster, gp7);
    EXPECT_NE(
        script.sql.find("CREATE TABLE s.t (\"id\" integer) USING ao_row DISTRIBUTED BY (id);"),
        std::string::npos)
        << script.sql;
    EXPECT_NE(script.sql.find("COMMENT ON TABLE s.t IS 't';"), std::string::npos) << script.sql;
    // Generated partition names: the GP6 definition without WITH (tablename=...), which GP7
    // rejects; a renamed partition: kept as a comment with the reason.
    EXPECT_NE(script.sql.find("PARTITION BY LIST(id) (PARTITION a VALUES(1));"), std::string::npos)
        << script.sql;
    EXPECT_NE(script.sql.find("-- GP6 classic partition definition whose partition table names"),
              std::string::npos)
        << script.sql;
}

TEST(BackupCatalog, ColumnAndSequenceGrantsBecomePrivileges) {
    auto c = read({entry("TABLE", "s", "t",
                         "CREATE TABLE s.t (\n\tid integer,\n\temail text\n) DISTRIBUTED BY (id);"),
                   entry("TABLE", "s", "t",
                         "REVOKE ALL (email) ON TABLE s.t FROM PUBLIC;\nREVOKE ALL (email) ON "
                         "TABLE s.t FROM app;\nGRANT SELECT (email) ON TABLE s.t TO reader;"),
                   entry("SEQUENCE", "s", "q",
                         "CREATE SEQUENCE s.q\n\tSTART WITH 1\n\tINCREMENT BY 1\n\tNO "
                         "MAXVALUE\n\tNO MINVALUE\n\tCACHE 1;"),
                   entry("SEQUENCE", "s", "q", "GRANT ALL ON SEQUENCE s.q TO PUBLIC;")});
    const auto& column = get(c, ObjectKind::privilege, "column s.t.email reader");
    EXPECT_EQ(column.get("object_kind"), "column");
    EXPECT_EQ(column.get("object"), "s.t.email");
    EXPECT_EQ(column.get("privileges"), "SELECT");
    EXPECT_EQ(get(c, ObjectKind::privilege, "sequence s.q PUBLIC").get("privileges"),
              "SELECT,UPDATE,USAGE");
}

TEST(BackupCatalog, AlterColumnStatementsSetStorageAndOptions) {
    auto c = read({entry("TABLE", "s", "t",
                         "CREATE TABLE s.t (\n\tid integer,\n\tdoc text\n) DISTRIBUTED BY (id);\n"
                         "ALTER TABLE ONLY s.t ALTER COLUMN doc SET STATISTICS 500;\nALTER TABLE "
                         "ONLY s.t ALTER COLUMN doc SET STORAGE EXTERNAL;\nALTER TABLE ONLY s.t "
                         "ALTER COLUMN doc SET (n_distinct=-1);")});
    const auto& doc = get(c, ObjectKind::column, "s.t.doc");
    EXPECT_EQ(doc.get("storage_mode"), "e");
    EXPECT_EQ(doc.get("options"), "{n_distinct=-1}");
    EXPECT_FALSE(get(c, ObjectKind::column, "s.t.id").find("storage_mode")->has_value());
    EXPECT_TRUE(c.presence_only.empty());
}

TEST(BackupCatalog, PresenceKindsTakeTheExtractorsIdentities) {
    auto c =
        read({entry("CAST", "pg_catalog", "(pg_catalog.int4 AS s.\"My Type\")",
                    "CREATE CAST (pg_catalog.int4 AS s.\"My Type\")\n\tWITH INOUT;"),
              entry("CAST", "s", "(pg_catalog._float8 AS pg_catalog.\"char\")",
                    "CREATE CAST (pg_catalog._float8 AS pg_catalog.\"char\")\n\tWITH FUNCTION "
                    "s.f(double precision[]);"),
              entry("CAST", "pg_catalog", "(s._t AS pg_catalog.timestamptz)",
                    "CREATE CAST (s._t AS pg_catalog.timestamptz)\n\tWITHOUT FUNCTION;"),
              entry("OPERATOR", "s", "!!",
                    "CREATE OPERATOR s.!! (\n\tPROCEDURE = s.fact,\n\tRIGHTARG = "
                    "bigint\n);"),
              entry("OPERATOR CLASS", "s", "c",
                    "CREATE OPERATOR CLASS s.c\n\tFOR TYPE integer USING hash FAMILY s.f AS\n\t"
                    "OPERATOR 1 =(integer, integer);"),
              entry("USER MAPPING", "", "public ON srv",
                    "CREATE USER MAPPING FOR public\n\tSERVER srv;"),
              entry("USER MAPPING", "", "\"Bob\" ON srv",
                    "CREATE USER MAPPING FOR \"Bob\"\n\tSERVER srv;")});
    EXPECT_EQ(get(c, ObjectKind::cast, "(integer AS s.\"My Type\")").schema, "");
    (void)get(c, ObjectKind::cast, "(double precision[] AS \"char\")");
    (void)get(c, ObjectKind::cast, "(s.t[] AS timestamp with time zone)");
    (void)get(c, ObjectKind::operator_, "s.!!(NONE, bigint)");
    (void)get(c, ObjectKind::operator_class, "s.c USING hash");
    (void)get(c, ObjectKind::user_mapping, "PUBLIC@srv");
    (void)get(c, ObjectKind::user_mapping, "\"Bob\"@srv");
}

TEST(BackupCatalog, KeywordTypeNamesOverloadsAndQuotedNamesKeepTheirIdentities) {
    auto c = read(
        {// quote_ident quotes keyword type names; arrays of quoted names keep their quotes.
         entry("CAST", "pg_catalog", "(s.t AS pg_catalog.\"numeric\")",
               "CREATE CAST (s.t AS pg_catalog.\"numeric\")\n\tWITH INOUT;"),
         entry("CAST", "pg_catalog", "(pg_catalog.\"timestamp\" AS pg_catalog._char)",
               "CREATE CAST (pg_catalog.\"timestamp\" AS pg_catalog._char)\n\tWITH INOUT;"),
         entry("CAST", "pg_catalog", "(s.\"_My Type\" AS s.\" AS \")",
               "CREATE CAST (s.\"_My Type\" AS s.\" AS \")\n\tWITH INOUT;"),
         // Overloads share their TOC name; each comment follows its CREATE.
         entry("OPERATOR", "s", "===",
               "CREATE OPERATOR s.=== (\n\tPROCEDURE = s.f,\n\tLEFTARG = bigint,\n\tRIGHTARG = "
               "integer\n);"),
         entry("OPERATOR", "s", "===", "COMMENT ON OPERATOR s.=== (bigint, integer) IS 'one';"),
         entry("OPERATOR", "s", "===",
               "CREATE OPERATOR s.=== (\n\tPROCEDURE = s.g,\n\tLEFTARG = integer,\n\tRIGHTARG = "
               "integer\n);"),
         entry("OPERATOR", "s", "===", "COMMENT ON OPERATOR s.=== (integer, integer) IS 'two';"),
         entry("OPERATOR FAMILY", "s", "f", "CREATE OPERATOR FAMILY s.f USING btree;"),
         entry("OPERATOR FAMILY", "s", "f", "CREATE OPERATOR FAMILY s.f USING hash;"),
         entry("USER MAPPING", "", "\"a ON b\" ON \"my srv\"",
               "CREATE USER MAPPING FOR \"a ON b\"\n\tSERVER \"my srv\";"),
         // A role membership stays in the role's statements: no object carries it.
         {TocSection::global, "", "r", "ROLE", "", "CREATE ROLE r;"},
         {TocSection::global, "", "m", "ROLE", "", "CREATE ROLE m;"},
         {TocSection::global, "", "m", "ROLE GRANT", "", "GRANT r TO m;"}});
    (void)get(c, ObjectKind::cast, "(s.t AS numeric)");
    (void)get(c, ObjectKind::cast, "(timestamp without time zone AS \"char\"[])");
    (void)get(c, ObjectKind::cast, "(s.\"My Type\"[] AS s.\" AS \")");
    EXPECT_EQ(get(c, ObjectKind::comment, "operator s.===(bigint, integer)").get("text"), "one");
    EXPECT_EQ(get(c, ObjectKind::comment, "operator s.===(integer, integer)").get("text"), "two");
    EXPECT_EQ(get(c, ObjectKind::operator_, "s.===(integer, integer)").ddl.find("s.f"),
              std::string::npos);
    (void)get(c, ObjectKind::operator_family, "s.f USING btree");
    (void)get(c, ObjectKind::operator_family, "s.f USING hash");
    (void)get(c, ObjectKind::user_mapping, "\"a ON b\"@\"my srv\"");
    EXPECT_NE(get(c, ObjectKind::role, "m").ddl.find("GRANT r TO m;"), std::string::npos);
    EXPECT_TRUE(c.snapshot.of_kind(ObjectKind::privilege).empty());
}

// gpbackup writes a schema's name as both the entry's schema and name; the public schema's
// entry holds no statement, its comment and privileges follow as entries of their own.
TEST(BackupCatalog, SchemaEntriesNameTheSchemaOnce) {
    auto c = read({entry("SCHEMA", "\"Odd\"", "\"Odd\"", "CREATE SCHEMA \"Odd\";"),
                   entry("SCHEMA", "public", "public", ""),
                   entry("SCHEMA", "public", "public", "COMMENT ON SCHEMA public IS 'std';")});
    EXPECT_EQ(get(c, ObjectKind::schema, "\"Odd\"").name, "Odd");
    EXPECT_EQ(get(c, ObjectKind::schema, "\"Odd\"").schema, "Odd");
    EXPECT_EQ(get(c, ObjectKind::comment, "schema public").get("text"), "std");
    EXPECT_EQ(c.snapshot.of_kind(ObjectKind::schema).size(), 2U);
}
