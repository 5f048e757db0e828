/// Renders a check report as the published JSON schema, version 1 (see README.md). Keys come in
/// a fixed order; positions are 1-based, columns count characters, end columns are exclusive,
/// offsets count bytes.
public enum JSONReporter {
    /// The report as one JSON document, ending with a line break.
    public static func render(_ report: CheckReport) -> String {
        var stream = Stream()
        stream.add(report.files)
        stream.add(unreadable: report.unreadable)
        return String(decoding: stream.finish(), as: UTF8.self)
    }

    /// The same document built batch by batch: each batch's findings become JSON bytes at once and
    /// can be written out (`takeOutput`), so that checking thousands of files holds no finding
    /// until the end. `filesChecked` therefore comes last in the document (key order carries no
    /// meaning in JSON; the fields are those of version 1).
    public struct Stream {
        private var findings = JSONWriter()
        private var errors = JSONWriter()
        private var files = 0

        public init() {
            findings.appendVerbatim("{\"version\":1,\"findings\":")
            findings.beginArray()
            errors.beginArray()
        }

        /// Adds analysed files: their findings, and their problems as errors.
        public mutating func add(_ reports: [LocatedFileReport]) {
            files += reports.count
            for file in reports {
                for located in file.findings {
                    write(located, path: file.path, tool: file.analysis.tool, into: &findings)
                }
            }
            for file in reports {
                guard let problem = file.analysis.problem, let position = file.problemPosition else { continue }
                pendingProblems.append((file.path, position, problem.message))
            }
        }

        /// Problems come before unreadable files in the errors list, as in a whole report.
        private var pendingProblems: [(String, SourcePosition, String)] = []
        private var pendingUnreadable: [UnreadableFile] = []

        public mutating func add(unreadable: [UnreadableFile]) {
            pendingUnreadable += unreadable
        }

        /// The document's bytes added since the last call, ready to be written: its start and the
        /// findings so far.
        public mutating func takeOutput() -> [UInt8] {
            findings.takeBytes()
        }

        /// The whole document, ending with a line break.
        public mutating func finish() -> [UInt8] {
            var document: [UInt8] = []
            finish { document += $0 }
            return document
        }

        /// The rest of the document, handed out in pieces.
        public mutating func finish(_ write: ([UInt8]) -> Void) {
            findings.endArray()
            write(takeOutput())
            for (path, position, message) in pendingProblems {
                writeError(path: path, position: position, message: message, into: &errors)
            }
            for file in pendingUnreadable {
                writeError(path: file.path, position: nil, message: file.message, into: &errors)
            }
            errors.endArray()
            write(Array(",\"errors\":".utf8) + errors.bytes + Array(",\"filesChecked\":\(files)}\n".utf8))
        }
    }

    private static func writeError(
        path: String, position: SourcePosition?, message: String, into json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("path", path)
        json.field("line", position?.line)
        json.field("column", position?.column)
        json.field("message", message)
        json.endObject()
    }

    private static func write(_ located: LocatedFinding, path: String, tool: MigrationTool, into json: inout JSONWriter)
    {
        let finding = located.finding
        json.beginObject()
        json.field("path", path)
        json.field("line", located.start.line)
        json.field("column", located.start.column)
        json.field("endLine", located.end.line)
        json.field("endColumn", located.end.column)
        json.field("rule", finding.rule)
        json.field("severity", finding.severity.rawValue)
        json.field("message", finding.message)
        json.field("tool", tool.rawValue)
        json.field("context", finding.context)
        json.key("fix")
        if let fix = finding.fix {
            json.beginObject()
            json.field("title", fix.title)
            json.field("safe", fix.isSafe)
            json.field("reason", fix.reason)
            if let note = fix.note { json.field("note", note) }
            json.key("edits")
            json.beginArray()
            for (edit, position) in zip(fix.edits, located.editPositions) {
                json.beginObject()
                json.field("startOffset", edit.range.start)
                json.field("endOffset", edit.range.end)
                json.field("startLine", position.start.line)
                json.field("startColumn", position.start.column)
                json.field("endLine", position.end.line)
                json.field("endColumn", position.end.column)
                json.field("replacement", String(decoding: edit.replacement, as: UTF8.self))
                json.endObject()
            }
            json.endArray()
            json.key("files")
            json.beginArray()
            for created in fix.createdFiles {
                json.beginObject()
                json.field("path", created.path)
                json.field("action", "create")
                json.field("content", String(decoding: created.content, as: UTF8.self))
                json.endObject()
            }
            json.endArray()
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }
}

/// A minimal streaming JSON writer that keeps keys in the order they are written. It writes UTF-8
/// bytes directly: rendering a report costs about as much as copying its text.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// Hands out the bytes written so far and goes on writing after them (a comma is still put
    /// before the next element).
    mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes = []
        bytes.reserveCapacity(min(taken.count, 1 << 20))  // the next batch is likely as large
        return taken
    }

    /// The document written so far.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A key: always a literal, which needs no escape (checked when the program runs in debug).
    mutating func key(_ name: StaticString) {
        separate()
        let text = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        assert(!text.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value {
            appendQuoted(value)
            needsComma = true
        } else {
            null()
        }
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        key(name)
        guard let value else { return null() }
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// The decimal digits of an integer, written without an intermediate String.
    private mutating func appendDecimal(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        raw(value ? "true" : "false")
    }

    mutating func null() { raw("null") }

    /// Text written as it is, with no separator before it (a document's opening).
    mutating func appendVerbatim(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// A JSON string literal; invalid UTF-8 has already become U+FFFD when the String was made.
    /// Runs of bytes that need no escape are copied whole.
    private mutating func appendQuoted(_ value: String) {
        var value = value
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Eight bytes at a time: most text needs no escape at all.
                if index + 8 <= utf8.count, !Self.needsEscape(UnsafeRawPointer(utf8.baseAddress! + index)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                index += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                let escaped = index - 1
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<escaped]))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [
                        0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                    ])
                }
                runStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether one of the eight bytes at `pointer` is a control character, `"` or `\\`
    /// (bitwise tests on one 64-bit word).
    @inline(__always)
    private static func needsEscape(_ pointer: UnsafeRawPointer) -> Bool {
        let word = pointer.loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highBits }
        let control = (word &- ones &* 0x20) & ~word & highBits
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        return (control | quote | backslash) != 0
    }
}
