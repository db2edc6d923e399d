// Greenplum's placement hash recomputed client-side, checked against real servers.
//
// The default hash opclasses' functions are PostgreSQL's own and unchanged in PostgreSQL 15
// (greenplum.md §2.4), so for every supported type the harness server computes, in one
// set-based query, each value's send-format bytes and two hashes: the opclass function called
// by name (hashint4, hash_numeric, ...) and hash_array(ARRAY[v]) - 31, which is the element
// hash of the type's default hash opclass as the server's type cache resolves it (hash_array
// starts at 1 and folds each element in as result * 31 + hash). gpparity's hash_datum must
// reproduce both for every value. Placement itself (rotate-xor, jump consistent hash, legacy
// FNV-1) needs real Greenplum clusters: those tests run when GPPARITY_TEST_GP6/GP7 are set.

#include "checksum/cdbhash.hpp"

#include "tests/integration/support/servers.hpp"

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using gpparity::checksum::CdbHash;
using gpparity::checksum::hash_datum;
using gpparity::checksum::hash_opclass_from_name;
using gpparity::checksum::hash_type_from_type_name;
using gpparity::checksum::HashType;
using gpparity::checksum::to_string;
using gpparity::testing::sql;
using gpparity::testing::TestDatabase;

namespace {

std::string from_hex(const std::string& hex) {
    std::string out;
    auto nibble = [](char ch) -> int {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        return ch - 'a' + 10;
    };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>((nibble(hex[i]) << 4) | nibble(hex[i + 1])));
    }
    return out;
}

// Splits on single blanks, keeping empty fields (the hex of an empty value is "").
std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        std::size_t blank = line.find(' ', start);
        fields.push_back(line.substr(start, blank == std::string::npos ? blank : blank - start));
        if (blank == std::string::npos) {
            return fields;
        }
        start = blank + 1;
    }
}

// Deterministic pseudo-random bits of row i: hex digits of md5(i).
std::string md5_bits(int bits, const std::string& salt = "") {
    return "('x' || substr(md5(i::text || '" + salt + "'), 1, " + std::to_string(bits / 4) +
           "))::bit(" + std::to_string(bits) + ")";
}

struct TypeCase {
    HashType type;
    std::string sql_type;  // the column type of the values
    std::string values;    // a query producing column v
    std::string send;      // the send function
    std::string named;     // the opclass hash function applied to v, by name ("": none)
    std::size_t min_count; // at least this many values must come back
};

