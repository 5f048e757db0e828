#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unified diffs (as `diff -u` and `git diff` print them) of a file before and after edits.
///
/// The hunks come straight from the edits: every line an edit touches is shown removed and added
/// again, with `context` unchanged lines around. Bytes are passed through as they are, CR and
/// invalid UTF-8 included, so the diff applies with `patch` or `git apply`.
public enum UnifiedDiff {
    /// One hunk's lines: context, removed and added, each with its line break (if any).
    public struct Hunk: Sendable {
        /// The 1-based first line in the old file, and the number of old lines.
        public var oldStart: Int, oldCount: Int
        /// The 1-based first line in the new file, and the number of new lines.
        public var newStart: Int, newCount: Int
        /// Each line, prefixed with " ", "-" or "+".
        public var lines: [(prefix: UInt8, text: ArraySlice<UInt8>)]
    }

    /// The hunks for `edits` applied to `original`.
    public static func hunks(original: [UInt8], edits: [Edit], context: Int) throws(OverlappingEditsError) -> [Hunk] {
        guard !edits.isEmpty else { return [] }
        // The order edits are applied in, which also refuses overlapping edits as applying them would.
        let ordered = try EditApplier.inOrder(edits)
        let oldLines = lineRanges(original)
        let endsWithLineBreak = original.last == 0x0A
        /// The 0-based line holding `offset`; past a final line break, the empty line after it.
        func lineHolding(_ offset: Int) -> Int {
            var low = 0
            var high = oldLines.count
            while low < high {  // the number of lines that start at or before `offset`
                let middle = (low + high) / 2
                if oldLines[middle].start <= offset { low = middle + 1 } else { high = middle }
            }
            if low == oldLines.count, endsWithLineBreak, offset >= original.count { return oldLines.count }
            return max(0, low - 1)
        }
        // The old lines that edits touch, as half-open ranges of 0-based line numbers, with the
        // edits inside each (a run of `ordered`); edits on the same or adjacent lines share a span.
        var spans: [(lines: Range<Int>, edits: Range<Int>)] = []
        spans.reserveCapacity(ordered.count)
        for (position, edit) in ordered.enumerated() {
            let first = min(lineHolding(edit.range.start), oldLines.count)
            let last = edit.range.isEmpty ? first : min(lineHolding(edit.range.end - 1), oldLines.count)
            let touched = first..<min(oldLines.count, last + 1)
            if let previous = spans.last,
                touched.lowerBound < previous.lines.upperBound
                    || (touched.lowerBound == previous.lines.upperBound && touched.isEmpty)
            {
                spans[spans.count - 1] = (
                    previous.lines.lowerBound..<max(previous.lines.upperBound, touched.upperBound),
                    previous.edits.lowerBound..<position + 1
                )
            } else {
                spans.append((max(first, touched.lowerBound)..<max(first, touched.upperBound), position..<position + 1))
            }
        }
        // Spans closer than twice the context share a hunk: runs of `spans`.
        var groups: [Range<Int>] = []
        for (index, span) in spans.enumerated() {
            if let last = groups.last,
                span.lines.lowerBound - spans[last.upperBound - 1].lines.upperBound <= 2 * context
            {
                groups[groups.count - 1] = last.lowerBound..<index + 1
            } else {
                groups.append(index..<index + 1)
            }
        }
        var hunks: [Hunk] = []
        hunks.reserveCapacity(groups.count)
        var lineDelta = 0
        for group in groups {
            var lines: [(prefix: UInt8, text: ArraySlice<UInt8>)] = []
            let firstLine = spans[group.lowerBound].lines.lowerBound
            let lastLine = spans[group.upperBound - 1].lines.upperBound
            let before = max(0, firstLine - context)..<firstLine
            let after = lastLine..<min(oldLines.count, lastLine + context)
            var oldCount = before.count + after.count
            var newCount = oldCount
            var cursor = before.lowerBound
            for span in spans[group] {
                for line in cursor..<span.lines.lowerBound {
                    lines.append((UInt8(ascii: " "), slice(original, oldLines[line])))
                }
                oldCount += span.lines.lowerBound - max(cursor, before.upperBound)
                newCount += span.lines.lowerBound - max(cursor, before.upperBound)
                let regionStart =
                    span.lines.lowerBound < oldLines.count ? oldLines[span.lines.lowerBound].start : original.count
                let regionEnd = span.lines.isEmpty ? regionStart : oldLines[span.lines.upperBound - 1].end
                // The region with the span's edits made (they are in order and do not overlap),
                // copied straight from the old bytes around them.
                var newRegion: [UInt8] = []
                newRegion.reserveCapacity(
                    regionEnd - regionStart + ordered[span.edits].reduce(0) { $0 + $1.replacement.count })
                var copied = regionStart
                for edit in ordered[span.edits] {
                    precondition(edit.range.start >= copied && edit.range.end <= regionEnd, "an edit inside its span")
                    newRegion += original[copied..<edit.range.start]
                    newRegion += edit.replacement
                    copied = edit.range.end
                }
                newRegion += original[copied..<regionEnd]
                let newLines = lineRanges(newRegion)
                for line in span.lines { lines.append((UInt8(ascii: "-"), slice(original, oldLines[line]))) }
                for line in newLines { lines.append((UInt8(ascii: "+"), newRegion[line.start..<line.end])) }
                oldCount += span.lines.count
                newCount += newLines.count
                cursor = span.lines.upperBound
            }
            for line in after { lines.append((UInt8(ascii: " "), slice(original, oldLines[line]))) }
            hunks.append(
                Hunk(
                    oldStart: before.lowerBound + (oldCount == 0 ? 0 : 1), oldCount: oldCount,
                    newStart: before.lowerBound + lineDelta + (newCount == 0 ? 0 : 1), newCount: newCount, lines: lines)
            )
            lineDelta += newCount - oldCount
        }
        return hunks
    }

