CREATE TABLE accounts (id int, email text);
CREATE INDEX accounts_email_idx ON accounts (email);
