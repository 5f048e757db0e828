-- Rebuild the e-mail index under the same name: the drop cannot leave the block,
-- because the CREATE INDEX after it needs the name to be free.
BEGIN;
DROP INDEX customers_email_lower_idx;
CREATE INDEX customers_email_lower_idx ON customers (lower(email)) INCLUDE (id);
COMMIT;
