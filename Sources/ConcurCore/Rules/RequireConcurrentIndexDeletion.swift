/// `DROP INDEX` without `CONCURRENTLY` locks the table against reads and writes.
public struct RequireConcurrentIndexDeletion: DropIndexRule {
    /// Creates the rule.
    public init() {}

    public func check(_ context: DropIndexContext) -> Finding? {
        guard !context.drop.isConcurrent else { return nil }
        if case .explicitBlock(let begin, _) = context.transaction {
            return finding(String(Self.messageInBlock, context.line(of: begin), " ends)"), for: context)
        }
        return finding(Self.message, for: context)
    }

    private static let message =
        "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking its reads "
        + "and writes until the drop finishes"
    /// The message of a drop in a transaction block, up to the block's line.
    private static let messageInBlock = message + " (and until the transaction block opened on line "

    public static let description = RuleDescription(
        identifier: "require-concurrent-index-deletion",
        severity: .warning,
        summary: "Drop indexes with DROP INDEX CONCURRENTLY, so the table stays readable and writable.",
        documentation: RequireConcurrentIndexDeletion.documentation,
        triggeringExamples: [
            RuleExample("↓DROP INDEX users_email_idx;"),
            RuleExample("↓drop index if exists \"app\".\"Email_Idx\";"),
            RuleExample("↓DROP /* keep this note */ INDEX\n    orders_created_at_idx RESTRICT;"),
            RuleExample("↓DROP INDEX orders_a_idx, orders_b_idx;"),
            RuleExample("↓DROP INDEX orders_customer_idx CASCADE;"),
            RuleExample("BEGIN;\n↓DROP INDEX orders_status_idx;\nCOMMIT;"),
            RuleExample("SELECT 'DROP INDEX not_this_one';\n↓DROP INDEX this_one;"),
            RuleExample("CREATE TABLE t (id int);↓DROP INDEX idx$1$;↓Drop Index \"odd\"\"name\";"),
            RuleExample("-- café ☕ précédent\nSELECT 'é'; ↓DROP INDEX idx;"),
        ],
        nonTriggeringExamples: [
            RuleExample("DROP INDEX CONCURRENTLY users_email_idx;"),
            RuleExample("DROP INDEX CONCURRENTLY IF EXISTS app.email_idx RESTRICT;"),
            RuleExample("-- DROP INDEX users_email_idx;\nSELECT 1;"),
            RuleExample("/* DROP INDEX a; /* nested */ DROP INDEX b; */ SELECT 1;"),
            RuleExample("SELECT 'DROP INDEX a', E'\\' DROP INDEX b', $$ DROP INDEX c $$;"),
            RuleExample(
                "CREATE FUNCTION cleanup() RETURNS void AS $fn$\nBEGIN\n  DROP INDEX idx;\nEND\n$fn$ LANGUAGE plpgsql;"),
            RuleExample("DO $$ BEGIN EXECUTE 'DROP INDEX idx'; END $$;"),
            RuleExample("CREATE INDEX CONCURRENTLY idx ON t (c);\nDROP TABLE t;"),
            RuleExample("SELECT \"DROP INDEX x\" FROM t;"),
        ],
        corrections: [
            RuleCorrection("↓DROP INDEX users_email_idx;", "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;"),
            RuleCorrection("↓Drop Index \"ünïcode_idx\";", "Drop Index Concurrently If Exists \"ünïcode_idx\";"),
            RuleCorrection(
                "↓drop index if exists \"App\".\"Email_Idx\" restrict;",
                "drop index concurrently if exists \"App\".\"Email_Idx\" restrict;"),
            RuleCorrection(
                "↓DROP /* keep this note */ INDEX\n    orders_created_at_idx;",
                "DROP /* keep this note */ INDEX CONCURRENTLY IF EXISTS\n    orders_created_at_idx;"),
            RuleCorrection(
                "↓DROP INDEX orders_a_idx, public.orders_b_idx;",
                "DROP INDEX CONCURRENTLY IF EXISTS orders_a_idx;\nDROP INDEX CONCURRENTLY IF EXISTS public.orders_b_idx;"
            ),
            RuleCorrection(
                "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\n↓DROP INDEX orders_status_idx;\nCOMMIT;\n",
                "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n"
            ),
            RuleCorrection("↓DROP INDEX orders_customer_idx CASCADE;", "DROP INDEX orders_customer_idx CASCADE;"),
            RuleCorrection(
                "BEGIN;\n↓DROP INDEX orders_status_idx;\nCREATE INDEX orders_status_idx ON orders (status, id);\nCOMMIT;",
                "BEGIN;\nDROP INDEX orders_status_idx;\nCREATE INDEX orders_status_idx ON orders (status, id);\nCOMMIT;"
            ),
        ])

