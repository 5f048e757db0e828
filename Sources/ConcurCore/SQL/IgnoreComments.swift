/// `-- concur-ignore RULE[, RULE] [reason]` before a statement, and `-- concur-ignore-file [RULE…]`
/// anywhere; Squawk's `-- squawk-ignore RULE[,RULE]` and `-- squawk-ignore-file [RULE…]` are
/// honoured for the rules concur shares with Squawk.
struct IgnoreDirective {
    enum Origin { case concur, squawk }

    var origin: Origin
    var wholeFile: Bool
    /// The rules named; empty means every rule (only for `-file` directives).
    var rules: [String]
    /// The comment.
    var range: ByteRange
    /// Where the statement it applies to starts (line directives only).
    var statementStart: Int?
    /// The statement's whole range, when findings may start anywhere in it (a Python call whose
    /// SQL string holds the drop).
    var appliesTo: ByteRange?

    /// The text every directive holds (`concur-ignore`, `squawk-ignore`, and their `-file`
    /// forms): a file without it has none.
    static let marker: StaticString = "-ignore"

    /// The directives in a file, with the statements they apply to.
    static func find(in bytes: UnsafeBufferPointer<UInt8>, start: Int, statements: [StatementPlace])
        -> [IgnoreDirective]
    {
        guard contains(bytes, marker) else { return [] }
        var lexer = Lexer(bytes: bytes, start: start)
        var directives: [IgnoreDirective] = []
        // The statement after the last comment read: comments come in file order, so the next
        // statement after each is found by reading on, not from the first statement again.
        var next = 0
        while let token = lexer.next() {
            guard token.kind == .lineComment else { continue }
            let text = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[token.range.start + 2..<token.range.end]), as: UTF8.self)
            guard var directive = parse(text, range: token.range) else { continue }
            if !directive.wholeFile {
                while next < statements.count, statements[next].range.start < token.range.end { next += 1 }
                directive.statementStart = next < statements.count ? statements[next].range.start : nil
            }
            directives.append(directive)
        }
        return directives
    }

    /// The directive a comment's text (after `--` or `#`) states, if any.
    static func parse(_ text: String, range: ByteRange) -> IgnoreDirective? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let keyword = words.first else { return nil }
        let origin: Origin
        let wholeFile: Bool
        switch keyword {
        case "concur-ignore": (origin, wholeFile) = (.concur, false)
        case "concur-ignore-file": (origin, wholeFile) = (.concur, true)
        case "squawk-ignore": (origin, wholeFile) = (.squawk, false)
        case "squawk-ignore-file": (origin, wholeFile) = (.squawk, true)
        default: return nil
        }
        return IgnoreDirective(
            origin: origin, wholeFile: wholeFile, rules: ruleList(Array(words.dropFirst()), origin: origin),
            range: range, statementStart: nil)
    }

    /// `a, b reason…` → [a, b]; for Squawk, `a,b` (its own list syntax).
    private static func ruleList(_ words: [String], origin: Origin) -> [String] {
        var rules: [String] = []
        var expectMore = true
        for word in words {
            guard expectMore || word.hasPrefix(",") else { break }
            // `rule:` ends the list; what follows is the reason.
            let closes = word.hasSuffix(":")
            let list = closes ? String(word.dropLast()) : word
            rules += list.split(separator: ",").map(String.init)
            expectMore = list.hasSuffix(",") && !closes
        }
        return rules
    }

    /// Whether `bytes` hold `needle`.
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        ByteSearch.firstOffset(of: needle, in: bytes) != nil
    }

    /// Removes the findings the directives ignore, and reports concur directives that name an
    /// unknown rule or ignore nothing.
    static func apply(_ directives: [IgnoreDirective], to findings: [Finding]) -> [Finding] {
        guard !directives.isEmpty else { return findings }
        let known = Set(RuleCatalog.descriptions.map(\.identifier))
        var used = Array(repeating: false, count: directives.count)
        var kept: [Finding] = []
        let places = Places(directives)
        // Whether the whole-file directives ignore a rule's findings, for each rule met: the same
        // for every finding of the rule, and marked used at its first.
        var wholeFileIgnores: [(rule: String, ignores: Bool)] = []
        for finding in findings {
            var ignored = false
            if let seen = wholeFileIgnores.first(where: { $0.rule == finding.rule }) {
                ignored = seen.ignores
            } else {
                for index in places.wholeFile
                where directives[index].rules.isEmpty || directives[index].rules.contains(finding.rule) {
                    used[index] = true
                    ignored = true
                }
                wholeFileIgnores.append((finding.rule, ignored))
            }
            places.forEachCandidate(at: finding.range.start) { index in
                let directive = directives[index]
                let names = directive.rules.isEmpty || directive.rules.contains(finding.rule)
                if names && directive.applies(at: finding.range.start) {
                    used[index] = true
                    ignored = true
                }
            }
            if !ignored { kept.append(finding) }
        }
        let rule = InvalidIgnoreComment.description
        for (index, directive) in directives.enumerated() where directive.origin == .concur {
            let unknown = directive.rules.filter { !known.contains($0) }
            let message: String?
            if !unknown.isEmpty {
                message =
                    "concur-ignore names unknown rule\(unknown.count == 1 ? "" : "s") "
                    + unknown.map { "'\($0)'" }.joined(separator: ", ")
                    + "; known rules: " + known.sorted().joined(separator: ", ")
            } else if directive.rules.isEmpty && !directive.wholeFile {
                message =
                    "concur-ignore must name the rules it ignores, e.g. `concur-ignore require-concurrent-index-deletion`"
            } else if !used[index] {
                message =
                    directive.wholeFile
                    ? "this concur-ignore-file comment ignores nothing: no such finding in this file"
                    : "this concur-ignore comment ignores nothing: the next statement has no such finding"
            } else {
                message = nil
            }
            if let message {
                kept.append(
                    Finding(
                        rule: rule.identifier, severity: rule.severity, message: message, range: directive.range,
                        fix: .unavailable("correct the rule's name, or delete the comment")))
            }
        }
        return kept.sorted { $0.range.start < $1.range.start }
    }
}

