CREATE INDEX posts_title_idx ON posts (title);
