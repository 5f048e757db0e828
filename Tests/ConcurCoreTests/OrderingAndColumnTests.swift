import ConcurCore
import Testing

@Suite("Sorting paths and counting columns")
struct OrderingAndColumnTests {
    /// The buffer-and-memcmp sort gives the same order as comparing the strings one pair at a time,
    /// on names that share prefixes, differ only in length, hold non-ASCII letters or are empty.
    @Test func sortingInByteOrderMatchesComparingPairs() {
        var random = SplitMix64(state: 20_261_130)
        let pieces = [
            "", "a", "b", "0001", "_", "-", ".", "/", "é", "ß", "z", "migrations/", "up.sql", "Ä", "\u{1F600}",
        ]
        for _ in 0..<200 {
            let count = Int.random(in: 0...40, using: &random)
            let strings = (0..<count).map { _ in
                (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            #expect(strings.sortedInByteOrder() == strings.sorted { $0.precedesInByteOrder($1) })
        }
        #expect(
            ["b", "a/b.sql", "a/b/c.sql", "a/b-x.sql"].sortedInByteOrder() == [
                "a/b-x.sql", "a/b.sql", "a/b/c.sql", "b",
            ])
    }

    /// Columns count characters: ASCII runs of every length around the eight-byte stride, mixed
    /// with characters of two, three and four bytes.
    @Test func columnsCountCharactersWhateverTheRunsOfASCII() {
        var random = SplitMix64(state: 7)
        let wide = ["é", "€", "\u{1F600}", "ß"]
        for _ in 0..<300 {
            var line = ""
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                line += String(repeating: "x", count: Int.random(in: 0...19, using: &random))
                if Bool.random(using: &random) { line += wide.randomElement(using: &random)! }
            }
            let source = SourceFile(path: "t.sql", text: "SELECT 1;\n" + line + "DROP INDEX i;\n")
            let offset = 10 + line.utf8.count
            let position = LineIndex(source).position(of: offset, in: source.bytes)
            #expect(position == SourcePosition(line: 2, column: line.unicodeScalars.count + 1), "\(line)")
        }
    }

    /// An invalid byte counts as one character, also right after a run of eight ASCII bytes.
    @Test func anInvalidByteAfterASCIICountsAsOneCharacter() {
        let bytes = Array("abcdefgh".utf8) + [0xFF, 0xC3] + Array("ij".utf8)
        let source = SourceFile(path: "t.sql", bytes: bytes)
        #expect(LineIndex(source).position(of: bytes.count, in: bytes) == SourcePosition(line: 1, column: 13))
    }

    /// A line looked for from another line (the one of the finding before) is the line a search
    /// of the whole index finds, for every offset and every line to start from: before, at and
    /// after the offset's, the first and the last, and offsets past the end.
    @Test func aLineSearchedFromAnotherLineIsTheSameLine() {
        var random = SplitMix64(state: 11)
        for _ in 0..<50 {
            let lines = (0..<Int.random(in: 1...60, using: &random)).map { _ in
                String(repeating: "x", count: Int.random(in: 0...5, using: &random))
            }
            let source = SourceFile(path: "t.sql", text: lines.joined(separator: "\n"))
            let index = LineIndex(source)
            for offset in 0...source.bytes.count + 2 {
                let expected = index.lineIndex(of: offset)
                for hint in -1...index.lineCount {
                    #expect(index.lineIndex(of: offset, from: hint) == expected, "offset \(offset) from \(hint)")
                }
            }
        }
    }
}

/// Columns counted on from the last position on a line are the columns counted from its start,
/// for offsets in file order anywhere (inside a character too) in text that need not be UTF-8.
@Suite("Columns counted on along a line")
struct ColumnMarkTests {
    @Test func countingOnGivesTheColumnsCountedFromTheLineStart() {
        var numbers = SeededNumbers(seed: 7)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let pieces: [[UInt8]] = [
            Array("DROP INDEX a;".utf8), Array("é".utf8), Array("☕".utf8), Array("😀".utf8), [0xE2, 0x82], [0xFF],
            [0x0A], [0x0D, 0x0A], Array(" ".utf8), [0xC3],
        ]
        for _ in 0..<500 {
            let bytes = (0..<next(30)).flatMap { _ in pieces[next(pieces.count)] }
            let source = SourceFile(path: "t.sql", bytes: bytes)
            let index = LineIndex(source)
            var offsets = (0..<next(12)).map { _ in next(bytes.count + 1) }
            offsets.sort()
            bytes.withUnsafeBufferPointer { buffer in
                var line = 0
                var mark = LineIndex.ColumnMark()
                for offset in offsets {
                    let counted = index.position(of: offset, in: buffer, line: &line, mark: &mark)
                    var fresh = 0
                    #expect(counted == index.position(of: offset, in: buffer, line: &fresh), "\(bytes) at \(offset)")
                }
            }
        }
    }
}
