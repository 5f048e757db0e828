-- expect-dropped:
-- naive-concurrently: fails
BEGIN;
DROP INDEX orders_e_idx;
CREATE INDEX orders_e_idx ON orders (account_id, status, total);
COMMIT;
