/// How serious a finding is.
public enum Severity: String, Hashable, Sendable, CaseIterable {
    /// The migration runs, but blocks the table's users while it does.
    case warning
    /// PostgreSQL will reject the statement.
    case error
}

/// One violation of a rule, at a place in a file, with its proposed fix.
///
/// A value, whose parts are kept in one shared box and copied only when a copy of the finding is
/// changed: findings are handed from the analysis to the report and the review, and copying one
/// part by part retained every string and array in it, one atomic operation each.
public struct Finding: Hashable, Sendable {
    private final class Parts: @unchecked Sendable {
        var rule: String
        var severity: Severity
        var message: String
        var range: ByteRange
        var fix: Fix?
        var context: String?

        init(rule: String, severity: Severity, message: String, range: ByteRange, fix: Fix?, context: String?) {
            self.rule = rule
            self.severity = severity
            self.message = message
            self.range = range
            self.fix = fix
            self.context = context
        }

        func copy() -> Parts {
            Parts(rule: rule, severity: severity, message: message, range: range, fix: fix, context: context)
        }
    }

    // Changed only through `unique()`: never while another finding shares it, so findings may
    // cross threads (`@unchecked Sendable` above).
    private var parts: Parts

    private mutating func unique() -> Parts {
        if !isKnownUniquelyReferenced(&parts) { parts = parts.copy() }
        return parts
    }

    /// The rule's identifier.
    public var rule: String {
        _read { yield parts.rule }
        set { unique().rule = newValue }
    }
    /// How serious it is.
    public var severity: Severity {
        get { parts.severity }
        set { unique().severity = newValue }
    }
    /// What is wrong, in one sentence.
    public var message: String {
        _read { yield parts.message }
        set { unique().message = newValue }
    }
    /// From the statement's first key word to its end (without the terminator).
    public var range: ByteRange {
        get { parts.range }
        set { unique().range = newValue }
    }
    /// The proposed rewrite; nil when the rule has nothing to propose.
    public var fix: Fix? {
        _read { yield parts.fix }
        _modify { yield &unique().fix }
    }
    /// How the file runs, in words ("diesel runs this migration in a transaction…").
    public var context: String? {
        _read { yield parts.context }
        set { unique().context = newValue }
    }

    /// Creates a finding.
    public init(rule: String, severity: Severity, message: String, range: ByteRange, fix: Fix?, context: String? = nil)
    {
        parts = Parts(rule: rule, severity: severity, message: message, range: range, fix: fix, context: context)
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