extension IgnoreDirective {
    /// Whether the directive's place covers a finding that starts at `offset`.
    func applies(at offset: Int) -> Bool {
        wholeFile || statementStart == offset
            || appliesTo.map { $0.start <= offset && offset < $0.end } == true
    }

    /// The directives by where they apply, so that each finding is compared with those that may
    /// cover it rather than with every directive of the file (a file with an ignore comment
    /// before each of thousands of drops took time in the square of their number).
    struct Places {
        /// The whole-file directives: they cover any finding of the rules they name.
        private(set) var wholeFile: [Int] = []
        /// The directives before a statement, by the statement's start.
        private var byStatement: [(start: Int, index: Int)] = []
        /// The directives that cover a range.
        private var byRange: RangeIndex<Int>

        init(_ directives: [IgnoreDirective]) {
            var ranges: [(range: ByteRange, value: Int)] = []
            for (index, directive) in directives.enumerated() {
                if directive.wholeFile {
                    wholeFile.append(index)
                    continue
                }
                if let start = directive.statementStart { byStatement.append((start, index)) }
                if let range = directive.appliesTo { ranges.append((range, index)) }
            }
            byStatement.sort { ($0.start, $0.index) < ($1.start, $1.index) }
            byRange = RangeIndex(ranges)
        }

        /// Calls `body` with the index of every directive but the whole-file ones that may cover
        /// a finding at `offset` (some more than once, none missed).
        func forEachCandidate(at offset: Int, _ body: (Int) -> Void) {
            var next = byStatement.firstIndexByHalving { $0.start >= offset }
            while next < byStatement.count, byStatement[next].start == offset {
                body(byStatement[next].index)
                next += 1
            }
            // The ranges that hold `offset`: those that overlap its byte.
            byRange.forEachOverlapping(offset, offset + 1, body)
        }
    }
}

/// An ignore comment that names an unknown rule or ignores nothing: a stale or mistyped ignore
/// hides nothing and misleads the next reader.
public enum InvalidIgnoreComment {
    public static let description = RuleDescription(
        identifier: "invalid-ignore-comment",
        severity: .warning,
        summary: "Ignore comments name known rules and ignore a finding.",
        documentation: """
            ## Why it matters

            `-- concur-ignore RULE [reason]` on the line before a statement hides that statement's \\
            finding of RULE; `-- concur-ignore-file [RULE…]` hides findings in the whole file (all \\
            rules when none is named). Squawk's `-- squawk-ignore` and `-- squawk-ignore-file` \\
            comments are honoured for the same rule names, so a team can switch without touching \\
            its migrations.

            An ignore comment with a typo in the rule's name, or one left behind after the statement \\
            was fixed, hides nothing — and tells the next reader that something was accepted on \\
            purpose. concur reports both. (Squawk comments are not reported: they may name Squawk's \\
            other rules.)

            ## The fix

            Correct the rule's name, or delete the comment.
            """,
        triggeringExamples: [
            RuleExample("↓-- concur-ignore require-concurrent-index-delet\nDROP INDEX a;"),
            RuleExample("↓-- concur-ignore require-concurrent-index-deletion\nDROP INDEX CONCURRENTLY a;"),
            RuleExample("↓-- concur-ignore-file ban-unsupported-concurrent-index-deletion\nSELECT 1;"),
        ],
        nonTriggeringExamples: [
            RuleExample("-- concur-ignore require-concurrent-index-deletion: the table has ten rows\nDROP INDEX a;"),
            RuleExample("-- concur-ignore-file\nDROP INDEX a;\nDROP INDEX b;"),
            RuleExample("-- squawk-ignore prefer-robust-stmts\nSELECT 1;"),
            RuleExample("-- squawk-ignore require-concurrent-index-deletion,prefer-robust-stmts\nDROP INDEX a;"),
        ],
        corrections: [
            RuleCorrection(
                "↓-- concur-ignore require-concurrent-index-deletion\nDROP INDEX CONCURRENTLY a;",
                "-- concur-ignore require-concurrent-index-deletion\nDROP INDEX CONCURRENTLY a;")
        ])
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
