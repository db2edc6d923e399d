-- Drift planted on the demo's target: what a careless restore leaves behind.
DROP INDEX shop.orders_customer_idx;                       -- an index dropped to make the restore work
DROP AGGREGATE shop.product(double precision);             -- an aggregate that was never recreated
CREATE OR REPLACE FUNCTION shop.add_tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT round(amount * 1.21, 2) $$;   -- a changed body
REVOKE SELECT ON shop.customers FROM shop_reader;          -- a lost grant
DELETE FROM shop.orders WHERE id = 1777;                   -- a lost row
UPDATE shop.orders SET note = '' WHERE id = (SELECT min(id) FROM shop.orders WHERE note IS NULL);  -- NULL became ''
UPDATE shop.orders SET weight = weight + 1e-13 WHERE id = 1042;  -- a float that moved
CREATE TABLE shop.scratch (x int);                         -- an extra table
