/// `DROP INDEX CONCURRENTLY` inside a transaction, where PostgreSQL refuses to run it.
public struct BanConcurrentIndexDeletionInTransaction: DropIndexRule {
    /// Creates the rule.
    public init() {}

    public func check(_ context: DropIndexContext) -> Finding? {
        let drop = context.drop
        guard drop.isConcurrent, drop.cascadeKeyword == nil, drop.names.count <= 1 else { return nil }
        let place: String
        switch context.transaction {
        case .autocommit: return nil
        case .explicitBlock(let begin, _):
            place = String("inside the transaction block opened on line ", context.line(of: begin), "")
        case .fileTransaction(let runner): place = "in the transaction \(runner) wraps around the file"
        case .implicitQueryTransaction(let runner): place = "in a query string with other statements (\(runner))"
        }
        return finding(
            "DROP INDEX CONCURRENTLY cannot run inside a transaction block; it runs \(place), where PostgreSQL rejects it",
            for: context)
    }

    public static let description = RuleDescription(
        identifier: "ban-concurrent-index-deletion-in-transaction",
        severity: .error,
        summary: "DROP INDEX CONCURRENTLY must run outside any transaction block.",
        documentation: """
            ## Why it matters

            A concurrent drop commits in stages of its own, so PostgreSQL refuses to run it inside a \
            transaction block:

            ```text
            ERROR:  DROP INDEX CONCURRENTLY cannot run inside a transaction block
            ```

            That covers more than an explicit `BEGIN … COMMIT`: `psql --single-transaction`, a \
            migration tool that wraps each file in a transaction, and a query string that holds \
            several statements (PostgreSQL runs it as one implicit transaction) all fail the same way.

            ## The rewrite

            When the drop sits in an explicit block that ends in `COMMIT` and nothing after it in the \
            block uses the index, concur moves the drop after the `COMMIT`:

            ```sql
            BEGIN;
            ALTER TABLE orders ADD COLUMN note text;
            COMMIT;
            DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;
            ```

            Otherwise (a later statement uses the index name, the block is rolled back or never \
            closed, or the whole file runs in one transaction) there is no automatic fix: move the \
            drop into a migration of its own that runs outside a transaction.
            """,
        triggeringExamples: [
            RuleExample("BEGIN;\n↓DROP INDEX CONCURRENTLY orders_status_idx;\nCOMMIT;"),
            RuleExample("start transaction isolation level serializable;\n↓drop index concurrently idx;\nend;"),
            RuleExample("SELECT 1\\; ↓DROP INDEX CONCURRENTLY idx;"),
        ],
        nonTriggeringExamples: [
            RuleExample("BEGIN;\nCOMMIT;\nDROP INDEX CONCURRENTLY orders_status_idx;"),
            RuleExample("BEGIN;\nROLLBACK;\nDROP INDEX CONCURRENTLY idx;"),
            RuleExample(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\nEND;\nDROP INDEX CONCURRENTLY idx;"
            ),
        ],
        corrections: [
            RuleCorrection(
                "BEGIN;\nUPDATE orders SET status = 'new' WHERE status IS NULL;\n  ↓DROP INDEX CONCURRENTLY orders_status_idx; -- old\nCOMMIT;\n",
                "BEGIN;\nUPDATE orders SET status = 'new' WHERE status IS NULL;\n   -- old\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n"
            ),
            RuleCorrection(
                "BEGIN;\n↓DROP INDEX CONCURRENTLY idx;\nROLLBACK;",
                "BEGIN;\n↓DROP INDEX CONCURRENTLY idx;\nROLLBACK;".filter { $0 != "↓" }),
        ])
}
