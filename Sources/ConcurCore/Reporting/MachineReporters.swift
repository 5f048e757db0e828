/// `path:line:col: severity: message [rule]`, as gcc and most editors' problem matchers read it.
public enum GCCReporter {
    public static func render(_ report: CheckReport) -> String {
        LineReportBuffer.collect { render(report.files, unreadable: report.unreadable, output: $0) }
    }

    /// The lines for `files` and then `unreadable`, handed to `output` in pieces of about a
    /// megabyte (and the rest at the end).
    public static func render(
        _ files: [LocatedFileReport], unreadable: [UnreadableFile] = [], output: ([UInt8]) -> Void
    ) {
        var lines = LineReportBuffer()
        withoutActuallyEscaping(output) { output in
            for file in files { render(file, into: &lines, output: output) }
        }
        for file in unreadable {
            lines.append(file.path)
            lines.append(literal: ": error: ")
            lines.append(file.message)
            lines.append(literal: "\n")
        }
        lines.finish(output)
    }
}

extension GCCReporter {
    /// One file's lines, added to `lines`; handed to `output`, when there is one, whenever about
    /// a megabyte has gathered.
    static func render(_ file: LocatedFileReport, into lines: inout LineReportBuffer, output: (([UInt8]) -> Void)?) {
        for located in file.findings {
            let finding = located.finding
            lines.position(file.path, located.start)
            lines.append(finding.severity.rawValue)
            lines.append(literal: ": ")
            lines.append(finding.message)
            lines.append(literal: " [")
            lines.append(finding.rule)
            lines.append(literal: "]\n")
            if let output { lines.flushIfFull(output) }
        }
        if let problem = file.analysis.problem, let position = file.problemPosition {
            lines.position(file.path, position)
            lines.append(literal: "error: ")
            lines.append(problem.message)
            lines.append(literal: "\n")
        }
    }
}

/// GitHub Actions workflow commands (`::warning file=…,line=…::message`), which annotate the
/// pull request's diff.
public enum GitHubReporter {
    public static func render(_ report: CheckReport) -> String {
        LineReportBuffer.collect { render(report.files, unreadable: report.unreadable, output: $0) }
    }

    /// The commands for `files` and then `unreadable`, handed to `output` in pieces of about a
    /// megabyte (and the rest at the end).
    public static func render(
        _ files: [LocatedFileReport], unreadable: [UnreadableFile] = [], output: ([UInt8]) -> Void
    ) {
        var lines = LineReportBuffer()
        withoutActuallyEscaping(output) { output in
            for file in files { render(file, into: &lines, output: output) }
        }
        for file in unreadable {
            lines.append(literal: "::error ")
            lines.property("file", file.path, last: true)
            lines.append(literal: "::")
            lines.appendEscaped(file.message, escapingSeparators: false)
            lines.append(literal: "\n")
        }
        lines.finish(output)
    }

    /// Message text: `%`, CR and LF are encoded, as the runner's parser expects.
    public static func escapeData(_ text: String) -> String {
        var buffer = LineReportBuffer()
        buffer.appendEscaped(text, escapingSeparators: false)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// Property values: as message text, plus `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        var buffer = LineReportBuffer()
        buffer.appendEscaped(text, escapingSeparators: true)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}

extension GitHubReporter {
    /// One file's commands, added to `lines`; handed to `output`, when there is one, whenever
    /// about a megabyte has gathered.
    static func render(_ file: LocatedFileReport, into lines: inout LineReportBuffer, output: (([UInt8]) -> Void)?) {
        for located in file.findings {
            let finding = located.finding
            lines.append(finding.severity == .error ? "::error " : "::warning ")
            lines.property("file", file.path)
            lines.property("line", located.start.line)
            lines.property("col", located.start.column)
            lines.property("endLine", located.end.line)
            lines.property("endColumn", located.end.column)
            lines.property("title", finding.rule, last: true)
            lines.append(literal: "::")
            lines.appendEscaped(finding.message, escapingSeparators: false)
            if let fix = finding.fix {
                lines.append(fix.isSafe ? "%0AFix: " : "%0ANo automatic fix: ")
                lines.appendEscaped(fix.isSafe ? fix.title : fix.reason ?? "", escapingSeparators: false)
            }
            lines.append(literal: "\n")
            if let output { lines.flushIfFull(output) }
        }
        if let problem = file.analysis.problem, let position = file.problemPosition {
            lines.append(literal: "::error ")
            lines.property("file", file.path)
            lines.property("line", position.line)
            lines.property("col", position.column, last: true)
            lines.append(literal: "::")
            lines.appendEscaped(problem.message, escapingSeparators: false)
            lines.append(literal: "\n")
        }
    }
}

/// GitLab's Code Quality report: a JSON array of issues with stable fingerprints.
public enum GitLabReporter {
    public static func render(_ report: CheckReport) -> String {
        var stream = Stream()
        stream.add(report.files)
        return String(decoding: stream.finish(), as: UTF8.self)
    }

