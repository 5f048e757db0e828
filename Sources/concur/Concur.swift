import ArgumentParser
import ConcurCore
import ConcurSystem

@main
struct Concur: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concur",
        abstract: "Find DROP INDEX statements that lock PostgreSQL tables, and rewrite them to run concurrently.",
        discussion: """
            Exit codes: 0 no findings, 1 findings (or findings left without a safe fix), \
            2 files that could not be read or parsed, 64 bad usage.
            """,
        version: "0.1.0",
        subcommands: [
            ReviewCommand.self, CheckCommand.self, FixCommand.self, ExplainCommand.self, RulesCommand.self,
            LearnCommand.self, InitCommand.self, GenerateDocsCommand.self, BenchUICommand.self, BenchFloorCommand.self,
        ],
        defaultSubcommand: ReviewCommand.self
    )

    /// `concur check` and `concur fix` lines that `QuickCheckArguments` reads start at once; every
    /// other line goes through ArgumentParser. CONCUR_TEST_FULL_PARSER sends every line there (for the
    /// test that compares the two readers).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if getenv("CONCUR_TEST_FULL_PARSER") == nil,
            let run = QuickCheckArguments.parse(arguments)
        {
            do {
                switch run {
                case .check(let check): try check.run(reader: "quick")
                case .fix(let fix): try fix.run(reader: "quick")
                }
            } catch let status as ExitCode {
                // The exit status alone (ArgumentParser would first build a usage message it does
                // not print for an ExitCode).
                exitProgram(status.rawValue)
            } catch {
                // As ArgumentParser ends a command that throws: the same messages and exit codes.
                Concur.exit(withError: error)
            }
            Concur.exit()
        }
        Concur.main(arguments)
    }
}

/// Exit codes shared by every command.
enum ExitStatus {
    static let findings = ExitCode(1)
    static let unreadable = ExitCode(2)
}
