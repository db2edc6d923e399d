// Drill-down buckets (checksum/bucket_key.hpp): which columns a bucket is hashed from, how the
// client computes it, and the shape of its SQL twin. That the SQL twin computes the same value
// on a real server is tests/integration/checksum/bucket_key_test.cpp.
#include "checksum/bucket_key.hpp"

#include "checksum/cdbhash.hpp"
#include "checksum/drilldown.hpp"

#include <gtest/gtest.h>

#include <xxhash.h>

#include <set>

using namespace gpparity::checksum;

namespace {

Codec scalar(ValueClass c, Wire w) {
    return Codec{c, w, {}};
}

const Codec k_int4 = scalar(ValueClass::integer, Wire::int4);
const Codec k_int8 = scalar(ValueClass::integer, Wire::int8);
const Codec k_text = scalar(ValueClass::text, Wire::text);
const Codec k_bool = scalar(ValueClass::boolean, Wire::boolean);
const Codec k_bytea = scalar(ValueClass::bytea, Wire::bytea);
const Codec k_float = scalar(ValueClass::floating, Wire::float8);
const Codec k_ignore = scalar(ValueClass::text, Wire::ignore);

std::string be32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    }
    return out;
}

// The canonical encoding of a row of send-format fields (nullopt = NULL), and its key bytes.
std::pair<std::string, std::string> encode(const RowCodec& codec,
                                           const std::vector<std::optional<std::string>>& send) {
    std::vector<FieldView> fields;
    for (const auto& s : send) {
        fields.push_back(s ? FieldView{s->data(), static_cast<std::int32_t>(s->size())}
                           : FieldView{nullptr, -1});
    }
    std::string row;
    std::string key;
    encode_row(codec, fields, 0, row, key);
    return {row, key};
}

std::uint32_t bucket_of(const RowCodec& codec, const std::vector<std::optional<std::string>>& send,
                        std::uint64_t row_low64 = 0) {
    auto [row, key] = encode(codec, send);
    return bucket_hash(codec, row, key, row_low64);
}

} // namespace

TEST(BucketKey, ServerHashableClassesAreTheOnesWithAnSqlTwin) {
    for (ValueClass c :
         {ValueClass::integer, ValueClass::floating, ValueClass::numeric, ValueClass::boolean,
          ValueClass::text, ValueClass::enum_label, ValueClass::date, ValueClass::timestamp,
          ValueClass::timestamptz, ValueClass::uuid}) {
        EXPECT_TRUE(server_hashable(c)) << static_cast<int>(c);
    }
    for (ValueClass c :
         {ValueClass::null, ValueClass::bytea, ValueClass::time, ValueClass::timetz,
          ValueClass::interval, ValueClass::json, ValueClass::jsonb, ValueClass::inet,
          ValueClass::array, ValueClass::composite, ValueClass::text_form}) {
        EXPECT_FALSE(server_hashable(c)) << static_cast<int>(c);
    }
}

TEST(BucketKey, AKeyedTableHashesItsHashableKeyColumns) {
    RowCodec source{{k_text, k_int4, k_bytea, k_int8}, false, {3, 2, 1}, {}};
    RowCodec target{{k_text, k_int8, k_bytea, k_int8}, false, {3, 2, 1}, {}};
    // bytea has no SQL twin; int4 and int8 are one class. Key order is kept.
    EXPECT_EQ(choose_bucket_columns(source, target), (std::vector<std::size_t>{3, 1}));

    // A key column whose class differs between the sides is left out.
    target.columns[3] = k_text;
    EXPECT_EQ(choose_bucket_columns(source, target), (std::vector<std::size_t>{1}));

    // Nothing hashable in the key: no bucket columns (the bucket is XXH3 of the key bytes),
    // never a non-key column, which would split a changed row's two versions.
    RowCodec only_bytea{{k_bytea, k_int4}, false, {0}, {}};
    EXPECT_TRUE(choose_bucket_columns(only_bytea, only_bytea).empty());
}

TEST(BucketKey, AKeylessTableHashesItsFirstEligibleColumns) {
    RowCodec codec{{k_bool, k_bytea, k_ignore, k_text, k_float, k_int4, k_int8, k_text, k_int4},
                   false,
                   {},
                   {}};
    // Booleans split nothing; bytea has no twin; an excluded column is never read. Four at most.
    EXPECT_EQ(choose_bucket_columns(codec, codec), (std::vector<std::size_t>{3, 4, 5, 6}));
    RowCodec nothing{{k_bool, k_bytea}, false, {}, {}};
    EXPECT_TRUE(choose_bucket_columns(nothing, nothing).empty());
}

