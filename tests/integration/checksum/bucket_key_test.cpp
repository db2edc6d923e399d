// The drill-down bucket's SQL twin (checksum::bucket_sql) against a real server: for every
// server-hashable type, edge values included, the server's value of the expression must be
// exactly gpparity's bucket_hash of the row it sends — otherwise a server-filtered drill-down
// re-read would leave out the differing rows. Rows are read the way the checksum reads them
// (load_cluster_tables, plan_column, binary COPY, encode_row).

#include "catalog/cluster.hpp"
#include "checksum/bucket_key.hpp"
#include "checksum/copy_binary.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/table_spec.hpp"

#include "tests/integration/support/servers.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using namespace gpparity;
using gpparity::testing::TestDatabase;

namespace {

// One row per value of every column: generated values plus the edges each type's hash must
// get right (NULL, zero, extremes, -0, NaN, ±infinity, padding, trailing blanks, non-ASCII).
const char* k_values = R"SQL(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'très bien');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE vals (
    i2 smallint, i4 int, i8 bigint, dom positive, f4 real, f8 double precision,
    n numeric, n2 numeric(12,3), m money, b boolean, t text, vc varchar(20), c5 char(5),
    nm name, e mood, d date, ts timestamp, tstz timestamptz, u uuid);
INSERT INTO vals
SELECT (g % 30000 - 15000)::smallint, g * 7919 - 5000000, g::bigint * 1000000007 - 99999999999,
       g, g / 7.0, g / 3.0 - 1000,
       (g * 1.25 - 300)::numeric, (g / 8.0)::numeric(12,3), (g * 1.01)::numeric::money,
       g % 2 = 0, 'v' || g, 'w' || g || repeat(' ', g % 3), 'c' || (g % 100),
       ('n' || g)::name, (ARRAY['sad','ok','happy','très bien']::mood[])[g % 4 + 1],
       '2000-01-01'::date + (g * 37 - 20000), '1999-12-31 23:59:59.999999'::timestamp + g * interval '1 hour 17 minutes 3.5 seconds',
       '2024-03-10 01:59:59+00'::timestamptz + g * interval '13 minutes 1.25 seconds',
       md5(g::text)::uuid
FROM generate_series(1, 600) g;
INSERT INTO vals VALUES
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL),
    (0, 0, 0, 1, 0, 0, 0, 0, 0, false, '', '', '', '', 'sad', '2000-01-01', '2000-01-01',
     '2000-01-01 00:00:00+00', '00000000-0000-0000-0000-000000000000'),
    (-32768, -2147483648, -9223372036854775808, 2147483647, '-0', '-0', '-0.000', '-0.000',
     '-92233720368547758.08', true, ' ', ' ', ' ', ' ', 'très bien', '-infinity', '-infinity',
     '-infinity', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
    (32767, 2147483647, 9223372036854775807, 5, 'NaN', 'NaN', 'NaN', 1.5, '92233720368547758.07',
     true, 'trailing  ', 'x ', 'ab   ', 'ab', 'happy', 'infinity', 'infinity', 'infinity', NULL),
    (1, -1, -1, 7, 'Infinity', '-Infinity', '1e100', '-999999999.999', '0.01', false,
     E'日本語 \t\n', 'ünïcödé', 'ü', 'ß', 'ok', '4713-01-01 BC', '4713-01-01 00:00:00 BC',
     '294276-12-31 23:59:59.999999+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
    (2, 3, 4, 9, 1.17549435e-38, 4.9e-324, '0.1000', 0.100, '-0.01', true, '🙂', 'a''b', 'a''b',
     'x', 'sad', '1970-01-01', '1970-01-01 00:00:00.000001', '1970-01-01 00:00:00-08:00',
     'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12');
)SQL";

struct Column {
    std::string name;
    checksum::ColumnRead read;
};

// The columns of public.vals as the checksum reads them.
std::vector<Column> plan_vals(catalog::Cluster& cluster) {
    auto tables = checksum::load_cluster_tables(cluster.coordinator(), cluster.flavor());
    std::vector<Column> out;
    for (const auto& t : tables.tables) {
        if (t.identity != "public.vals") {
            continue;
        }
        for (const auto& c : t.columns) {
            auto plan = checksum::plan_column(tables.types, c.type_oid,
                                              cluster.coordinator().quote_ident(c.name));
            EXPECT_TRUE(plan.read.has_value()) << c.name << ": " << plan.excluded_reason;
            if (plan.read) {
                out.push_back(Column{c.name, *plan.read});
            }
        }
    }
    return out;
}

// Compares, row by row, the server's bucket expression (first field) with bucket_hash of the
// rest of the row.
class Checker : public checksum::RowSink {
public:
    explicit Checker(const checksum::RowCodec& codec, std::string label)
        : m_codec(codec), m_label(std::move(label)) {}
    void on_row(const std::vector<checksum::FieldView>& fields) override {
        ++rows;
        ASSERT_FALSE(fields[0].is_null()) << m_label;
        ASSERT_EQ(fields[0].length, 4) << m_label;
        std::uint32_t server = checksum::read_u32(fields[0].data);
        m_row.clear();
        m_key.clear();
        checksum::encode_row(m_codec, fields, 1, m_row, m_key);
        std::uint32_t client = checksum::bucket_hash(m_codec, m_row, m_key, 0);
        if (server != client) {
            ++mismatches;
            if (mismatches <= 3) {
                ADD_FAILURE() << m_label << ": row " << rows << ": server " << server
                              << ", gpparity " << client;
            }
        }
        buckets.insert(client % 256);
    }
    std::size_t rows = 0;
    std::size_t mismatches = 0;
    std::set<std::uint32_t> buckets;

private:
    const checksum::RowCodec& m_codec;
    std::string m_label;
    std::string m_row;
    std::string m_key;
};

// Streams `SELECT <bucket_sql>, <columns> FROM vals` and checks every row.
Checker check(catalog::Cluster& cluster, const checksum::RowCodec& codec,
              const std::vector<std::string>& column_sql, const std::string& label) {
    std::string list;
    for (const auto& s : column_sql) {
        list += ", " + s;
    }
    const std::string expr = checksum::bucket_sql(codec, column_sql);
    EXPECT_FALSE(expr.empty()) << label;
    Checker checker(codec, label);
    checksum::CopyBinaryParser parser;
    parser.set_expected_fields(static_cast<int>(column_sql.size() + 1));
    auto stream = cluster.coordinator().copy_out("COPY (SELECT " + expr + list +
                                                 " FROM public.vals) TO STDOUT (FORMAT binary)");
    while (auto chunk = stream.next()) {
        parser.feed(*chunk, checker);
    }
    parser.finish();
    return checker;
}

} // namespace

