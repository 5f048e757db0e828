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
        /// The whole file (or section) is one query string (a multi-statement simple query).
        case wholeFileAsOneQuery
    }

    /// The name shown in messages, e.g. "psql -f" or "diesel".
    public var name: String
    /// Whether the runner wraps the whole file (or section) in one transaction.
    public var wrapsFileInTransaction: Bool
    /// How statements are sent.
    public var delivery: Delivery
    /// One sentence on how the file runs, for findings and the reviewer.
    public var summary: String
    /// How the file can switch its transaction off, when the tool allows it in the file itself.
    public var transactionOptOut: TransactionOptOut?
    /// What to do instead when no rewrite inside the file can run, in the tool's own terms.
    public var separateMigrationAdvice: String
    /// Offsets where a part of the file that runs on its own starts (dbmate's `-- migrate:down`);
    /// each part gets its own model in `sectionModels`.
    public var sections: [Section]
    /// Where a drop can go to run on its own, when the tool's layout is one concur can write.
    public var separateMigration: SeparateMigration?

    /// A part of a file that the tool runs separately, with its own model.
    public struct Section: Hashable, Sendable {
        /// The offset of the section's first byte.
        public var start: Int
        /// Whether the tool wraps this section in a transaction.
        public var wrapsInTransaction: Bool
        /// How the section can switch its transaction off.
        public var transactionOptOut: TransactionOptOut?

        public init(start: Int, wrapsInTransaction: Bool, transactionOptOut: TransactionOptOut?) {
            self.start = start
            self.wrapsInTransaction = wrapsInTransaction
            self.transactionOptOut = transactionOptOut
        }
    }

    /// Creates a model.
    public init(
        name: String, wrapsFileInTransaction: Bool, delivery: Delivery, summary: String? = nil,
        transactionOptOut: TransactionOptOut? = nil, separateMigrationAdvice: String? = nil, sections: [Section] = []
    ) {
        self.name = name
        self.wrapsFileInTransaction = wrapsFileInTransaction
        self.delivery = delivery
        self.summary =
            summary
            ?? "\(name) runs this file "
            + (delivery == .statementByStatement ? "statement by statement" : "as one query string")
            + (wrapsFileInTransaction ? ", in one transaction" : "")
        self.transactionOptOut = transactionOptOut
        self.separateMigrationAdvice =
            separateMigrationAdvice ?? "Move the drop into a migration of its own that runs outside a transaction."
        self.sections = sections
        self.separateMigration = nil
    }

    /// `psql -f file.sql`: statement by statement, in autocommit mode unless the file says BEGIN.
    public static let psqlScript = ExecutionModel(
        name: "psql -f", wrapsFileInTransaction: false, delivery: .statementByStatement,
        summary: "psql runs this file statement by statement, outside a transaction unless the file opens one")

    /// `psql -1 -f file.sql` (`--single-transaction`): the whole file in one transaction.
    public static let psqlSingleTransaction = ExecutionModel(
        name: "psql --single-transaction", wrapsFileInTransaction: true, delivery: .statementByStatement,
        summary: "psql --single-transaction runs this whole file in one transaction")

    /// The section that holds `offset` (the whole file when there are no sections).
    func section(containing offset: Int) -> Section {
        sections.last { $0.start <= offset }
            ?? Section(start: 0, wrapsInTransaction: wrapsFileInTransaction, transactionOptOut: transactionOptOut)
    }
}

/// An edit that switches a migration's transaction off, in the tool's own syntax (for example
/// `-- atlas:txmode none` at the top of the file).
public struct TransactionOptOut: Hashable, Sendable {
    /// How the fix's title names it, e.g. "`-- atlas:txmode none`".
    public var title: String
    /// The edit that switches the transaction off.
    public var edit: Edit

    public init(title: String, edit: Edit) {
        self.title = title
        self.edit = edit
    }
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
