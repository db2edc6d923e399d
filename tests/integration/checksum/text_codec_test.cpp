// The c1 encoding from COPY CSV text (checksum/text_codec.hpp, checksum/csv_reader.hpp) equals
// the stream strategy's encoding from COPY BINARY, on real servers: a table holding every value
// class is read once through the binary path (plan_column on the server's own registry, the
// pinned session) and twice as gpbackup writes it (`COPY ... TO STDOUT WITH CSV DELIMITER ','`
// under DateStyle ISO, IntervalStyle postgres, the maximum extra_float_digits), once with
// TimeZone Asia/Kolkata and bytea_output escape, once with America/Sao_Paulo and hex; the rows'
// encodings must be the same multiset, row by row. On PostgreSQL, GP6 and GP7.
#include "tests/integration/support/servers.hpp"

#include "catalog/cluster.hpp"
#include "catalog/error.hpp"
#include "checksum/column_plan.hpp"
#include "checksum/copy_binary.hpp"
#include "checksum/csv_reader.hpp"
#include "checksum/row_codec.hpp"
#include "checksum/table_spec.hpp"
#include "checksum/text_codec.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using gpparity::testing::TestDatabase;
namespace checksum = gpparity::checksum;
namespace catalog = gpparity::catalog;

namespace {

const char* const k_schema = R"SQL(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN measure AS double precision;
CREATE TYPE pair AS (x double precision, label text, m mood, b bytea, ts timestamptz, mny money);
CREATE TABLE all_text (
    id integer, i2 smallint, i8 bigint, num numeric(14,3), num_free numeric, f4 real,
    f8 double precision, t text, vc varchar(20), bp char(5), nm name, ch "char", b bytea,
    bo boolean, d date, tm time, tmtz timetz, ts timestamp, tstz timestamptz, iv interval,
    u uuid, js json, jb jsonb, ia integer[], fa double precision[], f4a real[], ta text[],
    ba bytea[], tsa timestamptz[], e mood, ea mood[], dom measure, comp pair, comps pair[],
    ip inet, net cidr, neta cidr[], bits bit(8), vb varbit, mny money, mnya money[],
    mac macaddr, r int4range, dr daterange, ia2 integer[], iva interval[]);
INSERT INTO all_text
SELECT g, (g % 300 - 150)::smallint, g::bigint * 100000000007 * (1 - 2 * (g % 2)),
       g * 1.125 - 80, g / 7.0, (g / 3.0)::real, (g / 7.0)::float8,
       'text ' || g || E' ü€,"\\\n\r\t', 'vc' || g, 'b' || (g % 10), ('n' || g)::name,
       chr(97 + g % 26)::"char", decode(md5(g::text), 'hex') || '\x5c2c220a0d00'::bytea,
       g % 2 = 0, date '2020-01-01' + g * 37 - 20000, time '10:00' + g * interval '1.000001 second',
       ('10:00:00' || (ARRAY['+05:30', '-03', '+00:00:15', '-09:30'])[g % 4 + 1])::timetz
           + g * interval '1 minute',
       timestamp '2021-03-04 05:06:07.123456' + g * interval '1 hour 1 microsecond',
       timestamptz '1890-03-04 05:06:07.5+02' + g * interval '97 days 1 microsecond',
       g * interval '1 day 2 hours 3.5 seconds' + interval '1 month'
           - (g % 2) * interval '3 years 4 days',
       md5(g::text)::uuid, ('{"k": ' || g || ', "a": [1, 2.50], "s": "x,\"y"}')::json,
       ('{"k": ' || g || ', "f": 1.50, "s": "a,\"b", "n": null}')::jsonb,
       ARRAY[g, NULL, -g], ARRAY[g / 3.0, NULL, 0.1]::float8[],
       ARRAY[(g / 3.0)::real, 'NaN'::real, 0.1::real],
       ARRAY['a' || g, NULL, '', 'NULL', 'x,"y\z', ' s ', '{}'],
       ARRAY[decode(md5(g::text), 'hex'), '\x'::bytea, NULL, '\x5c22'::bytea],
       ARRAY[timestamptz '2000-01-01 00:00+00' + g * interval '13 hours', 'infinity'],
       (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1]::mood, ARRAY['ok', 'sad']::mood[], g / 11.0,
       ROW(g / 13.0, 'l,' || g, 'happy', '\x00ff5c'::bytea,
           timestamptz '1999-12-31 23:00+00' + g * interval '1 day 1 second',
           (g * 1.23)::numeric::money)::pair,
       ARRAY[ROW(g / 17.0, NULL, 'ok', NULL, NULL, NULL)::pair, NULL],
       CASE WHEN g % 2 = 0 THEN ('10.0.' || (g % 250) || '.1/24')::inet
            ELSE ('2001:db8::' || to_hex(g) || '/64')::inet END,
       '192.168.0.0/16'::cidr, ARRAY['10.0.0.0/8'::cidr, '2001:db8::/32', NULL],
       (g % 256)::bit(8), (g % 7)::bit(3)::varbit, (g * 1.23 - 100)::numeric::money,
       ARRAY[(g * 12345.67)::numeric::money, '-1'::money, NULL],
       ('08:00:2b:01:02:' || lpad(to_hex(g % 256), 2, '0'))::macaddr,
       int4range(g, g + 10), daterange(date '2020-01-01' + g, NULL),
       '[0:1][-1:0]={{1,2},{3,4}}'::integer[], ARRAY[g * interval '1 second', interval '-1 year']
FROM generate_series(1, 150) g;
INSERT INTO all_text (id, i2, i8, f4, f8, fa, f4a, dom, num_free, t, ta, b, d, ts, tstz, iv,
                      mny, bp, comp, comps, ea, tm, tmtz, r)
VALUES (1001, -32768, -9223372036854775808, 'NaN', 'NaN', '{NaN,Infinity,-Infinity,-0}',
        '{NaN,Infinity,-Infinity,-0}', 'NaN', 'NaN', '', '{""}', '\x', 'infinity', 'infinity',
        'infinity', '0', '-92233720368547758.08', '', ROW('-0', '', NULL, '\x', 'infinity', '-0.01'),
        '{}', '{}', '24:00:00', '23:59:59.999999-12:34:56', 'empty'),
       (1002, 32767, 9223372036854775807, 'Infinity', '-Infinity', '{-0}', '{-0}', '-0', '-0.000',
        NULL, '{NULL}', NULL, '-infinity', '-infinity', '-infinity', '-178000000 years',
        '92233720368547758.07', NULL, ROW(NULL, NULL, NULL, NULL, NULL, NULL), NULL, NULL, NULL,
        NULL, NULL);
INSERT INTO all_text (id, f4, f8, fa, num_free, t, d, ts, tstz, iv, tm, b)
VALUES (1003, '-0', '-0', '{}', '1e-20', 'NULL', '0044-03-15 BC', '0044-03-15 10:00:00 BC',
        '0044-03-15 10:00:00+00 BC', '-00:00:01', '00:00:00', NULL),
       (1004, '1e-45', '5e-324', NULL, '123456789012345678901234567890.123456789', E'\\.',
        '4713-01-01 BC', '294276-12-31 23:59:59.999999', '1900-01-01 00:00:00+00',
        '2147483647 days 100000000:00:00.000001', NULL, NULL),
       (1005, 3.4028235e38, 1.7976931348623157e308, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'),
       (1006, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
-- Large money: GP7's cash_numeric drops the cents near INT64_MAX (the live read does not use it).
UPDATE all_text SET mny = '100000000000000.00', mnya = '{92233720368547758.07,-92233720368547758.08}'
    WHERE id = 1003;
UPDATE all_text SET mny = '100000000000000.01', mnya = '{100000000000000.99,-0.01}' WHERE id = 1004;
UPDATE all_text SET mny = '-123456789012345.67' WHERE id = 1005;
UPDATE all_text SET mny = '92233720368547758.05' WHERE id = 1006;
)SQL";

// Per row (keyed by its id field's encoding): the row's encoding.
using Rows = std::map<std::string, std::string>;

struct Table {
    checksum::RowCodec codec;
    std::vector<std::string> names;  ///< quoted column names, in codec order
    std::vector<std::string> select; ///< the stream plan's select-list expressions
};

Table plan_table(catalog::Cluster& cluster) {
    catalog::pg::Connection& conn = cluster.coordinator();
    checksum::ClusterTables tables = checksum::load_cluster_tables(conn, cluster.flavor());
    Table out;
    for (const auto& spec : tables.tables) {
        if (spec.identity != "public.all_text") {
            continue;
        }
        for (const auto& column : spec.columns) {
            std::string quoted = conn.quote_ident(column.name);
            checksum::ColumnPlan plan =
                checksum::plan_column(tables.types, column.type_oid, quoted);
            EXPECT_TRUE(plan.read) << column.name << ": " << plan.excluded_reason;
            if (!plan.read) {
                continue;
            }
            out.names.push_back(quoted);
            out.select.push_back(plan.read->sql);
            out.codec.columns.push_back(plan.read->codec);
        }
    }
    EXPECT_FALSE(out.names.empty()) << "public.all_text not found";
    return out;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : ", ") + p;
    }
    return out;
}

