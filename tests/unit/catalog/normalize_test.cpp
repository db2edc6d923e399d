#include "catalog/normalize.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace gpparity::catalog;

namespace {

CatalogObject object(ObjectKind kind, std::string identity, std::vector<Attribute> attributes,
                     std::string parent = {}, std::string name = {}) {
    CatalogObject o;
    o.kind = kind;
    o.identity = std::move(identity);
    o.schema = "s";
    o.name = name.empty() ? o.identity.substr(o.identity.rfind('.') + 1) : name;
    o.parent = std::move(parent);
    o.attributes = std::move(attributes);
    return o;
}

Snapshot snapshot_of(Flavor flavor, std::vector<CatalogObject> objects) {
    Snapshot s;
    s.cluster.flavor = flavor;
    s.objects = std::move(objects);
    s.sort();
    return s;
}

const NormalizeContext k_gp6_source{Flavor::gp6, Flavor::gp7, true, {}};
const NormalizeContext k_gp7_target{Flavor::gp6, Flavor::gp7, false, {}};
const NormalizeContext k_pg_source{Flavor::postgres, Flavor::postgres, true, {}};

// Runs one rule alone and returns the normalized snapshot.
NormalizedSnapshot run_rule(void (*rule)(RuleRun&), Snapshot snapshot,
                            const NormalizeContext& context, const char* name = "rule") {
    NormalizedSnapshot out;
    RuleRun run(snapshot, out, context);
    run.set_rule(name);
    rule(run);
    run.finish();
    out.snapshot = std::move(snapshot);
    return out;
}

} // namespace

TEST(Normalize, ParsesAndFormatsOptions) {
    auto options = parse_options("{appendonly=true,\"Orientation=column\",compresstype=zlib}");
    EXPECT_EQ(options.size(), 3u);
    EXPECT_EQ(options["orientation"], "column");
    EXPECT_EQ(format_options(options), "{appendonly=true,compresstype=zlib,orientation=column}");
    EXPECT_EQ(format_options({{"a", "x y"}}), "{\"a=x y\"}");
}

TEST(Normalize, CollapsesWhitespace) {
    EXPECT_EQ(collapse_whitespace("  SELECT a,\n    b\tFROM t;  "), "SELECT a, b FROM t");
}

TEST(Normalize, HalfOpenBounds) {
    EXPECT_EQ(half_open_bound("FOR VALUES FROM (1) EXCLUSIVE TO (10) INCLUSIVE"),
              "FOR VALUES FROM (2) TO (11)");
    EXPECT_EQ(half_open_bound("FOR VALUES FROM (1) TO (10)"), "FOR VALUES FROM (1) TO (10)");
    EXPECT_EQ(half_open_bound("FOR VALUES FROM ('2020-12-31') TO ('2021-02-28') INCLUSIVE"),
              "FOR VALUES FROM ('2020-12-31') TO ('2021-03-01')");
    EXPECT_EQ(half_open_bound("FOR VALUES FROM ('2024-02-28') EXCLUSIVE TO (MAXVALUE)"),
              "FOR VALUES FROM ('2024-02-29') TO (MAXVALUE)");
    EXPECT_EQ(half_open_bound("FOR VALUES FROM (1.5) EXCLUSIVE TO (3)"), std::nullopt);
    EXPECT_EQ(half_open_bound("DEFAULT"), "DEFAULT");
}

TEST(Normalize, ReplacesRemovedTypes) {
    std::string missing;
    EXPECT_EQ(replace_removed_types("abstime[]", &missing), "timestamp with time zone[]");
    EXPECT_EQ(replace_removed_types("reltime, integer"), "interval, integer");
    EXPECT_EQ(replace_removed_types("s.abstime, \"abstime\", my_abstime"),
              "s.abstime, \"abstime\", my_abstime");
    EXPECT_TRUE(missing.empty());
    EXPECT_EQ(replace_removed_types("tinterval", &missing), "tinterval");
    EXPECT_EQ(missing, "tinterval");
}

