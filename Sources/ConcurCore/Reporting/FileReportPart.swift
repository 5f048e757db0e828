/// One file's share of a streamed report, written on the thread that analysed the file.
///
/// The thread that writes the report then only joins the shares in path order: the formatting of
/// many files runs on every core, and a file's findings are freed on the thread that made them
/// instead of crossing to another (whose frees would contend for the allocator's locks).
public struct FileReportPart: Sendable {
    /// The file's output. In the JSON, SARIF and GitLab documents: its elements of the document's
    /// array, separated by commas, with none before the first or after the last.
    public var bytes: [UInt8]
    /// The path, as the user named it.
    public var path: String
    /// The file's counts, for the summary line.
    public var tally: CheckTally
    /// How many of its findings are errors, for `--fail-on error`.
    public var errorFindings: Int
    /// What kept the file from being analysed to its end, and where.
    public var problem: String?
    public var problemPosition: SourcePosition?

    /// The share of `file` whose output is `bytes`.
    public init(_ file: borrowing LocatedFileReport, bytes: consuming [UInt8]) {
        self.bytes = bytes
        path = file.path
        tally = CheckTally(file)
        errorFindings = 0
        // Read in place: iterating the findings would copy each, retaining all it holds.
        for index in file.findings.indices where file.findings[index].finding.severity == .error {
            errorFindings += 1
        }
        problem = file.analysis.problem?.message
        problemPosition = file.problemPosition
    }
}

/// Writes files' shares of a report in one format. A writer may remember what it wrote before
/// (strings already escaped), so every thread has its own.
public protocol FileReportWriter {
    /// `file`'s output: for the JSON formats, its elements with commas between them.
    mutating func bytes(for file: LocatedFileReport) -> [UInt8]
}

extension FileReportWriter {
    /// `file`'s share of the report.
    public mutating func part(of file: borrowing LocatedFileReport) -> FileReportPart {
        FileReportPart(file, bytes: bytes(for: file))
    }
}

extension JSONReporter {
    /// A file's findings as elements of the document's `findings` array.
    public struct FileWriter: FileReportWriter {
        private var json = JSONWriter(capacity: 1 << 14)
        private var repeated = RepeatedStrings()

        public init() {}

        public mutating func bytes(for file: LocatedFileReport) -> [UInt8] {
            for located in file.findings {
                JSONReporter.write(located, of: file, into: &json, repeated: &repeated)
            }
            return json.takeElements()
        }
    }
}

extension SARIFReporter {
    /// A file's findings as elements of the run's `results` array.
    public struct FileWriter: FileReportWriter {
        private var json = JSONWriter(capacity: 1 << 14)
        private let rules = RuleCatalog.descriptions

        public init() {}

        public mutating func bytes(for file: LocatedFileReport) -> [UInt8] {
            let uri = SARIFReporter.uri(file.path)
            for located in file.findings {
                SARIFReporter.result(located, file: file, uri: uri, rules: rules, into: &json)
            }
            return json.takeElements()
        }
    }
}

extension GitLabReporter {
    /// A file's findings as elements of the report's array (the file's bytes are needed: a
    /// finding's fingerprint holds its statement).
    public struct FileWriter: FileReportWriter {
        private var json = JSONWriter(capacity: 1 << 14)

        public init() {}

        public mutating func bytes(for file: LocatedFileReport) -> [UInt8] {
            GitLabReporter.write([file], into: &json, output: nil)
            return json.takeElements()
        }
    }
}

/// A file's lines in a line-by-line format (gcc, GitHub Actions, text), as its reporter renders
/// them.
public struct LineFileWriter: FileReportWriter, Sendable {
    private let render: @Sendable (LocatedFileReport, inout LineReportBuffer) -> Void
    /// The lines of the file being written. A file's bytes are taken without a copy, and the
    /// next file starts with room for as many (`LineReportBuffer.take`).
    private var lines = LineReportBuffer()

    /// `path:line:col: severity: message [rule]` lines.
    public static let gcc = LineFileWriter { GCCReporter.render($0, into: &$1, output: nil) }
    /// GitHub Actions workflow commands.
    public static let github = LineFileWriter { GitHubReporter.render($0, into: &$1, output: nil) }

    /// The text report's lines, with their fixes' previews (the file's bytes are needed).
    public static func text(colored: Bool) -> LineFileWriter {
        let reporter = TextReporter(colored: colored)
        return LineFileWriter { reporter.render($0, into: &$1, output: nil) }
    }

    private init(render: @escaping @Sendable (LocatedFileReport, inout LineReportBuffer) -> Void) {
        self.render = render
    }

    public mutating func bytes(for file: LocatedFileReport) -> [UInt8] {
        render(file, &lines)
        return lines.take()
    }
}
