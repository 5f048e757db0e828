-- expect-dropped: orders_c_idx, orders_d_idx, orders_status_idx
-- naive-concurrently: fails
-- original: fails
BEGIN;
DROP INDEX orders_c_idx;
COMMIT;
DROP INDEX CONCURRENTLY orders_d_idx, orders_status_idx;
