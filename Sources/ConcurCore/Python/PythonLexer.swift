/// A token of Python source, as far as finding Alembic calls needs: names, strings, operators,
/// comments and the line structure. Positions are byte offsets into the file.
public struct PythonToken: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case name
        case number
        /// A string literal, prefix and quotes included.
        case string
        /// An operator or delimiter: one of `()[]{}.,:;=@` or a longer operator.
        case op
        /// `# …` to the end of the line (the line break not included).
        case comment
        /// The end of a logical line (a line break outside brackets), or the end of the file.
        case newline
    }

    public var kind: Kind
    public var range: ByteRange
}

/// A string literal that never ends.
public struct PythonSyntaxError: Error, Hashable, Sendable {
    /// Where the literal starts.
    public var offset: Int
    /// What is wrong, lower case.
    public var message: String
}

/// Splits Python source into tokens. It never fails: an unterminated string runs to the end of
/// the file (or line) and is recorded in `error`.
struct PythonLexer {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private(set) var error: PythonSyntaxError?
    private var bracketDepth: Int { openBrackets.count }
    /// Where each open bracket is, innermost last.
    private var openBrackets: [Int] = []
    private var lastWasNewline = true
    /// `nameContinuation`, looked up once rather than at every name.
    private let nameTable = PythonLexer.nameContinuation

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int) {
        self.bytes = bytes
        self.position = start
    }

    /// All tokens of the source, ending with a `.newline`.
    static func tokens(of bytes: UnsafeBufferPointer<UInt8>, start: Int) -> (
        tokens: [PythonToken], error: PythonSyntaxError?
    ) {
        var lexer = PythonLexer(bytes: bytes, start: start)
        var tokens: [PythonToken] = []
        // About a token every five bytes in Alembic revisions: room for them from the start.
        tokens.reserveCapacity(bytes.count / 5 + 8)
        while let token = lexer.next() { tokens.append(token) }
        // Python refuses a file whose brackets never close; so does concur's structure.
        if lexer.error == nil, let open = lexer.openBrackets.first {
            lexer.error = PythonSyntaxError(offset: open, message: "this bracket is never closed")
        }
        if tokens.last?.kind != .newline {
            tokens.append(PythonToken(kind: .newline, range: ByteRange(bytes.count, bytes.count)))
        }
        return (tokens, lexer.error)
    }

    @inline(__always)
    mutating func next() -> PythonToken? {
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x0D where position + 1 >= bytes.count || bytes[position + 1] != 0x0A:
                // Python ends a line at a lone CR; concur reads LF and CRLF only, and says so.
                if error == nil {
                    error = PythonSyntaxError(
                        offset: position, message: "a lone carriage return (CR) line ending; concur reads LF and CRLF")
                }
                position += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0C:
                // A run of blanks (an indentation) in one loop.
                position += 1
                while position < bytes.count,
                    bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t")
                {
                    position += 1
                }
            case 0x0D:
                position += 1
            case UInt8(ascii: "\\"):
                // An explicit line joining: the backslash and its line break are whitespace.
                // Anything else after it is a syntax error in Python.
                let start = position
                position += 1
                if position < bytes.count, bytes[position] == 0x0D { position += 1 }
                if position < bytes.count, bytes[position] == 0x0A {
                    position += 1
                    if lastWasNewline && bracketDepth == 0 && error == nil {
                        // Python takes such a statement's indentation from the line of the
                        // backslash; concur would not, so it does not rewrite the file.
                        error = PythonSyntaxError(
                            offset: start,
                            message: "a statement that starts with a line continuation; concur leaves it alone")
                    }
                } else if position < bytes.count, error == nil {
                    error = PythonSyntaxError(
                        offset: start, message: "unexpected character after line continuation character")
                } else if position >= bytes.count, error == nil {
                    // Python refuses a file that ends in a line continuation; text added after
                    // it (a moved call) would be joined to its line.
                    error = PythonSyntaxError(offset: start, message: "unexpected end of file after line continuation")
                }
            case 0x0A:
                let start = position
                position += 1
                if bracketDepth == 0 && !lastWasNewline {
                    lastWasNewline = true
                    return PythonToken(kind: .newline, range: ByteRange(start, start + 1))
                }
            case UInt8(ascii: "#"):
                let start = position
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                var end = position
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                return PythonToken(kind: .comment, range: ByteRange(start, end))
            default:
                lastWasNewline = false
                // A significant token, read here rather than in a function of its own: this is
                // the lexer's hottest path, and the call cost 7 % of its instructions.
                let start = position
                let byte = bytes[position]
                // Only a quote or a prefix letter can start a string: most tokens are neither.
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || Self.isStringPrefixLetter(byte),
                    let prefixLength = stringPrefixLength(at: position)
                {
                    lexString(prefixLength: prefixLength)
                    return PythonToken(kind: .string, range: ByteRange(start, position))
                }
                if Self.isNameStart(byte) {
                    let table = nameTable
                    position += 1
                    while position < bytes.count, table[Int(bytes[position])] { position += 1 }
                    return PythonToken(kind: .name, range: ByteRange(start, position))
                }
                if Self.isDigit(byte)
                    || (byte == UInt8(ascii: ".") && position + 1 < bytes.count && Self.isDigit(bytes[position + 1]))
                {
                    position += 1
                    while position < bytes.count {
                        let current = bytes[position]
                        if Self.isNameContinue(current) || current == UInt8(ascii: ".") {
                            position += 1
                        } else if current == UInt8(ascii: "+") || current == UInt8(ascii: "-"),
                            bytes[position - 1] | 0x20 == UInt8(ascii: "e")
                        {
                            position += 1
                        } else {
                            break
                        }
                    }
                    return PythonToken(kind: .number, range: ByteRange(start, position))
                }
                position += 1
                switch byte {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): openBrackets.append(start)
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if !openBrackets.isEmpty { openBrackets.removeLast() }
                case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ":"),
                    UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"),
                    UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "@"):
                    // Two-byte operators (`==`, `:=`, `->`, `**`, `+=` …) are one token, so that `=` alone
                    // always means assignment or a keyword argument.
                    if position < bytes.count {
                        let next = bytes[position]
                        if next == UInt8(ascii: "=") || (byte == UInt8(ascii: "-") && next == UInt8(ascii: ">"))
                            || (next == byte
                                && (byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "<")
                                    || byte == UInt8(ascii: ">")))
                        {
                            position += 1
                        }
                    }
                default: break
                }
                return PythonToken(kind: .op, range: ByteRange(start, position))
            }
        }
        return nil
    }

    /// The length of a string prefix (`r`, `b`, `f`, `u`, `rb`, `Rb`, `fr` …) when a string starts
    /// at `offset`, or nil.
    private func stringPrefixLength(at offset: Int) -> Int? {
        var length = 0
        while length < 2, offset + length < bytes.count, Self.isStringPrefixLetter(bytes[offset + length]) {
            length += 1
        }
        var candidate = length
        while candidate >= 0 {
            if offset + candidate < bytes.count {
                let quote = bytes[offset + candidate]
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { return candidate }
            }
            candidate -= 1
        }
        return nil
    }

    /// `r`, `b`, `u` or `f` in either case: the letters of string prefixes.
    @inline(__always)
    private static func isStringPrefixLetter(_ byte: UInt8) -> Bool {
        switch byte | 0x20 {
        case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "u"), UInt8(ascii: "f"): return true
        default: return false
        }
    }

    private mutating func lexString(prefixLength: Int) {
        let start = position
        var formatted = false
        for offset in 0..<prefixLength where bytes[position + offset] | 0x20 == UInt8(ascii: "f") { formatted = true }
        position += prefixLength
        let quote = bytes[position]
        let triple = position + 2 < bytes.count && bytes[position + 1] == quote && bytes[position + 2] == quote
        position += triple ? 3 : 1
        var fieldDepth = 0
        while position < bytes.count {
            // Outside replacement fields only a backslash, the quote and a line break matter.
            if !formatted {
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == quote || byte == UInt8(ascii: "\\") || byte == 0x0A { break }
                    position += 1
                }
                if position >= bytes.count { break }
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            if formatted && byte == UInt8(ascii: "{") {
                if fieldDepth == 0 && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "{") {
                    position += 2
                    continue
                }
                fieldDepth += 1
            } else if formatted && byte == UInt8(ascii: "}") && fieldDepth > 0 {
                fieldDepth -= 1
            } else if formatted && fieldDepth > 0 && byte != quote
                && (byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\""))
            {
                // A string inside a replacement field.
                lexString(prefixLength: 0)
                continue
            }
            if byte == quote {
                if !triple {
                    position += 1
                    return
                }
                if position + 2 < bytes.count && bytes[position + 1] == quote && bytes[position + 2] == quote {
                    position += 3
                    return
                }
            } else if byte == 0x0A && !triple {
                break
            }
            position += 1
        }
        position = min(position, bytes.count)
        if error == nil {
            error = PythonSyntaxError(
                offset: start, message: triple ? "unterminated triple-quoted string" : "unterminated string literal")
        }
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    static func isNameContinue(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }

    /// `isNameContinue` for every byte, looked up in the loop that reads a name. A pointer built
    /// once and never freed, as `ByteFlags.table`: an array would be retained and released at
    /// every name.
    nonisolated(unsafe) private static let nameContinuation: UnsafePointer<Bool> = {
        let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        for value in 0..<256 { table[value] = isNameContinue(UInt8(value)) }
        return UnsafePointer(table)
    }()

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

/// Python tokens for display (syntax highlighting): every token with its kind, comments included.
public enum PythonTokens {
    /// The tokens of `bytes`, in order, and where an unterminated string starts (if one does).
    public static func of(_ bytes: [UInt8]) -> (tokens: [PythonToken], unterminatedAt: Int?) {
        bytes.withUnsafeBufferPointer { buffer in
            let (tokens, error) = PythonLexer.tokens(of: buffer, start: 0)
            return (tokens, error?.offset)
        }
    }
}
