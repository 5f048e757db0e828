#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A PostgreSQL lexer over bytes, following the PostgreSQL 15 documentation, §4.1 "Lexical
/// Structure", with the additions a psql script may hold (meta-commands, `COPY … FROM STDIN` data).
///
/// It never decodes text: every rule below is stated on ASCII bytes, and bytes of 0x80 and above
/// are letters, as PostgreSQL's own scanner treats them. Each call to `next()` returns one token,
/// white space and comments included, so the tokens cover the input without gaps.
public struct Lexer {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    public private(set) var position: Int
    /// The construct left open at the end of the input, once the lexer has reached it.
    public private(set) var error: SQLSyntaxError?
    /// `ByteFlags.table`, looked up once rather than in every loop.
    private let flags = ByteFlags.table

    /// Creates a lexer that starts at `start` (e.g. after a byte order mark).
    public init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0) {
        self.bytes = bytes
        self.position = start
    }

    /// The next token, or nil at the end of the input or after an unterminated construct.
    public mutating func next() -> Token? {
        guard error == nil, position < bytes.count else { return nil }
        let start = position
        let byte = bytes[start]
        let kind: TokenKind
        let byteFlags = flags[Int(byte)]
        if byteFlags & ByteFlags.space != 0 {
            position = skip(from: start, while: .space)
            kind = .whitespace
        } else if byteFlags & ByteFlags.letter != 0 {
            kind = lexWordOrPrefixedQuote(start: start)
        } else if byteFlags & ByteFlags.digit != 0 {
            position = lexNumber(from: start)
            kind = .number
        } else {
            kind = lexSymbol(byte, start: start)
        }
        return Token(kind: kind, range: ByteRange(start, position))
    }

    /// Consumes the data lines that psql sends for `COPY … FROM STDIN`: from the next line up to
    /// and including a line that is exactly `\.` (or the end of the input).
    public mutating func consumeCopyData() -> Token? {
        guard error == nil, position < bytes.count else { return nil }
        let start = position
        var index = endOfLine(from: position)  // the rest of the COPY statement's line
        while index < bytes.count {
            index += bytes[index] == 0x0D && byte(at: index + 1) == 0x0A ? 2 : 1  // the line break
            if byte(at: index) == UInt8(ascii: "\\"), byte(at: index + 1) == UInt8(ascii: ".") {
                let after = index + 2
                if after == bytes.count || bytes[after] == 0x0A || bytes[after] == 0x0D {
                    position = after
                    return Token(kind: .copyData, range: ByteRange(start, position))
                }
            }
            index = endOfLine(from: index)
        }
        position = bytes.count
        return Token(kind: .copyData, range: ByteRange(start, position))
    }

    /// Reads on through the rest of a statement whose tokens nobody needs, by the same rules as
    /// `next()` but without making tokens. It stops after a `;` outside parentheses and brackets
    /// and returns it; before a backslash (a psql meta-command or `\;`, which `next()` reads); or
    /// at the end of the input or an unterminated construct, returning nil. `parenthesisDepth`
    /// counts the parentheses and brackets open; `lastSignificantEnd` becomes the end of the last
    /// token that is neither white space nor a comment.
    ///
    /// Only a few bytes can change where a statement ends: `;`, brackets, quotes, `$`, the
    /// starts of comments and the backslash (`ByteFlags.skimSpecial`). Everything between them
    /// (words, numbers, operators, white space) is passed over sixteen bytes at a time. The end
    /// of the last significant token is found when the statement ends, by looking back over the
    /// white space before it. What the fast path does not read exactly as `next()` would (a
    /// quote glued to an `e`, which may open an escape string; any unterminated construct, whose
    /// error must start where `next()` starts its token) is read again token by token from the
    /// last place known to start a token.
    public mutating func skimStatement(parenthesisDepth depth: inout Int, lastSignificantEnd: inout Int) -> Token? {
        guard error == nil else { return nil }
        // A place where `next()` would start a token: where the skim started, or just after a
        // token that a special byte began. Everything since it is words, numbers, operators and
        // white space.
        var tokenStart = position
        // White space and comments before `floor` have been accounted for: the last significant
        // end before it is `significantBeforeFloor`.
        var floor = position
        var significantBeforeFloor = lastSignificantEnd
        @inline(__always)
        func significantEnd(before end: Int) -> Int {
            var index = end
            while index > floor, flags[Int(bytes[index - 1])] & ByteFlags.space != 0 { index -= 1 }
            return index == floor ? significantBeforeFloor : index
        }
        // Whether the byte before `index` is an `e` inside what may be one token with it.
        @inline(__always)
        func followsE(_ index: Int) -> Bool { index > tokenStart && bytes[index - 1] | 0x20 == UInt8(ascii: "e") }
        var index = position
        scan: while true {
            index = nextSkimSpecial(from: index)
            guard index < bytes.count else {
                position = index
                lastSignificantEnd = significantEnd(before: index)
                return nil
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: ";"):
                if depth == 0 {
                    lastSignificantEnd = significantEnd(before: index)
                    position = index + 1
                    return Token(kind: .punctuation, range: ByteRange(index, index + 1))
                }
                index += 1
            case UInt8(ascii: "("), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth = max(0, depth - 1)
                index += 1
            case UInt8(ascii: "\\"):
                lastSignificantEnd = significantEnd(before: index)
                position = index
                return nil
            case UInt8(ascii: "-") where self.byte(at: index + 1) == UInt8(ascii: "-"):
                significantBeforeFloor = significantEnd(before: index)
                index = endOfLine(from: index)
                floor = index
            case UInt8(ascii: "/") where self.byte(at: index + 1) == UInt8(ascii: "*"):
                let before = significantEnd(before: index)
                position = index
                _ = lexBlockComment(start: index)
                if error != nil { break scan }
                index = position
                significantBeforeFloor = before
                floor = index
            case UInt8(ascii: "-"):
                // An operator, or the sign of a number's exponent (`1e-5`), which lies inside the
                // number's token: no token need start after it.
                let inExponent = followsE(index)
                index += 1
                if inExponent { continue scan }
            case UInt8(ascii: "$"):
                // Inside a word or a number (`a$b`, `1$`) a dollar sign is one of its letters.
                if index > tokenStart, flags[Int(bytes[index - 1])] & ByteClass.Set.identifierContinuation.mask != 0 {
                    index += 1
                    continue scan
                }
                position = index
                _ = lexDollar(start: index)
                if error != nil { break scan }
                index = position
            case 0x27:
                // A quote glued to an `e` may open an escape string (`E'…'`, with backslash
                // escapes) or follow a word that ends in e: `next()` tells which.
                if followsE(index) { break scan }
                position = index
                _ = lexQuoted(openAt: index, backslashEscapes: false, doubling: true)
                if error != nil { break scan }
                index = position
            case 0x22:
                position = index
                _ = lexQuotedIdentifier(openAt: index)
                if error != nil { break scan }
                index = position
            default:
                // `/` alone, `#`, `%` or `&` (`skimSpecialBytes(in:)`): an operator.
                index += 1
                continue scan
            }
            tokenStart = index
        }
        // Read again, token by token, from the last place known to start a token.
        error = nil
        position = tokenStart
        lastSignificantEnd = significantEnd(before: tokenStart)
        return skimStatementTokenByToken(parenthesisDepth: &depth, lastSignificantEnd: &lastSignificantEnd)
    }

    /// The offset of the first byte at or after `start` that `skimStatement` must look at
    /// (`ByteFlags.skimSpecial`), or the end of the input; it may stop at a `#`, `%` or `&` too.
    /// Sixteen bytes are tested at once, as the lanes of two integers (`skimSpecialBytes(in:)`);
    /// the last few one by one.
    @inline(__always)
    private func nextSkimSpecial(from start: Int) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 16 <= count {
                let first = Self.skimSpecialBytes(
                    in: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                let second = Self.skimSpecialBytes(
                    in: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)))
                if first | second != 0 {
                    return index + (first != 0 ? first.trailingZeroBitCount : 64 + second.trailingZeroBitCount) / 8
                }
                index += 16
            }
        }
        while index < count, flags[Int(bytes[index])] & ByteFlags.skimSpecial == 0 { index += 1 }
        return index
    }

    /// The high bit of every byte of `lanes` (byte `i` in bits `8i…8i+7`) that the skim must
    /// look at, and no other bit: the skim's special bytes, and `#`, `%` and `&`, which lie among
    /// them and which it passes over as the operators they are. Each byte's low seven bits plus
    /// `0x80 - a` carry into its high bit exactly when the byte is at least `a`, and never into
    /// the next byte; a byte of 0x80 or above (part of a UTF-8 letter) is never special.
    @inline(__always)
    static func skimSpecialBytes(in lanes: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let low = lanes & ~highBits
        @inline(__always)
        func between(_ bytes: UInt64, _ first: UInt64, _ last: UInt64) -> UInt64 {
            (bytes &+ (0x80 &- first) &* ones) & ~(bytes &+ (0x7F &- last) &* ones)
        }
        // `"` to `)` (quotes, `$`, parentheses); `-` and `/`, which differ in one bit only; `;`;
        // `[` to `]`.
        let found =
            between(low, 0x22, 0x29) | between(low & ~(0x02 &* ones), 0x2D, 0x2D) | between(low, 0x3B, 0x3B)
            | between(low, 0x5B, 0x5D)
        return found & highBits & ~lanes
    }

    /// `skimStatement` read token by token, by the same rules as `next()` but in one loop that
    /// makes no tokens, with the same results. `skimStatement` goes on here from the last place
    /// it knows to start a token when its fast path cannot tell what `next()` would read.
    private mutating func skimStatementTokenByToken(parenthesisDepth depth: inout Int, lastSignificantEnd: inout Int)
        -> Token?
    {
        while error == nil, position < bytes.count {
            let start = position
            let byte = bytes[start]
            let byteFlags = flags[Int(byte)]
            if byteFlags & ByteFlags.space != 0 {
                position = skip(from: start + 1, while: .space)
                continue
            }
            if byteFlags & ByteFlags.letter != 0 {
                // A word, unless a quote or `&` follows its first letter (E'…', U&"…").
                let second = self.byte(at: start + 1)
                if second == 0x27 || second == UInt8(ascii: "&") {
                    _ = lexWordOrPrefixedQuote(start: start)
                } else {
                    position = skip(from: start + 1, while: .identifierContinuation)
                }
            } else if byteFlags & ByteFlags.digit != 0 {
                position = lexNumber(from: start)
            } else {
                switch byte {
                case UInt8(ascii: ";"):
                    position = start + 1
                    if depth == 0 { return Token(kind: .punctuation, range: ByteRange(start, position)) }
                case UInt8(ascii: "("), UInt8(ascii: "["):
                    position = start + 1
                    depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"):
                    position = start + 1
                    depth = max(0, depth - 1)
                case UInt8(ascii: "\\"):
                    return nil
                default:
                    let kind = lexSymbol(byte, start: start)
                    if kind == .lineComment || kind == .blockComment { continue }
                }
            }
            if error == nil { lastSignificantEnd = position }
        }
        return nil
    }

    // MARK: - Words and quoted constants with a letter prefix

    /// §4.1.1 identifiers and key words; §4.1.2.2 `E'…'`; §4.1.2.3 `U&'…'` and `U&"…"`;
    /// §4.1.2.5 `B'…'` and `X'…'`; `N'…'` (national character, a standard string).
    private mutating func lexWordOrPrefixedQuote(start: Int) -> TokenKind {
        let first = bytes[start] | 0x20
        let second = byte(at: start + 1)
        if second == 0x27 {  // a letter directly followed by '
            switch first {
            case UInt8(ascii: "e"):
                return lexQuoted(openAt: start + 1, backslashEscapes: true, doubling: true)
            case UInt8(ascii: "b"), UInt8(ascii: "x"):
                return lexQuoted(openAt: start + 1, backslashEscapes: false, doubling: false)
            case UInt8(ascii: "n"):
                return lexQuoted(openAt: start + 1, backslashEscapes: false, doubling: true)
            default: break
            }
        }
        if first == UInt8(ascii: "u"), second == UInt8(ascii: "&") {
            let third = byte(at: start + 2)
            if third == 0x27 { return lexQuoted(openAt: start + 2, backslashEscapes: false, doubling: true) }
            if third == 0x22 { return lexQuotedIdentifier(openAt: start + 2) }
        }
        position = skip(from: start + 1, while: .identifierContinuation)
        return .identifier
    }

    // MARK: - Numbers (§4.1.2.6)

    private func lexNumber(from start: Int) -> Int {
        var index = skip(from: start, while: .digitOrUnderscore)
        if byte(at: index) == 0x2E, byte(at: index + 1) != 0x2E {  // a decimal point, not `..`
            index = skip(from: index + 1, while: .digitOrUnderscore)
        }
        if byte(at: index) | 0x20 == UInt8(ascii: "e") {
            var exponent = index + 1
            if byte(at: exponent) == UInt8(ascii: "+") || byte(at: exponent) == UInt8(ascii: "-") { exponent += 1 }
            if ByteClass.of(byte(at: exponent)) == .digit { index = skip(from: exponent, while: .digitOrUnderscore) }
        }
        // Hexadecimal, octal and binary integers (0x1F) and any junk glued to a number.
        return skip(from: index, while: .identifierContinuation)
    }

    // MARK: - Symbols

    private mutating func lexSymbol(_ byte: UInt8, start: Int) -> TokenKind {
        let next = self.byte(at: start + 1)
        switch byte {
        case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
            position = endOfLine(from: start)
            return .lineComment
        case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
            return lexBlockComment(start: start)
        case 0x27:
            return lexQuoted(openAt: start, backslashEscapes: false, doubling: true)
        case 0x22:
            return lexQuotedIdentifier(openAt: start)
        case UInt8(ascii: "$"):
            return lexDollar(start: start)
        case UInt8(ascii: "."):
            if ByteClass.of(next) == .digit {
                position = lexNumber(from: start + 1)
                return .number
            }
            position = start + 1
            return .punctuation
        case UInt8(ascii: "\\"):
            if next == UInt8(ascii: ";") {
                position = start + 2
                return .psqlSendLaterSemicolon
            }
            position = endOfLine(from: start)
            return .psqlMetaCommand
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            position = start + 1
            return .punctuation
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "<"),
            UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "@"),
            UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "|"),
            UInt8(ascii: "`"), UInt8(ascii: "?"):
            // One character at a time, so `--` and `/*` inside an operator still start comments,
            // as §4.1.3 requires.
            position = start + 1
            return .operator
        default:
            position = start + 1
            return .other
        }
    }

    /// §4.1.5: block comments nest.
    private mutating func lexBlockComment(start: Int) -> TokenKind {
        var depth = 1
        var index = start + 2
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*"), self.byte(at: index + 1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 {
                    position = index
                    return .blockComment
                }
            } else if byte == UInt8(ascii: "/"), self.byte(at: index + 1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else {
                index += 1
            }
        }
        return fail(.unterminatedBlockComment, at: start)
    }

    /// §4.1.2.1 (quotes doubled), §4.1.2.2 (backslash escapes), §4.1.2.5 (no doubling needed).
    private mutating func lexQuoted(openAt quote: Int, backslashEscapes: Bool, doubling: Bool) -> TokenKind {
        let start = position
        var index = quote + 1
        while index < bytes.count {
            // Without backslash escapes only a quote matters: let memchr find the next one.
            if !backslashEscapes {
                guard let found = find(0x27, from: index) else { break }
                index = found
            }
            let byte = bytes[index]
            if byte == 0x27 {
                if doubling, self.byte(at: index + 1) == 0x27 {
                    index += 2
                    continue
                }
                position = index + 1
                return .string
            }
            index += backslashEscapes && byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return fail(.unterminatedString, at: start)
    }

    /// §4.1.1: a delimited identifier, with `""` standing for one quote.
    private mutating func lexQuotedIdentifier(openAt quote: Int) -> TokenKind {
        let start = position
        var index = quote + 1
        while let found = find(0x22, from: index) {
            index = found
            if bytes[index] == 0x22 {
                if byte(at: index + 1) == 0x22 {
                    index += 2
                    continue
                }
                position = index + 1
                return .quotedIdentifier
            }
            index += 1
        }
        return fail(.unterminatedQuotedIdentifier, at: start)
    }

    /// §4.1.2.4 dollar quotes (`$$`, `$tag$`), where the tag follows the rules of an unquoted
    /// identifier without `$`; otherwise §4.1.4 positional parameters (`$1`) or a lone `$`.
    private mutating func lexDollar(start: Int) -> TokenKind {
        let next = byte(at: start + 1)
        if ByteClass.of(next) == .digit {
            position = skip(from: start + 1, while: .digit)
            return .parameter
        }
        var tagEnd = start + 1
        if ByteClass.of(next) == .letter {
            tagEnd = skip(from: start + 1, while: .tagContinuation)
        }
        guard byte(at: tagEnd) == UInt8(ascii: "$") else {
            position = start + 1
            return .other
        }
        let delimiterLength = tagEnd + 1 - start
        var index = tagEnd + 1
        while let found = find(UInt8(ascii: "$"), from: index) {
            index = found
            if index + delimiterLength <= bytes.count,
                matchesDelimiter(at: index, delimiterStart: start, length: delimiterLength)
            {
                position = index + delimiterLength
                return .dollarString
            }
            index += 1
        }
        let tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<tagEnd]), as: UTF8.self)
        return fail(.unterminatedDollarQuotedString(tag: tag), at: start)
    }

    private func matchesDelimiter(at index: Int, delimiterStart: Int, length: Int) -> Bool {
        for offset in 0..<length where bytes[index + offset] != bytes[delimiterStart + offset] { return false }
        return true
    }

    // MARK: - Helpers

    private mutating func fail(_ kind: SQLSyntaxError.Kind, at start: Int) -> TokenKind {
        error = SQLSyntaxError(kind: kind, offset: start)
        position = bytes.count
        return .other
    }

    private func byte(at index: Int) -> UInt8 {
        index < bytes.count ? bytes[index] : 0
    }

    @inline(__always)
    private func skip(from start: Int, while set: ByteClass.Set) -> Int {
        let mask = set.mask
        var index = start
        while index < bytes.count, flags[Int(bytes[index])] & mask != 0 { index += 1 }
        return index
    }

    /// The offset of the next CR or LF at or after `start`, or the end of the input.
    private func endOfLine(from start: Int) -> Int {
        let lineFeed = find(0x0A, from: start) ?? bytes.count
        guard start < lineFeed, let base = bytes.baseAddress,
            let carriageReturn = memchr(base + start, 0x0D, lineFeed - start)
        else { return lineFeed }
        return UnsafeRawPointer(carriageReturn) - UnsafeRawPointer(base)
    }

    /// The offset of the next `byte` at or after `start` (memchr, vectorised in libc).
    @inline(__always)
    private func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}

