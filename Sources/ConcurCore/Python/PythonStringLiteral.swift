/// A Python string literal (or several adjacent ones, which Python joins), decoded to the bytes of
/// the string's value, with where each decoded byte came from in the file.
struct PythonStringLiteral {
    /// The value's bytes (UTF-8).
    var value: [UInt8] = []
    /// For each byte of `value`, the file offset it came from; a byte decoded from an escape
    /// sequence maps to the escape's first byte. Empty while the literal `isPlain`.
    private var origin: [Int] = []
    /// For each byte of `value`, whether it is the file's byte at `origin` as written (no escape).
    /// Empty while the literal `isPlain`.
    private var verbatim: [Bool] = []
    /// Whether the value is one part's body as written, byte for byte (no escape, no second
    /// part), as nearly every literal is: byte `i` then comes from `parts[0].body.start + i`, and
    /// `origin` and `verbatim` are not made.
    private var isPlain = true
    /// The literal tokens, in order.
    var parts: [Part] = []
    /// Whether some part is an f-string (its value is not a constant).
    var isFormatted = false
    /// Whether some part is a bytes literal.
    var isBytes = false

    /// One literal token: its prefix, quote and body.
    struct Part {
        var token: PythonToken
        var prefix: [UInt8]
        var quote: UInt8
        var isTriple: Bool
        var isRaw: Bool
        /// The body between the quotes.
        var body: ByteRange
    }

    /// Decodes the adjacent string tokens `tokens`.
    init(tokens: [PythonToken], in bytes: UnsafeBufferPointer<UInt8>) {
        // A value is never longer than its tokens, except by what an escape such as `\U0001F600`
        // decodes to; room for the tokens' length saves growing three arrays byte by byte.
        let length = tokens.reduce(0) { $0 + $1.range.count }
        value.reserveCapacity(length)
        parts.reserveCapacity(tokens.count)
        for token in tokens { append(token, in: bytes) }
    }

    /// The file offset of the value's byte at `offset`.
    private func origin(_ offset: Int) -> Int { isPlain ? parts[0].body.start + offset : origin[offset] }

    /// Whether the value's byte at `offset` is the file's byte as written.
    private func isVerbatim(at offset: Int) -> Bool { isPlain || verbatim[offset] }

    /// Makes `origin` and `verbatim` for the bytes decoded so far, before one that breaks the
    /// plain layout is added.
    private mutating func leavePlain() {
        guard isPlain else { return }
        isPlain = false
        let start = parts.first?.body.start ?? 0
        origin.reserveCapacity(value.capacity)
        verbatim.reserveCapacity(value.capacity)
        origin.append(contentsOf: start..<(start + value.count))
        verbatim.append(contentsOf: repeatElement(true, count: value.count))
    }

    /// Maps an offset of `value` (or its end) to a file offset.
    func fileOffset(of valueOffset: Int) -> Int {
        if valueOffset < value.count { return origin(valueOffset) }
        return parts.last.map { $0.body.end } ?? 0
    }

    /// Whether `range` of the value was written verbatim, in one part, so that an edit of the
    /// value can be made to the file bytes at the same places.
    func isVerbatim(_ range: ByteRange) -> Bool {
        guard range.start <= value.count, range.end <= value.count else { return false }
        if range.start == range.end {
            // An insertion: between two verbatim bytes of one part, or at a part's end.
            if range.start == value.count { return !parts.isEmpty }
            return isVerbatim(at: range.start)
        }
        if isPlain { return true }
        for offset in range.start..<range.end where !verbatim[offset] { return false }
        for offset in range.start + 1..<range.end where origin[offset] != origin[offset - 1] + 1 { return false }
        return true
    }

    /// Encodes `text` so that it can stand inside `part`'s quotes with the same value, or nil.
    static func encode(_ text: [UInt8], for part: Part) -> [UInt8]? {
        var output: [UInt8] = []
        for (index, byte) in text.enumerated() {
            switch byte {
            case UInt8(ascii: "\\"):
                if part.isRaw { return nil }
                output += [byte, byte]
            case part.quote:
                // In a triple-quoted string a lone quote is fine, unless it would close the string.
                let closes = index + 1 == text.count || text[index + 1] == part.quote
                if part.isTriple && !closes {
                    output.append(byte)
                } else {
                    if part.isRaw { return nil }
                    output += [UInt8(ascii: "\\"), byte]
                }
            case 0x0A:
                if part.isTriple {
                    output.append(byte)
                } else {
                    if part.isRaw { return nil }
                    output += Array("\\n".utf8)
                }
            case 0x0D:
                if part.isRaw { return nil }
                output += Array("\\r".utf8)
            default:
                output.append(byte)
            }
        }
        return output
    }