    /// The same array built batch by batch (handed out by `add(_:output:)`).
    public struct Stream {
        private var json = JSONWriter()

        public init() { json.beginArray() }

        /// Adds analysed files (their bytes are needed: a finding's fingerprint holds its statement).
        /// With `output`, every byte written so far is handed to it: in pieces of about a megabyte
        /// as they gather, and the rest at the end. Without it, the bytes wait for `finish`.
        public mutating func add(_ reports: [LocatedFileReport], output: ByteOutput? = nil) {
            GitLabReporter.write(reports, into: &json, output: output)
            if let output, json.byteCount > 0 { json.handOut(to: output) }
        }

        /// Adds files' shares written by `FileWriter`s, handing out every byte written so far as
        /// `add(_:output:)` does.
        public mutating func add(_ parts: [FileReportPart], output: ByteOutput? = nil) {
            json.appendElements(of: parts, output: output)
        }

        /// The whole array (or, after `add(_:output:)`, its rest), ending with a line break.
        public mutating func finish() -> [UInt8] {
            json.endArray()
            return json.takeBytes() + [0x0A]
        }
    }

    static func write(
        _ files: [LocatedFileReport], into json: inout JSONWriter, output: ByteOutput?
    ) {
        for file in files {
            for located in file.findings {
                if let output, json.byteCount >= JSONWriter.flushSize { json.handOut(to: output) }
                let finding = located.finding
                let statement = file.analysis.source.text(in: finding.range)
                json.beginObject()
                json.field("description", finding.message)
                json.field("check_name", finding.rule)
                json.field("fingerprint", fingerprint([file.path, finding.rule, statement, "\(located.start.line)"]))
                json.field("severity", finding.severity == .error ? "critical" : "major")
                json.key("location")
                json.beginObject()
                json.field("path", file.path)
                json.key("lines")
                json.beginObject()
                json.field("begin", located.start.line)
                json.field("end", located.end.line)
                json.endObject()
                json.endObject()
                json.endObject()
            }
        }
    }

    /// A 64-bit FNV-1a hash in hex of the parts' UTF-8 joined by NUL bytes: stable across runs
    /// and machines. The parts are hashed where they lie, one after the other, rather than joined
    /// into a new string first.
    static func fingerprint(_ parts: [String]) -> String {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in parts.indices {
            if index > 0 { hash = hash &* prime }  // the NUL between two parts (hash ^ 0 is hash)
            var part = parts[index]
            part.withUTF8 { utf8 in
                for byte in utf8 {
                    hash ^= UInt64(byte)
                    hash = hash &* prime
                }
            }
        }
        // Sixteen lowercase hex digits, zeros in front.
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16) { text in
            for position in 0..<16 {
                text[position] = digits.utf8Start[Int(truncatingIfNeeded: hash >> UInt64(60 - 4 * position)) & 0xF]
            }
            return 16
        }
    }
}
