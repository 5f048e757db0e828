CREATE TABLE users (id int, name text);
CREATE INDEX users_name_idx ON users (name);
