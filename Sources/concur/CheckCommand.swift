import ArgumentParser
import ConcurCore

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
    /// Whether a finding makes the exit status 1, as `--fail-on` says.
    func fails(_ located: LocatedFinding) -> Bool {
        switch failOn {
        case .never: return false
        case .error: return located.finding.severity == .error
        case .warning: return true
        }
    }

    /// Every format is written batch by batch: what a batch found is turned into output at once,
    /// and nothing of it is kept but what the summary, the closing part of a document and the exit
    /// status need.
    func runStreaming(_ targets: [String], analyzer: ProjectAnalyzer) throws {
        // Only the chosen format's stream is made (SARIF's begins with every rule's documentation).
        lazy var json = JSONReporter.Stream()
        lazy var sarif = SARIFReporter.Stream(toolVersion: Concur.configuration.version)
        lazy var gitlab = GitLabReporter.Stream()
        let text = TextReporter(colored: Output.colorsStandardOutput)
        var tally = CheckTally()
        var failing = false
        var errors = false
        // Only the text report (its previews) and GitLab's fingerprints quote the files' text.
        let keepingSources = format == .text || format == .gitlab
        var widened = false
        try forEachBatch(targets, analyzer: analyzer, since: since, keepingSources: keepingSources) { batch in
            if !widened, !batch.files.isEmpty {
                widened = true
                Output.widenStandardOutputPipe()
            }
            errors = errors || batch.hasErrors
            failing = failing || batch.files.contains { $0.findings.contains(where: fails) }
            switch format {
            case .text:
                tally.add(batch)
                text.render(batch.files) { Output.standardOutput(bytes: $0) }
            case .json:
                json.add(batch.files) { Output.standardOutput(lent: $0) }
            case .sarif:
                sarif.add(batch.files) { Output.standardOutput(lent: $0) }
            case .gitlab:
                gitlab.add(batch.files) { Output.standardOutput(lent: $0) }
            case .gcc:
                GCCReporter.render(batch.files) { Output.standardOutput(bytes: $0) }
            case .github:
                GitHubReporter.render(batch.files) { Output.standardOutput(bytes: $0) }
            }
            return batch.unreadable
        } finish: { unreadable in
            errors = errors || !unreadable.isEmpty
            switch format {
            case .text:
                tally.add(CheckReport(files: [], unreadable: unreadable))
                for file in unreadable { Output.standardError(text.render(file)) }
                Output.standardOutput(text.summary(tally))
            case .json:
                json.add(unreadable: unreadable)
                json.finish { Output.standardOutput(bytes: $0) }
            case .sarif:
                sarif.add(unreadable: unreadable)
                Output.standardOutput(bytes: sarif.finish())
            case .gitlab:
                Output.standardOutput(bytes: gitlab.finish())
                for file in unreadable { Output.standardError("\(file.path): error: \(file.message)\n") }
            case .gcc: GCCReporter.render([], unreadable: unreadable) { Output.standardOutput(bytes: $0) }
            case .github: GitHubReporter.render([], unreadable: unreadable) { Output.standardOutput(bytes: $0) }
            }
        }
        if errors { throw ExitStatus.unreadable }
        if failing { throw ExitStatus.findings }
    }
}

/// Finds, reads and analyses the files under `paths`, handing them in batches of 64 (their
/// files, without their bytes unless `keepingSources`, and the files that could not be read) to
/// `body`; `finish` gets every unreadable file at the end, the finder's first.
func forEachBatch(
    _ paths: [String], analyzer: ProjectAnalyzer, since: String?, keepingSources: Bool,
    _ body: (CheckReport) -> [UnreadableFile], finish: ([UnreadableFile]) -> Void
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
    let pipeline = AnalysisPipeline(files, analyzer: analyzer, keepingSources: keepingSources)
    for start in stride(from: 0, to: files.count, by: AnalysisPipeline.pieceSize) {
        allUnreadable += body(pipeline.take(start..<min(files.count, start + AnalysisPipeline.pieceSize)))
    }
    finish(allUnreadable)
}

/// Finds, reads and analyses the files under `paths` into one report.
func checkReport(_ paths: [String], analyzer: ProjectAnalyzer, since: String?, keepingSources: Bool = true)
    throws -> CheckReport
{
    var report = CheckReport(files: [], unreadable: [])
    try forEachBatch(paths, analyzer: analyzer, since: since, keepingSources: keepingSources) { batch in
        report.files += batch.files
        return batch.unreadable
    } finish: { unreadable in
        report.unreadable = unreadable
    }
    return report
}
