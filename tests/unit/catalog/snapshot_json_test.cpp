#include "catalog/error.hpp"
#include "catalog/snapshot_json.hpp"

#include <gtest/gtest.h>

using gpparity::catalog::Attribute;
using gpparity::catalog::CatalogObject;
using gpparity::catalog::ObjectKind;
using gpparity::catalog::ObjectRef;
using gpparity::catalog::Snapshot;
using gpparity::catalog::UsageError;

namespace {

Snapshot sample() {
    Snapshot s;
    s.query_count = 31;
    CatalogObject table;
    table.kind = ObjectKind::table;
    table.identity = "\"Weird \"\"Schema\"\"\".\"Select\"";
    table.schema = "Weird \"Schema\"";
    table.name = "Select";
    table.attributes = {
        {"owner", "alice"}, {"tablespace", std::nullopt}, {"columns", "\"naïve col\", a"}};
    table.depends_on = {{ObjectKind::schema, "\"Weird \"\"Schema\"\"\""},
                        {ObjectKind::role, "alice"}};
    table.ddl = "CREATE TABLE \"Weird \"\"Schema\"\"\".\"Select\" (\"naïve col\" text, a integer)";
    CatalogObject schema;
    schema.kind = ObjectKind::schema;
    schema.identity = "\"Weird \"\"Schema\"\"\"";
    schema.schema = "Weird \"Schema\"";
    schema.name = "Weird \"Schema\"";
    schema.attributes = {{"owner", "alice"}};
    CatalogObject column;
    column.kind = ObjectKind::column;
    column.identity = table.identity + ".\"naïve col\"";
    column.parent = table.identity;
    column.attributes = {{"type", "text"}, {"default", "'it''s'::text"}, {"position", "1"}};
    schema.coverage = gpparity::catalog::Coverage::presence;
    s.objects = {table, column, schema};
    return s;
}

} // namespace

TEST(SnapshotJson, RoundTripKeepsEveryFieldAndAttributeOrder) {
    Snapshot s = sample();
    Snapshot back;
    gpparity::catalog::snapshot_from_json(gpparity::catalog::snapshot_to_json(s), back);
    s.sort();
    ASSERT_EQ(back.objects.size(), 3u);
    EXPECT_EQ(back.query_count, 31);
    for (std::size_t i = 0; i < s.objects.size(); ++i) {
        EXPECT_EQ(back.objects[i].kind, s.objects[i].kind);
        EXPECT_EQ(back.objects[i].identity, s.objects[i].identity);
        EXPECT_EQ(back.objects[i].schema, s.objects[i].schema);
        EXPECT_EQ(back.objects[i].name, s.objects[i].name);
        EXPECT_EQ(back.objects[i].parent, s.objects[i].parent);
        EXPECT_EQ(back.objects[i].ddl, s.objects[i].ddl);
        EXPECT_EQ(back.objects[i].attributes, s.objects[i].attributes);
        EXPECT_EQ(back.objects[i].coverage, s.objects[i].coverage);
    }
    const CatalogObject* t = back.find(ObjectKind::table, "\"Weird \"\"Schema\"\"\".\"Select\"");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->attributes[0].name, "owner");
    EXPECT_EQ(t->attributes[1].name, "tablespace");
    EXPECT_FALSE(t->attributes[1].value.has_value());
    // Dependencies come back sorted (kind, identity).
    ASSERT_EQ(t->depends_on.size(), 2u);
    EXPECT_EQ(t->depends_on[0], (ObjectRef{ObjectKind::role, "alice"}));
}

TEST(SnapshotJson, OutputIsDeterministicWhateverTheInputOrder) {
    Snapshot a = sample();
    Snapshot b = sample();
    std::reverse(b.objects.begin(), b.objects.end());
    std::reverse(b.objects[0].depends_on.begin(), b.objects[0].depends_on.end());
    EXPECT_EQ(gpparity::catalog::snapshot_to_json(a).dump(),
              gpparity::catalog::snapshot_to_json(b).dump());
    auto j = gpparity::catalog::snapshot_to_json(a);
    EXPECT_EQ(j["objects"][0]["kind"], "schema");
    EXPECT_FALSE(j["objects"][0].contains("ddl")) << "empty fields are omitted";
}

TEST(SnapshotJson, RejectsMalformedObjectsWithTheirName) {
    auto j = gpparity::catalog::snapshot_to_json(sample());
    Snapshot out;
    auto bad_kind = j;
    bad_kind["objects"][0]["kind"] = "spaceship";
    EXPECT_THROW(gpparity::catalog::snapshot_from_json(bad_kind, out), UsageError);
    auto bad_attr = j;
    bad_attr["objects"][1]["attributes"][0] = nlohmann::json::array({"owner", 42});
    try {
        gpparity::catalog::snapshot_from_json(bad_attr, out);
        FAIL();
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("attribute"), std::string::npos) << e.what();
    }
    auto duplicate = j;
    duplicate["objects"].push_back(j["objects"][0]);
    EXPECT_THROW(gpparity::catalog::snapshot_from_json(duplicate, out), UsageError);
    EXPECT_THROW(gpparity::catalog::snapshot_from_json(nlohmann::json::array(), out), UsageError);
    auto bad_dep = j;
    bad_dep["objects"][2]["depends_on"] = nlohmann::json::array({"nokind"});
    EXPECT_THROW(gpparity::catalog::snapshot_from_json(bad_dep, out), UsageError);
}

TEST(SnapshotJson, StreamingWriterMatchesTheJsonLibraryByteForByte) {
    Snapshot s = sample();
    s.objects[0].attributes.push_back(
        {"tricky", std::string("tab\tnl\ncr\rbs\\q\"bell\x07 del\x7f ünï \xe2\x82\xac", 36)});
    s.objects[1].ddl = "line1\nline2\x01";
    s.objects[1].coverage = gpparity::catalog::Coverage::no_members;
    s.objects[2].coverage = gpparity::catalog::Coverage::presence;
    std::string streamed;
    ASSERT_TRUE(gpparity::catalog::append_snapshot_json(s, streamed));
    EXPECT_EQ(streamed, gpparity::catalog::snapshot_to_json(s).dump());

    Snapshot bad = sample();
    bad.objects[0].attributes.push_back({"latin1", std::string("caf\xe9")});
    std::string out = "prefix";
    EXPECT_FALSE(gpparity::catalog::append_snapshot_json(bad, out));
    EXPECT_EQ(out, "prefix") << "nothing is appended when the fallback is needed";
}
