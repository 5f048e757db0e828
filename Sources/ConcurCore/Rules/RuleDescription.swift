/// A snippet of SQL that documents a rule; `↓` marks where a finding must be reported.
public struct RuleExample: Sendable {
    /// The SQL, with `↓` markers.
    public var sql: String
    /// Where the example is declared, so that a failing test points at it.
    public var fileID: String
    /// Where the example is declared.
    public var filePath: String
    /// Where the example is declared.
    public var line: Int
    /// Where the example is declared.
    public var column: Int

    /// Creates an example; the source location defaults to the caller's.
    public init(
        _ sql: String, fileID: String = #fileID, filePath: String = #filePath, line: Int = #line,
        column: Int = #column
    ) {
        self.sql = sql
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }

    /// The marker that shows where a finding must start.
    public static let marker: Character = "↓"

    /// The SQL without its markers.
    public var plainSQL: String { sql.filter { $0 != Self.marker } }

    /// The byte offsets (in `plainSQL`) where the markers stood.
    public var markerOffsets: [Int] {
        var offsets: [Int] = []
        var offset = 0
        for character in sql {
            if character == Self.marker { offsets.append(offset) } else { offset += character.utf8.count }
        }
        return offsets
    }
}

/// A before/after pair: applying every safe fix to `before` must give `after`.
public struct RuleCorrection: Sendable {
    /// The SQL before, with `↓` markers where findings are reported.
    public var before: RuleExample
    /// The SQL after every safe fix is applied.
    public var after: String

    /// Creates a correction; the source location defaults to the caller's.
    public init(
        _ before: String, _ after: String, fileID: String = #fileID, filePath: String = #filePath,
        line: Int = #line, column: Int = #column
    ) {
        self.before = RuleExample(before, fileID: fileID, filePath: filePath, line: line, column: column)
        self.after = after
    }
}

/// Everything said about a rule: identifier, documentation and examples. It is the one source of
/// the rule's docs page, its `concur explain` text and its example tests.
public struct RuleDescription: Sendable {
    /// The identifier used in output, configuration and ignore comments.
    public var identifier: String
    /// How serious a finding is by default.
    public var severity: Severity
    /// One sentence: what the rule asks for.
    public var summary: String
    /// The documentation body, in Markdown, starting at level-2 headings.
    public var documentation: String
    /// Snippets that must be reported, marked where.
    public var triggeringExamples: [RuleExample]
    /// Snippets that must not be reported by this rule.
    public var nonTriggeringExamples: [RuleExample]
    /// Before/after pairs for the safe fixes, and snippets with no safe fix (`after` == `before`).
    public var corrections: [RuleCorrection]
}
