-- The legacy reference is no longer looked up.
DROP INDEX customers_legacy_ref_idx;
