import ConcurCore
import Testing

/// One example of one rule, for parameterised tests.
struct RuleExampleCase: CustomTestStringConvertible, Sendable {
    var rule: RuleDescription
    var example: RuleExample
    var testDescription: String { "\(rule.identifier): \(example.plainSQL)" }
    var location: SourceLocation {
        SourceLocation(fileID: example.fileID, filePath: example.filePath, line: example.line, column: example.column)
    }
}

/// One before/after pair of one rule.
struct RuleCorrectionCase: CustomTestStringConvertible, Sendable {
    var rule: RuleDescription
    var correction: RuleCorrection
    var testDescription: String { "\(rule.identifier): \(correction.before.plainSQL)" }
    var location: SourceLocation {
        let before = correction.before
        return SourceLocation(
            fileID: before.fileID, filePath: before.filePath, line: before.line, column: before.column)
    }
}

@Suite("Every rule's declared examples")
struct RuleExampleTests {
    static let triggering = RuleCatalog.descriptions.flatMap { rule in
        rule.triggeringExamples.map { RuleExampleCase(rule: rule, example: $0) }
    }
    static let nonTriggering = RuleCatalog.descriptions.flatMap { rule in
        rule.nonTriggeringExamples.map { RuleExampleCase(rule: rule, example: $0) }
    }
    static let corrections = RuleCatalog.descriptions.flatMap { rule in
        rule.corrections.map { RuleCorrectionCase(rule: rule, correction: $0) }
    }

    @Test("reported exactly at the markers", arguments: triggering)
    func triggers(_ item: RuleExampleCase) {
        let analysis = analyze(item.example.plainSQL)
        let ofRule = analysis.findings.filter { $0.rule == item.rule.identifier }
        #expect(ofRule.map(\.range.start) == item.example.markerOffsets, sourceLocation: item.location)
        #expect(analysis.problem == nil, sourceLocation: item.location)
    }

    @Test("not reported", arguments: nonTriggering)
    func doesNotTrigger(_ item: RuleExampleCase) {
        let analysis = analyze(item.example.plainSQL)
        #expect(analysis.findings.filter { $0.rule == item.rule.identifier }.isEmpty, sourceLocation: item.location)
    }

    @Test("safe fixes give the declared result, which re-checks clean", arguments: corrections)
    func corrects(_ item: RuleCorrectionCase) throws {
        let before = item.correction.before
        let analysis = analyze(before.plainSQL)
        #expect(analysis.findings.map(\.range.start) == before.markerOffsets, sourceLocation: item.location)
        let result = try fixed(analysis)
        #expect(result == item.correction.after, sourceLocation: item.location)
        let recheck = analyze(result)
        #expect(!recheck.findings.contains { $0.fix?.isSafe == true }, sourceLocation: item.location)
        // Fixing again changes nothing.
        #expect(try fixed(recheck) == result, sourceLocation: item.location)
        if before.plainSQL == item.correction.after {
            #expect(
                analysis.findings.allSatisfy { $0.fix?.isSafe == false && $0.fix?.reason != nil },
                sourceLocation: item.location)
        }
    }

    // Variants built from every triggering example, after SwiftLint's habit.

    @Test("inside a comment, nothing is reported", arguments: triggering)
    func commentedOut(_ item: RuleExampleCase) {
        let sql = item.example.plainSQL
        #expect(analyze("/* " + sql + " */").findings.isEmpty, sourceLocation: item.location)
        let lineCommented = sql.split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + $0 }.joined(
            separator: "\n")
        #expect(analyze(lineCommented).findings.isEmpty, sourceLocation: item.location)
    }

    @Test("inside a dollar-quoted string, nothing is reported", arguments: triggering)
    func quoted(_ item: RuleExampleCase) {
        #expect(analyze("SELECT $q$" + item.example.plainSQL + "$q$;").findings.isEmpty, sourceLocation: item.location)
    }

    @Test("behind multi-byte text, columns count characters", arguments: triggering)
    func behindMultibyteText(_ item: RuleExampleCase) {
        let plain = positions(analyze(item.example.plainSQL))
        let prefixed = positions(analyze("/* ☕ é 𝄞 */ " + item.example.plainSQL))
        let shifted = plain.map { $0.line == 1 ? SourcePosition(line: 1, column: $0.column + 12) : $0 }
        #expect(prefixed == shifted, sourceLocation: item.location)
    }

    @Test("with CRLF line endings and a BOM, the same positions", arguments: triggering)
    func crlfAndBOM(_ item: RuleExampleCase) {
        let plain = positions(analyze(item.example.plainSQL))
        let crlf = item.example.plainSQL.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(positions(analyze(crlf)) == plain, sourceLocation: item.location)
        #expect(
            positions(analyze(bytes: [0xEF, 0xBB, 0xBF] + Array(crlf.utf8))) == plain, sourceLocation: item.location)
    }

    @Test(
        "a CRLF file stays CRLF after fixing",
        arguments: corrections.filter { $0.correction.before.plainSQL.contains("\n") })
    func crlfFixes(_ item: RuleCorrectionCase) throws {
        let crlf = item.correction.before.plainSQL.replacingOccurrences(of: "\n", with: "\r\n")
        let result = try fixed(analyze(crlf))
        #expect(
            result == item.correction.after.replacingOccurrences(of: "\n", with: "\r\n"), sourceLocation: item.location)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
