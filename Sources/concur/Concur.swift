import ArgumentParser
import ConcurCore

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
            LearnCommand.self, InitCommand.self, GenerateDocsCommand.self, BenchUICommand.self,
        ],
        defaultSubcommand: ReviewCommand.self
    )
}

/// Exit codes shared by every command.
enum ExitStatus {
    static let findings = ExitCode(1)
    static let unreadable = ExitCode(2)
}
