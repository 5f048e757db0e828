import ConcurCore
import Foundation
import Testing

@Suite("Reporters")
struct ReporterTests {
    func report(_ sql: String, path: String = "m.sql") -> CheckReport {
        let analysis = SQLAnalyzer().analyze(SourceFile(path: path, text: sql))
        return CheckReport(
            files: [LocatedFileReport(analysis)],
            unreadable: [UnreadableFile(path: "gone.sql", message: "no such file or directory")])
    }

    /// JSON strings are scanned eight bytes at a time: every character that needs an escape is
    /// found wherever it falls in a word, next to multi-byte UTF-8. The scan goes straight to the
    /// first such byte of a word; the bytes just above one (`#` after `"`, `]` after `\`, a space
    /// after a control character) look like escapes to the word's test, and must be written as
    /// they are.
    @Test func jsonEscapesAtEveryPositionOfAWord() throws {
        let specials = [
            "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "☕", " ", "\u{7F}", "\"#", "\\]", "\u{01} ",
        ]
        for special in specials {
            for offset in 0..<18 {
                let path =
                    String(repeating: "a", count: offset) + special + String(repeating: "b", count: 17 - offset)
                    + special + ".sql"
                let json = JSONReporter.render(report("DROP INDEX i;", path: path))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                let findings = try #require(object["findings"] as? [[String: Any]])
                #expect(findings.first?["path"] as? String == path, "\(special.debugDescription) at \(offset)")
                #expect(!json.utf8.contains { $0 < 0x20 && $0 != 0x0A }, "raw control byte in \(offset)")
            }
        }
    }

    /// A finding is written into room bounded by six bytes for each byte of its strings: a path
    /// made only of control characters, each escaped as `\u00XX`, fills that bound exactly.
    /// An edit's replacement is written from its bytes: escapes wherever they fall, non-ASCII
    /// letters as they are, and bytes that are not UTF-8 (here a drop moved out of a block with
    /// a comment holding one) repaired to U+FFFD, as a decoded string would show them.
    @Test func jsonReplacementsAreEscapedAndRepairedFromTheirBytes() throws {
        for comment in ["\\", "\"q\"", "tab\t", "é", "☕ \\n"] {
            for padding in 0..<9 {
                var bytes = Array("BEGIN;\nDROP INDEX /* ".utf8) + Array(String(repeating: "x", count: padding).utf8)
                bytes += Array(comment.utf8) + [0xFF] + Array(" */ i;\nCOMMIT;\n".utf8)
                let analysis = SQLAnalyzer().analyze(SourceFile(path: "m.sql", bytes: bytes))
                var stream = JSONReporter.Stream()
                stream.add([LocatedFileReport(analysis)])
                let document = stream.finish()
                #expect(String(validatingUTF8: document.map { CChar(bitPattern: $0) } + [0]) != nil, "not UTF-8")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
                let finding = try #require((object["findings"] as? [[String: Any]])?.first)
                let edits = try #require((finding["fix"] as? [String: Any])?["edits"] as? [[String: Any]])
                let inserted = try #require(edits.last?["replacement"] as? String)
                let expected =
                    "DROP INDEX CONCURRENTLY IF EXISTS /* " + String(repeating: "x", count: padding) + comment
                    + "\u{FFFD} */ i;"
                #expect(inserted.contains(expected), "\(comment.debugDescription) after \(padding): \(inserted)")
            }
        }
    }

