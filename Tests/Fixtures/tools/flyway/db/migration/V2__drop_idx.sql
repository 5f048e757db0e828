ALTER TABLE accounts ADD COLUMN note text;
DROP INDEX accounts_email_idx;
