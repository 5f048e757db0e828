CREATE TABLE objects (id int, bucket text);
CREATE INDEX objects_bucket_idx ON objects (bucket);
