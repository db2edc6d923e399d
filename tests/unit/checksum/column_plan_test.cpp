#include "checksum/column_plan.hpp"

#include <gtest/gtest.h>

using namespace gpparity::checksum;

namespace {

// A small registry: built-ins with their usual OIDs plus user types with cluster-specific ones.
TypeRegistry registry() {
    TypeRegistry r;
    auto builtin = [&](std::uint32_t oid, const char* name, char category = 'N',
                       std::uint32_t element = 0) {
        r[oid] = TypeInfo{oid, "pg_catalog", name, 'b', category, 0, element, {}, 0, {}};
    };
    builtin(23, "int4");
    builtin(20, "int8");
    builtin(701, "float8");
    builtin(25, "text", 'S');
    builtin(790, "money");
    builtin(26, "oid");
    builtin(2205, "regclass");
    builtin(1007, "_int4", 'A', 23);
    builtin(1022, "_float8", 'A', 701);
    builtin(600, "point", 'G');
    builtin(702, "abstime", 'D');
    r[3904] = TypeInfo{3904, "pg_catalog", "int4range", 'r', 'R', 0, 0, {}, 23, {}};
    r[3906] = TypeInfo{3906, "pg_catalog", "numrange", 'r', 'R', 0,
                       0,    {},           701,        {}}; // a float range, for the test
    r[50000] = TypeInfo{50000, "public", "mood", 'e', 'E', 0, 0, {}, 0, {}};
    r[50001] = TypeInfo{50001, "public", "_mood", 'b', 'A', 0, 50000, {}, 0, {}};
    r[50002] = TypeInfo{50002, "public", "measure", 'd', 'N', 701, 0, {}, 0, {}};
    r[50003] = TypeInfo{50003, "public", "pair", 'c', 'C', 0, 0, {701, 25, 50000}, 0, {}};
    r[50004] = TypeInfo{50004, "public", "withpoint", 'c', 'C', 0, 0, {600}, 0, {}};
    r[50005] = TypeInfo{50005, "public", "ids", 'c', 'C', 0, 0, {23, 26}, 0, {}};
    r[50006] = TypeInfo{50006, "public", "geo", 'd', 'G', 600, 0, {}, 0, {}};
    return r;
}

} // namespace

TEST(ColumnPlan, DecodedTypesAreReadAsPlainColumns) {
    auto r = registry();
    auto p = plan_column(r, 23, "\"c\"");
    ASSERT_TRUE(p.read);
    EXPECT_EQ(p.read->sql, "\"c\"");
    EXPECT_EQ(p.read->codec.value_class, ValueClass::integer);
    auto arr = plan_column(r, 1022, "\"a\"");
    ASSERT_TRUE(arr.read);
    EXPECT_EQ(arr.read->codec.wire, Wire::array);
    EXPECT_EQ(arr.read->codec.children.at(0).value_class, ValueClass::floating);
    // A domain is read as its base type: floats stay floats.
    auto dom = plan_column(r, 50002, "\"d\"");
    ASSERT_TRUE(dom.read);
    EXPECT_EQ(dom.read->codec.value_class, ValueClass::floating);
    // A composite with a float field is decoded field by field, the enum field as its label.
    auto comp = plan_column(r, 50003, "\"p\"");
    ASSERT_TRUE(comp.read);
    EXPECT_EQ(comp.read->sql, "\"p\"");
    ASSERT_EQ(comp.read->codec.children.size(), 3u);
    EXPECT_EQ(comp.read->codec.children[0].value_class, ValueClass::floating);
    EXPECT_EQ(comp.read->codec.children[2].value_class, ValueClass::enum_label);
}

TEST(ColumnPlan, CastsMakeVersionDependentTypesComparable) {
    auto r = registry();
    auto money = plan_column(r, 790, "\"m\"");
    ASSERT_TRUE(money.read);
    // money: its own int64 send form, printed as numeric with scale 2 by the decoder (exact on
    // GP7, whose `c::numeric` drops the cents near INT64_MAX).
    EXPECT_EQ(money.read->sql, "\"m\"");
    EXPECT_EQ(money.read->codec.value_class, ValueClass::numeric);
    EXPECT_EQ(money.read->codec.wire, Wire::money);
    auto mood = plan_column(r, 50000, "\"e\"");
    ASSERT_TRUE(mood.read);
    EXPECT_EQ(mood.read->sql, "\"e\"::pg_catalog.text");
    EXPECT_EQ(mood.read->codec.value_class, ValueClass::enum_label);
    auto moods = plan_column(r, 50001, "\"e\"");
    ASSERT_TRUE(moods.read);
    EXPECT_EQ(moods.read->codec.children.at(0).value_class, ValueClass::enum_label);
    auto abstime = plan_column(r, 702, "\"a\"");
    ASSERT_TRUE(abstime.read);
    EXPECT_EQ(abstime.read->sql, "\"a\"::pg_catalog.timestamptz");
    auto range = plan_column(r, 3904, "\"r\"");
    ASSERT_TRUE(range.read);
    EXPECT_EQ(range.read->sql, "\"r\"::pg_catalog.text");
    EXPECT_EQ(range.read->codec.value_class, ValueClass::text_form);
}

