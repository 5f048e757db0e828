import ArgumentParser
import ConcurCore
import ConcurSystem

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report DROP INDEX statements that lock tables or that PostgreSQL will reject.",
        discussion: """
            Each finding is printed as `path:line:col: severity: [rule] message`, followed by the \
            proposed rewrite or the reason there is none. Exit status: 0 no findings, 1 findings, \
            2 some files could not be read or parsed (the others are still checked).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github, gcc, gitlab
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, never
    }

    @Argument(
        help:
            "Files, or directories to search for *.sql files and Alembic revisions (*.py) (default: the current directory)."
    )
    var paths: [String] = []

    @Option(
        help: "Output format: text, json, sarif (SARIF 2.1.0), github (workflow commands), gcc, gitlab (Code Quality).")
    var format: Format = .text

    @Option(help: "Which findings make the exit status 1: error, warning (and errors), or never.")
    var failOn: FailOn = .warning

    @OptionGroup var configuration: ConfigurationOptions
    @OptionGroup var branch: BranchOptions

    func run() throws {
        try CheckRun(paths: paths, format: format, failOn: failOn, config: configuration.config, since: branch.since)
            .run(reader: "ArgumentParser")
    }
}

/// What `concur check` was asked to do, as plain values: read by ArgumentParser, or by
/// `QuickCheckArguments` for the command lines CI and hooks run most.
struct CheckRun: Equatable {
    var paths: [String] = []
    var format: CheckCommand.Format = .text
    var failOn: CheckCommand.FailOn = .warning
    var config: String?
    var since: String?

    /// Checks the paths; `reader` names who read the command line (`TestHooks.showsRun`).
    func run(reader: String) throws {
        let shows = TestHooks.showsRun(reader: reader) {
            [
                "paths": "\(paths)", "format": "\(format)", "fail-on": "\(failOn)", "config": config ?? "-",
                "since": since ?? "-",
            ]
        }
        if shows { return }
        let targets = paths.isEmpty ? ["."] : paths
        try runStreaming(targets, analyzer: try ConfigurationOptions.projectAnalyzer(config: config))
    }
}

extension CheckRun {
    /// Every format is written batch by batch: the workers write each file's share of the
    /// output (`FileReportPart`), and this thread joins the shares in path order, keeping nothing
    /// of them but what the summary, the closing part of a document and the exit status need.
    func runStreaming(_ targets: [String], analyzer: ProjectAnalyzer) throws {
        // Only the chosen format's stream is made (SARIF's begins with every rule's documentation).
        lazy var json = JSONReporter.Stream()
        lazy var sarif = SARIFReporter.Stream(toolVersion: Concur.configuration.version)
        lazy var gitlab = GitLabReporter.Stream()
        let colored = Output.colorsStandardOutput
        let text = TextReporter(colored: colored)
        var tally = CheckTally()
        var failing = false
        var errors = false
        let format = self.format
        var output = ReportOutput()
        // Whatever is held back goes out before an error is thrown, and before the program ends.
        defer { output.flush() }
        // Lines of the line formats, gathered into pieces of about a megabyte.
        var lines: [UInt8] = []
        func flushLines(ifFull: Bool) {
            guard !lines.isEmpty, !ifFull || lines.count >= TextReporter.flushSize else { return }
            output.write(lines)
            lines.removeAll(keepingCapacity: true)
        }
        func add(_ parts: [FileReportPart]) {
            guard !parts.isEmpty else { return }
            switch format {
            case .json: json.add(parts) { output.write($0) }
            case .sarif: sarif.add(parts) { output.write($0) }
            case .gitlab: gitlab.add(parts) { output.write($0) }
            case .text, .gcc, .github:
                for part in parts {
                    lines += part.bytes
                    flushLines(ifFull: true)
                }
                flushLines(ifFull: false)
            }
        }
        // Each worker writes its files' shares with a writer of its own.
        let writer: AnalysisPipeline<CheckedFile>.Maker = { format.fileMaker(colored: colored) }
        let wholeFiles = WholeFileWriter { format.fileWriter(colored: colored) }
        // `check` only reads: a large file may be mapped into memory instead of copied.
        try forEachBatch(targets, analyzer: analyzer, since: since, mappingLargeFiles: true, making: writer) { batch in
            var parts: [FileReportPart] = []
            parts.reserveCapacity(batch.count)
            func count(_ part: FileReportPart) {
                tally.add(part.tally)
                errors = errors || part.problem != nil
                failing = failing || fails(findings: part.tally.findings, errors: part.errorFindings)
            }
            for checked in batch {
                switch checked {
                case .written(let part):
                    count(part)
                    parts.append(part)
                case .whole(let file):
                    add(parts)
                    parts.removeAll()
                    let analysis = file.take()
                    wholeFiles.write(analysis) { slices in
                        for slice in slices { count(slice) }
                        add(slices)
                    }
                    // Its findings, thousands of allocations, are freed on another thread: the
                    // output goes on meanwhile, and a check that ends with the file does not wait
                    // for them.
                    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(analysis) {} }
                }
            }
            add(parts)
        } finish: { unreadable in
            errors = errors || !unreadable.isEmpty
            switch format {
            case .text:
                tally.add(CheckReport(files: [], unreadable: unreadable))
                // The findings' lines come before the errors, as they were found.
                if !unreadable.isEmpty { output.flush() }
                for file in unreadable { Output.standardError(text.render(file)) }
                output.write(text.summary(tally))
            case .json:
                json.add(unreadable: unreadable)
                json.finish { output.write($0) }
            case .sarif:
                sarif.add(unreadable: unreadable)
                output.write(sarif.finish())
            case .gitlab:
                output.write(gitlab.finish())
                output.flush()
                for file in unreadable { Output.standardError("\(file.path): error: \(file.message)\n") }
            case .gcc: GCCReporter.render([], unreadable: unreadable) { output.write($0) }
            case .github: GitHubReporter.render([], unreadable: unreadable) { output.write($0) }
            }
        }
        if errors { throw ExitStatus.unreadable }
        if failing { throw ExitStatus.findings }
    }

    /// Whether a file with these counts makes the exit status 1, as `--fail-on` says.
    func fails(findings: Int, errors: Int) -> Bool {
        switch failOn {
        case .never: return false
        case .error: return errors > 0
        case .warning: return findings > 0
        }
    }
}

/// A file as a worker hands it to `check`'s output: its share of the report, already written; or,
/// for a file with a great many findings, its analysis, which the output locates and writes in
/// slices (`WholeFileWriter`) rather than as one share held whole in memory.
enum CheckedFile: Sendable {
    case written(FileReportPart)
    case whole(WholeFile)

    /// A file with a great many findings, which the output takes out to write it: the batch it
    /// came in then keeps no reference to it.
    final class WholeFile: @unchecked Sendable {
        // Set by the worker that made it, taken once by the output, after the hand-over.
        private var analysis: FileAnalysis?

        init(_ analysis: FileAnalysis) { self.analysis = analysis }

        func take() -> FileAnalysis {
            guard let analysis = analysis.take() else { preconditionFailure("a whole file taken twice") }
            return analysis
        }
    }

    /// More findings than this in one file, and the file goes to the output whole; its slices
    /// hold this many findings each.
    static let wholeFileFindings = 2048
}

extension CheckCommand.Format {
    /// A writer of files' shares of the report in this format.
    func fileWriter(colored: Bool) -> any FileReportWriter {
        switch self {
        case .json: JSONReporter.FileWriter()
        case .sarif: SARIFReporter.FileWriter()
        case .gitlab: GitLabReporter.FileWriter()
        case .gcc: LineFileWriter.gcc
        case .github: LineFileWriter.github
        case .text: LineFileWriter.text(colored: colored)
        }
    }

    /// The function a worker turns its files into `CheckedFile`s with: a report writer of its own.
    func fileMaker(colored: Bool) -> (FileAnalysis) -> CheckedFile {
        var writer = fileWriter(colored: colored)
        return { analysis in
            guard analysis.findings.count <= CheckedFile.wholeFileFindings else { return .whole(.init(analysis)) }
            return .written(writer.part(of: LocatedFileReport(analysis)))
        }
    }
}

/// Writes a file with a great many findings in slices of `CheckedFile.wholeFileFindings`
/// findings, several slices at once on every core, handing out their shares in file order. The
/// file's report is never held whole, and the locating and writing of its findings, which would
/// run on the output's thread alone (a third of a 50 MB file's time), use every core. While one
/// round of slices is handed out (into a pipe, whose reader may keep the output waiting), the next
/// round is written.
final class WholeFileWriter: @unchecked Sendable {
    /// How many slices a round holds: enough that the cores seldom wait for the slowest slice of a
    /// round (about 12 MB of JSON).
    static let slicesAtOnce = 8

    /// A writer of its own for one slice of a round, and the share it wrote. Only the thread that
    /// writes the slice touches the slot until the round's group is waited for, which orders
    /// those writes before the output reads them.
    private final class Slot: @unchecked Sendable {
        var writer: any FileReportWriter
        var written: FileReportPart?

        init(_ writer: any FileReportWriter) { self.writer = writer }
    }

    /// Two rounds' slots: the one being handed out and the one being written.
    private let slots: [[Slot]]

    init(_ makeWriter: () -> any FileReportWriter) {
        slots = (0..<2).map { _ in (0..<Self.slicesAtOnce).map { _ in Slot(makeWriter()) } }
    }

    /// Hands `body` the shares of `analysis`'s slices, a round of them at a time, in order; the
    /// last one ends the file (it counts the file and reports its problem).
    func write(_ analysis: FileAnalysis, _ body: ([FileReportPart]) -> Void) {
        let size = CheckedFile.wholeFileFindings
        let count = analysis.findings.count
        let rounds = stride(from: 0, to: count, by: size * Self.slicesAtOnce).map { start in
            stride(from: start, to: min(count, start + size * Self.slicesAtOnce), by: size).map {
                $0..<min(count, $0 + size)
            }
        }
        guard !rounds.isEmpty else { return }
        var writing = start(rounds[0], in: slots[0], of: analysis)
        for round in rounds.indices {
            writing.wait()
            let parts = rounds[round].indices.map { slots[round % 2][$0].written.take()! }
            if round + 1 < rounds.count {
                writing = start(rounds[round + 1], in: slots[(round + 1) % 2], of: analysis)
            }
            body(parts)
        }
    }

    /// Writes each slice into its slot on Dispatch's threads; the group is done when all are.
    private func start(_ slices: [Range<Int>], in slots: [Slot], of analysis: FileAnalysis) -> DispatchGroup {
        let group = DispatchGroup()
        for (slice, slot) in zip(slices, slots) {
            DispatchQueue.global().async(group: group) {
                slot.written = slot.writer.part(of: LocatedFileReport(analysis, findingsIn: slice))
            }
        }
        return group
    }
}

/// Finds, reads and analyses the files under `paths`, handing to `body` in batches of 64, in path
/// order, what the workers made of each (`make`, called once by each worker); `finish` gets every
/// file that could not be read at the end, the finder's first.
func forEachBatch<Made: Sendable>(
    _ paths: [String], analyzer: ProjectAnalyzer, since: String?, mappingLargeFiles: Bool,
    making make: @escaping AnalysisPipeline<Made>.Maker, _ body: ([Made]) -> Void,
    finish: ([UnreadableFile]) -> Void
) throws {
    let (found, unreadable) = SQLFileFinder.find(paths) {
        analyzer.configuration.includes(analyzer.configurationPath($0))
    }
    let files: [String]
    do {
        files = try BranchFiles.keep(found, changedSince: since)
    } catch let failure as BranchFiles.Failure {
        Output.standardError("error: \(failure.description)\n")
        throw ExitStatus.unreadable
    }
    var allUnreadable = unreadable
    // The files are handed out in pieces, in path order, while the workers go on with the next.
    let pipeline = AnalysisPipeline(files, analyzer: analyzer, mappingLargeFiles: mappingLargeFiles, making: make)
    for start in stride(from: 0, to: files.count, by: analysisPieceSize) {
        let batch = pipeline.take(start..<min(files.count, start + analysisPieceSize))
        allUnreadable += batch.unreadable
        body(batch.files)
    }
    finish(allUnreadable)
}

/// Finds, reads and analyses the files under `paths` into one report.
func checkReport(_ paths: [String], analyzer: ProjectAnalyzer, since: String?, keepingSources: Bool = true)
    throws -> CheckReport
{
    var report = CheckReport(files: [], unreadable: [])
    let located: AnalysisPipeline<LocatedFileReport>.Maker = {
        {
            let file = LocatedFileReport($0)
            return keepingSources ? file : file.droppingSource()
        }
    }
    // `fix` writes what it read: every file is read into memory of its own, never mapped (a
    // mapped file would show changes made on disk behind concur's back).
    try forEachBatch(paths, analyzer: analyzer, since: since, mappingLargeFiles: false, making: located) {
        report.files += $0
    } finish: {
        unreadable in
        report.unreadable = unreadable
    }
    return report
}