std::vector<TypeCase> type_cases() {
    const std::string series = " FROM generate_series(1, 400) i";
    std::string text_values =
        "SELECT unnest(ARRAY['', ' ', '  ', 'a', 'a ', ' a', 'abc   ', 'ü', 'äöü ß  ', "
        "'日本語テキスト', '🙂🙃', E'tab\\there', E'new\\nline', 'x''quote', 'hello "
        "world!'])"
        " UNION ALL SELECT substr(repeat(md5(i::text), 12), 1, i % 301)" +
        series +
        " UNION ALL SELECT repeat('€', i) || repeat(' ', i % 4) FROM generate_series(1, 40) i";
    std::string short_text_values =
        "SELECT unnest(ARRAY['', ' ', 'a', 'a ', ' a', 'abc   ', 'ü', 'äöü ß  ', '日本語', "
        "'🙂🙃 '])"
        " UNION ALL SELECT substr(md5(i::text), 1, i % 16) || repeat(' ', i % 5)" +
        series;
    std::string interval_values =
        "SELECT unnest(ARRAY['0', '1 mon', '30 days', '720 hours', '-1 mon 30 days', "
        "'1 day -24 hours', '178000000 years', '-178000000 years', '2147483647 days', "
        "'-2147483647 days', '2562047788:00:54.775807', '-2562047788:00:54.775807', "
        "'1 year 2 mons 3 days 04:05:06.789012', '-0.000001 sec']::interval[])"
        " UNION ALL SELECT make_interval(years => (" +
        md5_bits(16, "y") + "::int % 1000), " + "months => (" + md5_bits(16, "m") +
        "::int % 50) - 25, days => (" + md5_bits(20, "d") + "::int % 200000) - 100000, secs => (" +
        md5_bits(32, "s") + "::int) / 1000.0)" + series;
    std::string timestamp_values =
        "SELECT unnest(ARRAY['infinity', '-infinity', '4713-01-01 00:00:00 BC', "
        "'294276-12-31 23:59:59.999999', '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00', "
        "'2000-01-01 00:00:00.000001', '1970-01-01 00:00:00', '1900-02-28 12:00:00']::timestamp[])"
        " UNION ALL SELECT TIMESTAMP '2000-01-01' + make_interval(secs => " +
        md5_bits(32) + "::int * 97.123457)" + series;
    std::string time_values =
        "SELECT unnest(ARRAY['00:00:00', '24:00:00', '23:59:59.999999', '12:00:00', "
        "'00:00:00.000001']::time[])"
        " UNION ALL SELECT TIME '00:00' + make_interval(secs => (" +
        md5_bits(40) + "::bigint % 86400000000) / 1000000.0)" + series;
    std::string zone = "(CASE WHEN i % 2 = 0 THEN '+' ELSE '-' END) || lpad((i % 16)::text, 2, "
                       "'0') || ':' || lpad(((i * 7) % 60)::text, 2, '0')";
    std::string numeric_values =
        "SELECT unnest(ARRAY['0', '0.000', '-0.00', 'NaN', 'Infinity', '-Infinity', '1', '-1', "
        "'1.5', '1.500', '10000', '100000000', '0.0001', '0.00010000', '-0.00000001', '9999', "
        "'99999999.9999', '123456789012345678901234567890.123456789', '1e-100', '1e100', "
        "'1e-1000', '-1e1000', '0.1', '0.01', '100', '10001', '3.14159265358979323846']::numeric[])"
        " UNION ALL SELECT round((CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END) * " +
        md5_bits(60) + "::bigint::numeric * power(10::numeric, (i % 50) - 25), i % 30)" + series +
        " UNION ALL SELECT (i * 10000)::numeric / power(10::numeric, i % 12)" + series;
    std::string float8_values =
        "SELECT unnest(ARRAY['0', '-0', 'NaN', 'Infinity', '-Infinity', '1', '-1', '1.5', "
        "'0.1', '1e308', '-1e308', '2.2250738585072014e-308', '5e-324', '-5e-324', "
        "'1.7976931348623157e308', '3.141592653589793']::float8[])"
        " UNION ALL SELECT 'Infinity'::float8 - 'Infinity'::float8"
        " UNION ALL SELECT (" +
        md5_bits(32) +
        "::int)::float8 / 7.0 * "
        "power(10::float8, (i % 61) - 30)" +
        series;
    std::string float4_values =
        "SELECT unnest(ARRAY['0', '-0', 'NaN', 'Infinity', '-Infinity', '1', '-1', '1.5', "
        "'0.1', '3.4028235e38', '-3.4028235e38', '1.1754944e-38', '1e-45', '-1e-45', "
        "'3.1415927']::float4[])"
        " UNION ALL SELECT 'Infinity'::float4 - 'Infinity'::float4"
        " UNION ALL SELECT ((" +
        md5_bits(32) +
        "::int)::float8 / 7.0 * "
        "power(10::float8, (i % 41) - 20))::float4" +
        series;
    std::string ipv4 = "(get_byte(decode(md5(i::text), 'hex'), 0) || '.' || "
                       "get_byte(decode(md5(i::text), 'hex'), 1) || '.' || "
                       "get_byte(decode(md5(i::text), 'hex'), 2) || '.' || "
                       "get_byte(decode(md5(i::text), 'hex'), 3) || '/' || (i % 33))::inet";
    std::string ipv6 = "(regexp_replace(md5(i::text), '(.{4})(?!$)', '\\1:', 'g') || '/' || "
                       "(i % 129))::inet";
    std::string inet_values =
        "SELECT unnest(ARRAY['0.0.0.0/0', '255.255.255.255', '10.1.2.3/8', '192.168.1.255/25', "
        "'::', '::1', '::ffff:1.2.3.4', 'fe80::1/64', "
        "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128']::inet[])"
        " UNION ALL SELECT " +
        ipv4 + series + " UNION ALL SELECT " + ipv6 + series;

    return {
        {HashType::int2, "int2",
         "SELECT unnest(ARRAY[-32768, -32767, -1, 0, 1, 32766, 32767]::int2[])"
         " UNION ALL SELECT (" +
             md5_bits(16) + "::int - 32768)::int2" + series,
         "int2send", "hashint2(v)", 400},
        {HashType::int4, "int4",
         "SELECT unnest(ARRAY[-2147483648, -2147483647, -1, 0, 1, 2147483646, 2147483647])"
         " UNION ALL SELECT " +
             md5_bits(32) + "::int" + series +
             " UNION ALL SELECT i - 200 FROM generate_series(1, 400) i",
         "int4send", "hashint4(v)", 800},
        {HashType::int8, "int8",
         "SELECT unnest(ARRAY[-9223372036854775808, -9223372036854775807, -4294967297, "
         "-4294967296, -2147483649, -1, 0, 1, 2147483648, 4294967295, 4294967296, "
         "9223372036854775807]::int8[])"
         " UNION ALL SELECT " +
             md5_bits(64) + "::bigint" + series +
             " UNION ALL SELECT (1::int8 << (i % 63)) * (CASE WHEN i % 2 = 0 THEN -1 ELSE 1 END)" +
             " FROM generate_series(1, 126) i",
         "int8send", "hashint8(v)", 500},
        {HashType::oid, "oid",
         "SELECT unnest(ARRAY[0, 1, 2147483647, 2147483648, 4294967295]::int8[])::oid"
         " UNION ALL SELECT (" +
             md5_bits(32) + "::int::int8 & 4294967295)::oid" + series,
         "oidsend", "hashoid(v)", 400},
        {HashType::float4, "float4", float4_values, "float4send", "hashfloat4(v)", 400},
        {HashType::float8, "float8", float8_values, "float8send", "hashfloat8(v)", 400},
        {HashType::numeric, "numeric", numeric_values, "numeric_send", "hash_numeric(v)", 800},
        {HashType::text, "text", text_values, "textsend", "hashtext(v)", 400},
        {HashType::text, "varchar", "SELECT v::varchar FROM (" + text_values + ") s(v)",
         "varcharsend", "hashtext(v)", 400},
        {HashType::name, "name", "SELECT v::name FROM (" + text_values + ") s(v)", "namesend",
         "hashname(v)", 400},
        {HashType::bpchar, "bpchar",
         "SELECT v::char(20) FROM (" + short_text_values +
             ") s(v)"
             " UNION ALL SELECT v::bpchar FROM (" +
             short_text_values +
             ") s(v)"
             " UNION ALL SELECT v::char(1) FROM (" +
             short_text_values + ") s(v)",
         "bpcharsend", "hashbpchar(v)", 1200},
        {HashType::char_, "\"char\"", "SELECT i::\"char\" FROM generate_series(-128, 127) i",
         "charsend", "hashchar(v)", 256},
        {HashType::bool_, "bool", "SELECT unnest(ARRAY[true, false])", "boolsend",
         "hashchar(v::int::\"char\")", 2},
        {HashType::bytea, "bytea",
         "SELECT unnest(ARRAY['', '\\x00', '\\x0000', '\\x20', '\\x2020', '\\xff']::bytea[])"
         " UNION ALL SELECT substr(decode(md5(i::text) || md5((i + 1)::text), 'hex'), 1, i % 33)" +
             series,
         // hashvarlena takes `internal` and cannot be called from SQL: the type cache only.
         "byteasend", "", 400},
        {HashType::date, "date",
         "SELECT unnest(ARRAY['infinity', '-infinity', '4713-01-01 BC', '5874897-12-31', "
         "'1999-12-31', '2000-01-01', '1970-01-01']::date[])"
         " UNION ALL SELECT DATE '2000-01-01' + (" +
             md5_bits(32) + "::int % 2400000)" + series,
         "date_send", "hashint4(('x' || encode(date_send(v), 'hex'))::bit(32)::int)", 400},
        {HashType::time, "time", time_values, "time_send", "time_hash(v)", 400},
        {HashType::timetz, "timetz",
         "SELECT unnest(ARRAY['00:00:00+00', '24:00:00-15:59', '00:00:00+15:59', "
         "'12:34:56.789012+05:30', '23:59:59.999999-00:01']::timetz[])"
         " UNION ALL SELECT (t::text || " +
             zone +
             ")::timetz FROM (SELECT i, TIME '00:00' + "
             "make_interval(secs => (" +
             md5_bits(40) + "::bigint % 86400000000) / 1000000.0) AS t" + series + ") s",
         "timetz_send", "timetz_hash(v)", 400},
        {HashType::timestamp, "timestamp", timestamp_values, "timestamp_send", "timestamp_hash(v)",
         400},
        {HashType::timestamptz, "timestamptz",
         "SELECT v::timestamptz FROM (" + timestamp_values +
             ") s(v)"
             " UNION ALL SELECT to_timestamp(" +
             md5_bits(32) + "::int * 3.3)" + series,
         "timestamptz_send", "timestamp_hash(v AT TIME ZONE 'UTC')", 800},
        {HashType::interval, "interval", interval_values, "interval_send", "interval_hash(v)", 400},
        {HashType::uuid, "uuid",
         "SELECT unnest(ARRAY['00000000-0000-0000-0000-000000000000', "
         "'ffffffff-ffff-ffff-ffff-ffffffffffff']::uuid[])"
         " UNION ALL SELECT md5(i::text)::uuid" +
             series,
         "uuid_send", "uuid_hash(v)", 400},
        {HashType::inet, "inet", inet_values, "inet_send", "hashinet(v)", 800},
        {HashType::inet, "cidr", "SELECT network(v)::cidr FROM (" + inet_values + ") s(v)",
         "cidr_send", "hashinet(v)", 800},
        {HashType::macaddr, "macaddr",
         "SELECT unnest(ARRAY['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', "
         "'08:00:2b:01:02:03']::macaddr[])"
         " UNION ALL SELECT substr(md5(i::text), 1, 12)::macaddr" +
             series,
         "macaddr_send", "hashmacaddr(v)", 400},
    };
}

} // namespace

