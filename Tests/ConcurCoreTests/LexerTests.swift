import Testing

@testable import ConcurCore

/// One lexical construct from PostgreSQL 15 §4.1 and the tokens it must give.
struct LexCase: CustomTestStringConvertible, Sendable {
    var sql: String
    var expected: [(TokenKind, String)]
    var testDescription: String { sql }
}

@Suite("Lexer: PostgreSQL 15 §4.1 lexical structure")
struct LexerTests {
    static let cases: [LexCase] = [
        // §4.1.1 identifiers and key words; `$` may continue an identifier.
        LexCase(
            sql: "DROP idx$1$ _x É",
            expected: [(.identifier, "DROP"), (.identifier, "idx$1$"), (.identifier, "_x"), (.identifier, "É")]),
        LexCase(sql: "\"My \"\"Index\"\"\"", expected: [(.quotedIdentifier, "\"My \"\"Index\"\"\"")]),
        LexCase(sql: "U&\"d\\0061t\\+000061\"", expected: [(.quotedIdentifier, "U&\"d\\0061t\\+000061\"")]),
        // §4.1.2.1 strings with doubled quotes; backslash is not special in them.
        LexCase(sql: "'it''s' 'a\\' x", expected: [(.string, "'it''s'"), (.string, "'a\\'"), (.identifier, "x")]),
        // §4.1.2.2 escape strings: a backslash escapes the quote.
        LexCase(
            sql: "E'it\\'s; DROP INDEX x' y", expected: [(.string, "E'it\\'s; DROP INDEX x'"), (.identifier, "y")]),
        LexCase(sql: "e'\\\\' z", expected: [(.string, "e'\\\\'"), (.identifier, "z")]),
        // §4.1.2.3 Unicode escape strings.
        LexCase(sql: "U&'d\\0061t''a' u", expected: [(.string, "U&'d\\0061t''a'"), (.identifier, "u")]),
        // §4.1.2.5 bit strings; N'' national strings.
        LexCase(
            sql: "B'1010' X'1F' N'n''m'", expected: [(.string, "B'1010'"), (.string, "X'1F'"), (.string, "N'n''m'")]),
        // §4.1.2.4 dollar quotes, with and without tags; nested different tags.
        LexCase(sql: "$$ a ' b $$", expected: [(.dollarString, "$$ a ' b $$")]),
        LexCase(sql: "$fn$ $$ x $$ $fn$ y", expected: [(.dollarString, "$fn$ $$ x $$ $fn$"), (.identifier, "y")]),
        LexCase(sql: "$a$ $A$ $a$", expected: [(.dollarString, "$a$ $A$ $a$")]),
        // §4.1.4 positional parameters are not dollar quotes.
        LexCase(sql: "$1 + $23", expected: [(.parameter, "$1"), (.operator, "+"), (.parameter, "$23")]),
        // §4.1.5 comments; block comments nest; `--` inside an operator starts a comment.
        LexCase(sql: "-- DROP INDEX x;\ny", expected: [(.lineComment, "-- DROP INDEX x;"), (.identifier, "y")]),
        LexCase(sql: "/* a /* b */ c */ d", expected: [(.blockComment, "/* a /* b */ c */"), (.identifier, "d")]),
        LexCase(
            sql: "a+--c\nb",
            expected: [(.identifier, "a"), (.operator, "+"), (.lineComment, "--c"), (.identifier, "b")]),
        // §4.1.2.6 numbers.
        LexCase(
            sql: "42 3.5 .5e-3 1e10 0x1F 1_000",
            expected: [
                (.number, "42"), (.number, "3.5"), (.number, ".5e-3"), (.number, "1e10"), (.number, "0x1F"),
                (.number, "1_000"),
            ]),
        // §4.1.4 special characters.
        LexCase(
            sql: "a.b(c)[1],d;e::f",
            expected: [
                (.identifier, "a"), (.punctuation, "."), (.identifier, "b"), (.punctuation, "("), (.identifier, "c"),
                (.punctuation, ")"), (.punctuation, "["), (.number, "1"), (.punctuation, "]"), (.punctuation, ","),
                (.identifier, "d"), (.punctuation, ";"), (.identifier, "e"), (.punctuation, ":"), (.punctuation, ":"),
                (.identifier, "f"),
            ]),
        // psql meta-commands run to the end of the line; `\;` is kept apart.
        LexCase(
            sql: "\\set ON_ERROR_STOP on\nSELECT 1\\;",
            expected: [
                (.psqlMetaCommand, "\\set ON_ERROR_STOP on"), (.identifier, "SELECT"), (.number, "1"),
                (.psqlSendLaterSemicolon, "\\;"),
            ]),
    ]

    @Test(arguments: cases)
    func lexes(_ lexCase: LexCase) {
        let actual = tokens(lexCase.sql)
        #expect(actual.map(\.0) == lexCase.expected.map(\.0))
        #expect(actual.map(\.1) == lexCase.expected.map(\.1))
    }

    @Test("tokens cover every byte without gaps", arguments: cases)
    func coversInput(_ lexCase: LexCase) {
        let bytes = Array(lexCase.sql.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            var end = 0
            while let token = lexer.next() {
                #expect(token.range.start == end)
                #expect(token.range.end > token.range.start)
                end = token.range.end
            }
            #expect(end == bytes.count)
        }
    }