TEST(ColumnPlan, WhatCannotBeComparedIsExcludedWithAReason) {
    auto r = registry();
    EXPECT_EQ(plan_column(r, 26, "\"o\"").excluded_reason,
              "oid/reg* values differ between clusters by design");
    EXPECT_FALSE(plan_column(r, 2205, "\"o\"").read);
    EXPECT_FALSE(plan_column(r, 50005, "\"c\"").read) << "a composite holding an oid";
    EXPECT_FALSE(plan_column(r, 600, "\"p\"").read) << "geometric: floats in text form";
    EXPECT_FALSE(plan_column(r, 50004, "\"p\"").read);
    EXPECT_FALSE(plan_column(r, 50006, "\"p\"").read);
    EXPECT_FALSE(plan_column(r, 3906, "\"p\"").read) << "a range of floats";
    EXPECT_FALSE(plan_column(r, 99999, "\"x\"").read) << "unknown type";
}

TEST(ColumnPlan, MissingReferencesAreListedForTheLoader) {
    TypeRegistry r;
    r[1] = TypeInfo{1, "public", "d", 'd', 'N', 701, 0, {}, 0, {}};
    r[2] = TypeInfo{2, "public", "c", 'c', 'C', 0, 0, {23, 1}, 0, {}};
    auto missing = missing_type_references(r);
    EXPECT_EQ(missing, (std::vector<std::uint32_t>{23, 701}));
}

TEST(TypeFacts, DomainsArraysRangesAndCompositesAreLookedThrough) {
    auto r = registry();
    ASSERT_NE(resolve_domain(r, 50002), nullptr);
    EXPECT_EQ(resolve_domain(r, 50002)->name, "float8");
    EXPECT_EQ(resolve_domain(r, 12345), nullptr);
    EXPECT_TRUE(is_builtin(r.at(23)));
    EXPECT_FALSE(is_builtin(r.at(50000)));
    EXPECT_TRUE(holds_identifiers(r, 26));
    EXPECT_TRUE(holds_identifiers(r, 50005));
    EXPECT_FALSE(holds_identifiers(r, 1007));
    EXPECT_FALSE(holds_identifiers(r, 12345));
    EXPECT_TRUE(may_hold_floats(r, 50002));
    EXPECT_TRUE(may_hold_floats(r, 1022));
    EXPECT_TRUE(may_hold_floats(r, 3906));
    EXPECT_TRUE(may_hold_floats(r, 50004));
    EXPECT_TRUE(may_hold_floats(r, 50006));
    EXPECT_TRUE(may_hold_floats(r, 12345)); // unknown: cautious
    EXPECT_FALSE(may_hold_floats(r, 3904));
    EXPECT_FALSE(may_hold_floats(r, 50001));
    // Past the depth bound the answer is the cautious one.
    EXPECT_TRUE(may_hold_floats(r, 23, k_max_type_depth + 1));
    // The one walk under both: any predicate, the caller's answer when unsure.
    const auto is_int4 = [](const TypeInfo& t) { return t.name == "int4"; };
    EXPECT_TRUE(type_holds(r, 3904, is_int4, false)) << "a range's subtype";
    EXPECT_TRUE(type_holds(r, 1007, is_int4, false)) << "an array's element";
    EXPECT_FALSE(type_holds(r, 3906, is_int4, false));
    EXPECT_FALSE(type_holds(r, 12345, is_int4, false));
    EXPECT_TRUE(type_holds(r, 12345, is_int4, true));
    EXPECT_TRUE(type_holds(r, 23, is_int4, true, k_max_type_depth + 1));
    EXPECT_FALSE(type_holds(r, 23, is_int4, false, k_max_type_depth + 1));
}

TEST(ColumnPlan, CidrIsMarkedForTheTextCodec) {
    auto r = registry();
    r[869] = TypeInfo{869, "pg_catalog", "inet", 'b', 'I', 0, 0, {}, 0, {}};
    r[650] = TypeInfo{650, "pg_catalog", "cidr", 'b', 'I', 0, 0, {}, 0, {}};
    r[651] = TypeInfo{651, "pg_catalog", "_cidr", 'b', 'A', 0, 650, {}, 0, {}};
    auto inet = plan_column(r, 869, "\"i\"");
    auto cidr = plan_column(r, 650, "\"c\"");
    auto cidrs = plan_column(r, 651, "\"a\"");
    ASSERT_TRUE(inet.read && cidr.read && cidrs.read);
    EXPECT_FALSE(inet.read->codec.is_cidr);
    EXPECT_TRUE(cidr.read->codec.is_cidr);
    EXPECT_TRUE(cidrs.read->codec.children.at(0).is_cidr);
    EXPECT_EQ(cidr.read->codec.wire, Wire::inet);
}