    private mutating func append(_ token: PythonToken, in bytes: UnsafeBufferPointer<UInt8>) {
        var cursor = token.range.start
        while bytes[cursor] != UInt8(ascii: "'") && bytes[cursor] != UInt8(ascii: "\"") { cursor += 1 }
        let prefix = Array(bytes[token.range.start..<cursor])
        var isRaw = false
        for letter in prefix {
            switch letter | 0x20 {
            case UInt8(ascii: "r"): isRaw = true
            case UInt8(ascii: "f"): isFormatted = true
            case UInt8(ascii: "b"): isBytes = true
            default: break
            }
        }
        let quote = bytes[cursor]
        let isTriple = cursor + 2 < token.range.end && bytes[cursor + 1] == quote && bytes[cursor + 2] == quote
        let quoteLength = isTriple ? 3 : 1
        let bodyStart = cursor + quoteLength
        var bodyEnd = token.range.end - quoteLength
        // An unterminated literal has no closing quote.
        if bodyEnd < bodyStart || bytes[token.range.end - 1] != quote { bodyEnd = token.range.end }
        // A second part's bytes do not follow the first's.
        if !parts.isEmpty { leavePlain() }
        parts.append(
            Part(
                token: token, prefix: prefix, quote: quote, isTriple: isTriple, isRaw: isRaw,
                body: ByteRange(bodyStart, max(bodyStart, bodyEnd))))
        var index = bodyStart
        while index < bodyEnd {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bodyEnd else {
                // A run of bytes up to the next backslash is taken as written, in one go.
                var runEnd = index + 1
                while runEnd < bodyEnd, bytes[runEnd] != UInt8(ascii: "\\") { runEnd += 1 }
                value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<runEnd]))
                if !isPlain {
                    origin.append(contentsOf: index..<runEnd)
                    verbatim.append(contentsOf: repeatElement(true, count: runEnd - index))
                }
                index = runEnd
                continue
            }
            if isRaw {
                emit(byte, from: index, verbatim: true)
                emit(bytes[index + 1], from: index + 1, verbatim: true)
                index += 2
                continue
            }
            let escaped = bytes[index + 1]
            switch escaped {
            case 0x0A:
                leavePlain()  // the bytes after it do not follow the bytes before
                index += 2  // a line continuation inside the string: no character
            case 0x0D:
                leavePlain()
                index += index + 2 < bodyEnd && bytes[index + 2] == 0x0A ? 3 : 2
            case UInt8(ascii: "n"): emitEscape(0x0A, from: index, length: 2, &index)
            case UInt8(ascii: "t"): emitEscape(0x09, from: index, length: 2, &index)
            case UInt8(ascii: "r"): emitEscape(0x0D, from: index, length: 2, &index)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""):
                emitEscape(escaped, from: index, length: 2, &index)
            case UInt8(ascii: "a"): emitEscape(0x07, from: index, length: 2, &index)
            case UInt8(ascii: "b"): emitEscape(0x08, from: index, length: 2, &index)
            case UInt8(ascii: "f"): emitEscape(0x0C, from: index, length: 2, &index)
            case UInt8(ascii: "v"): emitEscape(0x0B, from: index, length: 2, &index)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let digits = escaped == UInt8(ascii: "x") ? 2 : escaped == UInt8(ascii: "u") ? 4 : 8
                var scalar: UInt32 = 0
                var length = 2
                while length < 2 + digits, index + length < bodyEnd, let digit = Self.hexValue(bytes[index + length]) {
                    scalar = scalar * 16 + digit
                    length += 1
                }
                let character = Unicode.Scalar(scalar) ?? "?"
                let encoded =
                    isBytes && escaped == UInt8(ascii: "x")
                    ? [UInt8(truncatingIfNeeded: scalar)] : Array(String(character).utf8)
                for byte in encoded { emit(byte, from: index, verbatim: false) }
                index += length
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var scalar: UInt32 = 0
                var length = 1
                while length < 4, index + length < bodyEnd, bytes[index + length] >= UInt8(ascii: "0"),
                    bytes[index + length] <= UInt8(ascii: "7")
                {
                    scalar = scalar * 8 + UInt32(bytes[index + length] - UInt8(ascii: "0"))
                    length += 1
                }
                for byte in String(Unicode.Scalar(scalar) ?? "?").utf8 { emit(byte, from: index, verbatim: false) }
                index += length
            case UInt8(ascii: "N"):
                // \N{NAME}: the name is not looked up; a placeholder keeps the positions.
                var length = 2
                while index + length < bodyEnd, bytes[index + length] != UInt8(ascii: "}") { length += 1 }
                emit(UInt8(ascii: "?"), from: index, verbatim: false)
                index += min(length + 1, bodyEnd - index)
            default:
                // An unknown escape keeps its backslash.
                emit(byte, from: index, verbatim: true)
                index += 1
            }
        }
    }

    private mutating func emit(_ byte: UInt8, from offset: Int, verbatim isVerbatim: Bool) {
        leavePlain()
        value.append(byte)
        origin.append(offset)
        verbatim.append(isVerbatim)
    }

    private mutating func emitEscape(_ byte: UInt8, from offset: Int, length: Int, _ index: inout Int) {
        emit(byte, from: offset, verbatim: false)
        index += length
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