TEST(BucketKey, WithoutBucketColumnsTheBucketIsTheKeyHashOrTheRowHash) {
    RowCodec keyed{{k_int4, k_text}, false, {0}, {}};
    auto [row, key] = encode(keyed, {be32(42), std::string("x")});
    EXPECT_EQ(bucket_hash(keyed, row, key, 7),
              static_cast<std::uint32_t>(XXH3_64bits(key.data(), key.size())));
    RowCodec keyless{{k_int4, k_text}, false, {}, {}};
    EXPECT_EQ(bucket_hash(keyless, row, "", 0x1234567887654321ULL), 0x87654321U);
}

TEST(BucketKey, BucketColumnsCombineInOrderAndNullHasItsOwnHash) {
    RowCodec one{{k_int4, k_text}, false, {0}, {0}};
    // One column: hashint8 of (0 * prime) ^ hashint8(v), i.e. hash_uint32(hashint8(v)).
    std::string v42 = be32(42);
    std::string v42_int8 = std::string(4, '\0') + v42;
    EXPECT_EQ(bucket_of(one, {v42, std::string("a")}),
              hash_uint32(hash_datum(HashType::int8, v42_int8)));
    EXPECT_EQ(bucket_of(one, {std::nullopt, std::string("a")}), hash_uint32(k_null_bucket_hash));
    // Only the bucket columns count: the row's other values do not move it.
    EXPECT_EQ(bucket_of(one, {v42, std::string("a")}), bucket_of(one, {v42, std::string("b")}));

    RowCodec two{{k_int4, k_text}, false, {}, {0, 1}};
    RowCodec swapped{{k_int4, k_text}, false, {}, {1, 0}};
    std::uint32_t h_int = hash_datum(HashType::int8, v42_int8);
    std::uint32_t h_text = hash_any("a");
    EXPECT_EQ(bucket_of(two, {v42, std::string("a")}), hash_uint32((h_int * 16777619U) ^ h_text));
    EXPECT_NE(bucket_of(two, {v42, std::string("a")}), bucket_of(swapped, {v42, std::string("a")}));
    // NULL and '' are different buckets (as far as a hash can tell).
    EXPECT_NE(bucket_of(two, {v42, std::nullopt}), bucket_of(two, {v42, std::string()}));
}

TEST(BucketKey, AKeyedRowIsHashedFromItsKeyBytesAlike) {
    // Keyed, the bucket columns are read from the key bytes (key order); the same columns read
    // from the whole row give the same hash.
    RowCodec keyed{{k_text, k_int4, k_text}, false, {2, 1}, {2, 1}};
    RowCodec whole{{k_text, k_int4, k_text}, false, {}, {2, 1}};
    for (const auto& row : std::vector<std::vector<std::optional<std::string>>>{
             {std::string("x"), be32(5), std::string("k")},
             {std::nullopt, std::nullopt, std::string("")},
             {std::string("y"), be32(0), std::nullopt}}) {
        EXPECT_EQ(bucket_of(keyed, row), bucket_of(whole, row));
    }
    RowCodec not_key{{k_text, k_int4, k_text}, false, {2}, {1}};
    auto [row, key] = encode(not_key, {std::string("x"), be32(5), std::string("k")});
    EXPECT_THROW((void)bucket_hash(not_key, row, key, 0), DecodeError);
}

TEST(BucketKey, EqualValuesOfOneClassShareABucket) {
    // int4 and int8 columns holding the same number, char(n) padding and trailing blanks, -0 and
    // +0, any NaN: equal in the canonical encoding's sense or in the server's hash, one bucket.
    RowCodec int4{{k_int4}, false, {}, {0}};
    RowCodec int8{{k_int8}, false, {}, {0}};
    EXPECT_EQ(bucket_of(int4, {be32(7)}), bucket_of(int8, {std::string(4, '\0') + be32(7)}));
    EXPECT_EQ(bucket_of(int4, {be32(0xFFFFFFFFU)}),
              bucket_of(int8, {std::string(4, '\xFF') + be32(0xFFFFFFFFU)}));

    RowCodec text{{k_text}, false, {}, {0}};
    EXPECT_EQ(bucket_of(text, {std::string("ab  ")}), bucket_of(text, {std::string("ab")}));
    EXPECT_NE(bucket_of(text, {std::string(" ab")}), bucket_of(text, {std::string("ab")}));

    RowCodec f{{k_float}, false, {}, {0}};
    auto f8 = [](std::uint64_t bits) {
        return be32(static_cast<std::uint32_t>(bits >> 32)) +
               be32(static_cast<std::uint32_t>(bits));
    };
    EXPECT_EQ(bucket_of(f, {f8(0x8000000000000000ULL)}), bucket_of(f, {f8(0)}));
    EXPECT_EQ(bucket_of(f, {f8(0x7ff8000000000001ULL)}), bucket_of(f, {f8(0xfff8000000000000ULL)}));
    EXPECT_NE(bucket_of(f, {f8(0x3fb999999999999aULL)}), bucket_of(f, {f8(0x3fb999999999999bULL)}));
}