    static let documentation = """
        ## Why it matters

        A plain `DROP INDEX` takes an `ACCESS EXCLUSIVE` lock on the table the index belongs to. That \
        lock conflicts with everything: while the drop waits for it and while it holds it, no other \
        session can read or write the table. Worse, the drop has to wait for every transaction that \
        already touched the table, and every query that arrives after it queues behind it. One slow \
        report query is enough to turn a millisecond drop into minutes of downtime for the whole table.

        `DROP INDEX CONCURRENTLY` marks the index invalid first, waits for the transactions that may \
        still use it, and only then removes it. Reads and writes carry on throughout; the drop itself \
        takes longer and waits for older transactions instead of making everyone wait for it.

        ## The SQL rewrite

        ```sql
        -- Locks the table for reads and writes:
        DROP INDEX users_email_idx;

        -- Keeps the table available:
        DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;
        ```

        concur adds `CONCURRENTLY` and, when it is missing, `IF EXISTS`: if a concurrent drop is \
        cancelled it can leave the index behind, and the migration must be able to run again. The \
        author's key-word case, quoting, schema and comments are kept as written.

        ## The Alembic rewrite

        Alembic runs each migration in a transaction, so the concurrent drop goes into an \
        autocommit block:

        ```python
        def upgrade():
            with op.get_context().autocommit_block():
                op.drop_index(
                    "ix_users_email",
                    table_name="users",
                    postgresql_concurrently=True,
                    if_exists=True,
                )
        ```

        ## Caveats

        - **One index per statement.** `DROP INDEX CONCURRENTLY a, b` is rejected; concur writes one \
        statement per index.
        - **No `CASCADE`.** `DROP INDEX CONCURRENTLY … CASCADE` is rejected. Drop what depends on the \
        index first (usually a constraint), then the index. concur offers no automatic fix here.
        - **Not inside a transaction.** A concurrent drop fails in `BEGIN … COMMIT`, under \
        `psql --single-transaction`, and when several statements are sent as one query string (which \
        PostgreSQL runs as one implicit transaction). Many migration tools do one of these to every \
        file. When the drop sits in an explicit block and nothing after it in the block uses the \
        index, concur moves it after the block's `COMMIT`; otherwise it explains what to do.
        - **A cancelled drop leaves an invalid index.** If the concurrent drop fails or is cancelled, \
        the index may stay behind marked invalid. Run the drop again; `IF EXISTS` keeps the re-run \
        safe.
        - **Indexes that back a constraint** (primary keys, unique constraints, exclusion \
        constraints) cannot be dropped with `DROP INDEX` at all: drop the constraint with \
        `ALTER TABLE … DROP CONSTRAINT`, which takes its own strong lock.
        - **Partitioned indexes** cannot be dropped concurrently, and the indexes of their \
        partitions cannot be dropped on their own while attached. Such a drop locks the parent \
        and every partition: plan it for a quiet moment, with a short `lock_timeout` so that it \
        gives up instead of making every query queue behind it.

        ## What concur does not see

        Statements inside function bodies, `DO` blocks and `EXECUTE` strings are text to the \
        migration file and are not checked.
        """
}
