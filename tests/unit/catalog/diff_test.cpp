#include "catalog/diff.hpp"

#include <gtest/gtest.h>

using namespace gpparity::catalog;

namespace {

CatalogObject object(ObjectKind kind, std::string identity, std::vector<Attribute> attributes,
                     std::string parent = {}) {
    CatalogObject o;
    o.kind = kind;
    o.identity = std::move(identity);
    o.schema = "shop";
    o.name = o.identity.substr(o.identity.rfind('.') + 1);
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

std::vector<CatalogObject> shop() {
    return {
        object(ObjectKind::schema, "shop", {{"owner", "app"}}),
        object(ObjectKind::table, "shop.orders", {{"owner", "app"}, {"storage", "heap"}}),
        object(ObjectKind::column, "shop.orders.id",
               {{"type", "integer"}, {"default", "nextval('shop.s'::regclass)"}}, "shop.orders"),
        object(ObjectKind::column, "shop.orders.note", {{"type", "text"}, {"default", "'x'::text"}},
               "shop.orders"),
        object(ObjectKind::sequence, "shop.s",
               {{"increment", "1"}, {"cache", "1"}, {"last_value", "10"}}),
        object(ObjectKind::function, "shop.f(numeric)",
               {{"body", "SELECT $1"}, {"language", "sql"}}),
        object(ObjectKind::view, "shop.v", {{"definition", "SELECT 1"}}),
        object(ObjectKind::index, "shop.orders.i",
               {{"definition", "CREATE INDEX i ON shop.orders USING btree (id)"}}, "shop.orders"),
        object(ObjectKind::privilege, "table shop.orders r", {{"privileges", "INSERT,SELECT"}},
               "shop.orders"),
    };
}

const Finding* find(const DiffResult& r, FindingStatus status, ObjectKind kind,
                    const std::string& object) {
    for (const auto& f : r.findings) {
        if (f.status == status && f.kind == kind && f.object == object) {
            return &f;
        }
    }
    return nullptr;
}

void edit(std::vector<CatalogObject>& objects, ObjectKind kind, const std::string& identity,
          const std::string& attribute, std::optional<std::string> value) {
    for (auto& o : objects) {
        if (o.kind == kind && o.identity == identity) {
            o.set(attribute, std::move(value));
        }
    }
}

void remove(std::vector<CatalogObject>& objects, ObjectKind kind, const std::string& identity) {
    std::erase_if(objects,
                  [&](const CatalogObject& o) { return o.kind == kind && o.identity == identity; });
}

} // namespace

TEST(CatalogDiff, IdenticalSnapshotsHaveNoFindings) {
    auto r = diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, shop()));
    EXPECT_TRUE(r.findings.empty());
    EXPECT_EQ(r.compared.at("column"), 2u);
    EXPECT_EQ(r.compared.at("table"), 1u);
}

