-- expect-dropped: orders_a_idx, orders_b_idx, orders_status_idx
-- naive-concurrently: fails
START TRANSACTION;
DROP INDEX orders_a_idx, orders_b_idx;
UPDATE orders SET status = 'new' WHERE status IS NULL;
DROP INDEX IF EXISTS orders_status_idx;
END;
SELECT count(*) FROM orders;
