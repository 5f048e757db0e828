/// How serious a finding is.
public enum Severity: String, Hashable, Sendable, CaseIterable {
    /// The migration runs, but blocks the table's users while it does.
    case warning
    /// PostgreSQL will reject the statement.
    case error
}

/// One violation of a rule, at a place in a file, with its proposed fix.
///
/// A value whose parts are kept in one immutable box, shared by its copies; changing a part makes
/// a new box. Findings are copied between the analysis and the report's bytes, and copying one
/// part by part retained every string and array in it, one atomic operation each; changes are
/// rare (ignore comments, rule settings). The box's parts are constants, so reading them needs no
/// exclusivity check either.
public struct Finding: Hashable, Sendable {
    private final class Parts: Sendable {
        let rule: String
        let severity: Severity
        let message: String
        let range: ByteRange
        let fix: Fix?
        let context: String?

        init(rule: String, severity: Severity, message: String, range: ByteRange, fix: Fix?, context: String?) {
            self.rule = rule
            self.severity = severity
            self.message = message
            self.range = range
            self.fix = fix
            self.context = context
        }
    }

    private var parts: Parts

    /// The rule's identifier.
    public var rule: String {
        _read { yield parts.rule }
        set { self = Finding(newValue, severity, message, range, fix, context) }
    }
    /// How serious it is.
    public var severity: Severity {
        get { parts.severity }
        set { self = Finding(rule, newValue, message, range, fix, context) }
    }
    /// What is wrong, in one sentence.
    public var message: String {
        _read { yield parts.message }
        set { self = Finding(rule, severity, newValue, range, fix, context) }
    }
    /// From the statement's first key word to its end (without the terminator).
    public var range: ByteRange {
        get { parts.range }
        set { self = Finding(rule, severity, message, newValue, fix, context) }
    }
    /// The proposed rewrite; nil when the rule has nothing to propose.
    public var fix: Fix? {
        _read { yield parts.fix }
        set { self = Finding(rule, severity, message, range, newValue, context) }
    }
    /// How the file runs, in words ("diesel runs this migration in a transaction…").
    public var context: String? {
        _read { yield parts.context }
        set { self = Finding(rule, severity, message, range, fix, newValue) }
    }

    /// Creates a finding.
    public init(rule: String, severity: Severity, message: String, range: ByteRange, fix: Fix?, context: String? = nil)
    {
        parts = Parts(rule: rule, severity: severity, message: message, range: range, fix: fix, context: context)
    }

    private init(
        _ rule: String, _ severity: Severity, _ message: String, _ range: ByteRange, _ fix: Fix?, _ context: String?
    ) {
        self.init(rule: rule, severity: severity, message: message, range: range, fix: fix, context: context)
    }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.parts === rhs.parts
            || (lhs.rule == rhs.rule && lhs.severity == rhs.severity && lhs.message == rhs.message
                && lhs.range == rhs.range && lhs.fix == rhs.fix && lhs.context == rhs.context)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(severity)
        hasher.combine(message)
        hasher.combine(range)
        hasher.combine(fix)
        hasher.combine(context)
    }
}