std::string id_of(const Table& table, const std::string& row) {
    return std::string(checksum::split_row(table.codec, row).at(0));
}

// The stream strategy's path: COPY BINARY of the planned expressions, encode_row.
Rows read_binary(catalog::pg::Connection& conn, const Table& table) {
    struct Sink : checksum::RowSink {
        const Table* table = nullptr;
        Rows rows;
        std::string out;
        std::string key;
        void on_row(const std::vector<checksum::FieldView>& fields) override {
            checksum::encode_row(table->codec, fields, 0, out, key);
            rows[id_of(*table, out)] = out;
        }
    } sink;
    sink.table = &table;
    auto stream = conn.copy_out("COPY (SELECT " + join(table.select) +
                                " FROM public.all_text) TO STDOUT (FORMAT binary)");
    checksum::CopyBinaryParser parser;
    while (auto chunk = stream.next()) {
        parser.feed(*chunk, sink);
    }
    parser.finish();
    return sink.rows;
}

// gpbackup's path: its session settings, the plain columns as CSV, encode_text_row. The CSV
// text of every row is kept for the failure messages.
Rows read_csv(catalog::pg::Connection& conn, const Table& table, const std::string& time_zone,
              const std::string& bytea_output, std::map<std::string, std::string>& csv_by_id) {
    conn.exec("SET DATESTYLE = ISO; SET INTERVALSTYLE = POSTGRES; SELECT "
              "pg_catalog.set_config('extra_float_digits', (SELECT max_val FROM "
              "pg_catalog.pg_settings WHERE name = 'extra_float_digits'), false); "
              "SET TimeZone = '" +
              time_zone + "'; SET bytea_output = " + bytea_output);
    Rows rows;
    checksum::CsvReader reader;
    std::string out;
    std::string key;
    auto on_row = [&](const checksum::CsvFields& fields) {
        checksum::encode_text_row(table.codec, fields, out, key);
        std::string id = id_of(table, out);
        rows[id] = out;
        std::string text;
        for (const auto& f : fields) {
            text += (text.empty() ? "" : " | ") + (f ? std::string(*f) : std::string("<NULL>"));
        }
        csv_by_id[id] = text;
    };
    auto stream = conn.copy_out("COPY (SELECT " + join(table.names) +
                                " FROM public.all_text) TO STDOUT WITH CSV DELIMITER ','");
    while (auto chunk = stream.next()) {
        reader.feed(*chunk, on_row);
    }
    reader.finish(on_row);
    return rows;
}