    @Test func jsonFindingWhoseStringsAllNeedTheLongestEscape() throws {
        let path = String(repeating: "\u{01}\u{1F}", count: 300)
        let json = JSONReporter.render(report("DROP INDEX a, b; DROP INDEX c;", path: path))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0["path"] as? String == path })
        #expect(json.components(separatedBy: "\\u0001").count - 1 == 600)
    }

    /// A file with megabytes of findings is handed out in pieces as it is written: the pieces
    /// make up the same document, and none is much larger than a megabyte.
    @Test func streamsHandOutAFileWithManyFindingsInPieces() throws {
        let sql = (0..<4000).map { "DROP INDEX index_\($0);\n" }.joined()
        let files = report(sql).files
        var json = JSONReporter.Stream()
        var sarif = SARIFReporter.Stream(toolVersion: "test")
        var gitlab = GitLabReporter.Stream()
        var pieces: [String: [[UInt8]]] = [:]
        var closing: [String: Int] = [:]
        json.add(files) { pieces["json", default: []].append(Array($0)) }
        json.finish {
            pieces["json", default: []].append($0)
            closing["json", default: 0] += $0.count
        }
        sarif.add(files) { pieces["sarif", default: []].append(Array($0)) }
        pieces["sarif", default: []].append(sarif.finish())
        closing["sarif"] = pieces["sarif"]?.last?.count
        gitlab.add(files) { pieces["gitlab", default: []].append(Array($0)) }
        pieces["gitlab", default: []].append(gitlab.finish())
        closing["gitlab"] = pieces["gitlab"]?.last?.count
        let whole = CheckReport(files: files, unreadable: [])
        let expected = [
            "json": JSONReporter.render(whole), "sarif": SARIFReporter.render(whole, toolVersion: "test"),
            "gitlab": GitLabReporter.render(whole),
        ]
        for (format, document) in expected {
            let parts = try #require(pieces[format])
            #expect(parts.count > 2, "\(format) came in \(parts.count) pieces")
            #expect(parts.dropLast().allSatisfy { $0.count < (1 << 20) + 4096 }, "\(format)")
            #expect(String(decoding: parts.joined(), as: UTF8.self) == document, "\(format)")
            // `add` handed out every finding: what `finish` writes is only the document's end.
            #expect((closing[format] ?? .max) < 1024, "\(format) kept \(closing[format] ?? -1) bytes")
        }
    }

    /// The text report too: a big file comes in pieces of about a megabyte that make up the
    /// file-by-file text, and a batch of small files comes as one piece.
    @Test func textHandsOutManyFindingsInPiecesAndSmallFilesTogether() throws {
        let reporter = TextReporter(colored: false)
        let big = report((0..<8000).map { "DROP INDEX index_\($0);\n" }.joined()).files
        var pieces: [[UInt8]] = []
        reporter.render(big) { pieces.append($0) }
        #expect(pieces.count > 2, "\(pieces.count) pieces")
        #expect(pieces.dropLast().allSatisfy { $0.count < TextReporter.flushSize + 4096 })
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == reporter.render(big[0]))
        let small = (0..<20).flatMap { report("DROP INDEX a;\nDROP INDEX b CASCADE;\n", path: "m\($0).sql").files }
        pieces = []
        reporter.render(small) { pieces.append($0) }
        #expect(pieces.map { String(decoding: $0, as: UTF8.self) } == [small.map(reporter.render).joined()])
        pieces = []
        reporter.render(report("SELECT 1;\n").files) { pieces.append($0) }
        #expect(pieces.isEmpty)
    }

    @Test func jsonFollowsTheSchema() throws {
        let json = JSONReporter.render(report("SELECT 1;\n  DROP INDEX \"é\";\nSELECT 'x"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["filesChecked"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        let finding = findings[0]
        #expect(finding["path"] as? String == "m.sql")
        #expect(finding["line"] as? Int == 2 && finding["column"] as? Int == 3)
        #expect(finding["endLine"] as? Int == 2 && finding["endColumn"] as? Int == 17)
        #expect(finding["rule"] as? String == "require-concurrent-index-deletion")
        #expect(finding["severity"] as? String == "warning")
        let fix = try #require(finding["fix"] as? [String: Any])
        #expect(fix["safe"] as? Bool == true)
        #expect(fix["reason"] is NSNull)
        let edit = try #require((fix["edits"] as? [[String: Any]])?.first)
        #expect(edit["startOffset"] as? Int == 22 && edit["endOffset"] as? Int == 22)
        #expect(edit["startLine"] as? Int == 2 && edit["startColumn"] as? Int == 13)
        #expect(edit["replacement"] as? String == " CONCURRENTLY IF EXISTS")
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 2)
        #expect(errors[0]["line"] as? Int == 3 && errors[0]["column"] as? Int == 8)
        #expect(errors[0]["message"] as? String == "unterminated quoted string")
        #expect(errors[1]["path"] as? String == "gone.sql" && errors[1]["line"] is NSNull)
        // Keys come in the documented order.
        let keys = [
            "\"path\"", "\"line\"", "\"column\"", "\"endLine\"", "\"endColumn\"", "\"rule\"", "\"severity\"",
            "\"message\"", "\"fix\"",
        ]
        let offsets = keys.map { json.range(of: $0)!.lowerBound }
        #expect(offsets == offsets.sorted())
    }

    @Test func jsonEscapesControlCharacters() {
        let json = JSONReporter.render(
            CheckReport(files: [], unreadable: [UnreadableFile(path: "a\"b\\c\u{1}.sql", message: "x\ny")]))
        #expect(json.contains(#""path":"a\"b\\c\u0001.sql""#))
        #expect(json.contains(#""message":"x\ny""#))
    }

    @Test func textShowsFindingFixAndReason() {
        let text = TextReporter(colored: false).render(report("DROP INDEX a;\nDROP INDEX b CASCADE;\n").files[0])
        #expect(
            text == """
                m.sql:1:1: warning: [require-concurrent-index-deletion] DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking its reads and writes until the drop finishes
                  fix: Use DROP INDEX CONCURRENTLY IF EXISTS
                    - DROP INDEX a;
                    + DROP INDEX CONCURRENTLY IF EXISTS a;
                m.sql:2:1: warning: [require-concurrent-index-deletion] DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking its reads and writes until the drop finishes
                  no automatic fix: DROP INDEX CONCURRENTLY does not support CASCADE. Drop the objects that depend on the index first (for example the constraint that uses it) in their own statements, then drop the index concurrently without CASCADE.

                """)
    }

    @Test func textCanBeColoured() {
        let text = TextReporter(colored: true).render(report("DROP INDEX a;").files[0])
        #expect(text.contains("\u{1B}[33mwarning:\u{1B}[0m"))
    }

    @Test func summaryCountsFindingsFixesAndErrors() {
        let summary = TextReporter(colored: false).summary(report("DROP INDEX a;\nDROP INDEX b CASCADE;"))
        #expect(
            summary
                == "2 findings in 1 file; 1 with a safe fix (run `concur fix` to apply them). 1 file could not be checked completely.\n"
        )
    }
}

