-- expect-dropped: accounts_email_idx
-- naive-concurrently: runs
\set ON_ERROR_STOP on
CREATE TABLE audit (line text);
COPY audit (line) FROM stdin;
DROP INDEX accounts_created_idx;
it's; not SQL $$
\.
CREATE FUNCTION cleanup() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE 'DROP INDEX IF EXISTS accounts_created_idx';
END
$fn$;
SELECT E'DROP INDEX \' accounts_created_idx' AS a, $$ DROP INDEX x; $$ AS b \gset
/* DROP INDEX accounts_created_idx; /* nested */ still a comment */
DROP INDEX accounts_email_idx;
