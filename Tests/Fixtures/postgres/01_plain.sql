-- expect-dropped: orders_status_idx
-- naive-concurrently: runs
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
DROP INDEX orders_status_idx;
