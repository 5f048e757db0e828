/// How serious a finding is.
public enum Severity: String, Hashable, Sendable, CaseIterable {
    /// The migration runs, but blocks the table's users while it does.
    case warning
    /// PostgreSQL will reject the statement.
    case error
}

/// One violation of a rule, at a place in a file, with its proposed fix.
public struct Finding: Hashable, Sendable {
    /// The rule's identifier.
    public var rule: String
    /// How serious it is.
    public var severity: Severity
    /// What is wrong, in one sentence.
    public var message: String
    /// From the statement's first key word to its end (without the terminator).
    public var range: ByteRange
    /// The proposed rewrite; nil when the rule has nothing to propose.
    public var fix: Fix?
    /// How the file runs, in words ("diesel runs this migration in a transaction…").
    public var context: String?

    /// Creates a finding.
    public init(rule: String, severity: Severity, message: String, range: ByteRange, fix: Fix?, context: String? = nil)
    {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.range = range
        self.fix = fix
        self.context = context
    }
}
