/// `path:line:col: severity: message [rule]`, as gcc and most editors' problem matchers read it.
public enum GCCReporter {
    public static func render(_ report: CheckReport) -> String {
        var output = ""
        for file in report.files {
            for located in file.findings {
                let finding = located.finding
                output +=
                    "\(file.path):\(located.start.line):\(located.start.column): \(finding.severity.rawValue): \(finding.message) [\(finding.rule)]\n"
            }
            if let problem = file.analysis.problem, let position = file.problemPosition {
                output += "\(file.path):\(position.line):\(position.column): error: \(problem.message)\n"
            }
        }
        for file in report.unreadable { output += "\(file.path): error: \(file.message)\n" }
        return output
    }
}

/// GitHub Actions workflow commands (`::warning file=…,line=…::message`), which annotate the
/// pull request's diff.
public enum GitHubReporter {
    public static func render(_ report: CheckReport) -> String {
        var output = ""
        for file in report.files {
            for located in file.findings {
                let finding = located.finding
                let properties = [
                    ("file", file.path), ("line", "\(located.start.line)"), ("col", "\(located.start.column)"),
                    ("endLine", "\(located.end.line)"), ("endColumn", "\(located.end.column)"), ("title", finding.rule),
                ]
                var message = finding.message
                if let fix = finding.fix {
                    message += fix.isSafe ? "\nFix: \(fix.title)" : "\nNo automatic fix: \(fix.reason ?? "")"
                }
                output += command(finding.severity == .error ? "error" : "warning", properties, message)
            }
            if let problem = file.analysis.problem, let position = file.problemPosition {
                output += command(
                    "error", [("file", file.path), ("line", "\(position.line)"), ("col", "\(position.column)")],
                    problem.message)
            }
        }
        for file in report.unreadable { output += command("error", [("file", file.path)], file.message) }
        return output
    }

    static func command(_ name: String, _ properties: [(String, String)], _ message: String) -> String {
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(list)::\(escapeData(message))\n"
    }

    /// Message text: `%`, CR and LF are encoded, as the runner's parser expects.
    public static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Property values: as message text, plus `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        var result = ""
        for character in escapeData(text).unicodeScalars {
            switch character {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
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
        public mutating func add(_ reports: [LocatedFileReport], output: (([UInt8]) -> Void)? = nil) {
            GitLabReporter.write(reports, into: &json, output: output)
            if let output, json.byteCount > 0 { output(json.takeBytes()) }
        }

        /// The whole array (or, after `add(_:output:)`, its rest), ending with a line break.
        public mutating func finish() -> [UInt8] {
            json.endArray()
            return json.takeBytes() + [0x0A]
        }
    }

    private static func write(
        _ files: [LocatedFileReport], into json: inout JSONWriter, output: (([UInt8]) -> Void)?
    ) {
        for file in files {
            for located in file.findings {
                if let output, json.byteCount >= JSONWriter.flushSize { output(json.takeBytes()) }
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

    /// A 64-bit FNV-1a hash in hex: stable across runs and machines.
    static func fingerprint(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{0}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
