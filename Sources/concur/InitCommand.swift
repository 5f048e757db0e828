import ArgumentParser
import ConcurCore
import ConcurSystem

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter .concur.toml in the current folder."
    )

    static let starter = """
        # concur's configuration (see concur's README, "Configuration").
        # Every setting is optional; delete what you do not need.

        [files]
        # Which files to check inside the folders named on the command line (default: every *.sql,
        # and every *.py that is an Alembic revision).
        # include = ["db/migrations/**/*.sql"]
        # exclude = ["db/seeds/**"]

        [rules]
        # Severity per rule: "error", "warning" or "off". `concur rules` lists them.
        # "require-concurrent-index-deletion" = "error"

        [tools]
        # The migration tool per path, when concur cannot tell from the files: psql, prisma, diesel,
        # golang-migrate, dbmate, sqitch, flyway, postgres-migrations, atlas, graphile-migrate, alembic.
        # "db/migrations/**" = "golang-migrate"

        [execution]
        # How files run, overriding the tool: statements, one-transaction, one-query,
        # one-query-transaction.
        # "scripts/**" = "one-transaction"

        [alembic]
        # Add if_exists=True to the op.drop_index calls concur rewrites (Alembic 1.13 and later).
        # if-exists = true

        [review]
        # The reviewer's theme: default, light, high-contrast, monochrome, or a file's path.
        # theme = "default"

        [keys]
        # The reviewer's keys: action = key (press ? in the reviewer for every action).
        # accept = "y"
        # skip = "n"

        """

    @Flag(help: "Replace an existing .concur.toml.")
    var force = false

    func run() throws {
        let path = ".concur.toml"
        if FileManager.default.fileExists(atPath: path) && !force {
            Output.standardError("error: .concur.toml already exists; use --force to replace it\n")
            throw ExitStatus.unreadable
        }
        do throws(FileAccessError) {
            if FileManager.default.fileExists(atPath: path) {
                try FileStore.write(Array(Self.starter.utf8), replacing: try FileStore.read(path))
            } else {
                try FileStore.create(path, bytes: Array(Self.starter.utf8))
            }
        } catch {
            Output.standardError("error: \(error.message)\n")
            throw ExitStatus.unreadable
        }
        Output.standardOutput("wrote .concur.toml\n")
    }
}
