import ArgumentParser
import ConcurCore
import ConcurSystem
import ConcurTerminal
import ConcurUI

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review findings in a terminal and accept the rewrites one by one.",
        discussion: """
            Accepted rewrites are applied in memory and written on `w` or when you quit. Press ? \
            in the reviewer for every key. Needs a terminal: in scripts and CI use `concur check` \
            or `concur fix --diff`. Themes: default, light, high-contrast, monochrome, or a path \
            to a theme file (see themes/); NO_COLOR selects monochrome.
            """
    )

    @Argument(
        help: "Files, or directories to search for *.sql files and Alembic revisions (default: the current directory).")
    var paths: [String] = []

    @Option(help: "A built-in theme name or the path of a theme file.")
    var theme: String?

    @OptionGroup var configuration: ConfigurationOptions
    @OptionGroup var branch: BranchOptions

    func validate() throws {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or directory: \(path)")
        }
        if case .failure(let error) = ThemeResolver.resolve(theme, noColor: false) {
            throw ValidationError("bad theme: \(error.description)")
        }
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            Output.standardError(
                "concur review needs a terminal. In scripts and CI, use `concur check` (or `concur fix --diff`).\n")
            throw ExitStatus.unreadable
        }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let analyzer = try configuration.projectAnalyzer()
        let resolved: Theme
        switch ThemeResolver.resolve(theme ?? analyzer.configuration.theme, noColor: noColor) {
        case .success(let found): resolved = found
        case .failure(let error): throw ValidationError("bad theme: \(error.description)")
        }
        let keymap: Keymap
        switch Keymap.standard.rebinding(analyzer.configuration.keys.map { ($0.action, $0.key) }) {
        case .success(let rebound): keymap = rebound
        case .failure(let error): throw ValidationError("bad configuration: [keys] \(error.action): \(error.message)")
        }
        // With --since, only the branch's files are scanned (and so listed).
        var selected = paths.isEmpty ? ["."] : paths
        if branch.since != nil {
            let (found, _) = SQLFileFinder.find(selected) {
                analyzer.configuration.includes(analyzer.configurationPath($0))
            }
            do {
                selected = try branch.filter(found)
            } catch let failure as BranchFiles.Failure {
                Output.standardError("error: \(failure.description)\n")
                throw ExitStatus.unreadable
            }
        }
        let runner = ReviewRunner(
            paths: selected, theme: resolved, analyzer: analyzer, keymap: keymap,
            scope: branch.since.map { "changed since \($0)" })
        let outcome = runner.run()
        if let problem = outcome.terminalProblem {
            Output.standardError("concur review: \(problem)")
            throw ExitStatus.unreadable
        }
        Output.standardOutput(outcome.summary)
        if let signal = outcome.signal { throw ExitCode(128 + signal) }
    }
}

/// Finds a theme by built-in name or file path; NO_COLOR wins over colours.
enum ThemeResolver {
    static func resolve(_ name: String?, noColor: Bool) -> Result<Theme, ThemeError> {
        if noColor { return .success(BuiltInThemes.theme(named: "monochrome") ?? BuiltInThemes.standard) }
        guard let name else { return .success(BuiltInThemes.standard) }
        if let builtIn = BuiltInThemes.theme(named: name) { return .success(builtIn) }
        guard let data = FileManager.default.contents(atPath: name) else {
            return .failure(
                ThemeError(
                    file: name, line: 0, key: nil,
                    message:
                        "no such theme; built-in themes: \(BuiltInThemes.names.joined(separator: ", ")), or give a file path"
                ))
        }
        return Result { () throws(ThemeError) -> Theme in
            let overrides = try ThemeFile.parse(String(decoding: data, as: UTF8.self), file: name)
            return BuiltInThemes.standard.overriding(overrides, name: name)
        }
    }
}
