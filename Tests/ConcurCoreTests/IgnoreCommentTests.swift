import Testing

@testable import ConcurCore

@Suite("Ignore comments")
struct IgnoreCommentTests {
    func rules(_ sql: String) -> [String] { analyze(sql).findings.map(\.rule) }

    @Test func aLineCommentIgnoresTheNextStatementOnly() {
        let sql =
            "-- concur-ignore require-concurrent-index-deletion, ban-unsupported-concurrent-index-deletion because the table is tiny\nDROP INDEX a;\nDROP INDEX b;\n"
        let analysis = analyze(sql)
        #expect(analysis.findings.map(\.rule) == ["require-concurrent-index-deletion"])
        #expect(positions(analysis) == [SourcePosition(line: 3, column: 1)])
    }

    @Test func theNextStatementMayFollowAfterBlankLinesAndComments() {
        #expect(rules("-- concur-ignore require-concurrent-index-deletion: small table\n\n-- why\nDROP INDEX a;") == [])
    }

    @Test func aFileCommentIgnoresEveryFindingOrTheNamedRules() {
        #expect(rules("SELECT 1;\n-- concur-ignore-file\nDROP INDEX a;\nDROP INDEX CONCURRENTLY b, c;") == [])
        #expect(
            rules(
                "-- concur-ignore-file ban-unsupported-concurrent-index-deletion\nDROP INDEX a;\nDROP INDEX CONCURRENTLY b, c;"
            ) == ["require-concurrent-index-deletion"])
    }

    @Test func squawkCommentsAreHonouredForSharedRules() {
        #expect(rules("-- squawk-ignore require-concurrent-index-deletion,prefer-robust-stmts\nDROP INDEX a;") == [])
        #expect(rules("-- squawk-ignore-file require-concurrent-index-deletion\nDROP INDEX a;\nDROP INDEX b;") == [])
        // Squawk's other rules are none of concur's business: not reported.
        #expect(rules("-- squawk-ignore prefer-robust-stmts\nDROP INDEX a;") == ["require-concurrent-index-deletion"])
    }

    @Test func mistakesAreReportedAtTheComment() throws {
        let unknown = analyze("SELECT 1;\n  -- concur-ignore require-concurent-index-deletion\nDROP INDEX a;")
        #expect(unknown.findings.map(\.rule) == ["invalid-ignore-comment", "require-concurrent-index-deletion"])
        #expect(positions(unknown).first == SourcePosition(line: 2, column: 3))
        #expect(
            unknown.findings.first?.message.hasPrefix(
                "concur-ignore names unknown rule 'require-concurent-index-deletion'; known rules:") == true)
        let stale = try #require(
            analyze("-- concur-ignore require-concurrent-index-deletion\nDROP INDEX CONCURRENTLY a;").findings.first)
        #expect(stale.message == "this concur-ignore comment ignores nothing: the next statement has no such finding")
        #expect(stale.fix?.isSafe == false)
        let bare = try #require(analyze("-- concur-ignore\nDROP INDEX a;").findings.first)
        #expect(bare.message.hasPrefix("concur-ignore must name the rules it ignores"))
    }

    @Test func commentsInsideStringsAreNotDirectives() {
        #expect(rules("SELECT '-- concur-ignore-file';\nDROP INDEX a;") == ["require-concurrent-index-deletion"])
        #expect(rules("SELECT $$\n-- concur-ignore-file\n$$;\nDROP INDEX a;") == ["require-concurrent-index-deletion"])
    }

    @Test func everyOneOfThousandsOfCommentsIgnoresItsOwnStatement() {
        // Each comment finds the statement after it by reading on from the previous comment's.
        var sql = ""
        for index in 0..<3000 {
            switch index % 3 {
            case 0: sql += "-- concur-ignore require-concurrent-index-deletion: legacy\nDROP INDEX ix_\(index);\n"
            case 1: sql += "DROP INDEX ix_\(index);\n"
            default: sql += "-- concur-ignore require-concurrent-index-deletion\nSELECT \(index);\n"
            }
        }
        let analysis = analyze(sql)
        let lines = positions(analysis).map(\.line)
        #expect(analysis.findings.filter { $0.rule == "require-concurrent-index-deletion" }.count == 1000)
        #expect(analysis.findings.filter { $0.rule == "invalid-ignore-comment" }.count == 1000)
        // Per three statements: the plain drop on the third line, the stale comment on the fourth.
        let expected: [Int] = (0..<1000).flatMap { group -> [Int] in [group * 5 + 3, group * 5 + 4] }
        #expect(lines == expected)
    }

    @Test func applyingDirectivesMatchesComparingEachFindingWithEachDirective() {
        let rules = ["require-concurrent-index-deletion", "ban-unsupported-concurrent-index-deletion", "no-such-rule"]
        var numbers = SeededNumbers(seed: 18)
        for _ in 0..<400 {
            var directives: [IgnoreDirective] = []
            for count in 0..<numbers.next(12) {
                var named: [String] = []
                for _ in 0..<numbers.next(3) { named.append(rules[numbers.next(rules.count)]) }
                // The comments' own places: apart, after the statements.
                let at = 100 + 4 * count
                var directive = IgnoreDirective(
                    origin: numbers.next(4) == 0 ? .squawk : .concur, wholeFile: numbers.next(6) == 0, rules: named,
                    range: ByteRange(at, at + 3), statementStart: nil)
                if !directive.wholeFile {
                    if numbers.next(3) > 0 { directive.statementStart = numbers.next(60) }
                    if numbers.next(2) == 0 {
                        let start = directive.statementStart ?? numbers.next(60)
                        directive.appliesTo = ByteRange(start, start + numbers.next(15))
                    }
                }
                directives.append(directive)
            }
            var findings: [Finding] = []
            for _ in 0..<numbers.next(15) {
                let start = numbers.next(60)
                findings.append(
                    Finding(
                        rule: rules[numbers.next(2)], severity: .warning, message: "m",
                        range: ByteRange(start, start + 5),
                        fix: nil))
            }
            let applied = IgnoreDirective.apply(directives, to: findings)
            let expected = applyByComparingEachPair(directives, to: findings)
            #expect(applied.map(\.range) == expected.map(\.range))
            #expect(applied.map(\.rule) == expected.map(\.rule))
            #expect(applied.map(\.message) == expected.map(\.message))
        }
    }

    /// `IgnoreDirective.apply` by its definition: every finding compared with every directive.
    private func applyByComparingEachPair(_ directives: [IgnoreDirective], to findings: [Finding]) -> [Finding] {
        guard !directives.isEmpty else { return findings }
        var used = Array(repeating: false, count: directives.count)
        var kept: [Finding] = []
        for finding in findings {
            var ignored = false
            for (index, directive) in directives.enumerated() {
                let names = directive.rules.isEmpty || directive.rules.contains(finding.rule)
                let start = finding.range.start
                let place =
                    directive.wholeFile || directive.statementStart == start
                    || directive.appliesTo.map { $0.start <= start && start < $0.end } == true
                if names && place {
                    used[index] = true
                    ignored = true
                }
            }
            if !ignored { kept.append(finding) }
        }
        // The reports of the comments themselves come from `apply`, given only the used ones'
        // findings: the stale comments are those no finding used.
        let reports = IgnoreDirective.apply(directives, to: []).filter { report in
            guard let index = directives.firstIndex(where: { $0.range == report.range && $0.origin == .concur }) else {
                return true
            }
            return !(used[index] && report.message.hasPrefix("this concur-ignore"))
        }
        return (kept + reports).sorted { $0.range.start < $1.range.start }
    }
}
