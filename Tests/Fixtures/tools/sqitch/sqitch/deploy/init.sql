-- Deploy shop:init
BEGIN;
CREATE TABLE items (id int, sku text);
CREATE INDEX items_sku_idx ON items (sku);
COMMIT;