    private static func slice(_ bytes: [UInt8], _ range: ByteRange) -> ArraySlice<UInt8> {
        bytes[range.start..<range.end]
    }

    /// The hunks' lines for showing on screen: marker (`-`, `+` or space) and text without its
    /// line ending; `nil` between hunks.
    public static func displayLines(_ hunks: [Hunk]) -> [(marker: Character, text: String)?] {
        displayLineBytes(hunks).map { line in
            line.map { (Character(UnicodeScalar($0.marker)), String(decoding: $0.text, as: UTF8.self)) }
        }
    }

    /// `displayLines` as bytes: each line's marker and its bytes without the line ending, as they
    /// are in the file (invalid UTF-8 included); `nil` between hunks.
    public static func displayLineBytes(_ hunks: [Hunk]) -> [(marker: UInt8, text: ArraySlice<UInt8>)?] {
        var lines: [(marker: UInt8, text: ArraySlice<UInt8>)?] = []
        for (number, hunk) in hunks.enumerated() {
            if number > 0 { lines.append(nil) }
            for line in hunk.lines { lines.append((line.prefix, withoutLineEnding(line.text))) }
        }
        return lines
    }

    /// The display lines of `edits` applied to `original` (as `displayLines(hunks(…))` gives
    /// them), worked out on the lines around the edits alone: the cost follows the size of the
    /// change, not of the file, so showing each of a large file's fixes stays linear overall.
    public static func displayLines(original: [UInt8], edits: [Edit], context: Int)
        throws(OverlappingEditsError) -> [(marker: Character, text: String)?]
    {
        displayLines(try hunksAround(original: original, edits: edits, context: context))
    }

    /// `displayLines(original:edits:context:)` as bytes (see `displayLineBytes`).
    public static func displayLineBytes(original: [UInt8], edits: [Edit], context: Int)
        throws(OverlappingEditsError) -> [(marker: UInt8, text: ArraySlice<UInt8>)?]
    {
        if context == 0, edits.allSatisfy({ $0.range.end <= original.count }) {
            return touchedLines(original: original, ordered: try EditApplier.inOrder(edits))
        }
        return displayLineBytes(try hunksAround(original: original, edits: edits, context: context))
    }