/// The classes of bytes that the lexer's rules are stated on.
enum ByteClass: UInt8 {
    case space, letter, digit, symbol

    /// The class of one byte; bytes of 0x80 and above are letters, as in PostgreSQL's scanner.
    @inline(__always)
    static func of(_ byte: UInt8) -> ByteClass {
        let flags = ByteFlags.table[Int(byte)]
        if flags & ByteFlags.space != 0 { return .space }
        if flags & ByteFlags.letter != 0 { return .letter }
        if flags & ByteFlags.digit != 0 { return .digit }
        return .symbol
    }

    /// Sets of bytes that a token's rest is made of.
    enum Set {
        case space, digit, digitOrUnderscore, identifierContinuation, tagContinuation

        /// The flags of which a byte needs one to belong to the set.
        @inline(__always)
        var mask: UInt8 {
            switch self {
            case .space: return ByteFlags.space
            case .digit: return ByteFlags.digit
            case .digitOrUnderscore: return ByteFlags.digit | ByteFlags.underscore
            case .identifierContinuation: return ByteFlags.letter | ByteFlags.digit | ByteFlags.dollar
            case .tagContinuation: return ByteFlags.letter | ByteFlags.digit
            }
        }

        @inline(__always)
        func contains(_ byte: UInt8) -> Bool { ByteFlags.table[Int(byte)] & mask != 0 }
    }
}