/// A fix's preview on a long line (minified SQL) shows the part around the edit, cut with `…`:
/// the whole line under each of its findings made gigabytes of text.
@Suite("Text previews of long lines")
struct LongLinePreviewTests {
    static func text(_ sql: String) -> String {
        let analysis = SQLAnalyzer().analyze(SourceFile(path: "m.sql", text: sql))
        return TextReporter(colored: false).render(LocatedFileReport(analysis))
    }

    @Test func aLongLineIsCutAroundTheEdit() throws {
        let sql = (0..<60).map { "DROP INDEX idx_\($0);" }.joined(separator: " ") + "\n"
        let lines = Self.text(sql).split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("    - ") }.count == 60)
        let removed = try #require(lines.first { $0.hasPrefix("    - …") && $0.contains("idx_30;") })
        let added = try #require(lines.first { $0.hasPrefix("    + …") && $0.contains("IF EXISTS idx_30;") })
        for line in [removed, added] {
            #expect(line.hasSuffix("…"))
            #expect(line.utf8.count < 2 * TextReporter.previewMargin + 80)
        }
        // The first statement starts the line: nothing is cut before it.
        #expect(lines.contains { $0.hasPrefix("    - DROP INDEX idx_0; DROP INDEX idx_1;") && $0.hasSuffix("…") })
    }

    @Test func aLineOfUsualLengthIsShownWhole() {
        let sql = "SELECT 1; DROP INDEX a; SELECT 'é ☕ " + String(repeating: "x", count: 150) + "';\n"
        let text = Self.text(sql)
        #expect(text.contains("    - " + sql.dropLast()))
        #expect(!text.contains("…"))
    }

    @Test func aCutNeverSplitsACharacter() {
        let padding = String(repeating: "é", count: 300)
        let text = Self.text("SELECT '\(padding)'; DROP INDEX a; SELECT '\(padding)';\n")
        #expect(text.contains("    - …"))
        #expect(!text.contains("\u{FFFD}"))
    }
}
