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
        // Only the text and GitLab reports quote the files' text; the others keep none of it.
        let report = try checkReport(
            paths.isEmpty ? ["."] : paths, analyzer: try configuration.projectAnalyzer(), branch: branch,
            keepingSources: format == .text || format == .gitlab)
        switch format {
        case .json:
            Output.standardOutput(JSONReporter.render(report))
        case .sarif:
            Output.standardOutput(SARIFReporter.render(report, toolVersion: Concur.configuration.version))
        case .github:
            Output.standardOutput(GitHubReporter.render(report))
        case .gcc:
            Output.standardOutput(GCCReporter.render(report))
        case .gitlab:
            Output.standardOutput(GitLabReporter.render(report))
            for file in report.unreadable { Output.standardError("\(file.path): error: \(file.message)\n") }
        case .text:
            let reporter = TextReporter(colored: Output.colorsStandardOutput)
            for file in report.files { Output.standardOutput(reporter.render(file)) }
            for file in report.unreadable { Output.standardError(reporter.render(file)) }
            Output.standardOutput(reporter.summary(report))
        }
        if report.hasErrors { throw ExitStatus.unreadable }
        let failing = report.files.flatMap(\.findings).filter { located in
            switch failOn {
            case .never: return false
            case .error: return located.finding.severity == .error
            case .warning: return true
            }
        }
        if !failing.isEmpty { throw ExitStatus.findings }
    }
}

/// Finds, reads and analyses the files under `paths`.
func checkReport(_ paths: [String], analyzer: ProjectAnalyzer, branch: BranchOptions, keepingSources: Bool = true)
    throws -> CheckReport
{
    let (found, unreadable) = SQLFileFinder.find(paths) {
        analyzer.configuration.includes(analyzer.configurationPath($0))
    }
    let files: [String]
    do {
        files = try branch.filter(found)
    } catch let failure as BranchFiles.Failure {
        Output.standardError("error: \(failure.description)\n")
        throw ExitStatus.unreadable
    }
    var report = CheckReport(files: [], unreadable: unreadable)
    // In batches, so that only one batch of files' bytes is held at a time when they are dropped.
    var start = 0
    while start < files.count {
        let batch = Array(files[start..<min(files.count, start + 512)])
        for outcome in ParallelAnalysis.run(batch, analyzer: analyzer) {
            switch outcome {
            case .analysed(let analysis):
                let located = LocatedFileReport(analysis)
                report.files.append(keepingSources ? located : located.droppingSource())
            case .unreadable(let file): report.unreadable.append(file)
            }
        }
        start += batch.count
    }
    return report
}