TEST(CdbHashServer, EveryTypeHashesLikeTheServer) {
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "cdbhash_types");
    for (const auto& c : type_cases()) {
        SCOPED_TRACE(c.sql_type);
        ASSERT_EQ(hash_type_from_type_name(c.sql_type), c.type);
        // One row per value: send bytes in hex, the named function's hash, the type cache's.
        const std::string by_type_cache = "(hash_array(ARRAY[v])::int8 - 31) & 4294967295";
        const std::string by_name =
            c.named.empty() ? by_type_cache : "(" + c.named + ")::int8 & 4294967295";
        std::string query = "SELECT encode(" + c.send + "(v), 'hex') || ' ' || (" + by_name +
                            ") || ' ' || (" + by_type_cache +
                            ")"
                            " FROM (SELECT v::" +
                            c.sql_type + " FROM (" + c.values + ") s(v)) t";
        std::vector<std::string> rows = db.run(query);
        EXPECT_GE(rows.size(), c.min_count);
        std::size_t mismatches = 0;
        for (const auto& row : rows) {
            std::vector<std::string> f = split(row);
            ASSERT_EQ(f.size(), 3U) << row;
            std::string bytes = from_hex(f[0]);
            std::uint32_t ours = 0;
            try {
                ours = hash_datum(c.type, bytes);
            } catch (const std::exception& e) {
                ADD_FAILURE() << "send bytes " << f[0] << ": " << e.what();
                continue;
            }
            EXPECT_EQ(f[1], f[2]) << "named function and type cache disagree for " << f[0];
            if (std::to_string(ours) != f[1] && ++mismatches <= 10) {
                ADD_FAILURE() << to_string(c.type) << " send bytes " << f[0] << ": server " << f[1]
                              << ", gpparity " << ours;
            }
        }
        EXPECT_EQ(mismatches, 0U) << "of " << rows.size() << " values";
        if (mismatches == 0) {
            std::cout << "[ checked  ] " << c.sql_type << ": " << rows.size()
                      << " values agree with the server\n";
        }
    }
}

