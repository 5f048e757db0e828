CREATE TABLE orders (id int, status text);
CREATE INDEX orders_status_idx ON orders (status);
