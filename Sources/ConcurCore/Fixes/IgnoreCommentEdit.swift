/// The edit that accepts a finding on purpose: a `-- concur-ignore RULE reason` line just above
/// the statement, indented like it, in the file's line endings.
public enum IgnoreCommentEdit {
    public static func make(for finding: Finding, in source: SourceFile, reason: String) -> Edit {
        if source.path.hasSuffix(ignoringASCIICase: ".py") {
            return makePython(for: finding, in: source, reason: reason)
        }
        let bytes = source.bytes
        var lineStart = finding.range.start
        while lineStart > source.byteOrderMarkLength, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        let indentation = bytes[lineStart..<finding.range.start].prefix { $0 == 0x20 || $0 == 0x09 }
        // A statement that does not start its line gets the comment on a line of its own before it.
        let startsLine = indentation.count == finding.range.start - lineStart
        let comment = text("--", finding: finding, reason: reason)
        if startsLine {
            return Edit(
                range: ByteRange(lineStart, lineStart), replacement: Array(indentation) + comment + source.lineEnding)
        }
        return Edit(
            range: ByteRange(finding.range.start, finding.range.start),
            replacement: source.lineEnding + comment + source.lineEnding)
    }
}

extension IgnoreCommentEdit {
    static func text(_ marker: String, finding: Finding, reason: String) -> [UInt8] {
        let cleaned = reason.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            .trimmingCharacters(in: " ")
        var comment = Array("\(marker) concur-ignore \(finding.rule)".utf8)
        if !cleaned.isEmpty { comment += Array(": \(cleaned)".utf8) }
        return comment
    }

    /// `# concur-ignore RULE: reason` on the line above the Python statement that holds the finding.
    static func makePython(for finding: Finding, in source: SourceFile, reason: String) -> Edit {
        source.bytes.withUnsafeBufferPointer { buffer in
            let module = PythonModule(bytes: buffer, start: source.byteOrderMarkLength)
            let line = module.lines.last { module.tokens[$0.tokens.lowerBound].range.start <= finding.range.start }
            let lineStart = line?.lineStart ?? module.startOfPhysicalLine(containing: finding.range.start)
            let comment = text("#", finding: finding, reason: reason)
            return Edit(
                range: ByteRange(lineStart, lineStart),
                replacement: module.indentation(at: lineStart) + comment + source.lineEnding)
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
