import ConcurCore
import Testing

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
}
