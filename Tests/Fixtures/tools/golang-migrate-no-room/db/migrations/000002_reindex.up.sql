DROP INDEX IF EXISTS jobs_state_idx;
CREATE INDEX jobs_state_id_idx ON jobs (state, id);
