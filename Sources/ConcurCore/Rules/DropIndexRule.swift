/// A rule about `DROP INDEX` statements.
public protocol DropIndexRule: Sendable {
    /// The rule's identifier, documentation and examples.
    static var description: RuleDescription { get }
    /// The finding for one statement, or nil when the rule does not apply to it.
    func check(_ context: DropIndexContext) -> Finding?
}

extension DropIndexRule {
    /// The rule's identifier, documentation and examples.
    public var description: RuleDescription { Self.description }

    /// A finding of this rule over the whole statement, with the planner's fix.
    func finding(_ message: String, for context: DropIndexContext) -> Finding {
        let drop = context.drop
        return Finding(
            rule: Self.description.identifier, severity: Self.description.severity, message: message,
            range: ByteRange(drop.dropKeyword.start, drop.statement.range.end),
            fix: context.planner.fix(for: drop, in: context), context: context.model.summary)
    }
}

/// What a rule sees of one `DROP INDEX`: the statement and where it runs.
public struct DropIndexContext {
    /// The statement.
    public var drop: DropIndexStatement
    /// The transaction it runs in, if any.
    public var transaction: TransactionContext
    /// How the file runs (the planner's, shared by every drop of the file rather than copied
    /// into each context).
    public var model: ExecutionModel { planner.model }
    /// The part of the file the statement is in, as the tool runs it.
    public var section: ExecutionModel.Section
    /// How many statements that part holds.
    public var statementsInSection: Int
    /// How many indexes of this file were already moved into new migrations by earlier fixes.
    public var migrationOrdinal: Int = 0
    let planner: DropIndexFixPlanner

    /// The 1-based line of a byte offset, for messages.
    func line(of offset: Int) -> Int { planner.lineIndex.lineIndex(of: offset) + 1 }
}

/// Every rule concur knows.
public enum RuleCatalog {
    /// The `DROP INDEX` rules, in the order they are tried on a statement (at most one reports).
    public static let dropIndexRules: [any DropIndexRule] = [
        RequireConcurrentIndexDeletion(),
        BanUnsupportedConcurrentIndexDeletion(),
        BanConcurrentIndexDeletionInTransaction(),
    ]

    /// The descriptions of every rule.
    public static var descriptions: [RuleDescription] {
        dropIndexRules.map(\.description) + [InvalidIgnoreComment.description]
    }

    /// The description of the rule called `identifier`, if there is one.
    public static func description(of identifier: String) -> RuleDescription? {
        descriptions.first { $0.identifier == identifier }
    }
}
