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

    /// Edits of `original` from sorted random cuts taken in pairs (replacements, deletions and
    /// insertions, none overlapping another but where two insertions meet), in shuffled order.
    static func randomEdits(
        of original: [UInt8], cuts: ClosedRange<Int>, replacements: ClosedRange<Int>, alphabet: [UInt8],
        _ random: inout SplitMix64
    ) -> [Edit] {
        let cuts = (0..<Int.random(in: cuts, using: &random)).map { _ in Int.random(in: 0...original.count, using: &random) }
            .sorted()
        var edits: [Edit] = []
        var index = 0
        while index + 1 < cuts.count {
            let replacement = (0..<Int.random(in: replacements, using: &random)).map { _ in
                alphabet.randomElement(using: &random)!
            }
            edits.append(Edit(range: ByteRange(cuts[index], cuts[index + 1]), replacement: replacement))
            index += 2
        }
        edits.shuffle(using: &random)
        return edits
    }

    /// Applied as `patch` applies a diff, the hunks of any non-overlapping edits turn the old bytes
    /// into exactly what the edits make, and their headers count their lines: short random texts of
    /// line breaks, CRs and letters, edits anywhere (insertions at the very end included).
    @Test func hunksPatchTheOldBytesIntoTheEditedOnes() throws {
        var random = SplitMix64(state: 0xD1FF)
        let alphabet: [UInt8] = Array("ab\n\n\r".utf8)
        for _ in 0..<3_000 {
            let original = (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let edits = Self.randomEdits(of: original, cuts: 1...6, replacements: 0...3, alphabet: alphabet, &random)
            guard !edits.isEmpty else { continue }
            let expected = try EditApplier.apply(edits, to: original)
            for context in [0, 1, 3] {
                let hunks = try UnifiedDiff.hunks(original: original, edits: edits, context: context)
                #expect(Self.patch(original, with: hunks) == expected, "\(original) \(edits) context \(context)")
            }
        }
    }

    /// One edit without context (a report's fix) takes a shorter road to its display lines; it
    /// must give the lines the hunks give, for edits anywhere in any short text.
    @Test func oneEditsDisplayLinesAreTheHunksLines() throws {
        var random = SplitMix64(state: 0x0DD5)
        let alphabet: [UInt8] = Array("ab\n\n\r\u{e9}".utf8)
        for _ in 0..<5_000 {
            let original = (0..<Int.random(in: 0...10, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let start = Int.random(in: 0...original.count, using: &random)
            let end = Int.random(in: start...original.count, using: &random)
            let replacement = (0..<Int.random(in: 0...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let edits = [Edit(range: ByteRange(start, end), replacement: replacement)]
            let quick = try UnifiedDiff.displayLineBytes(original: original, edits: edits, context: 0)
            let general = UnifiedDiff.displayLineBytes(try UnifiedDiff.hunks(original: original, edits: edits, context: 0))
            #expect(
                quick.map { $0.map { [$0.marker] + Array($0.text) } } == general.map { $0.map { [$0.marker] + Array($0.text) } },
                "\(original) \(edits)")
        }
    }

    /// Several edits without context (a fix that moves a statement) take the same shorter road;
    /// they too must give the lines the hunks give: non-overlapping edits anywhere in short texts,
    /// on the same line, on neighbouring lines and far apart, insertions at the very end included.
    @Test func severalEditsDisplayLinesAreTheHunksLines() throws {
        let compared = try Self.forRandomEdits(seed: 0x5EE5, draws: 8_000, length: 0...14, cuts: 2...8, atLeast: 2) {
            original, edits, _ in
            let quick = try UnifiedDiff.displayLineBytes(original: original, edits: edits, context: 0)
            let general = UnifiedDiff.displayLineBytes(try UnifiedDiff.hunks(original: original, edits: edits, context: 0))
            #expect(Self.comparable(quick) == Self.comparable(general), "\(original) \(edits)")
        }
        #expect(compared > 3_000)
        // Overlapping edits are refused, as the hunks refuse them.
        #expect(throws: OverlappingEditsError.self) {
            try UnifiedDiff.displayLineBytes(
                original: Array("abc\n".utf8),
                edits: [Edit(range: ByteRange(0, 2), replacement: []), Edit(range: ByteRange(1, 3), replacement: [])],
                context: 0)
        }
    }

    /// The display lines of bytes where they lie (a mapped file: only the lines around the edits
    /// are copied) are those of the whole array, with and without context.
    @Test func displayLinesOfBorrowedBytesAreThoseOfTheWholeArray() throws {
        let compared = try Self.forRandomEdits(seed: 0xB0B0, draws: 6_000, length: 0...24, cuts: 1...6, atLeast: 1) {
            original, edits, random in
            let context = Int.random(in: 0...2, using: &random)
            let whole = try UnifiedDiff.displayLineBytes(original: original, edits: edits, context: context)
            let borrowed = try original.withUnsafeBufferPointer {
                try UnifiedDiff.displayLineBytes(in: $0, edits: edits, context: context)
            }
            #expect(Self.comparable(borrowed) == Self.comparable(whole), "\(original) \(edits) context \(context)")
        }
        #expect(compared > 3_000)
    }

    /// Short random texts of line breaks, a CR, ASCII and a two-byte letter, each with random
    /// edits that do not overlap (at least `atLeast` of them), handed to `body` with the
    /// generator; returns how many sets `body` was given.
    static func forRandomEdits(
        seed: UInt64, draws: Int, length: ClosedRange<Int>, cuts: ClosedRange<Int>, atLeast: Int,
        _ body: ([UInt8], [Edit], inout SplitMix64) throws -> Void
    ) rethrows -> Int {
        var random = SplitMix64(state: seed)
        let alphabet: [UInt8] = Array("ab\n\n\r\u{e9}".utf8)
        var given = 0
        for _ in 0..<draws {
            let original = (0..<Int.random(in: length, using: &random)).map { _ in
                alphabet.randomElement(using: &random)!
            }
            let edits = randomEdits(of: original, cuts: cuts, replacements: 0...4, alphabet: alphabet, &random)
            // Sets that overlap are refused by every road.
            guard edits.count >= atLeast, (try? EditApplier.inOrder(edits)) != nil else { continue }
            try body(original, edits, &random)
            given += 1
        }
        return given
    }

    /// Display lines as arrays, to compare two roads' lines.
    static func comparable(_ lines: [(marker: UInt8, text: ArraySlice<UInt8>)?]) -> [[UInt8]?] {
        lines.map { $0.map { [$0.marker] + Array($0.text) } }
    }

    /// A hunk shows the lines an edit touches and no more: an insertion after the last line break
    /// removes nothing; one at the end of a last line without a break, or at a line's start,
    /// rewrites that line.
    @Test func insertionsAtTheEndTouchNoMoreThanTheirLine() throws {
        func shape(_ text: String, insert: String, at offset: Int) throws -> [String] {
            let hunks = try UnifiedDiff.hunks(
                original: Array(text.utf8), edits: [Edit(range: ByteRange(offset, offset), replacement: insert)],
                context: 0)
            return hunks.map { hunk in
                "@@ -\(hunk.oldStart),\(hunk.oldCount) +\(hunk.newStart),\(hunk.newCount) "
                    + hunk.lines.map { Character(UnicodeScalar($0.prefix)).description + String(decoding: $0.text, as: UTF8.self) }
                    .joined()
            }
        }
        #expect(try shape("a\nb\n", insert: "c\n", at: 4) == ["@@ -2,0 +3,1 +c\n"])
        #expect(try shape("a\nb", insert: "c", at: 3) == ["@@ -2,1 +2,1 -b+bc"])
        #expect(try shape("a\nb\n", insert: "c\n", at: 0) == ["@@ -1,1 +1,2 -a\n+c\n+a\n"])
        #expect(try shape("", insert: "c\n", at: 0) == ["@@ -0,0 +1,1 +c\n"])
    }

    /// `patch`'s reading of hunks: nil when a hunk's context or removed lines are not the old
    /// file's, or a header miscounts.
    static func patch(_ original: [UInt8], with hunks: [UnifiedDiff.Hunk]) -> [UInt8]? {
        var oldLines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in original.indices where original[index] == 0x0A {
            oldLines.append(original[start...index])
            start = index + 1
        }
        if start < original.count { oldLines.append(original[start...]) }
        var output: [UInt8] = []
        var outputLines = 0
        var cursor = 0
        for hunk in hunks {
            let first = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
            guard first >= cursor, first <= oldLines.count else { return nil }
            for line in oldLines[cursor..<first] { output += line }
            outputLines += first - cursor
            guard (hunk.newCount == 0 ? hunk.newStart : hunk.newStart - 1) == outputLines else { return nil }
            cursor = first
            var (oldCount, newCount) = (0, 0)
            for (prefix, text) in hunk.lines {
                if prefix != UInt8(ascii: "+") {
                    guard cursor < oldLines.count, oldLines[cursor].elementsEqual(text) else { return nil }
                    cursor += 1
                    oldCount += 1
                }
                if prefix != UInt8(ascii: "-") {
                    output += text
                    newCount += 1
                    outputLines += 1
                }
            }
            guard oldCount == hunk.oldCount, newCount == hunk.newCount else { return nil }
        }
        for line in oldLines[cursor...] { output += line }
        return output
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

@Suite("Findings rewritten by another finding's fix")
struct RewrittenBySafeFixesTests {
    @Test func onlyAFindingOfTheSameRuleInsideASafeFixsEditIsRewritten() {
        let source = SourceFile(path: "x.sql", text: String(repeating: "a", count: 60))
        func finding(_ rule: String, _ start: Int, _ end: Int, _ fix: Fix?) -> Finding {
            Finding(rule: rule, severity: .warning, message: "m", range: ByteRange(start, end), fix: fix)
        }
        let replacing = Fix.safe("rewrite", edits: [Edit(range: ByteRange(0, 30), replacement: "b")])
        let inserting = Fix.safe("insert", edits: [Edit(range: ByteRange(40, 40), replacement: "c")])
        let analysis = FileAnalysis(
            source: source,
            findings: [
                finding("r", 0, 10, replacing),
                finding("r", 12, 20, .unavailable("the first rewrites it")),  // inside, same rule
                finding("other", 12, 20, nil),  // inside, another rule
                finding("r", 25, 35, nil),  // reaches past the edit
                finding("r", 38, 45, inserting),
                finding("r", 40, 42, nil),  // an insertion replaces nothing
            ], problem: nil)
        #expect(analysis.rewrittenBySafeFixes == [false, true, false, false, false, false])
    }
}
