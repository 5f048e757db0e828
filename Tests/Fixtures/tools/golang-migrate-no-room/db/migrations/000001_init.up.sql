CREATE TABLE jobs (id int, state text);
CREATE INDEX jobs_state_idx ON jobs (state);
