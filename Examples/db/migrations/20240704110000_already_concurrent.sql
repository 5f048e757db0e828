-- Already right: concurrent, one index, outside any transaction block.
DROP INDEX CONCURRENTLY IF EXISTS orders_queue_idx;
