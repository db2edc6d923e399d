#include "catalog/ddl.hpp"

#include <gtest/gtest.h>

using namespace gpparity::catalog;

namespace {

CatalogObject object(ObjectKind kind, std::string identity, std::vector<ObjectRef> deps = {},
                     std::string ddl = {}, std::vector<Attribute> attributes = {},
                     std::string parent = {}) {
    CatalogObject o;
    o.kind = kind;
    o.identity = std::move(identity);
    o.schema = "s";
    o.name = o.identity.substr(o.identity.rfind('.') + 1);
    o.depends_on = std::move(deps);
    o.ddl = std::move(ddl);
    o.attributes = std::move(attributes);
    o.parent = std::move(parent);
    return o;
}

std::vector<ObjectRef> deps_only(const CatalogObject& o) {
    return o.depends_on;
}

std::vector<std::string> identities(const std::vector<const CatalogObject*>& objects) {
    std::vector<std::string> out;
    for (const auto* o : objects) {
        out.push_back(o->identity);
    }
    return out;
}

} // namespace

TEST(CatalogDdl, OrdersByDependencies) {
    auto agg = object(ObjectKind::aggregate, "s.agg(integer)",
                      {{ObjectKind::function, "s.sf(integer, integer)"}});
    auto fn = object(ObjectKind::function, "s.sf(integer, integer)", {{ObjectKind::schema, "s"}});
    auto view =
        object(ObjectKind::view, "s.a_view",
               {{ObjectKind::function, "s.sf(integer, integer)"}, {ObjectKind::table, "s.t"}});
    auto table = object(ObjectKind::table, "s.t", {{ObjectKind::schema, "s"}});
    auto schema = object(ObjectKind::schema, "s");
    std::vector<const CatalogObject*> in = {&view, &agg, &table, &fn, &schema};
    auto out = identities(order_by_dependencies(in, deps_only));
    EXPECT_EQ(out, (std::vector<std::string>{"s", "s.sf(integer, integer)", "s.agg(integer)", "s.t",
                                             "s.a_view"}));
}

TEST(CatalogDdl, DependencyOrderIsDeterministicAndSurvivesCycles) {
    auto a = object(ObjectKind::view, "s.a", {{ObjectKind::view, "s.b"}});
    auto b = object(ObjectKind::view, "s.b", {{ObjectKind::view, "s.a"}});
    auto c = object(ObjectKind::table, "s.c");
    auto first = identities(order_by_dependencies({&a, &b, &c}, deps_only));
    auto second = identities(order_by_dependencies({&c, &b, &a}, deps_only));
    EXPECT_EQ(first, second);
    EXPECT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0], "s.c");
}

TEST(CatalogDdl, FindsSequencesInDefaults) {
    EXPECT_EQ(sequences_in_default("nextval('shop.order_seq'::regclass)"),
              (std::vector<std::string>{"shop.order_seq"}));
    EXPECT_EQ(sequences_in_default("nextval('\"Odd\"\".seq''s\"'::regclass)"),
              (std::vector<std::string>{"\"Odd\"\".seq's\""}));
    EXPECT_TRUE(sequences_in_default("'x'::text").empty());
}

TEST(CatalogDdl, Gp7TableStorageSyntax) {
    EXPECT_EQ(gp7_table_storage_syntax(
                  "CREATE TABLE s.t (a integer, b text DEFAULT 'WITH (x)') WITH (appendonly=true, "
                  "orientation=column, compresstype=zlib, fillfactor=50) DISTRIBUTED BY (a)"),
              "CREATE TABLE s.t (a integer, b text DEFAULT 'WITH (x)') USING ao_column WITH "
              "(compresstype=zlib) "
              "DISTRIBUTED BY (a)");
    EXPECT_EQ(gp7_table_storage_syntax("CREATE TABLE s.t (a integer) WITH (appendonly=true)"),
              "CREATE TABLE s.t (a integer) USING ao_row");
    EXPECT_EQ(gp7_table_storage_syntax(
                  "CREATE TABLE s.t (a integer) WITH (appendonly=false, fillfactor=70)"),
              "CREATE TABLE s.t (a integer) WITH (fillfactor=70)");
    EXPECT_EQ(gp7_table_storage_syntax("CREATE TABLE s.t (a integer)"),
              "CREATE TABLE s.t (a integer)");
    // A WITH inside the GP6 partition definition is not the table's.
    const char* partitioned =
        "CREATE TABLE s.t (a integer) DISTRIBUTED BY (a) PARTITION BY RANGE(a) "
        "(START (1) END (2) WITH (appendonly=true))";
    EXPECT_EQ(gp7_table_storage_syntax(partitioned), partitioned);
}

