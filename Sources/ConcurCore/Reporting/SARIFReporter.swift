/// SARIF 2.1.0, as code-scanning services read it: the tool and its rules with their help text,
/// one result per finding with 1-based regions (columns in Unicode code points), and fixes as
/// byte-range replacements (new files included).
public enum SARIFReporter {
    public static func render(_ report: CheckReport, toolVersion: String) -> String {
        var stream = Stream(toolVersion: toolVersion)
        stream.add(report.files)
        stream.add(unreadable: report.unreadable)
        return String(decoding: stream.finish(), as: UTF8.self)
    }

    /// The same document built batch by batch: results are written as their files are checked
    /// (handed out by `add(_:output:)`), and only what the closing `invocations` object needs is
    /// kept.
    public struct Stream {
        private var json = JSONWriter()
        private let rules = RuleCatalog.descriptions
        private var notifications: [(message: String, path: String, position: SourcePosition?)] = []
        private var unreadable: [UnreadableFile] = []
        private var hasErrors = false

        public init(toolVersion: String) {
            json.beginObject()
            json.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
            json.field("version", "2.1.0")
            json.key("runs")
            json.beginArray()
            json.beginObject()
            json.key("tool")
            json.beginObject()
            json.key("driver")
            json.beginObject()
            json.field("name", "concur")
            json.field("version", toolVersion)
            json.key("rules")
            json.beginArray()
            for rule in rules {
                json.beginObject()
                json.field("id", rule.identifier)
                json.field("name", rule.identifier)
                json.key("shortDescription")
                SARIFReporter.text(rule.summary, into: &json)
                json.key("fullDescription")
                SARIFReporter.text(rule.summary, into: &json)
                json.key("help")
                json.beginObject()
                let markdown = RuleDocumentation.markdown(for: rule)
                json.field("text", markdown)
                json.field("markdown", markdown)
                json.endObject()
                json.key("defaultConfiguration")
                json.beginObject()
                json.field("level", rule.severity == .error ? "error" : "warning")
                json.endObject()
                json.endObject()
            }
            json.endArray()
            json.endObject()
            json.endObject()
            json.field("columnKind", "unicodeCodePoints")
            json.key("results")
            json.beginArray()
        }

        /// Adds analysed files: a result per finding; their problems become notifications.
        /// With `output`, every byte of the document written so far is handed to it: in pieces of
        /// about a megabyte as they gather, and the rest at the end. Without it, the bytes wait for
        /// `finish`.
        public mutating func add(_ reports: [LocatedFileReport], output: ByteOutput? = nil) {
            for file in reports {
                let uri = SARIFReporter.uri(file.path)
                for located in file.findings {
                    SARIFReporter.result(located, file: file, uri: uri, rules: rules, into: &json)
                    if let output, json.byteCount >= JSONWriter.flushSize { json.handOut(to: output) }
                }
                if let problem = file.analysis.problem {
                    hasErrors = true
                    if let position = file.problemPosition {
                        notifications.append((problem.message, file.path, position))
                    }
                }
            }
            if let output, json.byteCount > 0 { json.handOut(to: output) }
        }

        /// Adds files' shares written by `FileWriter`s, handing out every byte of the document
        /// written so far as `add(_:output:)` does.
        public mutating func add(_ parts: [FileReportPart], output: ByteOutput? = nil) {
            json.appendElements(of: parts, output: output)
            for index in parts.indices {
                guard let problem = parts[index].problem else { continue }
                hasErrors = true
                if let position = parts[index].problemPosition {
                    notifications.append((problem, parts[index].path, position))
                }
            }
        }

        /// Adds files that could not be read.
        public mutating func add(unreadable files: [UnreadableFile]) {
            unreadable += files
            hasErrors = hasErrors || !files.isEmpty
        }

