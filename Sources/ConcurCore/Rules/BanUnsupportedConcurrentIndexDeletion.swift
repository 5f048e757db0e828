/// `DROP INDEX CONCURRENTLY` with several names or with `CASCADE`, which PostgreSQL rejects.
public struct BanUnsupportedConcurrentIndexDeletion: DropIndexRule {
    /// Creates the rule.
    public init() {}

    public func check(_ context: DropIndexContext) -> Finding? {
        let drop = context.drop
        guard drop.isConcurrent, drop.cascadeKeyword != nil || drop.names.count > 1 else { return nil }
        let message =
            drop.cascadeKeyword != nil
            ? "DROP INDEX CONCURRENTLY does not support CASCADE; PostgreSQL rejects this statement"
            : String(
                "DROP INDEX CONCURRENTLY drops one index at a time; PostgreSQL rejects this list of ", drop.names.count,
                " indexes")
        return finding(message, for: context)
    }

    public static let description = RuleDescription(
        identifier: "ban-unsupported-concurrent-index-deletion",
        severity: .error,
        summary: "DROP INDEX CONCURRENTLY takes exactly one index and no CASCADE.",
        documentation: """
            ## Why it matters

            PostgreSQL accepts `DROP INDEX CONCURRENTLY` only for a single index and without \
            `CASCADE`. Both forms parse, so linters that only parse the SQL let them through, and the \
            migration then fails when it runs:

            ```text
            ERROR:  DROP INDEX CONCURRENTLY does not support dropping multiple objects
            ERROR:  DROP INDEX CONCURRENTLY does not support CASCADE
            ```

            ## The rewrite

            A list of names becomes one statement per index:

            ```sql
            DROP INDEX CONCURRENTLY IF EXISTS orders_a_idx;
            DROP INDEX CONCURRENTLY IF EXISTS orders_b_idx;
            ```

            For `CASCADE` there is no automatic fix: drop the dependent objects first (usually a \
            constraint, with `ALTER TABLE … DROP CONSTRAINT`), then drop the index concurrently.
            """,
        triggeringExamples: [
            RuleExample("↓DROP INDEX CONCURRENTLY orders_a_idx, orders_b_idx;"),
            RuleExample("↓DROP INDEX CONCURRENTLY IF EXISTS orders_customer_idx CASCADE;"),
        ],
        nonTriggeringExamples: [
            RuleExample("DROP INDEX CONCURRENTLY orders_a_idx;\nDROP INDEX CONCURRENTLY orders_b_idx;"),
            RuleExample("DROP INDEX CONCURRENTLY IF EXISTS orders_customer_idx RESTRICT;"),
        ],
        corrections: [
            RuleCorrection(
                "↓DROP INDEX CONCURRENTLY orders_a_idx, orders_b_idx;",
                "DROP INDEX CONCURRENTLY IF EXISTS orders_a_idx;\nDROP INDEX CONCURRENTLY IF EXISTS orders_b_idx;"),
            RuleCorrection(
                "  ↓drop index concurrently if exists a, \"B\" restrict;",
                "  drop index concurrently if exists a restrict;\n  drop index concurrently if exists \"B\" restrict;"),
            RuleCorrection(
                "↓DROP INDEX CONCURRENTLY orders_customer_idx CASCADE;",
                "DROP INDEX CONCURRENTLY orders_customer_idx CASCADE;"),
        ])
}