TEST(BucketKey, BucketsSpreadRowsEvenly) {
    RowCodec codec{{k_int4}, false, {0}, {0}};
    std::vector<int> per_bucket(k_bucket_count, 0);
    std::set<std::uint32_t> fine;
    for (std::uint32_t i = 0; i < 25600; ++i) {
        std::uint32_t h = bucket_of(codec, {be32(i)});
        ++per_bucket[h % k_bucket_count];
        fine.insert(fine_bucket(h));
    }
    for (int n : per_bucket) {
        EXPECT_GT(n, 50); // 100 expected per bucket
        EXPECT_LT(n, 160);
    }
    EXPECT_GT(fine.size(), 25000U); // 2^24 fine buckets: almost no collisions
}

TEST(BucketKey, SqlTwinNamesEachColumnsServerHash) {
    RowCodec none{{k_bytea}, false, {0}, {}};
    EXPECT_EQ(bucket_sql(none, {"b"}), "");

    RowCodec codec{{k_int4, k_text, scalar(ValueClass::floating, Wire::float4),
                    scalar(ValueClass::date, Wire::date),
                    scalar(ValueClass::timestamptz, Wire::timestamptz),
                    scalar(ValueClass::numeric, Wire::money)},
                   false,
                   {},
                   {0, 1, 2, 3, 4, 5}};
    const std::string sql =
        bucket_sql(codec, {"\"id\"", "\"Note\"", "f", "d", "ts", "\"m\"::pg_catalog.numeric"});
    // std::string parts: a c_str() of a temporary in this list would dangle in the loop.
    const std::string null_hash = std::to_string(k_null_bucket_hash);
    for (const std::string& part : std::vector<std::string>{
             "pg_catalog.hashint8((\"id\")::pg_catalog.int8)",
             "pg_catalog.hashtext(pg_catalog.rtrim((\"Note\")::pg_catalog.text, ' ') "
             "COLLATE pg_catalog.\"C\")",
             "pg_catalog.hashfloat8(CASE WHEN (f)::pg_catalog.float8 = "
             "'NaN'::pg_catalog.float8",
             "'infinity'::pg_catalog.date THEN 2147483647",
             "(ts)::pg_catalog.timestamptz AT TIME ZONE 'UTC'",
             "pg_catalog.hashtext((\"m\"::pg_catalog.numeric)::pg_catalog.numeric::"
             "pg_catalog.text)",
             "COALESCE(", null_hash}) {
        EXPECT_NE(sql.find(part), std::string::npos) << part << "\n" << sql;
    }
    EXPECT_EQ(sql.rfind("pg_catalog.hashint8(", 0), 0U) << sql;
}

TEST(BucketKey, ServerFilterNeedsUtf8OnlyForTextBuckets) {
    RowCodec numbers{{k_int4, k_text}, false, {0}, {0}};
    RowCodec text{{k_int4, k_text}, false, {}, {0, 1}};
    RowCodec enums{{scalar(ValueClass::enum_label, Wire::text)}, false, {}, {0}};
    EXPECT_TRUE(bucket_sql_usable(numbers, "LATIN1"));
    EXPECT_TRUE(bucket_sql_usable(text, "UTF8"));
    EXPECT_TRUE(bucket_sql_usable(text, "SQL_ASCII"));
    EXPECT_FALSE(bucket_sql_usable(text, "LATIN1"));
    EXPECT_FALSE(bucket_sql_usable(enums, "EUC_JP"));
}

TEST(BucketKey, AMalformedRowIsADecodeError) {
    RowCodec codec{{k_int4, k_text}, false, {}, {1}};
    auto [row, key] = encode(codec, {be32(1), std::string("abc")});
    EXPECT_THROW((void)bucket_hash(codec, row.substr(0, row.size() - 1), key, 0), DecodeError);
    EXPECT_THROW((void)bucket_hash(codec, row.substr(0, 3), key, 0), DecodeError);
}
