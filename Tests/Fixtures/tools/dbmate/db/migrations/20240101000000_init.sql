-- migrate:up
CREATE TABLE events (id int, kind text);
CREATE INDEX events_kind_idx ON events (kind);

-- migrate:down
DROP TABLE events;