TEST(Normalize, CoordinatorNaming) {
    auto s = snapshot_of(
        Flavor::gp6,
        {object(ObjectKind::function, "s.f()", {{"exec_location", "master"}}),
         object(ObjectKind::external_table, "s.e", {{"exec_location", "{MASTER_ONLY}"}})});
    auto n = run_rule(rule_coordinator_naming, s, k_gp6_source, "coordinator_naming");
    EXPECT_EQ(n.snapshot.find(ObjectKind::function, "s.f()")->get("exec_location"), "coordinator");
    EXPECT_EQ(n.snapshot.find(ObjectKind::external_table, "s.e")->get("exec_location"),
              "{COORDINATOR_ONLY}");
    const auto* notes = n.notes_for(ObjectKind::function, "s.f()");
    ASSERT_NE(notes, nullptr);
    EXPECT_EQ(notes->effects.at(0).rule, "coordinator_naming");
    EXPECT_EQ(notes->effects.at(0).before, "master");
}

TEST(Normalize, StorageAccessMethod) {
    auto s = snapshot_of(Flavor::gp6, {object(ObjectKind::table, "s.t", {{"storage", "c"}})});
    auto n = run_rule(rule_storage_access_method, s, k_gp6_source);
    EXPECT_EQ(n.snapshot.find(ObjectKind::table, "s.t")->get("storage"), "ao_column");
}

TEST(Normalize, AoReloptionsMeetGp7) {
    auto gp6 = snapshot_of(
        Flavor::gp6,
        {object(
             ObjectKind::table, "s.t",
             {{"storage", "ao_column"},
              {"options", "{appendonly=true,compresstype=ZLIB,fillfactor=50,orientation=column}"},
              {"ao_options", "blocksize=32768,checksum=t,compresslevel=1,compresstype=zlib"}}),
         object(ObjectKind::table, "s.h",
                {{"storage", "heap"}, {"options", "{appendonly=false}"}})});
    auto gp7 = snapshot_of(
        Flavor::gp7,
        {object(
            ObjectKind::table, "s.t",
            {{"storage", "ao_column"},
             {"options", "{blocksize=32768,checksum=true,compresslevel=1,compresstype=zlib}"}})});
    auto n6 = run_rule(rule_ao_reloptions, gp6, k_gp6_source);
    auto n7 = run_rule(rule_ao_reloptions, gp7, k_gp7_target);
    EXPECT_EQ(n6.snapshot.find(ObjectKind::table, "s.t")->get("options"),
              n7.snapshot.find(ObjectKind::table, "s.t")->get("options"));
    EXPECT_EQ(n6.snapshot.find(ObjectKind::table, "s.t")->find("ao_options"), nullptr);
    EXPECT_EQ(n6.snapshot.find(ObjectKind::table, "s.h")->find("options")->has_value(), false);
    // Not a GP6 -> GP7 comparison: nothing changes.
    auto same = run_rule(rule_ao_reloptions, gp6, k_pg_source);
    EXPECT_TRUE(same.notes.empty());
}

TEST(Normalize, QuicklzBecomesZstd) {
    auto s = snapshot_of(
        Flavor::gp6, {object(ObjectKind::table, "s.t", {{"options", "{compresstype=quicklz}"}})});
    auto n = run_rule(rule_quicklz, s, k_gp6_source);
    EXPECT_EQ(n.snapshot.find(ObjectKind::table, "s.t")->get("options"), "{compresstype=zstd}");
}

TEST(Normalize, ExternalTables) {
    auto s = snapshot_of(Flavor::gp6,
                         {object(ObjectKind::external_table, "s.e",
                                 {{"options", "{error_log_persistent=true}"},
                                  {"reject_limit", "-1"},
                                  {"reject_limit_type", "rows"},
                                  {"format_options", "delimiter '|'  null ''   escape E'\\\\'"}})});
    auto t = snapshot_of(Flavor::gp7,
                         {object(ObjectKind::external_table, "s.e",
                                 {{"options", "{format=text}"},
                                  {"reject_limit", std::nullopt},
                                  {"reject_limit_type", "rows"},
                                  {"format_options", "escape E'\\\\' delimiter '|' null ''"}})});
    auto ns = run_rule(rule_external_tables, s, k_gp6_source);
    auto nt = run_rule(rule_external_tables, t, k_gp7_target);
    const auto* a = ns.snapshot.find(ObjectKind::external_table, "s.e");
    const auto* b = nt.snapshot.find(ObjectKind::external_table, "s.e");
    EXPECT_EQ(a->attributes, b->attributes);
    EXPECT_EQ(a->find("options"), nullptr);
}

