#include "tests/integration/support/value_classes.hpp"

namespace gpparity::testing {

const char* const k_schema = R"SQL(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN measure AS double precision;
CREATE TYPE pair AS (x double precision, label text, m mood);
CREATE TABLE all_types (
    id integer PRIMARY KEY, i2 smallint, i8 bigint, num numeric(14,3), num_free numeric,
    f4 real, f8 double precision, t text, vc varchar(20), bp char(5), b bytea, bo boolean,
    d date, tm time, tmtz timetz, ts timestamp, tstz timestamptz, iv interval, u uuid,
    js json, jb jsonb, ia integer[], fa double precision[], ta text[], e mood, ea mood[],
    dom measure, comp pair, comps pair[], ip inet, net cidr, bits bit(8), vb varbit,
    mny money, mac macaddr, r int4range, tr tstzrange, o oid, rc regclass);
CREATE TABLE "Weird ""Name"" tbl" ("select" int, "Mixed Case" text, "ünï" text);
)SQL";

std::string rows_sql(const std::string& order) {
    return R"SQL(
INSERT INTO all_types
SELECT g, (g % 30000)::smallint, g::bigint * 1000003, g * 1.125, (g / 7.0),
       (g / 3.0)::real, g / 7.0, 'text ' || g || ' ü€', 'vc' || g, 'b' || (g % 10),
       decode(md5(g::text), 'hex'), g % 2 = 0,
       date '2020-01-01' + g, time '10:00' + g * interval '1 second',
       timetz '10:00+03' + g * interval '1 minute',
       timestamp '2021-03-04 05:06:07.123456' + g * interval '1 hour',
       timestamptz '2021-03-04 05:06:07.5+02' + g * interval '1 day',
       g * interval '1 day 2 hours 3.5 seconds' + interval '1 month',
       md5(g::text)::uuid, ('{"k": ' || g || ', "a": [1, 2.50]}')::json,
       ('{"k": ' || g || ', "f": 1.5}')::jsonb, ARRAY[g, NULL, -g], ARRAY[g / 3.0, NULL],
       ARRAY['a' || g, NULL, ''], (ARRAY['sad', 'ok', 'happy'])[g % 3 + 1]::mood,
       ARRAY['ok', 'sad']::mood[], g / 11.0, ROW(g / 13.0, 'l' || g, 'happy')::pair,
       ARRAY[ROW(g / 17.0, NULL, 'ok')::pair], ('10.0.' || (g % 250) || '.1/24')::inet,
       '192.168.0.0/16', (g % 256)::bit(8), (g % 7)::bit(3)::varbit, (g * 1.23)::numeric::money,
       ('08:00:2b:01:02:' || lpad(to_hex(g % 256), 2, '0'))::macaddr,
       int4range(g, g + 10), tstzrange(timestamptz '2020-01-01 00:00+00' + g * interval '1 hour', NULL),
       g::oid, 'pg_class'::regclass
FROM generate_series(1, 300) g ORDER BY 1 )SQL" +
           order + R"SQL(;
INSERT INTO all_types (id, f4, f8, fa, dom, comp, num_free, t, ta)
VALUES (1001, 'NaN', 'NaN', '{NaN,Infinity,-Infinity}', 'NaN', ROW('NaN', '', NULL), 'NaN', '', '{""}'),
       (1002, 'Infinity', '-Infinity', '{-0}', '-0', ROW('-0', NULL, NULL), '-0.000', NULL, '{NULL}'),
       (1003, '-0', '-0', '{}', 'Infinity', NULL, '1e-20', 'NULL', NULL),
       (1004, '1e-45', '5e-324', NULL, '-Infinity', ROW(1.7976931348623157e308, 'x', 'sad'), '123456789012345678901234567890.123456789', E'\t|\\N', '{"a,b","c\"d"}'),
       (1005, NULL, NULL, NULL, NULL, ROW(NULL, NULL, NULL), NULL, NULL, NULL);
INSERT INTO "Weird ""Name"" tbl" SELECT g, 'M' || g, 'ü' || g FROM generate_series(1, 50) g ORDER BY 1 )SQL" +
           order + ";";
}

const std::vector<std::pair<std::string, std::string>> k_value_class_changes = {
    {"i2", "i2 + 1"},
    {"i8", "i8 + 1"},
    {"num", "num + 0.001"},
    {"num_free", "num_free * 10"},
    {"f4", "f4 * 2"},
    {"f8", "f8 * 2"},
    {"t", "t || 'x'"},
    {"vc", "vc || 'x'"},
    {"bp", "'zz'"},
    {"b", "b || '\\x00'::bytea"},
    {"bo", "NOT bo"},
    {"d", "d + 1"},
    {"tm", "tm + interval '1 microsecond'"},
    {"tmtz", "tmtz + interval '1 second'"},
    {"ts", "ts + interval '1 microsecond'"},
    {"tstz", "tstz + interval '1 microsecond'"},
    {"iv", "iv + interval '1 microsecond'"},
    {"u", "md5('x')::uuid"},
    {"js", "'{\"k\": 0}'::json"},
    {"jb", "'{\"k\": 0}'::jsonb"},
    {"ia", "ia || 1"},
    {"fa", "ARRAY[(fa[1] * 3)]"},
    {"ta", "ta || 'x'::text"},
    {"e", "'sad'"},
    {"ea", "ARRAY['happy']::mood[]"},
    {"dom", "dom * 2"},
    {"comp", "ROW(1.5, 'l', 'sad')::pair"},
    {"ip", "'10.9.9.9'"},
    {"net", "'10.0.0.0/8'"},
    {"bits", "B'11111111'"},
    {"vb", "B'1'"},
    {"mny", "mny + 1::money"},
    {"mac", "'08:00:2b:ff:ff:ff'"},
    {"r", "int4range(0, 1)"},
    {"tr", "tstzrange(NULL, now())"}};

const std::vector<std::pair<std::string, std::string>> k_value_class_changes_c1 = [] {
    auto all = k_value_class_changes;
    all.emplace_back("comps", "ARRAY[ROW(2.5, NULL, 'ok')::pair]");
    return all;
}();

} // namespace gpparity::testing
