-- expect-dropped: orders_d_idx
-- naive-concurrently: fails
DROP INDEX orders_d_idx CASCADE;
