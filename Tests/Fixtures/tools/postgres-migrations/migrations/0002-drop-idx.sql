-- postgres-migrations disable-transaction
DROP INDEX objects_bucket_idx;