TEST(BucketKeyServer, EveryHashableTypeHashesAlikeOnTheServer) {
    GPPARITY_SERVER(pg1, 1);
    TestDatabase db(pg1, "bucket_key");
    db.run(k_values);
    catalog::Cluster cluster = catalog::Cluster::connect(db.conninfo(), "source", {});
    const std::vector<Column> columns = plan_vals(cluster);
    ASSERT_EQ(columns.size(), 19U);

    // Each column alone, under the pinned session and under a session time zone that is not
    // UTC (the timestamptz hash must not depend on it).
    for (const char* zone : {"UTC", "America/St_Johns"}) {
        cluster.coordinator().exec(std::string("SET TimeZone = '") + zone + "'");
        for (const auto& c : columns) {
            ASSERT_TRUE(checksum::server_hashable(c.read.codec.value_class)) << c.name;
            checksum::RowCodec codec{{c.read.codec}, false, {}, {0}};
            Checker r = check(cluster, codec, {c.read.sql}, c.name + " (" + zone + ")");
            EXPECT_EQ(r.rows, 606U) << c.name;
            EXPECT_EQ(r.mismatches, 0U) << c.name;
            // Values spread over the buckets (b and e have 2 and 4 values, c5 about 100).
            if (c.name != "b" && c.name != "e") {
                EXPECT_GT(r.buckets.size(), 60U) << c.name << ": values spread over buckets";
            }
        }
    }
    cluster.coordinator().exec("SET TimeZone = 'UTC'");

    // Several columns combined, in a chosen order, as a keyless table's bucket is.
    checksum::RowCodec all;
    std::vector<std::string> sql;
    for (const auto& c : columns) {
        all.columns.push_back(c.read.codec);
        sql.push_back(c.read.sql);
    }
    all.bucket_columns = checksum::choose_bucket_columns(all, all);
    EXPECT_EQ(all.bucket_columns, (std::vector<std::size_t>{0, 1, 2, 3}));
    for (const auto& order : std::vector<std::vector<std::size_t>>{
             all.bucket_columns,
             {18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}) {
        all.bucket_columns = order;
        Checker r = check(cluster, all, sql, "combined");
        EXPECT_EQ(r.rows, 606U);
        EXPECT_EQ(r.mismatches, 0U);
    }
}
