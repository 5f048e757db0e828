CREATE TABLE posts (id integer PRIMARY KEY, title text);
CREATE INDEX posts_title_idx ON posts (title);
