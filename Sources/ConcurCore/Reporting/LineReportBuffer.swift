/// The bytes of a line-by-line report, handed out whenever about a megabyte has gathered.
struct LineReportBuffer {
    /// How much output gathers before `flushIfFull` hands it out.
    static let flushSize = 1 << 20

    private(set) var bytes: [UInt8] = []

    /// All the pieces a streaming renderer hands out, as one string.
    static func collect(_ render: (([UInt8]) -> Void) -> Void) -> String {
        var whole: [UInt8] = []
        render { whole += $0 }
        return String(decoding: whole, as: UTF8.self)
    }

    mutating func append(_ text: String) {
        // From the string's own storage: appending its `utf8` view went through the general
        // sequence copy.
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A literal: its bytes copied straight, a short one byte by byte (most are one or two: a
    /// space, a line break, a bracket).
    @inline(__always)
    mutating func append(literal text: StaticString) {
        let count = text.utf8CodeUnitCount
        if count <= 4 {
            for index in 0..<count { bytes.append(text.utf8Start[index]) }
        } else {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: count))
        }
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Text from a file, written as a String made of it would be: ASCII as it is, anything else
    /// decoded (invalid UTF-8 becomes U+FFFD).
    mutating func appendText(_ text: ArraySlice<UInt8>) {
        if text.allSatisfy({ $0 < 0x80 }) {
            bytes.append(contentsOf: text)
        } else {
            append(String(decoding: text, as: UTF8.self))
        }
    }

    mutating func append(_ value: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DecimalDigits.maximumCount) { digits in
            let count = DecimalDigits.write(value, into: digits.baseAddress!)
            bytes.append(contentsOf: UnsafeBufferPointer(start: digits.baseAddress!, count: count))
        }
    }

    /// `path:line:column` and `separator` (`: ` unless told).
    mutating func position(_ path: String, _ position: SourcePosition, separator: String = ": ") {
        append(path)
        bytes.append(UInt8(ascii: ":"))
        append(position.line)
        bytes.append(UInt8(ascii: ":"))
        append(position.column)
        append(separator)
    }

    /// `name=value,` (no comma after the last), the value escaped as a workflow command property.
    mutating func property(_ name: String, _ value: String, last: Bool = false) {
        append(name)
        bytes.append(UInt8(ascii: "="))
        appendEscaped(value, escapingSeparators: true)
        if !last { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func property(_ name: String, _ value: Int, last: Bool = false) {
        append(name)
        bytes.append(UInt8(ascii: "="))
        append(value)
        if !last { bytes.append(UInt8(ascii: ",")) }
    }

    /// Text with `%`, CR and LF percent-encoded, and with `escapingSeparators` also `:` and `,`
    /// (all ASCII, so the UTF-8 bytes are scanned as they are). The runs between them are copied
    /// whole from the string's storage.
    mutating func appendEscaped(_ text: String, escapingSeparators: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let escaped: StaticString
                switch utf8[index] {
                case UInt8(ascii: "%"): escaped = "%25"
                case 0x0D: escaped = "%0D"
                case 0x0A: escaped = "%0A"
                case UInt8(ascii: ":") where escapingSeparators: escaped = "%3A"
                case UInt8(ascii: ",") where escapingSeparators: escaped = "%2C"
                default: continue
                }
                if index > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                append(literal: escaped)
                runStart = index + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
    }

    /// The most room `take` passes on: a large file's is not handed to every later one.
    static let keptRoom = 1 << 16

    /// The bytes gathered, taken whole, without copying them. The buffer goes on with room for
    /// as many (up to `keptRoom`), rather than growing again from nothing by doubling.
    mutating func take() -> [UInt8] {
        let taken = bytes
        bytes = []
        bytes.reserveCapacity(min(taken.count, Self.keptRoom))
        return taken
    }

    mutating func flushIfFull(_ output: ([UInt8]) -> Void) {
        guard bytes.count >= Self.flushSize else { return }
        output(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands out what is left.
    mutating func finish(_ output: ([UInt8]) -> Void) {
        if !bytes.isEmpty { output(bytes) }
        bytes = []
    }
}