TEST(CatalogDdl, QuotesIdentifiers) {
    EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
}

TEST(CatalogDdl, RecreateScriptOrdersAndComments) {
    Snapshot source;
    source.cluster.flavor = Flavor::postgres;
    source.objects = {
        object(ObjectKind::sequence, "s.seq", {}, "",
               {{"increment", "1"},
                {"start", "1"},
                {"cache", "1"},
                {"cycle", "f"},
                {"last_value", "42"},
                {"owned_by", "s.t.id"}}),
        object(ObjectKind::table, "s.t", {},
               "CREATE TABLE s.t (id integer DEFAULT nextval('s.seq'::regclass))",
               {{"owner", "app"}}),
        object(ObjectKind::column, "s.t.id", {{ObjectKind::table, "s.t"}},
               "ALTER TABLE s.t ADD COLUMN id integer", {{"default", "nextval('s.seq'::regclass)"}},
               "s.t"),
        object(ObjectKind::role, "app", {}, "CREATE ROLE app LOGIN",
               {{"login", "t"}, {"member_of", "{staff}"}}),
        object(ObjectKind::function, "s.py()", {}, "CREATE FUNCTION s.py() ...",
               {{"language", "plpythonu"}}),
        object(ObjectKind::privilege, "table s.t app", {{ObjectKind::table, "s.t"}}, "",
               {{"object_kind", "table"},
                {"object", "s.t"},
                {"grantee", "app"},
                {"privileges", "INSERT,SELECT"},
                {"grant_option", "SELECT"}}),
    };
    source.sort();
    Snapshot target;
    target.cluster.flavor = Flavor::gp7;
    DiffResult d;
    d.source.snapshot = source;
    d.target.snapshot = target;
    d.findings = {
        {ObjectKind::table, "s.t", FindingStatus::missing_in_target, {}, "", ""},
        {ObjectKind::column, "s.t.id", FindingStatus::missing_in_target, {}, "", ""},
        {ObjectKind::sequence, "s.seq", FindingStatus::missing_in_target, {}, "", ""},
        {ObjectKind::role, "app", FindingStatus::missing_in_target, {}, "", ""},
        {ObjectKind::function,
         "s.py()",
         FindingStatus::incompatible,
         {},
         "languages",
         "plpythonu was removed"},
        {ObjectKind::privilege, "table s.t app", FindingStatus::missing_in_target, {}, "", ""},
    };
    ClusterIdentity si;
    ClusterIdentity ti;
    ti.flavor = Flavor::gp7;
    auto script = render_recreate(d, si, ti);
    const std::string& sql = script.sql;
    auto pos = [&](const std::string& needle) {
        auto p = sql.find(needle);
        EXPECT_NE(p, std::string::npos) << needle << "\n" << sql;
        return p;
    };
    EXPECT_LT(pos("CREATE SEQUENCE s.seq"), pos("CREATE TABLE s.t"));
    EXPECT_LT(pos("CREATE TABLE s.t"), pos("GRANT INSERT ON TABLE s.t TO app;"));
    pos("GRANT SELECT ON TABLE s.t TO app WITH GRANT OPTION;");
    pos("SELECT pg_catalog.setval('s.seq', 42, true);");
    pos("ALTER SEQUENCE s.seq OWNED BY s.t.id;");
    pos("ALTER TABLE s.t OWNER TO app;");
    pos("GRANT staff TO app;");
    pos("-- not recreated: the password");
    pos("-- not rendered: plpythonu was removed");
    EXPECT_EQ(sql.find("ADD COLUMN id"), std::string::npos); // part of CREATE TABLE
    EXPECT_EQ(sql.find("\nCREATE FUNCTION s.py()"), std::string::npos);
    EXPECT_EQ(script.not_rendered, 1);
    // Deterministic.
    EXPECT_EQ(render_recreate(d, si, ti).sql, sql);
}

