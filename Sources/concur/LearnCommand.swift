import ArgumentParser
import ConcurCore
import ConcurSystem
import ConcurUI

struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "A ten-minute guided walkthrough of the rule, with practice on a sandbox copy.",
        discussion: """
            Five steps: what DROP INDEX does to a busy table, what CONCURRENTLY costs, a practice \
            review of built-in example migrations (SQL, Alembic, Prisma) in a temporary folder with \
            the real reviewer and feedback on each decision, the caveats, and how to use concur at \
            work. → or > goes on, ← or < goes back, q leaves at any time. Your own files are never \
            touched; the sandbox is removed at the end unless --keep-sandbox is given.
            """
    )

    @Flag(help: "Keep the practice sandbox at the end and print its path.")
    var keepSandbox = false

    @Flag(
        help:
            "Show the lock for real on PostgreSQL instead: a throwaway cluster started with the local initdb, or --url."
    )
    var live = false

    @Option(help: "With --live: a connection URL (postgresql://…) of a scratch database to use instead.")
    var url: String?

    @Flag(help: "With --live --url: confirm that the database is a scratch one (otherwise concur asks).")
    var scratch = false

    @Option(help: "A built-in theme name or the path of a theme file.")
    var theme: String?

    func validate() throws {
        if case .failure(let error) = ThemeResolver.resolve(theme, noColor: false) {
            throw ValidationError("bad theme: \(error.description)")
        }
    }

    func run() throws {
        if live { return try runLive() }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            Output.standardError(
                "concur learn needs a terminal. To read the rule without one: concur explain require-concurrent-index-deletion\n"
            )
            throw ExitStatus.unreadable
        }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let resolved: Theme
        switch ThemeResolver.resolve(theme, noColor: noColor) {
        case .success(let found): resolved = found
        case .failure(let error): throw ValidationError("bad theme: \(error.description)")
        }
        let sandbox: String
        do {
            sandbox = try LearnSandbox.create()
        } catch {
            Output.standardError("error: cannot create the practice sandbox: \(error.message)\n")
            throw ExitStatus.unreadable
        }
        // The practice runs inside the sandbox, so its paths read like a project's.
        let previous = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(sandbox) else {
            Output.standardError("error: cannot enter the practice sandbox \(sandbox)\n")
            try? FileManager.default.removeItem(atPath: sandbox)
            throw ExitStatus.unreadable
        }
        let runner = ReviewRunner(
            paths: ["."], theme: resolved, analyzer: ProjectAnalyzer(files: DiskProjectFiles()), lesson: Lesson())
        let outcome = runner.run()
        // The sandbox's path is absolute: it is removed below even if this fails.
        _ = FileManager.default.changeCurrentDirectoryPath(previous)
        if let problem = outcome.terminalProblem {
            if !keepSandbox { try? FileManager.default.removeItem(atPath: sandbox) }
            Output.standardError("concur learn: \(problem)")
            throw ExitStatus.unreadable
        }
        let lesson = runner.lesson ?? Lesson()
        var text =
            lesson.finished
            ? "concur learn: done. Next: `concur review --since main` on your own branch.\n"
            : "concur learn: stopped at step \(lesson.step.rawValue + 1) of \(Lesson.Step.allCases.count) (\(lesson.step.title)).\n"
        if keepSandbox {
            text += "The practice sandbox is kept at \(sandbox)\n"
        } else {
            try? FileManager.default.removeItem(atPath: sandbox)
            text += "The practice sandbox was removed.\n"
        }
        Output.standardOutput(text)
        if let signal = outcome.signal { throw ExitCode(128 + signal) }
    }
}

extension LearnCommand {
    /// The live demonstration: plain text, session by session.
    func runLive() throws {
        guard
            let psql = ["/usr/bin/psql", "/usr/lib/postgresql/15/bin/psql", "/usr/local/bin/psql"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            Output.standardError("error: concur learn --live needs psql (PostgreSQL's client)\n")
            throw ExitStatus.unreadable
        }
        let say: (String) -> Void = { Output.standardOutput($0) }
        var cluster: ThrowawayCluster?
        let connection: [String]
        if let url {
            if !scratch {
                guard isatty(STDIN_FILENO) == 1 else {
                    Output.standardError(
                        "error: --url needs --scratch (or an answer on a terminal): concur creates and drops the schema \(LiveDemo.schema) there\n"
                    )
                    throw ExitStatus.unreadable
                }
                Output.standardOutput(
                    "concur will create and then drop the schema \(LiveDemo.schema) in \(url), and lock a table of its own there.\nIs this a scratch database? Type yes to go on: "
                )
                guard readLine()?.trimmingWhitespace().lowercased() == "yes" else {
                    Output.standardOutput("Nothing done.\n")
                    return
                }
            }
            connection = ["-d", url]
        } else {
            do {
                cluster = try ThrowawayCluster.start(say: say)
            } catch {
                Output.standardError("error: \(error)\n")
                throw ExitStatus.unreadable
            }
            connection = cluster!.connection
        }
        defer { cluster?.stop() }
        do {
            try LiveDemo(psql: psql, connection: connection, say: say).run()
        } catch {
            Output.standardError("error: \(error)\n")
            throw ExitStatus.unreadable
        }
        if cluster != nil { say("The throwaway cluster is stopped and removed.\n") }
    }
}

/// The built-in practice tree: one case of each kind the walkthrough teaches.
enum LearnSandbox {
    static let files: [(path: String, text: String)] = [
        (
            "sql/001_drop_unused_status_index.sql",
            """
            -- No query uses the status index any more (checked in pg_stat_user_indexes).
            DROP INDEX orders_status_idx;

            """
        ),
        (
            "sql/002_add_note_drop_created_index.sql",
            """
            BEGIN;
            ALTER TABLE orders ADD COLUMN note text;
            DROP INDEX orders_created_at_idx;
            COMMIT;

            """
        ),
        (
            "sql/003_drop_customer_ref_index.sql",
            """
            -- The foreign key from invoices depends on this unique index.
            DROP INDEX customers_ref_key CASCADE;

            """
        ),
        (
            "prisma/migrations/20240102000000_drop_sku_index/migration.sql",
            """
            -- DropIndex
            DROP INDEX "Product_sku_idx";

            -- AlterTable
            ALTER TABLE "Product" ADD COLUMN "archived" BOOLEAN NOT NULL DEFAULT false;

            """
        ),
        (
            "alembic/versions/0003_drop_users_email_index.py",
            """
            \"\"\"Drop the email index: lookups use the lower(email) index now.

            Revision ID: 0003
            Revises: 0002
            \"\"\"
            from alembic import op

            revision = "0003"
            down_revision = "0002"


            def upgrade():
                op.drop_index("ix_users_email", table_name="users")


            def downgrade():
                op.create_index("ix_users_email", "users", ["email"])

            """
        ),
    ]

    /// Writes the tree into a new temporary folder; returns its path.
    static func create() throws(FileAccessError) -> String {
        guard let folder = SystemCalls.makeTemporaryFolder(prefix: "concur-learn-") else {
            let failure = errno
            throw FileAccessError(
                path: FileManager.default.temporaryDirectory.path,
                message: "cannot create a folder: " + String(cString: strerror(failure)))
        }
        for file in files {
            try FileStore.create(folder + "/" + file.path, bytes: Array(file.text.utf8))
        }
        return URL(fileURLWithPath: folder).standardizedFileURL.path
    }
}
