-- The shop's first schema. Nothing here locks an existing table.
CREATE TABLE customers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL,
    legacy_ref  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status      text NOT NULL DEFAULT 'new',
    total_cents bigint NOT NULL,
    placed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX customers_email_lower_idx ON customers (lower(email));
CREATE INDEX customers_legacy_ref_idx ON customers (legacy_ref);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE INDEX orders_total_idx ON orders (total_cents);

-- A helper whose body mentions DROP INDEX: it is a string, not a statement of this file.
CREATE FUNCTION rebuild_status_index() RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    EXECUTE 'DROP INDEX IF EXISTS orders_status_idx';
    EXECUTE 'CREATE INDEX orders_status_idx ON orders (status)';
END
$body$;