std::string hex(std::string_view s) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xF]);
    }
    return out;
}

// Row by row, column by column, then as multisets.
void expect_same_rows(const Table& table, const Rows& binary, const Rows& csv,
                      const std::map<std::string, std::string>& csv_text, const std::string& run) {
    EXPECT_EQ(binary.size(), csv.size()) << run;
    int reported = 0;
    for (const auto& [id, row] : binary) {
        auto it = csv.find(id);
        if (it == csv.end()) {
            ADD_FAILURE() << run << ": row " << hex(id) << " missing from the CSV side";
            continue;
        }
        if (it->second == row || reported > 20) {
            continue;
        }
        auto a = checksum::split_row(table.codec, row);
        auto b = checksum::split_row(table.codec, it->second);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i] != b[i]) {
                ++reported;
                ADD_FAILURE() << run << ": column " << table.names[i] << " of row " << hex(id)
                              << "\n binary: " << hex(a[i]) << "\n csv:    " << hex(b[i])
                              << "\n csv row: " << csv_text.at(id);
            }
        }
    }
    std::vector<std::string> x;
    std::vector<std::string> y;
    for (const auto& [id, row] : binary) {
        x.push_back(row);
    }
    for (const auto& [id, row] : csv) {
        y.push_back(row);
    }
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    EXPECT_TRUE(x == y) << run << ": the multisets of row encodings differ";
}