    /// `displayLineBytes(original:edits:context:)` for bytes where they lie (`SourceFile.withBytes`
    /// of a file mapped into memory): the lines the edits touch, and `context` lines around them,
    /// are copied, and the rest of the file is not.
    public static func displayLineBytes(in bytes: UnsafeBufferPointer<UInt8>, edits: [Edit], context: Int)
        throws(OverlappingEditsError) -> [(marker: UInt8, text: ArraySlice<UInt8>)?]
    {
        guard !edits.isEmpty, edits.allSatisfy({ $0.range.end <= bytes.count }) else {
            return try displayLineBytes(original: Array(bytes), edits: edits, context: context)
        }
        let (start, end) = window(of: edits, in: bytes, context: context)
        let lines = Array(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        return try displayLineBytes(original: lines, edits: shifted(edits, by: start), context: context)
    }

    /// The lines `edits` touch, before and after (`displayLineBytes` without context), cut to
    /// `margin` bytes either side of the edits where a line goes on further (minified SQL), with
    /// `…` before the first line of each side and after the last: the cost and the size stay
    /// those of the change, however long the line. `isCut` tells whether a line was cut.
    public static func displayLineBytes(
        in bytes: UnsafeBufferPointer<UInt8>, edits: [Edit], cuttingLongLinesAt margin: Int
    ) -> (lines: [(marker: UInt8, text: ArraySlice<UInt8>)?], isCut: Bool)? {
        // A fix without edits (it only creates files) touches no line.
        guard let first = edits.map(\.range.start).min(), let last = edits.map(\.range.end).max() else {
            return ([], false)
        }
        guard last <= bytes.count else { return nil }
        // Looked for no further than the margin: the cost stays that of the change.
        var start = first
        while start > 0, first - start < margin, bytes[start - 1] != 0x0A { start -= 1 }
        let clippedStart = start > 0 && bytes[start - 1] != 0x0A
        var end = last
        while end < bytes.count, end - last < margin, bytes[end] != 0x0A { end += 1 }
        let clippedEnd = end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D
        guard clippedStart || clippedEnd else {
            return (try? displayLineBytes(in: bytes, edits: edits, context: 0)).map { ($0, false) }
        }
        // Cut between characters, not inside one.
        while clippedStart, start < first, bytes[start] & 0xC0 == 0x80 { start += 1 }
        while clippedEnd, end > last, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let window = Array(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        let shifted = edits.map {
            Edit(range: ByteRange($0.range.start - start, $0.range.end - start), replacement: $0.replacement)
        }
        guard var lines = try? displayLineBytes(original: window, edits: shifted, context: 0) else { return nil }
        let ellipsis = Array("…".utf8)
        for marker in [UInt8(ascii: "-"), UInt8(ascii: "+")] {
            if clippedStart, let index = lines.firstIndex(where: { $0?.marker == marker }), let line = lines[index] {
                lines[index] = (marker, ArraySlice(ellipsis + line.text))
            }
            if clippedEnd, let index = lines.lastIndex(where: { $0?.marker == marker }), let line = lines[index] {
                lines[index] = (marker, ArraySlice(line.text + ellipsis))
            }
        }
        return (lines, true)
    }

    /// From the start of the first line the edits touch to the end of the last, then `context`
    /// lines more on each side.
    private static func window(of edits: [Edit], in bytes: UnsafeBufferPointer<UInt8>, context: Int)
        -> (start: Int, end: Int)
    {
        let first = edits.map(\.range.start).min()!
        let last = edits.map { $0.range.isEmpty ? $0.range.start : $0.range.end - 1 }.max()!
        var start = lineStart(bytes, at: min(first, bytes.count))
        var end = lineEnd(bytes, at: min(last, bytes.count))
        for _ in 0..<context {
            if start > 0 { start = lineStart(bytes, at: start - 1) }
            if end < bytes.count { end = lineEnd(bytes, at: end) }
        }
        return (start, end)
    }

    /// The edits moved back by `offset` bytes, for a window that starts there.
    private static func shifted(_ edits: [Edit], by offset: Int) -> [Edit] {
        edits.map {
            Edit(range: ByteRange($0.range.start - offset, $0.range.end - offset), replacement: $0.replacement)
        }
    }

    /// The display lines of edits without context (a report's fix: one edit most of the time, a
    /// removal and an insertion for a fix that moves a statement), read straight from the bytes
    /// without building the hunks. Each edit touches whole lines; edits whose lines overlap share
    /// a span, shown as its old lines removed and its new lines added; spans that follow each
    /// other without a line between them share a hunk, and hunks are separated by nil. The same
    /// lines as the hunks give (tests compare them).
    private static func touchedLines(original: [UInt8], ordered edits: [Edit])
        -> [(marker: UInt8, text: ArraySlice<UInt8>)?]
    {
        var lines: [(marker: UInt8, text: ArraySlice<UInt8>)?] = []
        lines.reserveCapacity(4)
        // The span being gathered: the bytes of the old lines it covers, and the run of edits
        // inside them. Each span's lines are written once the next edit falls outside it.
        var span: (start: Int, end: Int, edits: Range<Int>)?
        var previousEnd: Int?
        func emit(_ span: (start: Int, end: Int, edits: Range<Int>)) {
            // A span that starts where the one before ended is in the same hunk.
            if let previousEnd, span.start != previousEnd { lines.append(nil) }
            previousEnd = span.end
            var changed: [UInt8] = []
            var copied = span.start
            for edit in edits[span.edits] {
                changed += original[copied..<edit.range.start]
                changed += edit.replacement
                copied = edit.range.end
            }
            changed += original[copied..<span.end]
            forEachLine(in: original[span.start..<span.end]) { line in
                lines.append((UInt8(ascii: "-"), withoutLineEnding(original[line.start..<line.end])))
            }
            forEachLine(in: changed[...]) { line in
                lines.append((UInt8(ascii: "+"), withoutLineEnding(changed[line.start..<line.end])))
            }
        }
        original.withUnsafeBufferPointer { bytes in
            for (position, edit) in edits.enumerated() {
                let range = edit.range
                // After a last line break, an edit touches no old line: it only adds.
                let last = range.isEmpty ? range.start : range.end - 1
                let (start, end) =
                    range.start >= bytes.count && original.last == 0x0A
                    ? (bytes.count, bytes.count) : (lineStart(bytes, at: range.start), lineEnd(bytes, at: last))
                if let current = span, start < current.end || (start == current.end && start == end) {
                    span = (current.start, max(current.end, end), current.edits.lowerBound..<position + 1)
                } else {
                    if let current = span { emit(current) }
                    span = (start, end, position..<position + 1)
                }
            }
        }
        if let span { emit(span) }
        return lines
    }

    /// A line without the CR and LF bytes at its end (never part of a multi-byte character).
    private static func withoutLineEnding(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        return line[line.startIndex..<end]
    }

    /// The hunks of `edits`, worked out on the lines around them alone.
    private static func hunksAround(original: [UInt8], edits: [Edit], context: Int)
        throws(OverlappingEditsError) -> [Hunk]
    {
        guard !edits.isEmpty else { return [] }
        let (start, end) = original.withUnsafeBufferPointer { window(of: edits, in: $0, context: context) }
        return try hunks(original: Array(original[start..<end]), edits: shifted(edits, by: start), context: context)
    }

    /// The offset where the line holding `offset` starts.
    private static func lineStart(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var index = offset
        while index > 0, bytes[index - 1] != 0x0A { index -= 1 }
        return index
    }

    /// The offset just past the line feed that ends the line holding `offset` (the end of the input
    /// when there is none).
    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        guard offset < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + offset, 0x0A, bytes.count - offset)
        else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
    }

