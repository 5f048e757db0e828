import ConcurCore
import Foundation
import Testing

@Suite("Applying edits and rendering diffs")
struct EditAndDiffTests {
    let bytes = Array("one\ntwo\nthree\n".utf8)

    @Test func insertionsAtOnePointKeepTheirOrder() throws {
        let edits = [Edit(range: ByteRange(4, 4), replacement: "A"), Edit(range: ByteRange(4, 4), replacement: "B")]
        #expect(String(decoding: try EditApplier.apply(edits, to: bytes), as: UTF8.self) == "one\nABtwo\nthree\n")
    }

    @Test func overlappingEditsAreRefused() throws {
        let edits = [Edit(range: ByteRange(0, 5), replacement: ""), Edit(range: ByteRange(4, 6), replacement: "x")]
        #expect(throws: OverlappingEditsError.self) { try EditApplier.apply(edits, to: bytes) }
        let inside = [Edit(range: ByteRange(0, 5), replacement: ""), Edit(range: ByteRange(2, 2), replacement: "x")]
        #expect(throws: OverlappingEditsError.self) { try EditApplier.apply(inside, to: bytes) }
        // The diffs refuse them too, naming the same two ranges as the applier.
        for overlapping in [edits, inside, inside.reversed()] {
            var caught: OverlappingEditsError?
            do { _ = try EditApplier.apply(overlapping, to: bytes) } catch { caught = error }
            let applierError = try #require(caught)
            for context in [0, 3] {
                #expect(throws: applierError) { try UnifiedDiff.hunks(original: bytes, edits: overlapping, context: context) }
                #expect(throws: applierError) {
                    try UnifiedDiff.displayLines(original: bytes, edits: overlapping, context: context)
                }
            }
        }
    }

    /// Display lines lose their line endings (LF, CRLF, stray CRs) and nothing else.
    @Test func displayLinesDropLineEndingsOnly() throws {
        let original = Array("a\r\nb\r\r\nc\u{301}\né\n".utf8)
        let lines = try UnifiedDiff.displayLines(
            original: original, edits: [Edit(range: ByteRange(0, original.count), replacement: "x\ry\r\n")],
            context: 0)
        #expect(lines.map { $0.map { "\($0.marker)\($0.text)" } } == ["-a", "-b", "-c\u{301}", "-é", "+x\ry"])
    }

    @Test func diffShowsOnlyTouchedLinesWithContext() throws {
        let diff = try UnifiedDiff.render(
            path: "f.sql", original: bytes, edits: [Edit(range: ByteRange(4, 7), replacement: "TWO")], context: 1)
        #expect(
            String(decoding: diff, as: UTF8.self)
                == "--- a/f.sql\n+++ b/f.sql\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n")
    }

    @Test func diffMarksAMissingFinalNewline() throws {
        let original = Array("a\nb".utf8)
        let diff = try UnifiedDiff.render(
            path: "f", original: original, edits: [Edit(range: ByteRange(3, 3), replacement: "c")], context: 3)
        #expect(
            String(decoding: diff, as: UTF8.self)
                == "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+bc\n\\ No newline at end of file\n"
        )
    }

    @Test func distantEditsMakeSeparateHunksWithRightLineNumbers() throws {
        let original = Array((1...20).map { "line\($0)\n" }.joined().utf8)
        let second = original.count - "line20\n".utf8.count
        let edits = [
            Edit(range: ByteRange(0, 0), replacement: "new\n"),
            Edit(range: ByteRange(second, second + 6), replacement: "LAST"),
        ]
        let hunks = try UnifiedDiff.hunks(original: original, edits: edits, context: 2)
        #expect(hunks.count == 2)
        #expect((hunks[0].oldStart, hunks[0].oldCount, hunks[0].newStart, hunks[0].newCount) == (1, 3, 1, 4))
        #expect((hunks[1].oldStart, hunks[1].oldCount, hunks[1].newStart, hunks[1].newCount) == (18, 3, 19, 3))
    }
}

/// The reporters show each fix from the lines around it alone; that must read exactly as the
/// whole file's diff does.
@Suite("Diff lines of one fix")
struct FixDisplayLinesTests {
    static func sources() throws -> [[UInt8]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var found: [[UInt8]] = []
        for folder in ["Examples", "Tests/Fixtures"] {
            let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)
            while let name = enumerator?.nextObject() as? String {
                guard name.hasSuffix(".sql") else { continue }
                found.append(Array(try Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(name))))
            }
        }
        // Edges: a fix on the first line, on a last line without a line feed, with CRLF.
        found += ["DROP INDEX a;", "SELECT 1;\r\nDROP INDEX a, b;\r\n", "BEGIN;\nDROP INDEX a;\nCOMMIT;"].map { Array($0.utf8) }
        return found
    }

    @Test func aFixsLinesReadAsTheWholeFilesDiff() throws {
        let sources = try Self.sources()
        #expect(sources.count > 20)
        var compared = 0
        for bytes in sources {
            for finding in analyze(bytes: bytes).findings {
                guard let edits = finding.fix?.edits, !edits.isEmpty else { continue }
                for context in [0, 1, 3] {
                    let whole = UnifiedDiff.displayLines(try UnifiedDiff.hunks(original: bytes, edits: edits, context: context))
                    let local = try UnifiedDiff.displayLines(original: bytes, edits: edits, context: context)
                    #expect(whole.map { $0.map { "\($0.marker)\($0.text)" } } == local.map { $0.map { "\($0.marker)\($0.text)" } })
                    compared += 1
                }
            }
        }
        #expect(compared > 60)
    }
}
