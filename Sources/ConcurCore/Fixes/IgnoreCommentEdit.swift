/// The edit that accepts a finding on purpose: a `-- concur-ignore RULE reason` line just above
/// the statement, indented like it, in the file's line endings.
public enum IgnoreCommentEdit {
    public static func make(for finding: Finding, in source: SourceFile, reason: String) -> Edit {
        let bytes = source.bytes
        var lineStart = finding.range.start
        while lineStart > source.byteOrderMarkLength, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        let indentation = bytes[lineStart..<finding.range.start].prefix { $0 == 0x20 || $0 == 0x09 }
        // A statement that does not start its line gets the comment on a line of its own before it.
        let startsLine = indentation.count == finding.range.start - lineStart
        let cleaned = reason.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            .trimmingCharacters(in: " ")
        var comment = Array("-- concur-ignore \(finding.rule)".utf8)
        if !cleaned.isEmpty { comment += Array(": \(cleaned)".utf8) }
        if startsLine {
            return Edit(
                range: ByteRange(lineStart, lineStart), replacement: Array(indentation) + comment + source.lineEnding)
        }
        return Edit(
            range: ByteRange(finding.range.start, finding.range.start),
            replacement: source.lineEnding + comment + source.lineEnding)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