TEST(CatalogDiff, ReportsEachKindOfDrift) {
    auto target = shop();
    remove(target, ObjectKind::index, "shop.orders.i");
    edit(target, ObjectKind::function, "shop.f(numeric)", "body", "SELECT $1 + 1");
    edit(target, ObjectKind::column, "shop.orders.id", "type", "bigint");
    edit(target, ObjectKind::column, "shop.orders.note", "default", std::nullopt);
    edit(target, ObjectKind::sequence, "shop.s", "increment", "5");
    edit(target, ObjectKind::view, "shop.v", "definition", "SELECT 2");
    edit(target, ObjectKind::privilege, "table shop.orders r", "privileges", "SELECT");
    target.push_back(object(ObjectKind::table, "shop.extra", {}));
    target.push_back(
        object(ObjectKind::column, "shop.extra.a", {{"type", "integer"}}, "shop.extra"));
    auto r = diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, target));

    EXPECT_NE(find(r, FindingStatus::missing_in_target, ObjectKind::index, "shop.orders.i"),
              nullptr);
    EXPECT_NE(find(r, FindingStatus::extra_in_target, ObjectKind::table, "shop.extra"), nullptr);
    // The extra table's column is part of the extra table.
    EXPECT_EQ(find(r, FindingStatus::extra_in_target, ObjectKind::column, "shop.extra.a"), nullptr);
    const auto* body = find(r, FindingStatus::changed, ObjectKind::function, "shop.f(numeric)");
    ASSERT_NE(body, nullptr);
    ASSERT_EQ(body->details.size(), 1u);
    EXPECT_EQ(body->details[0], (FindingDetail{"body", "SELECT $1", "SELECT $1 + 1"}));
    const auto* type = find(r, FindingStatus::changed, ObjectKind::column, "shop.orders.id");
    ASSERT_NE(type, nullptr);
    EXPECT_EQ(type->details[0].attribute, "type");
    const auto* lost = find(r, FindingStatus::changed, ObjectKind::column, "shop.orders.note");
    ASSERT_NE(lost, nullptr);
    EXPECT_EQ(lost->details[0], (FindingDetail{"default", "'x'::text", std::nullopt}));
    EXPECT_NE(find(r, FindingStatus::changed, ObjectKind::sequence, "shop.s"), nullptr);
    EXPECT_NE(find(r, FindingStatus::changed, ObjectKind::view, "shop.v"), nullptr);
    EXPECT_NE(find(r, FindingStatus::changed, ObjectKind::privilege, "table shop.orders r"),
              nullptr);
    EXPECT_EQ(r.findings.size(), 8u);
    // Sorted by (status, kind, object).
    for (std::size_t i = 1; i < r.findings.size(); ++i) {
        EXPECT_LE(r.findings[i - 1].status, r.findings[i].status);
    }
}

TEST(CatalogDiff, MissingTableReportsTableNotItsColumns) {
    auto target = shop();
    remove(target, ObjectKind::table, "shop.orders");
    remove(target, ObjectKind::column, "shop.orders.id");
    remove(target, ObjectKind::column, "shop.orders.note");
    auto r = diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, target));
    EXPECT_NE(find(r, FindingStatus::missing_in_target, ObjectKind::table, "shop.orders"), nullptr);
    EXPECT_EQ(find(r, FindingStatus::missing_in_target, ObjectKind::column, "shop.orders.id"),
              nullptr);
}

TEST(CatalogDiff, SequenceLastValueAheadIsFineBehindIsChanged) {
    auto ahead = shop();
    edit(ahead, ObjectKind::sequence, "shop.s", "last_value", "500");
    EXPECT_TRUE(diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, ahead))
                    .findings.empty());
    auto behind = shop();
    edit(behind, ObjectKind::sequence, "shop.s", "last_value", "3");
    auto r = diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, behind));
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings[0].details[0].attribute, "last_value");
    auto never = shop();
    edit(never, ObjectKind::sequence, "shop.s", "last_value", std::nullopt);
    EXPECT_EQ(diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, never))
                  .findings.size(),
              1u);
}

TEST(CatalogDiff, AttributeOnOneSideOnlyIsNotCompared) {
    auto source = shop();
    edit(source, ObjectKind::function, "shop.f(numeric)", "data_access", "no_sql");
    EXPECT_TRUE(diff(snapshot_of(Flavor::postgres, source), snapshot_of(Flavor::postgres, shop()))
                    .findings.empty());
}

