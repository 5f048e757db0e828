#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The structure of a Python file that finding Alembic calls needs: tokens, logical lines with
/// their indentation, and which compound statement (`def`, `with`, `for` …) each line sits in.
struct PythonModule {
    /// One logical line: a statement, or the header of a compound statement.
    struct Line {
        /// Indices into `tokens` of the line's tokens (without its newline).
        var tokens: Range<Int>
        /// The width of the line's indentation (a tab advances to the next multiple of 8).
        var indent: Int
        /// The offset where the line's first physical line starts.
        var lineStart: Int
        /// The end of the line's last significant token.
        var end: Int
        /// The offset after the line's line break (or the end of the file).
        var endOfLine: Int
        /// The header line whose block holds this line, if any.
        var parent: Int?
        /// Whether the line ends with `:` and its body follows on the next lines.
        var opensBlock: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// The tokens without comments.
    let tokens: [PythonToken]
    private(set) var error: PythonSyntaxError?
    private(set) var lines: [Line] = []
    /// The comment tokens, in file order.
    private(set) var comments: [PythonToken] = []
    /// The line each significant token belongs to.
    private(set) var lineOfToken: [Int]

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int) {
        self.bytes = bytes
        var (tokens, error) = PythonLexer.tokens(of: bytes, start: start)
        // Comments are kept apart, so that a comment inside a call never splits its arguments;
        // the other tokens stay where the lexer put them.
        comments = tokens.filter { $0.kind == .comment }
        if !comments.isEmpty { tokens.removeAll { $0.kind == .comment } }
        self.tokens = tokens
        self.error = error
        self.lineOfToken = Array(repeating: -1, count: self.tokens.count)
        buildLines()
        indentUnit = Self.indentUnit(of: lines, in: bytes)
    }