        /// The whole document (or, after `add(_:output:)`, its rest), ending with a line break.
        public mutating func finish() -> [UInt8] {
            json.endArray()
            json.key("invocations")
            json.beginArray()
            json.beginObject()
            json.field("executionSuccessful", !hasErrors)
            json.key("toolExecutionNotifications")
            json.beginArray()
            for (message, path, position) in notifications {
                SARIFReporter.notification(message, path: path, position: position, into: &json)
            }
            for file in unreadable {
                SARIFReporter.notification(file.message, path: file.path, position: nil, into: &json)
            }
            json.endArray()
            json.endObject()
            json.endArray()
            json.endObject()
            json.endArray()
            json.endObject()
            return json.takeBytes() + [0x0A]
        }
    }

    /// One finding as a result; `uri` is the file's path as a URI (`uri(_:)`), made once a file.
    static func result(
        _ located: LocatedFinding, file: LocatedFileReport, uri: String, rules: [RuleDescription],
        into json: inout JSONWriter
    ) {
        let finding = located.finding
        json.beginObject()
        json.field("ruleId", finding.rule)
        if let index = rules.firstIndex(where: { $0.identifier == finding.rule }) { json.field("ruleIndex", index) }
        json.field("level", finding.severity == .error ? "error" : "warning")
        json.key("message")
        json.beginObject()
        json.key("text")
        // The message, its context and why there is no fix, written as one string without being
        // joined first.
        json.string(ofParts: { part in
            part(finding.message)
            if let context = finding.context {
                part(". ")
                part(context)
                part(".")
            }
            if let fix = finding.fix, !fix.isSafe, let reason = fix.reason {
                part(" No automatic fix: ")
                part(reason)
            }
        })
        json.endObject()
        json.key("locations")
        json.beginArray()
        json.beginObject()
        json.key("physicalLocation")
        json.beginObject()
        artifact(uri: uri, into: &json)
        json.key("region")
        json.beginObject()
        json.field("startLine", located.start.line)
        json.field("startColumn", located.start.column)
        json.field("endLine", located.end.line)
        json.field("endColumn", located.end.column)
        json.endObject()
        json.endObject()
        json.endObject()
        json.endArray()
        if let fix = finding.fix, fix.isSafe {
            json.key("fixes")
            json.beginArray()
            json.beginObject()
            json.key("description")
            text(fix.title, into: &json)
            json.key("artifactChanges")
            json.beginArray()
            change(
                uri: uri, replacements: fix.edits.map { ($0.range.start, $0.range.count, $0.replacement) }, into: &json
            )
            for created in fix.createdFiles {
                change(uri: Self.uri(created.path), replacements: [(0, 0, created.content)], into: &json)
            }
            json.endArray()
            json.endObject()
            json.endArray()
        }
        json.endObject()
    }

    private static func change(uri: String, replacements: [(Int, Int, [UInt8])], into json: inout JSONWriter) {
        json.beginObject()
        artifact(uri: uri, into: &json)
        json.key("replacements")
        json.beginArray()
        for (offset, length, content) in replacements {
            json.beginObject()
            json.key("deletedRegion")
            json.beginObject()
            json.field("byteOffset", offset)
            json.field("byteLength", length)
            json.endObject()
            json.key("insertedContent")
            text(String(decoding: content, as: UTF8.self), into: &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    fileprivate static func notification(
        _ message: String, path: String, position: SourcePosition?, into json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("level", "error")
        json.key("message")
        text(message, into: &json)
        json.key("locations")
        json.beginArray()
        json.beginObject()
        json.key("physicalLocation")
        json.beginObject()
        artifact(uri: uri(path), into: &json)
        if let position {
            json.key("region")
            json.beginObject()
            json.field("startLine", position.line)
            json.field("startColumn", position.column)
            json.endObject()
        }
        json.endObject()
        json.endObject()
        json.endArray()
        json.endObject()
    }

    private static func artifact(uri: String, into json: inout JSONWriter) {
        json.key("artifactLocation")
        json.beginObject()
        json.field("uri", uri)
        json.endObject()
    }

    fileprivate static func text(_ value: String, into json: inout JSONWriter) {
        json.beginObject()
        json.field("text", value)
        json.endObject()
    }

    /// A relative URI reference for a path: every byte but ASCII letters, digits and `-._~/`
    /// percent-encoded (so `%`, spaces, reserved characters and every byte of multi-byte UTF-8).
    static func uri(_ path: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(path.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