/// What each byte is, as bit flags in a 256-entry table built once: the lexer's loops test a
/// byte with one load and one mask instead of a chain of range comparisons.
enum ByteFlags {
    static let space: UInt8 = 1
    /// ASCII letters, `_` and every byte of 0x80 and above (PostgreSQL's identifier letters).
    static let letter: UInt8 = 2
    static let digit: UInt8 = 4
    static let dollar: UInt8 = 8
    static let underscore: UInt8 = 16
    /// The bytes that may change where a statement ends, and that `Lexer.skimStatement` stops at:
    /// `;`, `(`, `)`, `[`, `]`, `'`, `"`, `$`, `-`, `/` and the backslash.
    static let skimSpecial: UInt8 = 32

    /// Never freed, never written after it is built: the table lives as long as the program.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for value in 0..<256 {
            let byte = UInt8(value)
            var flags: UInt8 = 0
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: flags = space
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), 0x80...0xFF:
                flags = letter
            case UInt8(ascii: "_"): flags = letter | underscore
            case UInt8(ascii: "0")...UInt8(ascii: "9"): flags = digit
            case UInt8(ascii: "$"): flags = dollar
            default: flags = 0
            }
            switch byte {
            case UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), 0x27,
                0x22, UInt8(ascii: "$"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "\\"):
                flags |= skimSpecial
            default: break
            }
            table[value] = flags
        }
        return UnsafePointer(table)
    }()
}