    /// A whole unified diff for one file, with `---`/`+++` headers; empty when nothing changes.
    public static func render(path: String, original: [UInt8], edits: [Edit], context: Int = 3)
        throws(OverlappingEditsError) -> [UInt8]
    {
        let hunks = try hunks(original: original, edits: edits, context: context)
        guard !hunks.isEmpty else { return [] }
        var output = Array("--- a/\(path)\n+++ b/\(path)\n".utf8)
        for hunk in hunks {
            output += Array("@@ -\(hunk.oldStart),\(hunk.oldCount) +\(hunk.newStart),\(hunk.newCount) @@\n".utf8)
            for line in hunk.lines {
                output.append(line.prefix)
                output += line.text
                if line.text.last != 0x0A { output += Array("\n\\ No newline at end of file\n".utf8) }
            }
        }
        return output
    }

    /// A diff that creates a file (from /dev/null), as git prints one.
    public static func creation(path: String, content: [UInt8]) -> [UInt8] {
        let lines = lineRanges(content)
        var output = Array("--- /dev/null\n+++ b/\(path)\n@@ -0,0 +1,\(lines.count) @@\n".utf8)
        for line in lines {
            output.append(UInt8(ascii: "+"))
            output += content[line.start..<line.end]
            if content[line.end - 1] != 0x0A { output += Array("\n\\ No newline at end of file\n".utf8) }
        }
        return output
    }

    /// Each line's byte range, its LF included; a last line without LF is a line too.
    static func lineRanges(_ bytes: [UInt8]) -> [ByteRange] {
        lineRanges(bytes[...])
    }

    /// Hands `body` each line of `bytes`, its LF included (a last line without LF is a line too),
    /// as a range of the slice's own indices.
    static func forEachLine(in bytes: ArraySlice<UInt8>, _ body: (ByteRange) -> Void) {
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            body(ByteRange(start, index + 1))
            start = index + 1
        }
        if start < bytes.endIndex { body(ByteRange(start, bytes.endIndex)) }
    }

    /// The lines of `bytes`, each with its line break, as ranges of the slice's own indices.
    static func lineRanges(_ bytes: ArraySlice<UInt8>) -> [ByteRange] {
        var ranges: [ByteRange] = []
        forEachLine(in: bytes) { ranges.append($0) }
        return ranges
    }
}
