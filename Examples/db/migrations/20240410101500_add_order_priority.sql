BEGIN;

ALTER TABLE orders ADD COLUMN priority smallint;
UPDATE orders SET priority = 0 WHERE status = 'new';

-- Superseded by the priority queue index below.
DROP INDEX orders_status_idx;

CREATE INDEX orders_queue_idx ON orders (priority, placed_at) WHERE status = 'new';

COMMIT;
