import ArgumentParser
import ConcurCore
import ConcurSystem

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Apply every safe rewrite, or print them as a unified diff.",
        discussion: """
            Files are replaced atomically and keep their permissions; a file that changed on disk \
            since it was read is left alone. Files with parse errors are not touched. Exit status: \
            0 nothing left to fix, 1 findings without a safe fix remain, 2 some files could not be \
            read, parsed or written.
            """
    )

    @Argument(
        help:
            "Files, or directories to search for *.sql files and Alembic revisions (*.py) (default: the current directory)."
    )
    var paths: [String] = []

    @Flag(help: "Print the changes as a unified diff instead of writing them.")
    var diff = false

    @OptionGroup var configuration: ConfigurationOptions
    @OptionGroup var branch: BranchOptions

    func run() throws {
        try FixRun(paths: paths, diff: diff, config: configuration.config, since: branch.since)
            .run(reader: "ArgumentParser")
    }
}

/// What `concur fix` was asked to do, as plain values: read by ArgumentParser, or by
/// `QuickCheckArguments` for the lines hooks run (`concur fix FILE…`).
struct FixRun: Equatable {
    var paths: [String] = []
    var diff = false
    var config: String?
    var since: String?

    /// Fixes the paths; `reader` names who read the command line (`TestHooks.showsRun`).
    func run(reader: String) throws {
        let shows = TestHooks.showsRun(reader: reader) {
            ["paths": "\(paths)", "diff": "\(diff)", "config": config ?? "-", "since": since ?? "-"]
        }
        if shows { return }
        let analyzer = try ConfigurationOptions.projectAnalyzer(config: config)
        let report = try checkReport(paths.isEmpty ? ["."] : paths, analyzer: analyzer, since: since)
        let scope = WriteScope(paths: paths.isEmpty ? ["."] : paths)
        // Every folder written to is flushed once, when the run ends (even by an error).
        let session = WriteSession()
        defer { session.flushFolders() }
        let reporter = TextReporter(colored: false)
        var failed = !report.unreadable.isEmpty
        var remaining = 0
        var fixedFindings = 0
        var fixedFiles = 0
        for file in report.unreadable { Output.standardError(reporter.render(file)) }
        for file in report.files {
            let analysis = file.analysis
            if analysis.problem != nil {
                Output.standardError(reporter.render(file).split(separator: "\n").last.map { String($0) + "\n" } ?? "")
                Output.standardError("\(file.path): not fixed, because the file could not be parsed to its end\n")
                failed = true
                continue
            }
            let safe = analysis.findings.filter { $0.fix?.isSafe == true }
            // The findings the safe fixes rewrite with others' (a batch block's later drops) are
            // fixed with them: reported only should those fixes not be applied.
            let rewritten = safe.isEmpty ? [] : analysis.rewrittenBySafeFixes
            let unsafe = file.findings.indices.filter { file.findings[$0].finding.fix?.isSafe != true }
            func report(_ indices: [Int]) {
                remaining += indices.count
                for index in indices {
                    var single = file
                    single.findings = [file.findings[index]]
                    Output.standardError(reporter.render(single))
                }
            }
            report(unsafe.filter { rewritten.isEmpty || !rewritten[$0] })
            var rewrittenToo = unsafe.filter { !rewritten.isEmpty && rewritten[$0] }
            guard !safe.isEmpty else { continue }
            if let refusal = scope.refusal(for: file.path) {
                Output.standardError("\(file.path): error: \(refusal)\n")
                report(rewrittenToo)
                failed = true
                continue
            }
            do {
                let fixed = try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes)
                // Check the result as it will be, with the files the fixes create in place.
                var future = analyzer
                future.files = OverlayProjectFiles(base: analyzer.files, adding: analysis.safeCreatedFiles)
                let recheck = future.analyze(SourceFile(path: file.path, bytes: fixed))
                if recheck.findings.contains(where: { $0.fix?.isSafe == true }) {
                    Output.standardError(
                        "\(file.path): error: the fixes did not settle (please report this); file left unchanged\n")
                    report(rewrittenToo)
                    failed = true
                    continue
                }
                // The findings rewritten with another's fix are fixed only if the result has no
                // more findings than those left as they were.
                if recheck.findings.count > unsafe.count - rewrittenToo.count {
                    report(rewrittenToo)
                    rewrittenToo = []
                }
                let created = analysis.safeCreatedFiles
                if diff {
                    Output.standardOutput(
                        bytes: try UnifiedDiff.render(
                            path: file.path, original: analysis.source.bytes, edits: analysis.safeEdits))
                    for newFile in created {
                        Output.standardOutput(bytes: UnifiedDiff.creation(path: newFile.path, content: newFile.content))
                    }
                } else {
                    // New migrations first: should the edit of this file then fail, the drop runs
                    // twice at worst, and the new one says IF EXISTS.
                    try FileStore.create(created)
                    try FileStore.write(
                        fixed, replacing: analysis.source, session: session, pause: TestHooks.writing(file.path))
                    let count = safe.count + rewrittenToo.count
                    let creations = created.isEmpty ? "" : "; created \(created.map(\.path).joined(separator: ", "))"
                    Output.standardOutput("\(file.path): fixed \(count) finding\(count == 1 ? "" : "s")\(creations)\n")
                }
                fixedFindings += safe.count + rewrittenToo.count
                fixedFiles += 1
            } catch let error as FileAccessError {
                Output.standardError("\(file.path): error: \(error.message)\n")
                report(rewrittenToo)
                failed = true
            } catch {
                Output.standardError("\(file.path): error: the fixes overlap; file left unchanged\n")
                report(rewrittenToo)
                failed = true
            }
        }
        if !diff {
            Output.standardOutput(
                "Fixed \(fixedFindings) finding\(fixedFindings == 1 ? "" : "s") in \(fixedFiles) file\(fixedFiles == 1 ? "" : "s"); \(remaining) left without a safe fix.\n"
            )
        }
        if failed { throw ExitStatus.unreadable }
        if remaining > 0 { throw ExitStatus.findings }
    }
}
