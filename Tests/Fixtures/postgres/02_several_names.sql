-- expect-dropped: orders_a_idx, orders_b_idx
-- naive-concurrently: fails
drop index orders_a_idx, public.orders_b_idx;
