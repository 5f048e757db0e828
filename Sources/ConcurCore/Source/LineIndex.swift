#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 1-based line and column; the column counts characters (Unicode scalars), not bytes.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in characters; an invalid UTF-8 byte counts as one character.
    public var column: Int

    /// Creates a position from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Maps byte offsets to lines and columns.
///
/// A line ends after LF; CRLF counts as one line break, so CRLF files get the same line numbers
/// as their LF twins. A byte order mark at the start of the file is not counted as a column.
public struct LineIndex: Sendable {
    /// The byte offset where each line starts; `lineStarts[0]` is the first line's.
    public let lineStarts: [Int]
    private let byteOrderMarkLength: Int

    /// Builds the index of a file's lines.
    public init(_ source: SourceFile) {
        var starts = [source.byteOrderMarkLength]
        // Room for lines of about forty bytes, the common length in migrations, from the start.
        starts.reserveCapacity(source.count / 40 + 2)
        source.withBytes { Self.appendLineStarts(in: $0, from: 0, to: $0.count, to: &starts) }
        lineStarts = starts
        byteOrderMarkLength = source.byteOrderMarkLength
    }

    /// Appends where each line that starts after a line feed in `start..<end` starts.
    private static func appendLineStarts(
        in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, to starts: inout [Int]
    ) {
        guard let base = buffer.baseAddress else { return }
        var offset = start
        while offset < end, let newline = memchr(base + offset, 0x0A, end - offset) {
            offset = UnsafeRawPointer(newline) - UnsafeRawPointer(base) + 1
            starts.append(offset)
        }
    }

    /// The number of lines; a file ending with a line break has an empty last line.
    public var lineCount: Int { lineStarts.count }

    /// The 0-based index of the line that holds `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// `lineIndex(of:)`, searched from the line `hint` onwards when the offset lies at or after
    /// it: in steps that double, then by halves. Offsets asked for in file order (a report's
    /// findings) are then found a few lines from the last one, instead of from the middle of the
    /// whole file, whose line starts lie far apart in memory.
    public func lineIndex(of offset: Int, from hint: Int) -> Int {
        guard hint > 0, hint < lineStarts.count, lineStarts[hint] <= offset else { return lineIndex(of: offset) }
        var low = hint
        var high = lineStarts.count - 1
        var step = 1
        while low + step <= high {
            if lineStarts[low + step] <= offset {
                low += step
                step *= 2
            } else {
                high = low + step - 1
                break
            }
        }
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The byte range of the 0-based line `index`, without its line break.
    public func contentRange(ofLine index: Int, in bytes: [UInt8]) -> ByteRange {
        let start = lineStarts[index]
        guard index + 1 < lineStarts.count else { return ByteRange(start, max(start, bytes.count)) }
        var end = lineStarts[index + 1] - 1  // the LF
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }  // the CR of a CRLF
        return ByteRange(start, end)
    }

    /// The line and column of the byte at `offset` (an offset at the end of the file is allowed).
    public func position(of offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 0
        return position(of: offset, in: bytes, line: &line)
    }

    /// `position(of:in:)`, searching from the 0-based line `line` (`lineIndex(of:from:)`), which
    /// becomes the line found.
    public func position(of offset: Int, in bytes: [UInt8], line: inout Int) -> SourcePosition {
        bytes.withUnsafeBufferPointer { position(of: offset, in: $0, line: &line) }
    }

    /// `position(of:in:line:)` in bytes where they lie (`SourceFile.withBytes`).
    public func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, line: inout Int) -> SourcePosition {
        var mark = ColumnMark()
        return position(of: offset, in: bytes, line: &line, mark: &mark)
    }

    /// A place whose column is known: the columns of offsets met in file order on one line are
    /// counted on from the last one, not from the line's start each time (thousands of findings
    /// on one long line of minified SQL cost time in the square of its length).
    public struct ColumnMark: Sendable {
        var line = -1
        var offset = 0
        var column = 0

        public init() {}

        init(line: Int, offset: Int, column: Int) {
            self.line = line
            self.offset = offset
            self.column = column
        }
    }

    /// `position(of:in:line:)`, counting the column on from `mark` when the offset lies after it
    /// on its line; `mark` becomes the position found.
    public func position(
        of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, line: inout Int, mark: inout ColumnMark
    ) -> SourcePosition {
        let clamped = max(byteOrderMarkLength, min(offset, bytes.count))
        line = lineIndex(of: clamped, from: line)
        let column: Int
        // Counting on is exact when the mark starts a character: no sequence counted before it
        // runs into it (it is no continuation byte).
        if mark.line == line, mark.offset >= lineStarts[line], mark.offset <= clamped,
            mark.offset == bytes.count || bytes[mark.offset] & 0xC0 != 0x80
        {
            column = mark.column + UTF8Scalars.count(in: bytes, from: mark.offset, to: clamped)
        } else {
            column = UTF8Scalars.count(in: bytes, from: lineStarts[line], to: clamped)
        }
        mark = ColumnMark(line: line, offset: clamped, column: column)
        return SourcePosition(line: line + 1, column: column + 1)
    }
}

/// Counting characters in bytes that may not be valid UTF-8.
enum UTF8Scalars {
    /// The number of Unicode scalars between two offsets; each invalid byte counts as one.
    static func count(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        precondition(start >= 0 && end <= bytes.count, "a range inside the bytes")
        // ASCII, the usual case, eight bytes at a time: each byte is one character.
        var index = ASCIIRun.end(in: bytes, from: start, to: end)
        var count = index - start
        while index < end {
            index += sequenceLength(in: bytes, at: index, limit: end)
            count += 1
        }
        return count
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or 1 for an invalid byte.
    static func sequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at index: Int, limit: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 1
        }
        guard index + length <= limit else { return 1 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 1 }
        // Reject overlong forms and surrogates, as a strict decoder does.
        let second = bytes[index + 1]
        if lead == 0xE0 && second < 0xA0 { return 1 }
        if lead == 0xED && second > 0x9F { return 1 }
        if lead == 0xF0 && second < 0x90 { return 1 }
        if lead == 0xF4 && second > 0x8F { return 1 }
        return length
    }
}