    @Test(arguments: [
        ("SELECT 'abc", SQLSyntaxError.Kind.unterminatedString, 7),
        ("SELECT E'abc\\'", .unterminatedString, 7),
        ("SELECT \"abc", .unterminatedQuotedIdentifier, 7),
        ("SELECT /* a /* b */", .unterminatedBlockComment, 7),
        ("SELECT $x$ abc $y$", .unterminatedDollarQuotedString(tag: "x"), 7),
        ("SELECT $$ abc", .unterminatedDollarQuotedString(tag: ""), 7),
    ])
    func reportsUnterminated(_ sql: String, _ kind: SQLSyntaxError.Kind, _ offset: Int) {
        let bytes = Array(sql.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            while lexer.next() != nil {}
            #expect(lexer.error == SQLSyntaxError(kind: kind, offset: offset))
        }
    }

    @Test func loneDollarIsNotAQuote() {
        #expect(tokens("$ x").map(\.0) == [.other, .identifier])
        #expect(tokens("$abc x").map(\.1) == ["$", "abc", "x"])
    }

    @Test func copyDataEndsAtBackslashDotLine() {
        let sql = "COPY t FROM stdin;\n1\t'x\n2\t$$\n\\.\nDROP INDEX i;"
        #expect(statements(sql) == ["COPY t FROM stdin", "DROP INDEX i"])
        let crlf = "COPY t (a) FROM STDIN WITH (FORMAT csv);\r\n\"a;b\r\n\\.\r\nSELECT 1;"
        #expect(statements(crlf) == ["COPY t (a) FROM STDIN WITH (FORMAT csv)", "SELECT 1"])
        let unfinished = "COPY t FROM stdin;\n1\n2"
        #expect(statements(unfinished) == ["COPY t FROM stdin"])
        #expect(statements("COPY t FROM '/tmp/x';\nSELECT 1;") == ["COPY t FROM '/tmp/x'", "SELECT 1"])
    }
}

/// Every byte value against §4.1's classes, through the public lexer: the lexer looks bytes up
/// in a table, and this checks each of its 256 entries.
@Suite("Lexer: byte classes")
struct LexerByteClassTests {
    static func isSpace(_ byte: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(byte) }
    static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte >= 0x80
    }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func tokens(_ bytes: [UInt8]) -> [Token] {
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            var tokens: [Token] = []
            while let token = lexer.next() { tokens.append(token) }
            return tokens
        }
    }

    /// The skim tests eight bytes at once: every byte value in every lane, among neighbours of
    /// every kind, is marked exactly when it is one the skim must stop at (or `#`, `%`, `&`,
    /// which it reads as the operators they are).
    @Test func theSkimMarksExactlyItsSpecialBytesInEveryLane() {
        let marked = Set(Array(";()[]'\"$-/\\#%&".utf8))
        let special = Set(Array(";()[]'\"$-/\\".utf8))
        let neighbours: [UInt8] = [0x00, 0x20, 0x41, 0x23, 0x3B, 0x7F, 0x80, 0xFF]
        for value in 0...255 {
            for lane in 0..<8 {
                for neighbour in neighbours {
                    var lanes: UInt64 = 0
                    for other in 0..<8 { lanes |= UInt64(other == lane ? UInt8(value) : neighbour) << (8 * other) }
                    let found = Lexer.skimSpecialBytes(in: lanes)
                    let expected = (0..<8).reduce(UInt64(0)) { bits, other in
                        let byte = other == lane ? UInt8(value) : neighbour
                        return marked.contains(byte) ? bits | UInt64(0x80) << (8 * other) : bits
                    }
                    #expect(found == expected, "byte \(value) in lane \(lane) among \(neighbour)")
                }
            }
        }
        for value in 0...255 {
            let flagged = ByteFlags.table[value] & ByteFlags.skimSpecial != 0
            #expect(flagged == special.contains(UInt8(value)), "byte \(value)")
        }
    }

    @Test func theFirstByteDecidesWhiteSpaceWordsAndNumbers() {
        for value in 0...255 {
            let byte = UInt8(value)
            let first = Self.tokens([byte, 0x20, 0x20])[0]
            if Self.isSpace(byte) {
                #expect(first.kind == .whitespace && first.range.count == 3, "byte \(value)")
            } else if Self.isLetter(byte) {
                #expect(first.kind == .identifier && first.range.count == 1, "byte \(value)")
            } else if Self.isDigit(byte) {
                #expect(first.kind == .number && first.range.count == 1, "byte \(value)")
            } else {
                #expect(first.kind != .identifier && first.kind != .number && first.kind != .whitespace, "byte \(value)")
            }
        }
    }

    @Test func identifiersGoOnWithLettersDigitsAndDollars() {
        for value in 0...255 {
            let byte = UInt8(value)
            let first = Self.tokens([UInt8(ascii: "a"), byte, 0x20])[0]
            let continues = Self.isLetter(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "$")
            #expect(first.kind == .identifier && first.range.count == (continues ? 2 : 1), "byte \(value)")
        }
    }

    @Test func dollarTagsGoOnWithLettersAndDigitsOnly() {
        for value in 0...255 {
            let byte = UInt8(value)
            // `$t<byte>$ x $t<byte>$` is one dollar-quoted string exactly when the byte may
            // continue a tag (a `$` would end the tag early and leave a different delimiter).
            let tag: [UInt8] = [UInt8(ascii: "$"), UInt8(ascii: "t"), byte, UInt8(ascii: "$")]
            let first = Self.tokens(tag + [0x20, UInt8(ascii: "x"), 0x20] + tag)[0]
            let continues = Self.isLetter(byte) || Self.isDigit(byte)
            if continues {
                #expect(first.kind == .dollarString && first.range.count == 11, "byte \(value)")
            } else {
                #expect(first.kind != .dollarString || first.range.count != 11, "byte \(value)")
            }
        }
    }
}
