-- expect-dropped: accounts_email_idx
-- naive-concurrently: runs
DROP INDEX accounts_email_idx;
