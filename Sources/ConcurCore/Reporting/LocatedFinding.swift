/// A finding with its positions resolved to lines and columns.
public struct LocatedFinding: Sendable {
    /// The finding.
    public var finding: Finding
    /// Where it starts.
    public var start: SourcePosition
    /// Where it ends (the column just past its last character).
    public var end: SourcePosition
    /// Where the positions of its fix's edits are, in the same order, in its file report's
    /// `editPositions`: one array for the file rather than one for each finding.
    public var editPositionRange: Range<Int>
}

/// One file's findings with positions, and what kept it from being analysed.
public struct LocatedFileReport: Sendable {
    /// The path, as the user named it.
    public var path: String
    /// The file as analysed.
    public var analysis: FileAnalysis
    /// The findings with positions.
    public var findings: [LocatedFinding]
    /// The positions of the findings' edits (`LocatedFinding.editPositionRange`).
    public var editPositions: [(start: SourcePosition, end: SourcePosition)] = []
    /// The problem's position, when there is one.
    public var problemPosition: SourcePosition?
    /// Whether this report ends its file's: false for a piece that other pieces of the same file
    /// follow (`init(_:findingsIn:)`). The file is counted, and its problem reported, with the
    /// piece that ends it.
    public var endsFile = true

    /// Resolves the positions of an analysis.
    public init(_ analysis: FileAnalysis) {
        self.init(analysis, findingsIn: analysis.findings.indices)
    }

    /// The report of the findings in `range` only: one piece of the file's report, which several
    /// threads can locate and write at once. Every format reports a file's problem after its
    /// findings, so the problem belongs to the piece whose range reaches the last finding; the
    /// pieces of consecutive ranges from the first finding to the last, written in order, are the
    /// whole report's.
    public init(_ analysis: FileAnalysis, findingsIn range: Range<Int>) {
        self.path = analysis.source.path
        self.analysis = analysis
        endsFile = range.upperBound == analysis.findings.count
        if !endsFile { self.analysis.problem = nil }
        guard !range.isEmpty || self.analysis.problem != nil else {
            findings = []
            return
        }
        let index = analysis.lineIndex ?? LineIndex(analysis.source)
        let problem = self.analysis.problem
        var editPositions: [(start: SourcePosition, end: SourcePosition)] = []
        (findings, problemPosition) = analysis.source.withBytes { bytes in
            // Findings come in file order: each line is looked for from the last finding's, and on
            // one line each column counted on from the last (the findings' starts and ends, and
            // their edits, each in order).
            var line = 0
            var findingMark = LineIndex.ColumnMark()
            var editMark = LineIndex.ColumnMark()
            let located = analysis.findings[range].map { finding in
                let start = index.position(of: finding.range.start, in: bytes, line: &line, mark: &findingMark)
                var near = line
                let end = index.position(of: finding.range.end, in: bytes, line: &near, mark: &findingMark)
                let firstEdit = editPositions.count
                if let edits = finding.fix?.edits, !edits.isEmpty {
                    if editPositions.isEmpty { editPositions.reserveCapacity(range.count * edits.count) }
                    for edit in edits {
                        var near = line
                        editPositions.append(
                            (
                                index.position(of: edit.range.start, in: bytes, line: &near, mark: &editMark),
                                index.position(of: edit.range.end, in: bytes, line: &near, mark: &editMark)
                            ))
                    }
                }
                return LocatedFinding(
                    finding: finding, start: start, end: end, editPositionRange: firstEdit..<editPositions.count)
            }
            var first = 0
            return (located, problem.map { index.position(of: $0.offset, in: bytes, line: &first) })
        }
        self.editPositions = editPositions
    }

    /// The same report without the file's bytes, for reporters that only print positions and
    /// messages: checking thousands of files then holds one batch of sources at a time.
    public func droppingSource() -> LocatedFileReport {
        var copy = self
        copy.analysis.source = SourceFile(path: path, bytes: [])
        return copy
    }
}

/// A file that could not be read at all.
public struct UnreadableFile: Hashable, Sendable {
    /// The path, as the user named it.
    public var path: String
    /// Why, in lower case.
    public var message: String

    /// Creates the record.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// Everything `concur check` reports.
public struct CheckReport: Sendable {
    /// The files analysed, in the order they were named and found.
    public var files: [LocatedFileReport]
    /// The files that could not be read.
    public var unreadable: [UnreadableFile]

    /// Creates a report.
    public init(files: [LocatedFileReport], unreadable: [UnreadableFile]) {
        self.files = files
        self.unreadable = unreadable
    }

    /// The number of files read and analysed.
    public var filesChecked: Int { files.count }
    /// Every finding.
    public var findingCount: Int { files.reduce(0) { $0 + $1.findings.count } }
    /// Whether a file could not be read or analysed to its end.
    public var hasErrors: Bool { !unreadable.isEmpty || files.contains { $0.analysis.problem != nil } }
}

/// The counts a report's summary line gives, added up batch by batch so that the findings
/// themselves need not be kept.
public struct CheckTally: Sendable, Equatable {
    /// Files analysed.
    public var filesChecked = 0
    /// Findings in them.
    public var findings = 0
    /// Findings with a safe fix.
    public var fixable = 0
    /// Files that could not be read, or not completely.
    public var errors = 0

    public init() {}

    /// The counts of a whole report.
    public init(_ report: CheckReport) {
        add(report)
    }

    /// Adds another tally's counts (one file's, from its share of a report).
    public mutating func add(_ other: CheckTally) {
        filesChecked += other.filesChecked
        findings += other.findings
        fixable += other.fixable
        errors += other.errors
    }

    /// Adds the counts of a report (or of one batch of it).
    public mutating func add(_ report: CheckReport) {
        for index in report.files.indices { add(CheckTally(report.files[index])) }
        errors += report.unreadable.count
    }

    /// The counts of one file, or of a piece of it (`LocatedFileReport.endsFile`: its findings;
    /// the file itself and its problem with the piece that ends it). Its findings are read in
    /// place: iterating or filtering them would copy each, retaining all it holds.
    public init(_ file: borrowing LocatedFileReport) {
        filesChecked = file.endsFile ? 1 : 0
        findings = file.findings.count
        for index in file.findings.indices where file.findings[index].finding.fix?.isSafe == true { fixable += 1 }
        errors = file.analysis.problem == nil ? 0 : 1
    }
}
