-- expect-dropped: orders_c_idx
-- naive-concurrently: fails
BEGIN;
ALTER TABLE orders ADD COLUMN priority int;
    DROP INDEX orders_c_idx; -- replaced by a partial index below
CREATE INDEX orders_priority_idx ON orders (priority) WHERE priority IS NOT NULL;
COMMIT;