TEST(CatalogDdl, NameWithLineBreaksStaysInsideItsComment) {
    // A comment ends at a newline or a carriage return: the rest of such a name, printed in a
    // `-- missing_in_target:` line, would otherwise be run as SQL.
    const std::string schema = "\"a\nb\rc\"";
    Snapshot source;
    source.cluster.flavor = Flavor::postgres;
    source.objects = {object(ObjectKind::schema, schema, {}, "CREATE SCHEMA " + schema)};
    source.sort();
    DiffResult d;
    d.source.snapshot = source;
    d.findings = {{ObjectKind::schema, schema, FindingStatus::missing_in_target, {}, "", ""}};
    ClusterIdentity si;
    si.database = "db\nDROP TABLE x;";
    const std::string sql = render_recreate(d, si, ClusterIdentity{}).sql;
    EXPECT_NE(sql.find("-- source: database db\n-- DROP TABLE x;"), std::string::npos) << sql;
    EXPECT_NE(sql.find("-- missing_in_target: schema \"a\n-- b\n-- c\"\n"), std::string::npos)
        << sql;
}

TEST(CatalogDdl, Gp6TableRecreatedInGp7Syntax) {
    Snapshot source;
    source.cluster.flavor = Flavor::gp6;
    source.objects = {
        object(ObjectKind::table, "s.events", {},
               "CREATE TABLE s.events (id integer, at abstime) WITH (appendonly=true, "
               "orientation=column, compresstype=quicklz) DISTRIBUTED BY (id)",
               {{"storage", "ao_column"},
                {"options", "{appendonly=true,compresstype=quicklz,orientation=column}"}}),
        object(ObjectKind::column, "s.events.id", {}, "", {{"position", "1"}, {"type", "integer"}},
               "s.events"),
        object(ObjectKind::column, "s.events.at", {}, "", {{"position", "2"}, {"type", "abstime"}},
               "s.events"),
    };
    source.sort();
    Snapshot target;
    target.cluster.flavor = Flavor::gp7;
    DiffResult d = diff(source, target);
    ClusterIdentity si;
    si.flavor = Flavor::gp6;
    ClusterIdentity ti;
    ti.flavor = Flavor::gp7;
    std::string sql = render_recreate(d, si, ti).sql;
    EXPECT_NE(sql.find("CREATE TABLE s.events (\"id\" integer, \"at\" timestamp with time zone) "
                       "USING ao_column "
                       "WITH (compresstype=zstd) DISTRIBUTED BY (id);"),
              std::string::npos)
        << sql;
    EXPECT_NE(sql.find("-- incompatible: column s.events.at"), std::string::npos) << sql;
}

TEST(CatalogDdl, ColumnDefinitionKeepsAocsEncoding) {
    CatalogObject column;
    column.kind = ObjectKind::column;
    column.name = "v";
    column.attributes = {{"type", "text"},
                         {"not_null", "t"},
                         {"encoding", "{blocksize=32768,compresslevel=1,compresstype=zlib}"}};
    EXPECT_EQ(column_definition(column),
              "\"v\" text NOT NULL ENCODING (blocksize=32768, compresslevel=1, compresstype=zlib)");
    column.set("encoding", std::nullopt);
    EXPECT_EQ(column_definition(column), "\"v\" text NOT NULL");
}
