/// How a file's statements reach PostgreSQL: whether a transaction wraps the whole file, and
/// whether statements are sent one by one or as one query string.
///
/// `DROP INDEX CONCURRENTLY` runs only when no transaction block surrounds it and it is sent on
/// its own: PostgreSQL runs a query string that holds several statements as one implicit
/// transaction. Migration tools differ on both axes, so the model is a value the caller chooses
/// per file; plain `.sql` files are run as `psql -f` runs them.
public struct ExecutionModel: Hashable, Sendable {
    /// How statements are sent.
    public enum Delivery: Hashable, Sendable {
        /// Each statement is its own query (psql, and tools that split files the same way).
        case statementByStatement
        /// The whole file is one query string (a multi-statement simple query).
        case wholeFileAsOneQuery
    }

    /// The name shown in messages, e.g. "psql -f".
    public var name: String
    /// Whether the runner wraps the whole file in one transaction.
    public var wrapsFileInTransaction: Bool
    /// How statements are sent.
    public var delivery: Delivery

    /// Creates a model.
    public init(name: String, wrapsFileInTransaction: Bool, delivery: Delivery) {
        self.name = name
        self.wrapsFileInTransaction = wrapsFileInTransaction
        self.delivery = delivery
    }

    /// `psql -f file.sql`: statement by statement, in autocommit mode unless the file says BEGIN.
    public static let psqlScript = ExecutionModel(
        name: "psql -f", wrapsFileInTransaction: false, delivery: .statementByStatement)

    /// `psql -1 -f file.sql` (`--single-transaction`): the whole file in one transaction.
    public static let psqlSingleTransaction = ExecutionModel(
        name: "psql --single-transaction", wrapsFileInTransaction: true, delivery: .statementByStatement)
}

/// Where a statement runs, as far as transactions go.
public enum TransactionContext: Hashable, Sendable {
    /// On its own, outside any transaction block: a concurrent drop works here.
    case autocommit
    /// Inside `BEGIN … COMMIT` written in the file; `begin` is the offset of that `BEGIN`.
    case explicitBlock(begin: Int, end: BlockEnd)
    /// Inside the transaction that the runner wraps around the whole file.
    case fileTransaction(runner: String)
    /// In a query string with other statements, which PostgreSQL runs as one transaction.
    case implicitQueryTransaction(runner: String)

    /// Whether a concurrent drop placed here would fail.
    public var isInsideTransaction: Bool { self != .autocommit }
}

/// How an explicit transaction block that holds a statement ends, and what stands in the way of
/// moving the statement after it.
public enum BlockEnd: Hashable, Sendable {
    /// `COMMIT`/`END` at `statementIndex`, with the first reason (if any) that forbids a move.
    case committed(statementIndex: Int, obstacle: String?)
    /// `ROLLBACK`/`ABORT`: the statement's work is undone.
    case rolledBack
    /// `PREPARE TRANSACTION`: the work waits for `COMMIT PREPARED`.
    case prepared
    /// The file ends with the block still open.
    case neverClosed
}