TEST(Normalize, PartitionBoundsAndLegacyFeatures) {
    auto s = snapshot_of(
        Flavor::gp6,
        {
            object(ObjectKind::table, "s.p_1_prt_a",
                   {{"partition_role", "leaf"},
                    {"partition_bound", "FOR VALUES FROM (0) EXCLUSIVE TO (9) INCLUSIVE"}}),
            object(ObjectKind::table, "s.p_1_prt_b",
                   {{"partition_role", "leaf"},
                    {"partition_bound", "FOR VALUES FROM (0.5) EXCLUSIVE TO (1)"}}),
            object(ObjectKind::table, "s.l",
                   {{"partition_strategy", "list"}, {"partition_key", "a, b"}}),
        });
    auto n = run_rule(rule_partition_bounds, s, k_gp6_source, "partition_bounds");
    EXPECT_EQ(n.snapshot.find(ObjectKind::table, "s.p_1_prt_a")->get("partition_bound"),
              "FOR VALUES FROM (1) TO (10)");
    ASSERT_NE(n.notes_for(ObjectKind::table, "s.p_1_prt_b"), nullptr);
    EXPECT_FALSE(n.notes_for(ObjectKind::table, "s.p_1_prt_b")->incompatible_reason.empty());
    auto l = run_rule(rule_legacy_partition_features, s, k_gp6_source);
    ASSERT_NE(l.notes_for(ObjectKind::table, "s.l"), nullptr);
    EXPECT_NE(l.notes_for(ObjectKind::table, "s.l")->incompatible_reason.find("LIST"),
              std::string::npos);
}

TEST(Normalize, PartitionChildrenDropsLeafChecksAndChildIndexes) {
    auto s = snapshot_of(Flavor::gp6,
                         {
                             object(ObjectKind::table, "s.p_1_prt_a", {{"partition_role", "leaf"}}),
                             object(ObjectKind::table, "s.p", {{"partition_role", "root"}}),
                             object(ObjectKind::constraint, "s.p_1_prt_a.p_1_prt_a_check",
                                    {{"constraint_type", "check"}}, "s.p_1_prt_a"),
                             object(ObjectKind::index, "s.p_1_prt_a.idx_leaf", {}, "s.p_1_prt_a"),
                             object(ObjectKind::index, "s.p.idx_root", {}, "s.p"),
                         });
    auto n = run_rule(rule_partition_children, s, k_gp6_source, "partition_children");
    EXPECT_EQ(n.snapshot.find(ObjectKind::constraint, "s.p_1_prt_a.p_1_prt_a_check"), nullptr);
    EXPECT_EQ(n.snapshot.find(ObjectKind::index, "s.p_1_prt_a.idx_leaf"), nullptr);
    EXPECT_NE(n.snapshot.find(ObjectKind::index, "s.p.idx_root"), nullptr);
    EXPECT_EQ(n.dropped.size(), 2u);
}

TEST(Normalize, RemovedTypesRenameRoutinesAndMarkColumns) {
    auto s = snapshot_of(
        Flavor::gp6, {
                         object(ObjectKind::column, "s.t.c", {{"type", "abstime"}}, "s.t", "c"),
                         object(ObjectKind::column, "s.t.d", {{"type", "tinterval"}}, "s.t", "d"),
                         object(ObjectKind::function, "s.f(abstime)",
                                {{"arguments", "x abstime"}, {"result", "reltime"}}),
                     });
    auto n = run_rule(rule_removed_types, s, k_gp6_source, "removed_types");
    EXPECT_EQ(n.snapshot.find(ObjectKind::column, "s.t.c")->get("type"),
              "timestamp with time zone");
    EXPECT_FALSE(n.notes_for(ObjectKind::column, "s.t.c")->incompatible_reason.empty());
    EXPECT_NE(n.notes_for(ObjectKind::column, "s.t.d")->incompatible_reason.find("tinterval"),
              std::string::npos);
    const auto* f = n.snapshot.find(ObjectKind::function, "s.f(timestamp with time zone)");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->get("result"), "interval");
    EXPECT_NE(n.notes_for(ObjectKind::function, "s.f(timestamp with time zone)"), nullptr);
}