    private mutating func buildLines() {
        var stack: [(line: Int, indent: Int)] = []
        // Python's own indentation levels, to refuse what Python refuses (IndentationError).
        var levels = [0]
        var previousOpened = false
        var first: Int?
        var last = 0
        lines.reserveCapacity(tokens.count / 8 + 4)
        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .newline:
                guard let start = first else { continue }
                let lineStart = startOfPhysicalLine(containing: tokens[start].range.start)
                let indent = indentWidth(from: lineStart, to: tokens[start].range.start)
                if indent > levels.last! {
                    if !previousOpened { noteIndentation(tokens[start].range.start, "unexpected indent") }
                    levels.append(indent)
                } else {
                    if previousOpened { noteIndentation(tokens[start].range.start, "expected an indented block") }
                    while indent < levels.last! { levels.removeLast() }
                    if indent != levels.last! {
                        noteIndentation(
                            tokens[start].range.start, "unindent does not match any outer indentation level")
                    }
                }
                while let top = stack.last, top.indent >= indent { stack.removeLast() }
                let opens =
                    tokens[last].kind == .op && tokens[last].range.count == 1
                    && bytes[tokens[last].range.start] == UInt8(ascii: ":")
                let line = Line(
                    tokens: start..<last + 1, indent: indent, lineStart: lineStart, end: tokens[last].range.end,
                    endOfLine: token.range.end, parent: stack.last?.line, opensBlock: opens)
                for member in start...last { lineOfToken[member] = lines.count }
                if opens { stack.append((lines.count, indent)) }
                previousOpened = opens
                lines.append(line)
                first = nil
            default:
                if first == nil { first = index }
                last = index
            }
        }
    }

    private mutating func noteIndentation(_ offset: Int, _ message: String) {
        if error == nil { error = PythonSyntaxError(offset: offset, message: message) }
    }

    func startOfPhysicalLine(containing offset: Int) -> Int {
        var start = offset
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        return start
    }

    private func indentWidth(from start: Int, to end: Int) -> Int {
        var width = 0
        for offset in start..<end {
            switch bytes[offset] {
            case UInt8(ascii: "\t"): width = (width / 8 + 1) * 8
            case 0x0C: width = 0  // a form feed resets the count, as in Python
            default: width += 1
            }
        }
        return width
    }

    /// The token's bytes as a string (names and operators are ASCII or short).
    func text(_ token: PythonToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.range.start..<token.range.end]), as: UTF8.self)
    }

    func text(_ range: ByteRange) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range.start..<range.end]), as: UTF8.self)
    }

    func isName(_ index: Int, _ name: StaticString) -> Bool {
        index < tokens.count && tokens[index].kind == .name && spells(tokens[index].range, name)
    }

    /// `isName` for a name known only at run time (a batch block's `as` name).
    func isName(_ index: Int, equalTo name: String) -> Bool {
        index < tokens.count && tokens[index].kind == .name && text(tokens[index]) == name
    }

    /// Whether the tokens at `first` and `second` are spelt the same.
    func sameText(_ first: Int, _ second: Int) -> Bool {
        let a = tokens[first].range
        let b = tokens[second].range
        guard a.count == b.count else { return false }
        return a.count == 0 || memcmp(bytes.baseAddress! + a.start, bytes.baseAddress! + b.start, a.count) == 0
    }

    func isOp(_ index: Int, _ op: StaticString) -> Bool {
        index < tokens.count && tokens[index].kind == .op && spells(tokens[index].range, op)
    }

    /// Whether the bytes of `range` are `text`, compared without making a string.
    func spells(_ range: ByteRange, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard range.end - range.start == count else { return false }
        let expected = text.utf8Start
        for offset in 0..<count where bytes[range.start + offset] != expected[offset] { return false }
        return true
    }

    /// The index of the bracket that closes the one at `open`, or nil when the file ends first.
    func closingBracket(of open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .op {
                switch bytes[token.range.start] {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    /// The header lines around `line`, innermost first.
    func ancestors(of line: Int) -> Ancestors {
        Ancestors(lines: lines, first: lines[line].parent)
    }

    /// The header lines around a line, innermost first, read from the lines' parents as they
    /// are asked for.
    struct Ancestors: Sequence, IteratorProtocol {
        let lines: [Line]
        var upcoming: Int?

        init(lines: [Line], first: Int?) {
            self.lines = lines
            self.upcoming = first
        }

        mutating func next() -> Int? {
            guard let header = upcoming else { return nil }
            upcoming = lines[header].parent
            return header
        }
    }

    /// The index of the last line in the block that `header` opens.
    func lastLineOfBlock(_ header: Int) -> Int {
        var last = header
        var index = header + 1
        while index < lines.count, ancestors(of: index).contains(header) {
            last = index
            index += 1
        }
        return last
    }

    /// The leading whitespace of the physical line that starts at `lineStart`.
    func indentation(at lineStart: Int) -> [UInt8] { Array(indentationBytes(at: lineStart)) }

    /// `indentation(at:)` where it lies in the file, without copying it.
    func indentationBytes(at lineStart: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[lineStart..<(lineStart + indentationLength(at: lineStart))])
    }

    private static func indentation(at lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let end = lineStart + indentationLength(at: lineStart, in: bytes)
        return Array(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
    }

    /// How many bytes the leading whitespace of the physical line at `lineStart` takes.
    func indentationLength(at lineStart: Int) -> Int { Self.indentationLength(at: lineStart, in: bytes) }

    private static func indentationLength(at lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = lineStart
        while end < bytes.count,
            bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") || bytes[end] == 0x0C
        {
            end += 1
        }
        return end - lineStart
    }

    /// The offset of the first line feed in `range`, if any.
    func firstLineFeed(in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = bytes.baseAddress,
            let found = memchr(base + range.lowerBound, 0x0A, range.count)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The indentation one block level adds in this file: the first body's extra indentation,
    /// or four spaces (found once, when the module is read).
    private(set) var indentUnit: [UInt8] = []

    private static func indentUnit(of lines: [Line], in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        func indentation(at lineStart: Int) -> [UInt8] { Self.indentation(at: lineStart, in: bytes) }
        for line in lines where line.opensBlock {
            let header = indentation(at: line.lineStart)
            guard let body = lines.first(where: { $0.lineStart > line.lineStart && $0.parent != nil }) else { break }
            let bodyIndent = indentation(at: body.lineStart)
            if bodyIndent.count > header.count, bodyIndent.starts(with: header), !bodyIndent.contains(0x0C) {
                return Array(bodyIndent[header.count...])
            }
            break
        }
        return Array("    ".utf8)
    }

    /// The string token that strictly contains `offset` (for a line start inside a multi-line
    /// string), if any.
    func stringToken(containing offset: Int) -> PythonToken? {
        let index = tokens.firstIndexByHalving { $0.range.end > offset }
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        return token.kind == .string && token.range.start < offset ? token : nil
    }
}