TEST(CatalogDiff, Gp6ToGp7DifferencesAreExpectedChanges) {
    std::vector<CatalogObject> gp6 = {
        object(ObjectKind::table, "shop.ao",
               {{"storage", "ao_column"},
                {"options", "{appendonly=true,orientation=column,compresstype=zlib}"},
                {"ao_options", "blocksize=32768,checksum=t,compresslevel=1,compresstype=zlib"}}),
        object(ObjectKind::function, "shop.f()",
               {{"exec_location", "master"}, {"data_access", "no_sql"}}),
        object(ObjectKind::sequence, "shop.s", {{"cache", "1"}, {"data_type", "bigint"}}),
        object(ObjectKind::trigger, "shop.ao.tg",
               {{"definition", "CREATE TRIGGER tg BEFORE INSERT ON shop.ao FOR EACH ROW EXECUTE "
                               "PROCEDURE shop.f()"}},
               "shop.ao"),
        object(ObjectKind::column, "shop.ao.at", {{"type", "abstime"}}, "shop.ao"),
    };
    std::vector<CatalogObject> gp7 = {
        object(ObjectKind::table, "shop.ao",
               {{"storage", "ao_column"},
                {"options", "{blocksize=32768,checksum=true,compresslevel=1,compresstype=zlib}"}}),
        object(ObjectKind::function, "shop.f()",
               {{"exec_location", "coordinator"}, {"parallel", "unsafe"}}),
        object(ObjectKind::sequence, "shop.s", {{"cache", "20"}, {"data_type", "bigint"}}),
        object(
            ObjectKind::trigger, "shop.ao.tg",
            {{"definition",
              "CREATE TRIGGER tg BEFORE INSERT ON shop.ao FOR EACH ROW EXECUTE FUNCTION shop.f()"}},
            "shop.ao"),
        object(ObjectKind::column, "shop.ao.at", {{"type", "timestamp with time zone"}}, "shop.ao"),
    };
    auto r = diff(snapshot_of(Flavor::gp6, gp6), snapshot_of(Flavor::gp7, gp7));
    for (const auto& f : r.findings) {
        EXPECT_EQ(f.status, FindingStatus::expected_change) << f.object;
        EXPECT_FALSE(f.rule.empty()) << f.object;
    }
    EXPECT_EQ(r.findings.size(), 5u);
    EXPECT_EQ(find(r, FindingStatus::expected_change, ObjectKind::table, "shop.ao")->rule,
              "ao_reloptions");
    EXPECT_EQ(find(r, FindingStatus::expected_change, ObjectKind::sequence, "shop.s")->rule,
              "sequence_cache_default");
    EXPECT_EQ(find(r, FindingStatus::expected_change, ObjectKind::trigger, "shop.ao.tg")->rule,
              "definition_text");
    EXPECT_EQ(find(r, FindingStatus::expected_change, ObjectKind::column, "shop.ao.at")->rule,
              "removed_types");
}

TEST(CatalogDiff, IncompatibleSourceObjects) {
    std::vector<CatalogObject> gp6 = {
        object(ObjectKind::function, "shop.py()",
               {{"language", "plpythonu"}, {"body", "return 1"}}),
        object(ObjectKind::column, "shop.t.c", {{"type", "tinterval"}}, "shop.t"),
        object(ObjectKind::table, "shop.t", {}),
    };
    std::vector<CatalogObject> gp7 = {
        object(ObjectKind::table, "shop.t", {}),
        object(ObjectKind::column, "shop.t.c", {{"type", "text"}}, "shop.t"),
    };
    auto r = diff(snapshot_of(Flavor::gp6, gp6), snapshot_of(Flavor::gp7, gp7));
    const auto* py = find(r, FindingStatus::incompatible, ObjectKind::function, "shop.py()");
    ASSERT_NE(py, nullptr);
    EXPECT_NE(py->reason.find("plpython"), std::string::npos);
    const auto* c = find(r, FindingStatus::incompatible, ObjectKind::column, "shop.t.c");
    ASSERT_NE(c, nullptr);
    EXPECT_NE(c->reason.find("tinterval"), std::string::npos);
    EXPECT_EQ(c->details.size(), 1u);
}

TEST(CatalogDiff, PairRules) {
    CatalogObject seq = object(ObjectKind::sequence, "s.q", {{"increment", "-1"}});
    NormalizeContext crossing{Flavor::gp6, Flavor::gp7, true, {}};
    NormalizeContext same{Flavor::gp7, Flavor::gp7, true, {}};
    EXPECT_EQ(pair_rule(seq, "last_value", "10", "5", same), std::string());
    EXPECT_EQ(pair_rule(seq, "last_value", "10", "11", same), std::nullopt);
    EXPECT_EQ(pair_rule(seq, "cache", "1", "20", crossing), "sequence_cache_default");
    EXPECT_EQ(pair_rule(seq, "cache", "1", "20", same), std::nullopt);
    EXPECT_EQ(pair_rule(seq, "max", "9223372036854775807", "2147483647", crossing),
              "serial_sequence_type");
}

