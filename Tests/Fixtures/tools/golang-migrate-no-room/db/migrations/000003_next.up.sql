ALTER TABLE jobs ADD COLUMN note text;