TEST(CdbHashServer, DefaultOpclassesUseTheFunctionsWeImplement) {
    // The catalog's default hash opclass of each type, and its support function 1: the lookup
    // by type name and by opclass name must agree, and the function must be the one the type
    // test above calls.
    GPPARITY_SERVER(pg, 1);
    TestDatabase db(pg, "cdbhash_opclasses");
    std::vector<std::string> rows = db.run(
        "SELECT t.typname || ' ' || format_type(t.oid, NULL) || ' ' || opc.opcname || ' ' || "
        "p.amproc::regproc::text"
        "  FROM pg_type t"
        "  JOIN pg_opclass opc ON opc.opcintype = t.oid AND opc.opcdefault"
        "  JOIN pg_am am ON am.oid = opc.opcmethod AND am.amname = 'hash'"
        "  JOIN pg_amproc p ON p.amprocfamily = opc.opcfamily AND p.amproclefttype = t.oid"
        "   AND p.amprocrighttype = t.oid AND p.amprocnum = 1"
        " WHERE t.typname IN ('int2', 'int4', 'int8', 'oid', 'float4', 'float8', 'numeric',"
        "   'text', 'name', 'bpchar', 'char', 'bool', 'bytea', 'date', 'time', 'timetz',"
        "   'timestamp', 'timestamptz', 'interval', 'uuid', 'inet', 'macaddr')"
        " ORDER BY 1");
    ASSERT_EQ(rows.size(), 22U);
    const std::vector<std::pair<std::string, std::string>> expected_functions{
        {"bool", "hashchar"},
        {"bpchar", "hashbpchar"},
        {"bytea", "hashvarlena"},
        {"char", "hashchar"},
        {"date", "hashint4"},
        {"float4", "hashfloat4"},
        {"float8", "hashfloat8"},
        {"inet", "hashinet"},
        {"int2", "hashint2"},
        {"int4", "hashint4"},
        {"int8", "hashint8"},
        {"interval", "interval_hash"},
        {"macaddr", "hashmacaddr"},
        {"name", "hashname"},
        {"numeric", "hash_numeric"},
        {"oid", "hashoid"},
        {"text", "hashtext"},
        {"time", "time_hash"},
        {"timestamp", "timestamp_hash"},
        {"timestamptz", "timestamp_hash"},
        {"timetz", "timetz_hash"},
        {"uuid", "uuid_hash"},
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // format_type may contain blanks ("double precision"): split from both ends.
        const std::string& row = rows[i];
        std::string typname = row.substr(0, row.find(' '));
        std::string function = row.substr(row.rfind(' ') + 1);
        std::string rest = row.substr(0, row.rfind(' '));
        std::string opcname = rest.substr(rest.rfind(' ') + 1);
        std::string formatted =
            rest.substr(typname.size() + 1, rest.size() - typname.size() - opcname.size() - 2);
        SCOPED_TRACE(row);
        EXPECT_EQ(typname, expected_functions[i].first);
        EXPECT_EQ(function, expected_functions[i].second);
        auto by_typname = hash_type_from_type_name(typname);
        auto by_format = hash_type_from_type_name(formatted);
        auto by_opclass = hash_opclass_from_name(opcname);
        ASSERT_TRUE(by_typname.has_value());
        ASSERT_TRUE(by_opclass.has_value());
        EXPECT_EQ(by_format, by_typname);
        EXPECT_EQ(by_opclass->type, *by_typname);
        EXPECT_FALSE(by_opclass->legacy);
    }
}