TEST(Normalize, ProkindDropsVersionOnlyAttributes) {
    auto s = snapshot_of(Flavor::gp6,
                         {object(ObjectKind::function, "s.f()",
                                 {{"data_access", "no_sql"}, {"volatility", "immutable"}})});
    auto n = run_rule(rule_prokind, s, k_gp6_source);
    EXPECT_EQ(n.snapshot.find(ObjectKind::function, "s.f()")->find("data_access"), nullptr);
    EXPECT_NE(n.snapshot.find(ObjectKind::function, "s.f()")->find("volatility"), nullptr);
}

TEST(Normalize, DefinitionText) {
    auto s = snapshot_of(
        Flavor::gp6,
        {
            object(
                ObjectKind::trigger, "s.t.tg",
                {{"definition",
                  "CREATE TRIGGER tg AFTER INSERT ON s.t FOR EACH ROW EXECUTE PROCEDURE s.f()"}}),
            object(ObjectKind::index, "s.t.i",
                   {{"definition", "CREATE INDEX i ON ONLY s.t USING btree (a)"}}),
            object(ObjectKind::view, "s.v",
                   {{"definition", " SELECT 'x'::unknown AS c\n   FROM s.t;"}}),
        });
    auto n = run_rule(rule_definition_text, s, k_gp6_source);
    EXPECT_EQ(n.snapshot.find(ObjectKind::trigger, "s.t.tg")->get("definition"),
              "CREATE TRIGGER tg AFTER INSERT ON s.t FOR EACH ROW EXECUTE FUNCTION s.f()");
    EXPECT_EQ(n.snapshot.find(ObjectKind::index, "s.t.i")->get("definition"),
              "CREATE INDEX i ON s.t USING btree (a)");
    EXPECT_EQ(n.snapshot.find(ObjectKind::view, "s.v")->get("definition"),
              "SELECT 'x'::text AS c FROM s.t");
}

TEST(Normalize, WithOids) {
    auto s = snapshot_of(Flavor::gp6, {object(ObjectKind::table, "s.t", {{"has_oids", "t"}})});
    auto n = run_rule(rule_with_oids, s, k_gp6_source);
    EXPECT_EQ(n.snapshot.find(ObjectKind::table, "s.t")->find("has_oids"), nullptr);
}

TEST(Normalize, LanguagesPython2BecomesPython3) {
    auto s = snapshot_of(Flavor::gp6,
                         {
                             object(ObjectKind::language, "plpythonu",
                                    {{"handler", "plpython_call_handler()"}}, "", "plpythonu"),
                             object(ObjectKind::function, "s.py()",
                                    {{"language", "plpythonu"}, {"library", "$libdir/plpython2"}}),
                         });
    auto n = run_rule(rule_languages, s, k_gp6_source, "languages");
    const auto* lang = n.snapshot.find(ObjectKind::language, "plpython3u");
    ASSERT_NE(lang, nullptr);
    EXPECT_EQ(lang->get("handler"), "plpython3_call_handler()");
    const auto* f = n.snapshot.find(ObjectKind::function, "s.py()");
    EXPECT_EQ(f->get("language"), "plpython3u");
    EXPECT_EQ(f->get("library"), "$libdir/plpython3");
    EXPECT_FALSE(n.notes_for(ObjectKind::function, "s.py()")->incompatible_reason.empty());
}

