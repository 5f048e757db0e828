-- CASCADE cannot be combined with CONCURRENTLY: concur explains what to do instead.
DROP INDEX IF EXISTS orders_customer_idx CASCADE;
