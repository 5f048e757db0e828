import ConcurCore
import Foundation
import Testing

@Suite("Output formats for CI")
struct OutputFormatTests {
    func report(_ sql: String, path: String = "db/m.sql") -> CheckReport {
        let analysis = SQLAnalyzer().analyze(SourceFile(path: path, text: sql))
        return CheckReport(
            files: [LocatedFileReport(analysis)],
            unreadable: [UnreadableFile(path: "gone.sql", message: "no such file or directory")])
    }

    @Test func gccLines() {
        let text = GCCReporter.render(report("SELECT 1;\nDROP INDEX CONCURRENTLY a, b;\nSELECT 'x"))
        #expect(
            text == """
                db/m.sql:2:1: error: DROP INDEX CONCURRENTLY drops one index at a time; PostgreSQL rejects this list of 2 indexes [ban-unsupported-concurrent-index-deletion]
                db/m.sql:3:8: error: unterminated quoted string
                gone.sql: error: no such file or directory

                """)
    }

    @Test func githubCommandsAreEscaped() {
        #expect(GitHubReporter.escapeData("100% done\r\nnext") == "100%25 done%0D%0Anext")
        #expect(GitHubReporter.escapeProperty("dir,x/a:b%.sql") == "dir%2Cx/a%3Ab%25.sql")
        let text = GitHubReporter.render(report("DROP INDEX a;", path: "db/a,b:c.sql"))
        #expect(
            text.hasPrefix(
                "::warning file=db/a%2Cb%3Ac.sql,line=1,col=1,endLine=1,endColumn=13,title=require-concurrent-index-deletion::DROP INDEX without CONCURRENTLY"
            ))
        #expect(text.contains("%0AFix: Use DROP INDEX CONCURRENTLY IF EXISTS\n"))
        #expect(text.contains("::error file=gone.sql::no such file or directory\n"))
    }

    /// Escaping works on the UTF-8 bytes: multi-byte text passes through, every special byte is
    /// encoded wherever it falls; problems and findings without a fix get commands too.
    @Test func githubCommandsForProblemsAndUnfixableFindings() {
        #expect(GitHubReporter.escapeProperty("é:☕,%\r\n") == "é%3A☕%2C%25%0D%0A")
        #expect(GitHubReporter.escapeData("é:☕,%") == "é:☕,%25")
        // At the start and the end, side by side, alone, and nothing to escape at all.
        #expect(GitHubReporter.escapeProperty("%%a,,") == "%25%25a%2C%2C")
        #expect(GitHubReporter.escapeProperty(":") == "%3A")
        #expect(GitHubReporter.escapeProperty("") == "")
        #expect(GitHubReporter.escapeData("plain text") == "plain text")
        let text = GitHubReporter.render(report("DROP INDEX b CASCADE;\nSELECT 'x", path: "db/é.sql"))
        #expect(
            text.contains(
                "::warning file=db/é.sql,line=1,col=1,endLine=1,endColumn=21,title=require-concurrent-index-deletion::"))
        #expect(text.contains("%0ANo automatic fix: DROP INDEX CONCURRENTLY does not support CASCADE."))
        #expect(text.contains("::error file=db/é.sql,line=2,col=8::unterminated quoted string\n"))
    }

    /// Like the other formats, gcc and GitHub lines come in pieces of about a megabyte that make
    /// up the whole report.
    @Test func lineFormatsHandOutManyFindingsInPieces() {
        let whole = report((0..<12000).map { "DROP INDEX index_\($0);\n" }.joined())
        let renderers: [(String, ([LocatedFileReport], [UnreadableFile], ([UInt8]) -> Void) -> Void, String)] = [
            ("gcc", { GCCReporter.render($0, unreadable: $1, output: $2) }, GCCReporter.render(whole)),
            ("github", { GitHubReporter.render($0, unreadable: $1, output: $2) }, GitHubReporter.render(whole)),
        ]
        for (format, render, expected) in renderers {
            var pieces: [[UInt8]] = []
            render(whole.files, whole.unreadable) { pieces.append($0) }
            #expect(pieces.count > 1, "\(format) came in \(pieces.count) pieces")
            #expect(pieces.dropLast().allSatisfy { $0.count < TextReporter.flushSize + 4096 }, "\(format)")
            #expect(String(decoding: pieces.joined(), as: UTF8.self) == expected, "\(format)")
            #expect(expected.hasSuffix("gone.sql: error: no such file or directory\n") || format != "gcc")
        }
    }

    @Test func gitlabCodeQualityHasStableFingerprints() throws {
        let first = GitLabReporter.render(report("DROP INDEX a;\nDROP INDEX b;"))
        #expect(first == GitLabReporter.render(report("DROP INDEX a;\nDROP INDEX b;")))
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [[String: Any]])
        #expect(issues.count == 2)
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == 2)
        #expect(issues[0]["check_name"] as? String == "require-concurrent-index-deletion")
        #expect(issues[0]["severity"] as? String == "major")
        let location = try #require(issues[1]["location"] as? [String: Any])
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 2)
    }

    /// The artifact URI keeps ASCII letters, digits and `-._~/` and percent-encodes every other
    /// byte, as Foundation's percent-encoding does with the same allowed set.
    @Test func sarifURIsArePercentEncodedByteByByte() throws {
        let printable = String(decoding: (0x20...0x7E).map { UInt8($0) }, as: UTF8.self)
        let path = "db/" + printable + "é☕.sql"
        let text = SARIFReporter.render(report("DROP INDEX a;", path: path), toolVersion: "1.0")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let result = try #require(((root["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let location = try #require(
            (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        let expected = try #require(path.addingPercentEncoding(withAllowedCharacters: allowed))
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == expected)
        #expect(expected.contains("%20%21%22%23%24%25") && expected.hasSuffix("%C3%A9%E2%98%95.sql"))
    }

    @Test func sarifCarriesRulesResultsAndFixes() throws {
        let text = SARIFReporter.render(
            report("SELECT 'é';\nDROP INDEX a;\nDROP INDEX b CASCADE;\n", path: "db/my file.sql"), toolVersion: "1.0")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [[String: Any]])?.count == RuleCatalog.descriptions.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let location = try #require(
            (results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "db/my%20file.sql")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 2)
        let fixes = try #require(results[0]["fixes"] as? [[String: Any]])
        let replacement = try #require(
            ((fixes[0]["artifactChanges"] as? [[String: Any]])?.first?["replacements"] as? [[String: Any]])?.first)
        #expect((replacement["deletedRegion"] as? [String: Any])?["byteOffset"] as? Int == 23)
        #expect(results[1]["fixes"] == nil)
        #expect(((results[1]["message"] as? [String: Any])?["text"] as? String)?.contains("No automatic fix") == true)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
    }
}
