-- The schema every migration fixture runs against (a fresh database each time).
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz DEFAULT now());
CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), status text, total numeric, note text);
CREATE TABLE "Events" (id bigint, "Kind" text, payload jsonb);
CREATE INDEX accounts_email_idx ON accounts (email);
CREATE INDEX accounts_created_idx ON accounts (created_at);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_a_idx ON orders (account_id);
CREATE INDEX orders_b_idx ON orders (total);
CREATE INDEX orders_c_idx ON orders (status, total);
CREATE INDEX orders_d_idx ON orders (note);
CREATE INDEX orders_e_idx ON orders (account_id, status);
CREATE INDEX "Events_Mixed_Idx" ON "Events" ("Kind");
CREATE INDEX "ünïcode_idx" ON "Events" (id);
CREATE INDEX "idx$1$" ON "Events" (payload);
INSERT INTO accounts VALUES (1, 'a@example.com'), (2, 'b@example.com');
INSERT INTO orders VALUES (1, 1, 'new', 10, NULL), (2, 2, 'paid', 20, 'x');
