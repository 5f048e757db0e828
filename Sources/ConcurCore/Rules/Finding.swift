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
/// exclusivity check either. The severity is kept beside the box: a configuration that sets a
/// rule's severity changes it in every finding, which then needs no new box.
public struct Finding: Hashable, Sendable {
    private struct Parts: Hashable, Sendable {
        var rule: String
        var message: String
        var range: ByteRange
        var fix: Fix?
        var context: String?
    }

    private final class Box: Sendable {
        let parts: Parts

        init(_ parts: Parts) { self.parts = parts }
    }

    private var box: Box

    /// How serious it is.
    public var severity: Severity

    /// Makes a new box with `change` made to a copy of the parts.
    private mutating func change(_ change: (inout Parts) -> Void) {
        var parts = box.parts
        change(&parts)
        box = Box(parts)
    }

    /// The rule's identifier.
    public var rule: String {
        _read { yield box.parts.rule }
        set { change { $0.rule = newValue } }
    }
    /// What is wrong, in one sentence.
    public var message: String {
        _read { yield box.parts.message }
        set { change { $0.message = newValue } }
    }
    /// From the statement's first key word to its end (without the terminator).
    public var range: ByteRange {
        get { box.parts.range }
        set { change { $0.range = newValue } }
    }
    /// The proposed rewrite; nil when the rule has nothing to propose.
    public var fix: Fix? {
        _read { yield box.parts.fix }
        set { change { $0.fix = newValue } }
    }
    /// How the file runs, in words ("diesel runs this migration in a transaction…").
    public var context: String? {
        _read { yield box.parts.context }
        set { change { $0.context = newValue } }
    }

    /// Creates a finding.
    public init(rule: String, severity: Severity, message: String, range: ByteRange, fix: Fix?, context: String? = nil)
    {
        box = Box(Parts(rule: rule, message: message, range: range, fix: fix, context: context))
        self.severity = severity
    }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.severity == rhs.severity && (lhs.box === rhs.box || lhs.box.parts == rhs.box.parts)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(box.parts)
        hasher.combine(severity)
    }
}
