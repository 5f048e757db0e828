-- migrate:up
DROP INDEX events_kind_idx;

-- migrate:down
CREATE INDEX events_kind_idx ON events (kind);
