import ConcurCore
import Testing

@Suite("Applying edits and rendering diffs")
struct EditAndDiffTests {
    let bytes = Array("one\ntwo\nthree\n".utf8)

    @Test func insertionsAtOnePointKeepTheirOrder() throws {
        let edits = [Edit(range: ByteRange(4, 4), replacement: "A"), Edit(range: ByteRange(4, 4), replacement: "B")]
        #expect(String(decoding: try EditApplier.apply(edits, to: bytes), as: UTF8.self) == "one\nABtwo\nthree\n")
    }

    @Test func overlappingEditsAreRefused() {
        let edits = [Edit(range: ByteRange(0, 5), replacement: ""), Edit(range: ByteRange(4, 6), replacement: "x")]
        #expect(throws: OverlappingEditsError.self) { try EditApplier.apply(edits, to: bytes) }
        let inside = [Edit(range: ByteRange(0, 5), replacement: ""), Edit(range: ByteRange(2, 2), replacement: "x")]
        #expect(throws: OverlappingEditsError.self) { try EditApplier.apply(inside, to: bytes) }
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
