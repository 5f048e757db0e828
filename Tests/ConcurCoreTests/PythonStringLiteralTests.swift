import Testing

@testable import ConcurCore

/// A Python string literal maps each byte of its value back to the file: where an SQL rewrite of
/// `op.execute("…")` must be written, and whether it can be written there as it stands. A literal
/// written as one part without escapes keeps no table for that; these tests hold both layouts to
/// the same answers.
@Suite("Python string literals: value offsets in the file")
struct PythonStringLiteralTests {
    /// Hands `body` the literal made of the string tokens of `source`.
    private func withLiteral<Result>(_ source: String, _ body: (PythonStringLiteral) -> Result) -> Result {
        Array(source.utf8).withUnsafeBufferPointer { buffer in
            let strings = PythonLexer.tokens(of: buffer, start: 0).tokens.filter { $0.kind == .string }
            return body(PythonStringLiteral(tokens: strings, in: buffer))
        }
    }

    /// The literal of `source`: its value, the file offset of each of its bytes, which one-byte
    /// ranges are verbatim, and the offset of its end.
    private func read(_ source: String) -> (value: String, offsets: [Int], verbatim: [Bool], end: Int) {
        withLiteral(source) { literal in
            let count = literal.value.count
            return (
                String(decoding: literal.value, as: UTF8.self),
                (0..<count).map { literal.fileOffset(of: $0) },
                (0..<count).map { literal.isVerbatim(ByteRange($0, $0 + 1)) },
                literal.fileOffset(of: count)
            )
        }
    }

    @Test func aPlainLiteralMapsEachByteToItsPlace() {
        let literal = read("x = 'DROP INDEX a'")
        #expect(literal.value == "DROP INDEX a")
        #expect(literal.offsets == Array(5..<17))
        #expect(literal.verbatim.allSatisfy { $0 })
        #expect(literal.end == 17)
        withLiteral("x = 'DROP INDEX a'") { whole in
            #expect(whole.isVerbatim(ByteRange(0, 12)))
            #expect(whole.isVerbatim(ByteRange(12, 12)))  // an insertion at the end
        }
    }

    @Test func anEscapeMapsToItsBackslashAndIsNotVerbatim() {
        let literal = read(#"x = 'a\nb'"#)
        #expect(literal.value == "a\nb")
        #expect(literal.offsets == [5, 6, 8])
        #expect(literal.verbatim == [true, false, true])
        #expect(literal.end == 9)
    }

    @Test func theBytesAfterAnEscapeKeepTheirPlaces() {
        let literal = read(#"x = "\tDROP""#)
        #expect(literal.value == "\tDROP")
        #expect(literal.offsets == [5, 7, 8, 9, 10])
        #expect(literal.verbatim == [false, true, true, true, true])
    }

    @Test func aSecondPartStartsWhereItsBodyDoes() {
        let source = "x = ('ab'\n     'cd')"
        let literal = read(source)
        #expect(literal.value == "abcd")
        #expect(literal.offsets == [6, 7, 16, 17])
        #expect(literal.verbatim == [true, true, true, true])
        withLiteral(source) { whole in
            #expect(!whole.isVerbatim(ByteRange(1, 3)))  // across the two parts
            #expect(whole.isVerbatim(ByteRange(2, 4)))
        }
    }

    @Test func aRawLiteralKeepsItsBackslashesVerbatim() {
        let literal = read(#"x = r'a\d'"#)
        #expect(literal.value == #"a\d"#)
        #expect(literal.offsets == [6, 7, 8])
        #expect(literal.verbatim == [true, true, true])
    }

    @Test func aLineContinuationInsideTheStringLeavesAGap() {
        let source = "x = 'ab\\\ncd'"
        let literal = read(source)
        #expect(literal.value == "abcd")
        #expect(literal.offsets == [5, 6, 9, 10])
        withLiteral(source) { whole in
            #expect(whole.isVerbatim(ByteRange(0, 2)))
            #expect(!whole.isVerbatim(ByteRange(1, 3)))  // the bytes are not next to each other
        }
    }

    @Test func aMultiByteEscapeMapsEveryByteToTheEscape() {
        let literal = read(#"x = 'é\u00e9'"#)
        #expect(literal.value == "éé")
        #expect(literal.offsets == [5, 6, 7, 7])
        #expect(literal.verbatim == [true, true, false, false])
    }
}