namespace {

struct KeyColumn {
    std::string name;
    std::string send; // its type's send function
};

// For every row of `table`, recompute the segment from the distribution key columns' send
// bytes and the policy's opclasses, and compare with gp_segment_id. Returns the rows checked.
std::size_t check_greenplum_placement(const std::string& conninfo, const std::string& table,
                                      const std::vector<KeyColumn>& key,
                                      gpparity::checksum::FloatNan nan) {
    // numsegments, then each key column's opclass name in key order (greenplum.md §1.3).
    std::vector<std::string> policy =
        sql(conninfo,
            "SELECT numsegments::text FROM gp_distribution_policy WHERE localoid = '" + table +
                "'::regclass"
                " UNION ALL SELECT opcname FROM (SELECT opc.opcname::text, k.ord"
                " FROM gp_distribution_policy d,"
                " unnest(d.distclass::oid[]) WITH ORDINALITY AS k(opcoid, ord), pg_opclass opc"
                " WHERE d.localoid = '" +
                table +
                "'::regclass AND opc.oid = k.opcoid"
                " ORDER BY k.ord) o");
    EXPECT_EQ(policy.size(), key.size() + 1);
    if (policy.size() != key.size() + 1) {
        return 0;
    }
    int numsegments = std::stoi(policy[0]);
    std::vector<gpparity::checksum::HashOpclass> opclasses;
    for (std::size_t i = 1; i < policy.size(); ++i) {
        auto opclass = hash_opclass_from_name(policy[i]);
        EXPECT_TRUE(opclass.has_value()) << policy[i];
        if (!opclass) {
            return 0;
        }
        EXPECT_EQ(opclass->legacy, opclasses.empty() ? opclass->legacy : opclasses[0].legacy)
            << "mixed legacy and default opclasses are not modelled";
        opclasses.push_back(*opclass);
    }
    std::string select = "SELECT gp_segment_id::text";
    for (const auto& column : key) {
        select +=
            " || ' ' || coalesce(encode(" + column.send + "(" + column.name + "), 'hex'), 'NULL')";
    }
    std::vector<std::string> rows = sql(conninfo, select + " FROM " + table);
    CdbHash hash(numsegments, opclasses.front().legacy, nan);
    std::size_t wrong = 0;
    for (const auto& row : rows) {
        std::vector<std::string> f = split(row);
        if (f.size() != key.size() + 1) {
            ADD_FAILURE() << "unexpected row " << row;
            continue;
        }
        hash.reset();
        for (std::size_t i = 0; i < opclasses.size(); ++i) {
            if (f[i + 1] == "NULL") {
                hash.add(opclasses[i].type, std::nullopt);
            } else {
                hash.add(opclasses[i].type, from_hex(f[i + 1]));
            }
        }
        if (std::to_string(hash.segment()) != f[0] && ++wrong <= 10) {
            ADD_FAILURE() << table << " row " << row << ": server segment " << f[0] << ", gpparity "
                          << hash.segment();
        }
    }
    EXPECT_EQ(wrong, 0U) << "of " << rows.size() << " rows in " << table;
    if (wrong == 0) {
        std::cout << "[ checked  ] " << table << ": " << rows.size() << " rows on " << numsegments
                  << " segments\n";
    }
    return rows.size();
}

void check_cluster(const std::string& gp, gpparity::checksum::FloatNan nan) {
    const std::string rows =
        " SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i - 1000 END,"
        " CASE WHEN i % 70 = 0 THEN NULL WHEN i % 3 = 0 THEN md5(i::text) || '  '"
        " WHEN i % 3 = 1 THEN 'ü€' || i ELSE '' END, i::bigint * 7919 * (i % 2 * 2 - 1)"
        " FROM generate_series(1, 3000) i";
    sql(gp, "DROP TABLE IF EXISTS gpparity_test_cdbhash_two, gpparity_test_cdbhash_big, "
            "gpparity_test_cdbhash_legacy;"
            "CREATE TABLE gpparity_test_cdbhash_two (a int4, b text, c bigint) "
            "DISTRIBUTED BY (a, b);"
            "CREATE TABLE gpparity_test_cdbhash_big (a int4, b text, c bigint) "
            "DISTRIBUTED BY (c);"
            "CREATE TABLE gpparity_test_cdbhash_legacy (a int4, b text, c bigint) "
            "DISTRIBUTED BY (a cdbhash_int4_ops, b cdbhash_text_ops);"
            "INSERT INTO gpparity_test_cdbhash_two" +
                rows +
                ";"
                "INSERT INTO gpparity_test_cdbhash_big" +
                rows +
                ";"
                "INSERT INTO gpparity_test_cdbhash_legacy" +
                rows + ";");
    const KeyColumn a{"a", "int4send"};
    const KeyColumn b{"b", "textsend"};
    const KeyColumn c{"c", "int8send"};
    EXPECT_EQ(check_greenplum_placement(gp, "gpparity_test_cdbhash_two", {a, b}, nan), 3000U);
    EXPECT_EQ(check_greenplum_placement(gp, "gpparity_test_cdbhash_big", {c}, nan), 3000U);
    EXPECT_EQ(check_greenplum_placement(gp, "gpparity_test_cdbhash_legacy", {a, b}, nan), 3000U);
    sql(gp, "DROP TABLE IF EXISTS gpparity_test_cdbhash_two, gpparity_test_cdbhash_big, "
            "gpparity_test_cdbhash_legacy");
}

} // namespace

TEST(CdbHashGreenplum, Gp6RowsLandWhereCdbHashSays) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP6");
    check_cluster(gp, gpparity::checksum::FloatNan::as_stored);
}

TEST(CdbHashGreenplum, Gp7RowsLandWhereCdbHashSays) {
    GPPARITY_GREENPLUM(gp, "GPPARITY_TEST_GP7");
    check_cluster(gp, gpparity::checksum::FloatNan::canonical);
}
