-- Two indexes that no query plan uses any more (checked in pg_stat_user_indexes).
drop index orders_placed_at_idx, public.orders_total_idx;