void check_server(const std::string& server, const std::string& tag) {
    TestDatabase db(server, "text_codec_" + tag);
    // GP6's ORCA crashed a segment (SIGSEGV) on an earlier form of these inserts (INSERT ...
    // SELECT of constants with ROW(...)::pair); the Postgres planner loads the same rows.
    bool greenplum =
        db.run("SELECT pg_catalog.version()").at(0).find("Greenplum") != std::string::npos;
    db.run(std::string(greenplum ? "SET optimizer = off;" : "") + k_schema);
    // Optional classes: macaddr8 exists from PostgreSQL 10 (not GP6); xml needs libxml.
    int version = std::stoi(db.run("SHOW server_version_num").at(0));
    if (greenplum && version < 120000) {
        // GP6's abstime and reltime, read live as `c::timestamptz` / `c::interval`: their ISO /
        // postgres-style text reads back as those (reltime's years are 365.25 days and its
        // months 30 days in both its text and its cast).
        db.run("ALTER TABLE all_text ADD COLUMN at abstime, ADD COLUMN rt reltime; "
               "UPDATE all_text SET at = (timestamptz '1902-01-01 00:00+00' + id * interval "
               "'97 days 1 second')::abstime, rt = (id * interval '1 day 2 hours 3 seconds' - "
               "(id % 2) * interval '1 year 3 days')::reltime WHERE id < 1000; "
               "UPDATE all_text SET at = 'infinity', rt = '-68 years' WHERE id = 1001; "
               "UPDATE all_text SET at = '-infinity', rt = '68 years' WHERE id = 1002");
    }
    if (version >= 100000) {
        db.run("ALTER TABLE all_text ADD COLUMN m8 macaddr8; UPDATE all_text SET m8 = "
               "('08:00:2b:01:02:03:04:' || lpad(to_hex(id % 256), 2, '0'))::macaddr8 "
               "WHERE id < 1000");
    }
    catalog::Cluster cluster = catalog::Cluster::connect(db.conninfo(), "source");
    bool has_xml = true;
    try {
        cluster.coordinator().exec("SELECT '<a/>'::pg_catalog.xml");
    } catch (const catalog::QueryError&) {
        has_xml = false;
    }
    if (has_xml) {
        db.run("ALTER TABLE all_text ADD COLUMN x xml; UPDATE all_text SET x = ('<a n=\"' || id "
               "|| '\">x, \"y\" &amp; ü</a>')::xml WHERE id < 1000");
    }
    Table table = plan_table(cluster);
    ASSERT_FALSE(table.names.empty());
    Rows binary = read_binary(cluster.coordinator(), table);
    ASSERT_EQ(binary.size(), 156U);

    struct Run {
        const char* time_zone;
        const char* bytea_output;
        const char* zone_text; ///< how 2000-01-01 00:00 UTC prints in that zone
        const char* bytea_text;
    };
    for (const Run& run : {Run{"Asia/Kolkata", "escape", "2000-01-01 05:30:00+05:30", "\\377"},
                           Run{"America/Sao_Paulo", "hex", "1999-12-31 22:00:00-02", "\\xff"}}) {
        std::map<std::string, std::string> csv_text;
        Rows csv =
            read_csv(cluster.coordinator(), table, run.time_zone, run.bytea_output, csv_text);
        // The session really prints what a GP6 cluster with these defaults would write.
        auto shown = cluster.coordinator().exec(
            "SELECT '2000-01-01 00:00+00'::pg_catalog.timestamptz::pg_catalog.text, "
            "'\\xff'::pg_catalog.bytea::pg_catalog.text");
        EXPECT_EQ(shown.text(0, 0), run.zone_text);
        EXPECT_EQ(shown.text(0, 1), run.bytea_text);
        expect_same_rows(table, binary, csv, csv_text,
                         tag + " " + run.time_zone + " bytea_output=" + run.bytea_output);
    }
}

} // namespace

TEST(TextCodecServer, PostgresCsvTextEncodesAsTheBinaryPath) {
    GPPARITY_SERVER(pg, 1);
    check_server(pg, "pg");
}

TEST(TextCodecServer, Gp6CsvTextEncodesAsTheBinaryPath) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    check_server(gp, "gp6");
}

TEST(TextCodecServer, Gp7CsvTextEncodesAsTheBinaryPath) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    check_server(gp, "gp7");
}