TEST(Normalize, BuiltinRoles) {
    auto target =
        snapshot_of(Flavor::gp7, {object(ObjectKind::role, "pg_monitor", {}, "", "pg_monitor"),
                                  object(ObjectKind::role, "app", {}, "", "app")});
    auto n = run_rule(rule_builtin_roles, target, k_gp7_target);
    EXPECT_EQ(n.snapshot.find(ObjectKind::role, "pg_monitor"), nullptr);
    EXPECT_NE(n.snapshot.find(ObjectKind::role, "app"), nullptr);
    auto source = snapshot_of(
        Flavor::gp6, {object(ObjectKind::role, "pg_app", {{"catalog_update", "f"}}, "", "pg_app")});
    auto m = run_rule(rule_builtin_roles, source, k_gp6_source);
    EXPECT_FALSE(m.notes_for(ObjectKind::role, "pg_app")->incompatible_reason.empty());
    EXPECT_EQ(m.snapshot.find(ObjectKind::role, "pg_app")->find("catalog_update"), nullptr);
}

TEST(Normalize, LegacyHashOpclasses) {
    auto s = snapshot_of(Flavor::gp6,
                         {object(ObjectKind::table, "s.t",
                                 {{"distribution_key", "v pg_catalog.cdbhash_varchar_ops"}})});
    auto n = run_rule(rule_legacy_hash_opclasses, s, k_gp6_source);
    EXPECT_EQ(n.snapshot.find(ObjectKind::table, "s.t")->get("distribution_key"),
              "v pg_catalog.cdbhash_text_ops");
}

TEST(Normalize, ResourceGroupsCompareNamesOnly) {
    auto t = snapshot_of(Flavor::gp7,
                         {object(ObjectKind::resource_group, "system_group", {{"settings", "x"}},
                                 "", "system_group"),
                          object(ObjectKind::resource_group, "g", {{"settings", "y"}}, "", "g")});
    auto n = run_rule(rule_resource_groups, t, k_gp7_target);
    EXPECT_EQ(n.snapshot.find(ObjectKind::resource_group, "system_group"), nullptr);
    EXPECT_EQ(n.snapshot.find(ObjectKind::resource_group, "g")->find("settings"), nullptr);
}

TEST(Normalize, ExecuteOnNonSetFunctionIsIncompatible) {
    auto s = snapshot_of(Flavor::gp6,
                         {object(ObjectKind::function, "s.f()",
                                 {{"exec_location", "all_segments"}, {"returns_set", "f"}}),
                          object(ObjectKind::function, "s.g()",
                                 {{"exec_location", "all_segments"}, {"returns_set", "t"}})});
    auto n = run_rule(rule_execute_on, s, k_gp6_source);
    EXPECT_NE(n.notes_for(ObjectKind::function, "s.f()"), nullptr);
    EXPECT_EQ(n.notes_for(ObjectKind::function, "s.g()"), nullptr);
}

TEST(Normalize, EveryRuleIsNamedAndRegistered) {
    std::set<std::string_view> names;
    for (const auto& rule : normalization_rules()) {
        EXPECT_FALSE(rule.name.empty());
        EXPECT_FALSE(rule.summary.empty());
        EXPECT_TRUE(names.insert(rule.name).second) << rule.name;
    }
    EXPECT_GE(names.size(), 17u);
}

TEST(Normalize, PostgresToPostgresChangesNothingButCanonicalText) {
    auto s = snapshot_of(
        Flavor::postgres,
        {object(ObjectKind::table, "s.t", {{"storage", "heap"}, {"options", "{fillfactor=50}"}}),
         object(ObjectKind::function, "s.f()", {{"body", " SELECT 1 "}})});
    auto n = normalize(s, k_pg_source);
    ASSERT_EQ(n.snapshot.objects.size(), s.objects.size());
    for (std::size_t i = 0; i < s.objects.size(); ++i) {
        EXPECT_EQ(n.snapshot.objects[i].identity, s.objects[i].identity);
        EXPECT_EQ(n.snapshot.objects[i].attributes, s.objects[i].attributes);
    }
    EXPECT_TRUE(n.notes.empty());
}
