#pragma once
/// One object of every kind PostgreSQL has (for the catalog extraction and snapshot tests).
/// Roles are cluster-wide, so they are created only when absent and never dropped.

namespace gpparity::testing {

inline const char* const k_catalog_fixture_sql = R"SQL(
DO $$BEGIN CREATE ROLE gpparity_test_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE gpparity_test_reader LOGIN CONNECTION LIMIT 5; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
GRANT gpparity_test_owner TO gpparity_test_reader WITH ADMIN OPTION;
ALTER ROLE gpparity_test_reader SET work_mem = '8MB';
CREATE SCHEMA shop;
CREATE SCHEMA "Weird ""Schema""";
CREATE EXTENSION citext SCHEMA shop;
CREATE LANGUAGE gpparity_test_lang HANDLER plpgsql_call_handler VALIDATOR plpgsql_validator;
CREATE COLLATION shop.german (provider = libc, locale = 'C.UTF-8');
CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'ha ppy', 'o''k');
CREATE TYPE shop.pair AS (a integer, b text COLLATE "C");
CREATE TYPE shop.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN shop.posint AS integer DEFAULT 1 NOT NULL CONSTRAINT posint_check CHECK (VALUE > 0);
CREATE FUNCTION shop.add_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 * 1.2';
CREATE FUNCTION shop.secure(a integer, b text DEFAULT 'x') RETURNS SETOF text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = shop AS $$BEGIN RETURN NEXT b; END$$;
CREATE PROCEDURE shop.do_it(n integer) LANGUAGE plpgsql AS $$BEGIN PERFORM n; END$$;
CREATE FUNCTION shop.trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE FUNCTION shop.int_sum_state(bigint, integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1, 0) + $2';
CREATE AGGREGATE shop.my_sum(integer) (SFUNC = shop.int_sum_state, STYPE = bigint, INITCOND = '0', COMBINEFUNC = int8pl);
CREATE AGGREGATE shop.my_max(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);
CREATE FUNCTION shop.mood_to_text(shop.mood) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1::text';
CREATE CAST (shop.mood AS text) WITH FUNCTION shop.mood_to_text(shop.mood);
CREATE FUNCTION shop.pair_eq(shop.pair, shop.pair) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1.a = $2.a';
CREATE OPERATOR shop.=== (LEFTARG = shop.pair, RIGHTARG = shop.pair, FUNCTION = shop.pair_eq, COMMUTATOR = OPERATOR(shop.===));
CREATE FUNCTION shop.pair_hash(shop.pair) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT hashint4($1.a)';
CREATE OPERATOR FAMILY shop.pair_fam USING hash;
CREATE OPERATOR CLASS shop.pair_hash_ops FOR TYPE shop.pair USING hash FAMILY shop.pair_fam AS OPERATOR 1 shop.=== (shop.pair, shop.pair), FUNCTION 1 shop.pair_hash(shop.pair);
CREATE TEXT SEARCH CONFIGURATION shop.english_simple (COPY = pg_catalog.english);
CREATE FOREIGN DATA WRAPPER gpparity_test_fdw OPTIONS (debug 'true');
CREATE SERVER gpparity_test_server FOREIGN DATA WRAPPER gpparity_test_fdw OPTIONS (host 'remote');
CREATE USER MAPPING FOR gpparity_test_reader SERVER gpparity_test_server OPTIONS (user 'bob', password 'hunter2');
CREATE FOREIGN TABLE shop.remote_items (id integer, name text) SERVER gpparity_test_server OPTIONS (table_name 'items');
CREATE SEQUENCE shop.order_seq AS integer INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 START WITH 10 CACHE 3 CYCLE;
SELECT nextval('shop.order_seq'), nextval('shop.order_seq');
CREATE TABLE shop.customers (id integer PRIMARY KEY, email shop.citext UNIQUE, name text COLLATE shop.german NOT NULL DEFAULT 'anon', mood shop.mood, CONSTRAINT name_len CHECK (length(name) < 100)) WITH (fillfactor = 70);
CREATE TABLE shop.orders (id bigserial PRIMARY KEY, customer_id integer NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, amount numeric(12,2), qty shop.posint, ident integer GENERATED ALWAYS AS IDENTITY, total numeric GENERATED ALWAYS AS (amount * 2) STORED);
CREATE INDEX orders_amount_idx ON shop.orders USING btree (amount DESC) WITH (fillfactor = 80) WHERE amount > 0;
CREATE TABLE shop.rooms (id integer, during tsrange, EXCLUDE USING gist (during WITH &&));
CREATE UNLOGGED TABLE shop.scratch (x integer);
CREATE TABLE shop.events (id integer, logdate date NOT NULL, region text) PARTITION BY RANGE (logdate);
CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);
CREATE TABLE shop.events_2024_eu PARTITION OF shop.events_2024 FOR VALUES IN ('eu', 'uk');
CREATE TABLE shop.events_2024_other PARTITION OF shop.events_2024 DEFAULT;
CREATE TABLE shop.events_2025 PARTITION OF shop.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_logdate_idx ON shop.events (logdate);
CREATE TABLE shop.child_of_customers (extra text) INHERITS (shop.customers);
CREATE TABLE "Weird ""Schema"""."Select" ("Col ""1""" integer, "naïve col" text, "order" text);
CREATE TABLE "Weird ""Schema""".café ("Über" integer);
CREATE TRIGGER orders_trg BEFORE INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.trg();
CREATE RULE scratch_rule AS ON INSERT TO shop.scratch WHERE NEW.x < 0 DO INSTEAD NOTHING;
CREATE VIEW shop.big_orders WITH (security_barrier) AS SELECT o.id, o.amount, shop.add_tax(o.amount) AS taxed FROM shop.orders o WHERE o.amount > 100;
CREATE MATERIALIZED VIEW shop.order_totals AS SELECT customer_id, sum(amount) AS total FROM shop.orders GROUP BY customer_id WITH NO DATA;
GRANT USAGE ON SCHEMA shop TO gpparity_test_reader;
GRANT SELECT, INSERT ON shop.orders TO gpparity_test_reader WITH GRANT OPTION;
GRANT UPDATE ON shop.orders TO gpparity_test_reader;
GRANT SELECT (email), UPDATE (name) ON shop.customers TO gpparity_test_reader;
GRANT EXECUTE ON FUNCTION shop.add_tax(numeric) TO gpparity_test_reader;
REVOKE EXECUTE ON FUNCTION shop.add_tax(numeric) FROM PUBLIC;
GRANT USAGE ON TYPE shop.mood TO gpparity_test_reader;
GRANT USAGE ON SEQUENCE shop.order_seq TO PUBLIC;
GRANT USAGE ON FOREIGN SERVER gpparity_test_server TO gpparity_test_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE gpparity_admin IN SCHEMA shop GRANT SELECT ON TABLES TO gpparity_test_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE gpparity_admin GRANT EXECUTE ON FUNCTIONS TO gpparity_test_reader;
COMMENT ON TABLE shop.orders IS 'All the orders';
COMMENT ON COLUMN shop.orders.amount IS 'in EUR';
COMMENT ON SCHEMA shop IS 'the shop';
COMMENT ON FUNCTION shop.add_tax(numeric) IS 'adds tax';
COMMENT ON INDEX shop.orders_amount_idx IS 'amounts';
COMMENT ON CONSTRAINT name_len ON shop.customers IS 'short names';
COMMENT ON TRIGGER orders_trg ON shop.orders IS 'trg';
COMMENT ON TYPE shop.mood IS 'feelings';
COMMENT ON TABLE "Weird ""Schema"""."Select" IS 'ünïcode ''quoted''';
ALTER TABLE shop.scratch OWNER TO gpparity_test_owner;
)SQL";

} // namespace gpparity::testing
