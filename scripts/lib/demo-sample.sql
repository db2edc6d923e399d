-- The demo's source database: a small shop with the kinds of objects a migration loses.
CREATE SCHEMA shop;
CREATE TYPE shop.order_state AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN shop.positive_money AS numeric(12,2) CHECK (VALUE >= 0);
CREATE SEQUENCE shop.order_no START 1000 INCREMENT 1;
CREATE TABLE shop.customers (
    id      bigint PRIMARY KEY,
    name    text NOT NULL,
    email   text UNIQUE,
    joined  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shop.orders (
    id       bigint PRIMARY KEY DEFAULT nextval('shop.order_no'),
    customer bigint NOT NULL REFERENCES shop.customers(id),
    state    shop.order_state NOT NULL DEFAULT 'new',
    total    shop.positive_money NOT NULL,
    weight   double precision,
    note     text
);
CREATE INDEX orders_customer_idx ON shop.orders (customer);
CREATE TABLE shop."Order Lines" (order_id bigint, line int, sku text, qty int, price numeric(10,2));
CREATE FUNCTION shop.add_tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT round(amount * 1.19, 2) $$;
CREATE AGGREGATE shop.product(double precision) (SFUNC = float8mul, STYPE = double precision, INITCOND = '1');
CREATE VIEW shop.order_totals AS
    SELECT customer, count(*) AS orders, sum(total) AS total FROM shop.orders GROUP BY customer;
CREATE ROLE shop_reader NOLOGIN;
GRANT USAGE ON SCHEMA shop TO shop_reader;
GRANT SELECT ON shop.orders, shop.customers TO shop_reader;

INSERT INTO shop.customers
SELECT g, 'customer ' || g, 'c' || g || '@example.com', timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'
FROM generate_series(1, 500) g;
INSERT INTO shop.orders (customer, state, total, weight, note)
SELECT 1 + g % 500, (ARRAY['new','paid','shipped'])[1 + g % 3]::shop.order_state, (g % 1000) / 10.0,
       g / 7.0, CASE WHEN g % 11 = 0 THEN NULL ELSE 'note ' || g END
FROM generate_series(1, 5000) g;
INSERT INTO shop."Order Lines" SELECT g / 3, g % 3, 'sku-' || (g % 97), 1 + g % 5, (g % 50) + 0.99
FROM generate_series(1, 9000) g;
