-- Deploy shop:drop_idx
BEGIN;
ALTER TABLE items ADD COLUMN note text;
DROP INDEX items_sku_idx;
COMMIT;