TEST(CatalogDiff, DeterministicOutput) {
    auto target = shop();
    edit(target, ObjectKind::view, "shop.v", "definition", "SELECT 2");
    remove(target, ObjectKind::index, "shop.orders.i");
    auto a = diff(snapshot_of(Flavor::postgres, shop()), snapshot_of(Flavor::postgres, target));
    auto reversed = shop();
    std::reverse(reversed.begin(), reversed.end());
    auto b = diff(snapshot_of(Flavor::postgres, reversed), snapshot_of(Flavor::postgres, target));
    EXPECT_EQ(a.findings, b.findings);
}

TEST(CatalogDiff, RenamedDatabaseIsExpectedChangeNotMissingAndExtra) {
    auto source = shop();
    source.push_back(object(ObjectKind::database, "shop", {{"encoding", "UTF8"}}));
    source.push_back(object(ObjectKind::privilege, "database shop r", {{"privileges", "CONNECT"}}));
    source.push_back(object(ObjectKind::comment, "database shop", {{"text", "the shop"}}));
    auto target = shop();
    target.push_back(object(ObjectKind::database, "shop_gp7", {{"encoding", "UTF8"}}));
    target.push_back(
        object(ObjectKind::privilege, "database shop_gp7 r", {{"privileges", "CONNECT"}}));
    target.push_back(object(ObjectKind::comment, "database shop_gp7", {{"text", "the shop"}}));
    auto r = diff(snapshot_of(Flavor::postgres, source), snapshot_of(Flavor::postgres, target));
    ASSERT_EQ(r.findings.size(), 1u)
        << to_string(r.findings[0].status) << " " << r.findings[0].object;
    const auto& f = r.findings[0];
    EXPECT_EQ(f.status, FindingStatus::expected_change);
    EXPECT_EQ(f.kind, ObjectKind::database);
    EXPECT_EQ(f.rule, "database_name");
    ASSERT_EQ(f.details.size(), 1u);
    EXPECT_EQ(f.details[0].source, "shop");
    EXPECT_EQ(f.details[0].target, "shop_gp7");

    // A real difference on the renamed database is still reported.
    target.back().set("text", "another shop");
    auto changed =
        diff(snapshot_of(Flavor::postgres, source), snapshot_of(Flavor::postgres, target));
    EXPECT_NE(find(changed, FindingStatus::changed, ObjectKind::comment, "database shop"), nullptr);
}

TEST(CatalogDiff, CoverageLimitsTheComparisonToWhatTheSourceDescribes) {
    auto source_agg = object(ObjectKind::aggregate, "s.a(integer)", {{"state_type", "bigint"}});
    auto source_view = object(ObjectKind::view, "s.v", {{"definition", " SELECT 1;"}});
    auto target = snapshot_of(
        Flavor::gp6, {object(ObjectKind::aggregate, "s.a(integer)", {{"state_type", "int"}}),
                      object(ObjectKind::view, "s.v", {{"definition", " SELECT 1;"}}),
                      object(ObjectKind::column, "s.v.x", {{"type", "integer"}}, "s.v")});
    // Fully covered: both differences are findings (the test can fail).
    auto full = diff(snapshot_of(Flavor::gp6, {source_agg, source_view}), target);
    ASSERT_EQ(full.findings.size(), 2u);
    EXPECT_EQ(full.findings[0].status, FindingStatus::extra_in_target);
    EXPECT_EQ(full.findings[1].status, FindingStatus::changed);
    // Presence-only aggregate, view without members: nothing to report.
    source_agg.coverage = Coverage::presence;
    source_view.coverage = Coverage::no_members;
    auto partial = diff(snapshot_of(Flavor::gp6, {source_agg, source_view}), target);
    EXPECT_TRUE(partial.findings.empty());
    // Presence is still compared.
    auto missing = diff(snapshot_of(Flavor::gp6, {source_agg, source_view}),
                        snapshot_of(Flavor::gp6, {object(ObjectKind::view, "s.v", {})}));
    ASSERT_EQ(missing.findings.size(), 1u);
    EXPECT_EQ(missing.findings[0].status, FindingStatus::missing_in_target);
    EXPECT_EQ(missing.findings[0].kind, ObjectKind::aggregate);
}
