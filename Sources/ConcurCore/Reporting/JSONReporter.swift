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
    /// are handed out by `add(_:output:)`, so that checking thousands of files holds no finding
    /// until the end. `filesChecked` therefore comes last in the document (key order carries no
    /// meaning in JSON; the fields are those of version 1).
    public struct Stream {
        /// Room for a batch's findings from the start, rather than growing to it by copies.
        private var findings = JSONWriter(capacity: 1 << 16)
        private var errors = JSONWriter()
        private var files = 0
        /// The escaped form of the strings that repeat from one finding to the next.
        private var repeated = RepeatedStrings()

        public init() {
            findings.appendVerbatim("{\"version\":1,\"findings\":")
            findings.beginArray()
            errors.beginArray()
        }

        /// Adds analysed files: their findings, and their problems as errors. With `output`, every
        /// byte of the document written so far is handed to it: in pieces of about a megabyte as
        /// they gather (a file with a great many findings is not held whole), and the rest at the
        /// end. Without it, the bytes wait for `finish`.
        public mutating func add(_ reports: [LocatedFileReport], output: ByteOutput? = nil) {
            for index in reports.indices where reports[index].endsFile { files += 1 }
            for file in reports {
                for located in file.findings {
                    write(located, of: file, into: &findings, repeated: &repeated)
                    if let output, findings.byteCount >= JSONWriter.flushSize { findings.handOut(to: output) }
                }
            }
            for file in reports {
                guard let problem = file.analysis.problem, let position = file.problemPosition else { continue }
                pendingProblems.append((file.path, position, problem.message))
            }
            if let output, findings.byteCount > 0 { findings.handOut(to: output) }
        }

        /// Adds files' shares written by `FileWriter`s, handing out every byte of the document
        /// written so far as `add(_:output:)` does.
        public mutating func add(_ parts: [FileReportPart], output: ByteOutput? = nil) {
            findings.appendElements(of: parts, output: output)
            for index in parts.indices {
                files += parts[index].tally.filesChecked  // 0 for a slice that does not end its file
                if let problem = parts[index].problem, let position = parts[index].problemPosition {
                    pendingProblems.append((parts[index].path, position, problem))
                }
            }
        }

        /// Problems come before unreadable files in the errors list, as in a whole report.
        private var pendingProblems: [(String, SourcePosition, String)] = []
        private var pendingUnreadable: [UnreadableFile] = []

        public mutating func add(unreadable: [UnreadableFile]) {
            pendingUnreadable += unreadable
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
            write(findings.takeBytes())
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

    /// One finding as a JSON object. Its size is bounded before it is written (every string at
    /// six bytes a byte, the most an escape takes), so it is written in one pass through room
    /// reserved once, without a capacity check per key.
    static func write(
        _ located: LocatedFinding, of file: LocatedFileReport, into json: inout JSONWriter,
        repeated: inout RepeatedStrings
    ) {
        let path = file.path
        let tool = file.analysis.tool
        let finding = located.finding
        let fix = finding.fix
        var bound = 512 + 5 * JSONRoom.numberBound
        bound +=
            JSONRoom.bound(of: path) + JSONRoom.bound(of: finding.rule) + JSONRoom.bound(of: finding.severity.rawValue)
        bound += JSONRoom.bound(of: finding.message) + JSONRoom.bound(of: tool.rawValue)
        bound += JSONRoom.bound(of: finding.context)
        if let fix {
            bound += JSONRoom.bound(of: fix.title) + JSONRoom.bound(of: fix.reason) + JSONRoom.bound(of: fix.note)
            for edit in fix.edits { bound += 160 + 6 * JSONRoom.numberBound + edit.replacement.count * 6 + 2 }
            for created in fix.createdFiles {
                bound += 64 + JSONRoom.bound(of: created.path) + created.content.count * 6 + 2
            }
        }
        json.writeElement(bound: bound) { room in
            room.literal("{\"path\":")
            room.string(path, remembering: &repeated.path)
            room.field(",\"line\":", located.start.line)
            room.field(",\"column\":", located.start.column)
            room.field(",\"endLine\":", located.end.line)
            room.field(",\"endColumn\":", located.end.column)
            room.field(",\"rule\":", finding.rule)
            room.field(",\"severity\":", finding.severity.rawValue)
            room.literal(",\"message\":")
            room.string(finding.message, remembering: &repeated.message)
            room.field(",\"tool\":", tool.rawValue)
            room.literal(",\"context\":")
            room.string(finding.context, remembering: &repeated.context)
            room.literal(",\"fix\":")
            guard let fix else {
                room.literal("null}")
                return
            }
            room.literal("{\"title\":")
            room.string(fix.title, remembering: &repeated.title)
            room.literal(fix.isSafe ? ",\"safe\":true,\"reason\":" : ",\"safe\":false,\"reason\":")
            room.string(fix.reason, remembering: &repeated.reason)
            if let note = fix.note {
                room.literal(",\"note\":")
                room.string(note, remembering: &repeated.note)
            }
            room.literal(",\"edits\":[")
            // By index: a zip of the two would copy both, and each edit, retaining all they hold.
            let edits = fix.edits
            for index in 0..<min(edits.count, located.editPositionRange.count) {
                let position = file.editPositions[located.editPositionRange.lowerBound + index]
                let range = edits[index].range
                room.literal(index == 0 ? "{\"startOffset\":" : ",{\"startOffset\":")
                room.number(range.start)
                room.field(",\"endOffset\":", range.end)
                room.field(",\"startLine\":", position.start.line)
                room.field(",\"startColumn\":", position.start.column)
                room.field(",\"endLine\":", position.end.line)
                room.field(",\"endColumn\":", position.end.column)
                room.literal(",\"replacement\":")
                room.string(utf8: edits[index].replacement)
                room.literal("}")
            }
            room.literal("],\"files\":[")
            for (index, created) in fix.createdFiles.enumerated() {
                room.literal(index == 0 ? "{\"path\":" : ",{\"path\":")
                room.string(created.path)
                room.literal(",\"action\":\"create\",\"content\":")
                room.string(utf8: created.content)
                room.literal("}")
            }
            room.literal("]}}")
        }
    }
}

/// Where a streaming reporter hands its output: bytes lent for the call's duration.
public typealias ByteOutput = (UnsafeBufferPointer<UInt8>) -> Void

/// A minimal streaming JSON writer that keeps keys in the order they are written. It writes UTF-8
/// bytes straight into a buffer of its own: rendering a report costs about as much as copying its
/// text. A copy of a writer is independent of the original (the buffer is copied on write).
struct JSONWriter {
    private var buffer: ByteBuffer
    private var needsComma = false

    /// A writer whose buffer starts with room for `capacity` bytes.
    init(capacity: Int = 4096) { buffer = ByteBuffer(capacity: capacity) }

    /// The document written so far.
    var bytes: [UInt8] { buffer.array }

    /// How many bytes are written and not yet taken.
    var byteCount: Int { buffer.count }

    /// How much output a stream gathers before it hands it out, when it may.
    static let flushSize = 1 << 20

    /// Lends the bytes written so far to `output`, then goes on writing after them as
    /// `takeBytes` does, without copying them into an array first.
    mutating func handOut(to output: ByteOutput) {
        let buffer = unique()
        output(UnsafeBufferPointer(start: buffer.storage, count: buffer.count))
        if buffer.capacity > 1 << 22 {
            self.buffer = ByteBuffer(capacity: 1 << 20)  // a huge batch's memory is not kept for the next
        } else {
            buffer.removeAll()
        }
    }

    /// Hands out the bytes written so far and goes on writing after them (a comma is still put
    /// before the next element).
    mutating func takeBytes() -> [UInt8] {
        let taken = buffer.array
        if buffer.capacity > 1 << 22 {
            buffer = ByteBuffer(capacity: 1 << 20)  // a huge batch's memory is not kept for the next
        } else {
            unique().removeAll()
        }
        return taken
    }

    /// Hands out the elements written so far, to be put in another writer's array
    /// (`appendElements`): the next element written starts without a comma.
    mutating func takeElements() -> [UInt8] {
        needsComma = false
        return takeBytes()
    }

    /// Elements taken from another writer (`takeElements`), after a comma if need be; nothing
    /// when they are none.
    mutating func appendElements(_ elements: borrowing [UInt8]) {
        guard !elements.isEmpty else { return }
        separate()
        elements.withUnsafeBufferPointer { unique().append($0.baseAddress!, count: $0.count) }
        needsComma = true
    }

    /// The elements of files' shares (`FileReportPart.bytes`), handed to `output` as `handOut`
    /// does whenever about a megabyte has gathered, and at the end; without `output`, kept.
    mutating func appendElements(of parts: [FileReportPart], output: ByteOutput?) {
        // By index: iterating would copy each share, retaining its path, bytes and problem.
        for index in parts.indices {
            if let output, parts[index].bytes.count >= Self.flushSize {
                // A large share (a slice of a file with a great many findings) is handed out
                // from where it lies, after what gathered before it, rather than copied.
                separate()
                if byteCount > 0 { handOut(to: output) }
                parts[index].bytes.withUnsafeBufferPointer { output($0) }
                needsComma = true
                continue
            }
            appendElements(parts[index].bytes)
            if let output, byteCount >= Self.flushSize { handOut(to: output) }
        }
        if let output, byteCount > 0 { handOut(to: output) }
    }

    /// The document written so far.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A key: always a literal, which needs no escape (checked when the program runs in debug).
    mutating func key(_ name: StaticString) {
        let buffer = unique()
        let count = name.utf8CodeUnitCount
        assert(
            !UnsafeBufferPointer(start: name.utf8Start, count: count).contains {
                $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
            })
        let target = buffer.reserve(count + 4)
        var index = 0
        if needsComma {
            target[0] = UInt8(ascii: ",")
            index = 1
        }
        target[index] = UInt8(ascii: "\"")
        (target + index + 1).update(from: name.utf8Start, count: count)
        target[index + 1 + count] = UInt8(ascii: "\"")
        target[index + 2 + count] = UInt8(ascii: ":")
        buffer.count += index + 3 + count
        needsComma = false
    }

    /// A string value made of the parts `parts` hands out, escaped into one literal as they come,
    /// instead of joined into a new string first. `parts` is called twice: to bound, then to write.
    mutating func string(ofParts parts: ((String) -> Void) -> Void) {
        separate()
        var bound = 2
        parts { bound += JSONRoom.bound(of: $0) }
        let buffer = unique()
        var room = JSONRoom(cursor: buffer.reserve(bound))
        let start = room.cursor
        room.literal("\"")
        parts { room.escaped($0) }
        room.literal("\"")
        buffer.count += room.cursor - start
        needsComma = true
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
        let buffer = unique()
        buffer.count += DecimalDigits.write(value, into: buffer.reserve(DecimalDigits.maximumCount))
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        raw(value ? "true" : "false")
    }

    mutating func null() { raw("null") }

    /// One element of the array being written, of at most `bound` bytes, written by `body`
    /// through room reserved once (after a comma if need be).
    mutating func writeElement(bound: Int, _ body: (inout JSONRoom) -> Void) {
        separate()
        let buffer = unique()
        var room = JSONRoom(cursor: buffer.reserve(bound))
        let start = room.cursor
        body(&room)
        let written = room.cursor - start
        precondition(written <= bound, "a JSON element outgrew the room reserved for it")
        buffer.count += written
        needsComma = true
    }

    /// Text written as it is, with no separator before it (a document's opening).
    mutating func appendVerbatim(_ text: StaticString) {
        unique().append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    private mutating func raw(_ text: StaticString) {
        separate()
        unique().append(text.utf8Start, count: text.utf8CodeUnitCount)
        needsComma = true
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        unique().append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        unique().append(bracket)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { unique().append(UInt8(ascii: ",")) }
    }

    /// The buffer, copied first if another writer shares it.
    @inline(__always)
    private mutating func unique() -> ByteBuffer {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
        return buffer
    }

    /// A JSON string literal; invalid UTF-8 has already become U+FFFD when the String was made.
    private mutating func appendQuoted(_ value: String) {
        let buffer = unique()
        var room = JSONRoom(cursor: buffer.reserve(JSONRoom.bound(of: value)))
        let start = room.cursor
        room.string(value)
        buffer.count += room.cursor - start
    }
}

/// A string last written, with its escaped JSON form (quotes included).
struct RememberedString {
    var source: String?
    var escaped: [UInt8] = []
}

/// The strings of a finding that usually repeat from one finding to the next, each remembered on
/// its own: comparing a string with the one remembered costs less than escaping it again.
struct RepeatedStrings {
    var path = RememberedString()
    var message = RememberedString()
    var context = RememberedString()
    var title = RememberedString()
    var reason = RememberedString()
    var note = RememberedString()
}

/// Room reserved in a JSON writer's buffer, written through a pointer. Whoever reserves it
/// bounds what is written: `bound(of:)` for each string, `numberBound` for each number, and the
/// literals' lengths.
struct JSONRoom {
    private(set) var cursor: UnsafeMutablePointer<UInt8>

    /// The most bytes `number` writes.
    static let numberBound = DecimalDigits.maximumCount

    /// The most bytes `string` writes for `value`: six a byte (`\u001f`) and the quotes, or `null`.
    static func bound(of value: String?) -> Int {
        guard let value else { return 4 }
        return value.utf8.count * 6 + 2
    }

    mutating func literal(_ text: StaticString) {
        cursor.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        cursor += text.utf8CodeUnitCount
    }

    /// A key (a literal with what comes before it, such as `,"line":`) and its value.
    mutating func field(_ key: StaticString, _ value: Int) {
        literal(key)
        number(value)
    }

    /// A key (a literal with what comes before it) and its string value, or `null`.
    mutating func field(_ key: StaticString, _ value: String?) {
        literal(key)
        string(value)
    }

    mutating func number(_ value: Int) {
        cursor += DecimalDigits.write(value, into: cursor)
    }

    /// A JSON string literal, or `null`, copied from `remembered` when it holds the same string
    /// (most findings repeat their neighbour's path, message and fix texts); otherwise escaped,
    /// and then remembered.
    mutating func string(_ value: String?, remembering remembered: inout RememberedString) {
        guard let value else { return literal("null") }
        if let source = remembered.source, source == value {
            remembered.escaped.withUnsafeBufferPointer { escaped in
                cursor.update(from: escaped.baseAddress!, count: escaped.count)
                cursor += escaped.count
            }
            return
        }
        let start = cursor
        string(value)
        remembered.source = value
        remembered.escaped.removeAll(keepingCapacity: true)
        remembered.escaped.append(contentsOf: UnsafeBufferPointer(start: start, count: cursor - start))
    }

    /// A JSON string literal, or `null`. Runs of bytes that need no escape are copied whole,
    /// found eight bytes at a time.
    mutating func string(_ value: String?) {
        guard var value else { return literal("null") }
        value.withUTF8 { quoted($0) }
    }

    /// A JSON string literal of UTF-8 bytes, such as an edit's replacement: ASCII is written
    /// straight from the bytes; anything else is first decoded, with invalid bytes repaired to
    /// U+FFFD (three bytes each, within the bound of six a byte).
    mutating func string(utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            if ASCIIRun.end(in: buffer, from: 0, to: buffer.count) == buffer.count {
                quoted(buffer)
            } else {
                string(String(decoding: buffer, as: UTF8.self))
            }
        }
    }

    /// `utf8` (valid UTF-8) between quotes, escaped.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        escaped(utf8)
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
    }

    /// The inside of a JSON string literal: one part of a string written in several
    /// (`JSONWriter.string(ofParts:)`), quotes written around them all.
    mutating func escaped(_ value: String) {
        var value = value
        value.withUTF8 { escaped($0) }
    }

    /// `utf8` (valid UTF-8) escaped, without quotes.
    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var target = cursor
        if let base = utf8.baseAddress {
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Eight bytes at a time: most text needs no escape at all; otherwise straight to
                // the first byte that may.
                if index + 8 <= utf8.count {
                    let escapes = Self.escapeBytes(UnsafeRawPointer(base + index))
                    if escapes == 0 {
                        index += 8
                        continue
                    }
                    index += escapes.trailingZeroBitCount / 8
                }
                let byte = utf8[index]
                index += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                target.update(from: base + runStart, count: index - 1 - runStart)
                target += index - 1 - runStart
                target[0] = 0x5C
                switch byte {
                case UInt8(ascii: "\""): target[1] = 0x22
                case UInt8(ascii: "\\"): target[1] = 0x5C
                case 0x0A: target[1] = UInt8(ascii: "n")
                case 0x0D: target[1] = UInt8(ascii: "r")
                case 0x09: target[1] = UInt8(ascii: "t")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    target[1] = UInt8(ascii: "u")
                    target[2] = 0x30
                    target[3] = 0x30
                    target[4] = hex.utf8Start[Int(byte >> 4)]
                    target[5] = hex.utf8Start[Int(byte & 0xF)]
                    target += 4
                }
                target += 2
                runStart = index
            }
            target.update(from: base + runStart, count: utf8.count - runStart)
            target += utf8.count - runStart
        }
        cursor = target
    }

    /// The high bit of each of the eight bytes at `pointer` (byte `i` in bits `8i…8i+7`) that is a
    /// control character, `"` or `\\`, found by bitwise tests on one 64-bit word. A byte above a
    /// flagged one may be flagged wrongly (a borrow runs up from a match); the lowest flagged byte
    /// is always one of them.
    @inline(__always)
    private static func escapeBytes(_ pointer: UnsafeRawPointer) -> UInt64 {
        let word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highBits }
        let control = (word &- ones &* 0x20) & ~word & highBits
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        return control | quote | backslash
    }
}

/// A growable run of bytes in memory of its own, written through pointers: appending costs a
/// capacity check and a copy, without the generic paths of `Array.append(contentsOf:)`.
final class ByteBuffer {
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// How many bytes of `storage` are written.
    var count = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// A writer of its own with the same bytes.
    func copy() -> ByteBuffer {
        let copy = ByteBuffer(capacity: Swift.max(capacity, 16))
        copy.storage.update(from: storage, count: count)
        copy.count = count
        return copy
    }

    /// The bytes written, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// Forgets the bytes written, keeping the memory.
    func removeAll() { count = 0 }

    /// Room for `extra` more bytes: where they go. The caller adds what it wrote to `count`.
    @inline(__always)
    func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(to: count + extra) }
        return storage + count
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)[0] = byte
        count += 1
    }

    @inline(__always)
    func append(_ first: UInt8, _ second: UInt8) {
        let target = reserve(2)
        target[0] = first
        target[1] = second
        count += 2
    }

    @inline(__always)
    func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        guard length > 0 else { return }
        reserve(length).update(from: source, count: length)
        count += length
    }
}
