#pragma once
/// TOC entries of a small schema exactly as gpbackup prints them (metadata.sql text per entry):
/// heap, AO row, AOCS with ENCODING, replicated, randomly distributed and GP6 range- and
/// list-partitioned tables, an index, constraints, a trigger, a rule, a view, a sequence with
/// setval, SQL and plpgsql functions, an aggregate, a domain, an enum, a composite type, comments,
/// grants and an owner. gpbackup's output is valid GP6 SQL: the integration tests run it on a
/// scratch database and compare what the extractor reads with catalog_from_toc of the same entries.
/// Roles are cluster-wide: the tests create gpparity_test_owner/reader when absent.

#include "catalog/backup_catalog.hpp"

#include <vector>

namespace gpparity::testing {

inline catalog::TocEntry toc_entry(catalog::TocSection section, const char* type,
                                   const char* schema, const char* name, const char* reference,
                                   const char* statement) {
    return {section, schema, name, type, reference, statement};
}

// NOLINTNEXTLINE(readability-function-size): one flat list of entries
inline std::vector<catalog::TocEntry> backup_toc_fixture() {
    using catalog::TocSection;
    const auto pre = TocSection::predata;
    const auto post = TocSection::postdata;
    return {
        toc_entry(pre, "SESSION GUCS", "", "", "", "SET client_encoding = 'UTF8';\n"),
        toc_entry(pre, "SCHEMA", "bk", "bk", "", "\n\nCREATE SCHEMA bk;"),
        toc_entry(pre, "SCHEMA", "bk", "bk", "",
                  "\n\nCOMMENT ON SCHEMA bk IS 'backup set test';\n"),
        toc_entry(pre, "SCHEMA", "bk", "bk", "",
                  "\n\nREVOKE ALL ON SCHEMA bk FROM PUBLIC;\nREVOKE ALL ON SCHEMA bk FROM "
                  "gpadmin;\nGRANT ALL ON SCHEMA bk TO gpadmin;\nGRANT USAGE ON SCHEMA bk TO "
                  "gpparity_test_reader;\n"),
        toc_entry(pre, "TYPE", "bk", "mood", "",
                  "\n\nCREATE TYPE bk.mood AS ENUM (\n\t'sad',\n\t'ok',\n\t'ha ppy'\n);\n"),
        toc_entry(pre, "TYPE", "bk", "mood", "", "\n\nCOMMENT ON TYPE bk.mood IS 'feelings';\n"),
        toc_entry(pre, "TYPE", "bk", "pair", "",
                  "\n\nCREATE TYPE bk.pair AS (\n\ta integer,\n\tb text\n);"),
        toc_entry(pre, "DOMAIN", "bk", "posint", "",
                  "\nCREATE DOMAIN bk.posint AS integer DEFAULT 1 NOT NULL\n\tCONSTRAINT "
                  "posint_check CHECK ((VALUE > 0));\n"),
        toc_entry(pre, "FUNCTION", "bk", "add_tax(numeric)", "",
                  "\n\nCREATE FUNCTION bk.add_tax(numeric) RETURNS numeric AS\n$$SELECT $1 * "
                  "1.2$$\nLANGUAGE sql CONTAINS SQL IMMUTABLE STRICT;\n"),
        toc_entry(pre, "FUNCTION", "bk", "add_tax(numeric)", "",
                  "\n\nCOMMENT ON FUNCTION bk.add_tax(numeric) IS 'adds tax';\n"),
        toc_entry(pre, "FUNCTION", "bk", "add_tax(numeric)", "",
                  "\n\nREVOKE ALL ON FUNCTION bk.add_tax(numeric) FROM PUBLIC;\nREVOKE ALL ON "
                  "FUNCTION bk.add_tax(numeric) FROM gpadmin;\nGRANT ALL ON FUNCTION "
                  "bk.add_tax(numeric) TO gpadmin;\nGRANT ALL ON FUNCTION bk.add_tax(numeric) TO "
                  "gpparity_test_reader;\n"),
        toc_entry(pre, "FUNCTION", "bk", "greet(who text, n integer)", "",
                  "\n\nCREATE FUNCTION bk.greet(who text, n integer DEFAULT 1) RETURNS SETOF "
                  "text AS\n$_$BEGIN RETURN NEXT 'hello ' || who || ' $1'; END$_$\nLANGUAGE "
                  "plpgsql NO SQL STABLE SECURITY DEFINER\nSET search_path TO 'bk';\n"),
        toc_entry(pre, "FUNCTION", "bk", "int_sum_state(bigint, integer)", "",
                  "\n\nCREATE FUNCTION bk.int_sum_state(bigint, integer) RETURNS bigint "
                  "AS\n$$SELECT coalesce($1, 0) + $2$$\nLANGUAGE sql CONTAINS SQL "
                  "IMMUTABLE;\n"),
        toc_entry(pre, "FUNCTION", "bk", "trg()", "",
                  "\n\nCREATE FUNCTION bk.trg() RETURNS trigger AS\n$$BEGIN RETURN NEW; "
                  "END$$\nLANGUAGE plpgsql NO SQL;\n"),
        toc_entry(pre, "AGGREGATE", "bk", "my_sum(integer)", "",
                  "\n\nCREATE AGGREGATE bk.my_sum(integer) (\n\tSFUNC = "
                  "bk.int_sum_state,\n\tSTYPE = bigint,\n\tINITCOND = '0'\n);\n"),
        // Casts, operators and operator families are compared for presence: their identities
        // must be the extractor's (format_type names, argument types, access method).
        toc_entry(pre, "CAST", "pg_catalog", "(pg_catalog.int4 AS bk.mood)", "",
                  "\n\nCREATE CAST (pg_catalog.int4 AS bk.mood)\n\tWITH INOUT\nAS ASSIGNMENT;"),
        toc_entry(pre, "CAST", "pg_catalog", "(pg_catalog.int4 AS bk.mood)", "",
                  "\n\nCOMMENT ON CAST (pg_catalog.int4 AS bk.mood) IS 'int to mood';\n"),
        toc_entry(pre, "CAST", "pg_catalog", "(bk.mood AS pg_catalog._text)", "",
                  "\n\nCREATE CAST (bk.mood AS pg_catalog._text)\n\tWITH INOUT;"),
        toc_entry(pre, "OPERATOR", "bk", "===", "",
                  "\n\nCREATE OPERATOR bk.=== (\n\tPROCEDURE = bk.int_sum_state,\n\tLEFTARG = "
                  "bigint,\n\tRIGHTARG = integer\n);"),
        toc_entry(pre, "OPERATOR", "bk", "===", "",
                  "\n\nCOMMENT ON OPERATOR bk.=== (bigint, integer) IS 'adds';\n"),
        toc_entry(pre, "OPERATOR FAMILY", "bk", "fam", "",
                  "\n\nCREATE OPERATOR FAMILY bk.fam USING btree;"),
        toc_entry(pre, "FOREIGN DATA WRAPPER", "", "bk_wrapper", "",
                  "\n\nCREATE FOREIGN DATA WRAPPER bk_wrapper;"),
        toc_entry(pre, "FOREIGN SERVER", "", "bk_server", "",
                  "\n\nCREATE SERVER bk_server\n\tFOREIGN DATA WRAPPER bk_wrapper;"),
        toc_entry(pre, "USER MAPPING", "", "public ON bk_server", "",
                  "\n\nCREATE USER MAPPING FOR public\n\tSERVER bk_server;"),
        toc_entry(pre, "USER MAPPING", "", "gpparity_test_reader ON bk_server", "",
                  "\n\nCREATE USER MAPPING FOR gpparity_test_reader\n\tSERVER bk_server\n\t"
                  "OPTIONS (dbname 'shop');"),
        toc_entry(pre, "SEQUENCE", "bk", "order_seq", "",
                  "\n\nCREATE SEQUENCE bk.order_seq\n\tSTART WITH 1\n\tINCREMENT BY 1\n\tNO "
                  "MAXVALUE\n\tNO MINVALUE\n\tCACHE 1;\n\nSELECT "
                  "pg_catalog.setval('bk.order_seq', 42, true);\n"),
        toc_entry(pre, "SEQUENCE", "bk", "step_seq", "",
                  "\n\nCREATE SEQUENCE bk.step_seq\n\tSTART WITH 10\n\tINCREMENT BY "
                  "5\n\tMAXVALUE 100000\n\tMINVALUE 10\n\tCACHE 3\n\tCYCLE;\n\nSELECT "
                  "pg_catalog.setval('bk.step_seq', 10, false);\n"),
        toc_entry(pre, "TABLE", "bk", "customers", "",
                  "\n\nCREATE TABLE bk.customers (\n\tid integer NOT NULL,\n\tname text "
                  "DEFAULT 'anon'::text,\n\tmood bk.mood,\n\tjoined date\n) DISTRIBUTED BY "
                  "(id);\n\nALTER TABLE ONLY bk.customers ALTER COLUMN name SET STORAGE "
                  "EXTERNAL;\nALTER TABLE ONLY bk.customers ALTER COLUMN joined SET "
                  "(n_distinct=-1);"),
        toc_entry(pre, "TABLE", "bk", "customers", "",
                  "\n\nCOMMENT ON TABLE bk.customers IS 'customers';\n"),
        toc_entry(pre, "TABLE", "bk", "customers", "",
                  "\n\nALTER TABLE bk.customers OWNER TO gpparity_test_owner;\n"),
        toc_entry(pre, "TABLE", "bk", "customers", "",
                  "\n\nREVOKE ALL ON TABLE bk.customers FROM PUBLIC;\nREVOKE ALL ON TABLE "
                  "bk.customers FROM gpparity_test_owner;\nGRANT ALL ON TABLE bk.customers TO "
                  "gpparity_test_owner;\nGRANT SELECT,INSERT ON TABLE bk.customers TO "
                  "gpparity_test_reader WITH GRANT OPTION;\n"),
        toc_entry(pre, "TABLE", "bk", "customers", "",
                  "\n\nCOMMENT ON COLUMN bk.customers.name IS 'full ''name''';"),
        toc_entry(pre, "TABLE", "bk", "orders", "",
                  "\n\nCREATE TABLE bk.orders (\n\tid bigint DEFAULT "
                  "nextval('bk.order_seq'::regclass) NOT NULL,\n\tcustomer_id integer,\n\tamount "
                  "numeric(12,2),\n\tqty bk.posint\n) WITH (appendonly=true, compresstype=zlib, "
                  "compresslevel=5) DISTRIBUTED BY (id);\n"),
        toc_entry(pre, "TABLE", "bk", "facts", "",
                  "\n\nCREATE TABLE bk.facts (\n\tid integer ENCODING "
                  "(compresstype=zlib,compresslevel=1,blocksize=32768),\n\tv text ENCODING "
                  "(compresstype=none,compresslevel=0,blocksize=32768)\n) WITH (appendonly=true, "
                  "orientation=column) DISTRIBUTED RANDOMLY;\n"),
        toc_entry(pre, "TABLE", "bk", "dims", "",
                  "\n\nCREATE TABLE bk.dims (\n\tid integer,\n\tlabel character varying(20) "
                  "COLLATE pg_catalog.\"C\"\n) DISTRIBUTED REPLICATED;\n"),
        toc_entry(pre, "TABLE", "bk", "sales", "",
                  "\n\nCREATE TABLE bk.sales (\n\tid integer,\n\tday date,\n\tamount numeric\n) "
                  "DISTRIBUTED BY (id) PARTITION BY RANGE(day) \n          (\n          START "
                  "('2024-01-01'::date) END ('2024-02-01'::date) EVERY ('1 mon'::interval) WITH "
                  "(tablename='sales_1_prt_1', appendonly='false'), \n          START "
                  "('2024-02-01'::date) END ('2024-03-01'::date) EVERY ('1 mon'::interval) WITH "
                  "(tablename='sales_1_prt_2', appendonly='false')\n          );\n"),
        toc_entry(pre, "TABLE", "bk", "regions", "",
                  "\n\nCREATE TABLE bk.regions (\n\tid integer,\n\tregion text\n) DISTRIBUTED BY "
                  "(id) PARTITION BY LIST(region) \n          (\n          PARTITION eu "
                  "VALUES('eu', 'uk') WITH (tablename='regions_1_prt_eu', appendonly='false'), "
                  "\n          DEFAULT PARTITION other  WITH (tablename='regions_1_prt_other', "
                  "appendonly='false')\n          );\n"),
        toc_entry(pre, "SEQUENCE OWNER", "bk", "order_seq", "bk.orders",
                  "\n\nALTER SEQUENCE bk.order_seq OWNED BY bk.orders.id;\n"),
        toc_entry(pre, "VIEW", "bk", "big_orders", "",
                  "\n\nCREATE VIEW bk.big_orders AS  SELECT o.id,\n    o.amount\n   FROM "
                  "bk.orders o\n  WHERE (o.amount > (100)::numeric);\n"),
        toc_entry(pre, "VIEW", "bk", "big_orders", "",
                  "\n\nREVOKE ALL ON TABLE bk.big_orders FROM PUBLIC;\nREVOKE ALL ON TABLE "
                  "bk.big_orders FROM gpadmin;\nGRANT ALL ON TABLE bk.big_orders TO "
                  "gpadmin;\nGRANT SELECT ON TABLE bk.big_orders TO gpparity_test_reader;\n"),
        toc_entry(pre, "CONSTRAINT", "bk", "customers_pkey", "bk.customers",
                  "\n\nALTER TABLE ONLY bk.customers ADD CONSTRAINT customers_pkey PRIMARY KEY "
                  "(id);\n"),
        toc_entry(pre, "CONSTRAINT", "bk", "amount_positive", "bk.orders",
                  "\n\nALTER TABLE bk.orders ADD CONSTRAINT amount_positive CHECK ((amount > "
                  "(0)::numeric));\n"),
        toc_entry(post, "TRIGGER", "bk", "customers_trg", "bk.customers",
                  "\n\nCREATE TRIGGER customers_trg BEFORE INSERT ON bk.customers FOR EACH ROW "
                  "EXECUTE PROCEDURE bk.trg();"),
        toc_entry(post, "RULE", "bk", "dims_rule", "bk.dims",
                  "\n\nCREATE RULE dims_rule AS\n    ON INSERT TO bk.dims\n   WHERE (new.id < 0) "
                  "DO INSTEAD NOTHING;"),
        toc_entry(post, "INDEX", "bk", "customers_name_idx", "bk.customers",
                  "\n\nCREATE INDEX customers_name_idx ON bk.customers USING btree (name);"),
        toc_entry(post, "INDEX METADATA", "bk", "customers_name_idx", "bk.customers_name_idx",
                  "\n\nCOMMENT ON INDEX bk.customers_name_idx IS 'by name';\n"),
    };
}

} // namespace gpparity::testing
