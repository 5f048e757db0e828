import Foundation
import Testing

/// `concur learn` in tmux: the whole walkthrough, back and forth, with the real keys in the
/// practice; the learner's folder is unchanged and the sandbox is gone (or kept on request).
@Suite("concur learn in tmux", .enabled(if: !TestEnvironment.skipsIntegration), .serialized)
final class LearnWalkthroughTests {
    let directory: URL
    let temporary: URL
    let mine = "DROP INDEX my_own_index;\n"

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        temporary = directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try write(mine, to: directory.appendingPathComponent("mine.sql"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func start(
        _ arguments: String = "", environment: String = "", width: Int = 80, height: Int = 24,
        ready: String = "step 1 of 5"
    ) throws -> TmuxSession? {
        guard let tmux = which("tmux") else {
            Issue.record("tmux is not installed: run the suite with scripts/test.sh, which installs it")
            return nil
        }
        let script = """
            stty -g > stty.before
            TMPDIR=\(temporary.path) \(environment) \(TestEnvironment.concur.path) learn \(arguments) 2> learn.err
            echo "EXIT=$?" > learn.exit
            stty -g > stty.after
            echo "LEARN DONE"
            sleep 600
            """
        let session = try TmuxSession(tmux: tmux, directory: directory, width: width, height: height, script: script)
        try session.waitFor(ready)
        return session
    }

    func finish(_ session: TmuxSession) throws -> (exit: String, output: String) {
        try session.waitFor("LEARN DONE")
        let exit = try read(directory.appendingPathComponent("learn.exit")).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            try read(directory.appendingPathComponent("stty.before"))
                == read(directory.appendingPathComponent("stty.after")))
        // The summary is printed on the terminal once the walkthrough's screen is gone.
        return (exit, try session.screen())
    }

    func userFolderIsUnchanged() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            !["run.sh", "stty.before", "stty.after", "learn.err", "learn.exit", "tmp"].contains($0)
        }
        #expect(names == ["mine.sql"])
        #expect(try read(directory.appendingPathComponent("mine.sql")) == mine)
    }

    @Test func theWholeWalkthroughForwardAndBack() throws {
        guard let session = try start() else { return }
        try session.waitFor("ACCESS EXCLUSIVE")
        try session.waitFor("queued behind B")
        let first = try session.screen()
        #expect(first.split(separator: "\n").allSatisfy { $0.count <= 80 })
        try session.send("Right")
        try session.waitFor("step 2 of 5")
        try session.waitFor("runs at once")
        try session.send("Left")  // back
        try session.waitFor("What DROP INDEX does to a busy table")
        try session.send("Enter")
        try session.waitFor("step 2 of 5")
        try session.send("Right")
        try session.waitFor("Practice: review a sandbox")
        try session.waitFor("coach: Review these migrations with the real keys")
        // The sandbox exists while the practice runs, in the temporary folder.
        let sandboxes = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        #expect(sandboxes.count == 1 && sandboxes[0].hasPrefix("concur-learn-"))
        try session.send("y")  // the plain drop
        try session.waitFor("Accepted: Use DROP INDEX CONCURRENTLY IF EXISTS.")
        try session.send("y")  // the drop in BEGIN … COMMIT
        try session.waitFor("Accepted: Move the drop after the COMMIT")
        try session.send("y")  // the Alembic revision
        try session.waitFor("op.get_context().autocommit_block():`. Mind the")
        try session.send("y")  // the CASCADE drop: no fix, and why
        try session.waitFor("There is no automatic fix here: DROP INDEX CONCURRENTLY does not")
        try session.send("n")
        try session.waitFor("Skipped: the finding stays")
        try session.send("y")  // Prisma: a new migration
        try session.waitFor("Accepted: Move the drop into a new migration")
        try session.send("w")
        try session.waitFor("Written to the sandbox copy only")
        try session.send(">")
        try session.waitFor("step 4 of 5")
        try session.waitFor("One index per statement")
        try session.send("<")  // back into the practice, decisions kept
        try session.waitFor("Practice: review a sandbox")
        try session.send(">")
        try session.send(">")
        try session.waitFor("step 5 of 5")
        try session.waitFor("concur review --since main")
        try session.send("Right")
        let (exit, output) = try finish(session)
        #expect(exit == "EXIT=0")
        #expect(output.contains("concur learn: done."))
        #expect(output.contains("The practice sandbox was removed."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        try userFolderIsUnchanged()
    }

    @Test func quittingEarlyKeepsTheSandboxWhenAskedAndWorksWithoutColour() throws {
        guard let session = try start("--keep-sandbox", environment: "NO_COLOR=1") else { return }
        try session.send("q")
        let (exit, output) = try finish(session)
        #expect(exit == "EXIT=0")
        #expect(output.contains("stopped at step 1 of 5"))
        let kept = try #require(
            output.split(separator: "\n").first { $0.hasPrefix("The practice sandbox is kept at ") })
        let path = String(kept.dropFirst("The practice sandbox is kept at ".count))
        #expect(FileManager.default.fileExists(atPath: path + "/sql/003_drop_customer_ref_index.sql"))
        #expect(FileManager.default.fileExists(atPath: path + "/alembic/versions/0003_drop_users_email_index.py"))
        try userFolderIsUnchanged()
    }

    /// A terminal type without a terminfo entry: concur says so and exits with 2, the practice
    /// sandbox is removed, and the terminal and the learner's folder are as they were.
    @Test func anUnknownTerminalTypeIsExplainedAndTheSandboxRemoved() throws {
        guard let session = try start(environment: "TERM=no-such-terminal", ready: "LEARN DONE") else { return }
        let (exit, _) = try finish(session)
        #expect(exit == "EXIT=2")
        let errors = try read(directory.appendingPathComponent("learn.err"))
        #expect(errors.hasPrefix("concur learn: ") && errors.contains("\"no-such-terminal\""), "\(errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        try userFolderIsUnchanged()
    }

    @Test func theTextReflowsWhenTheTerminalIsResized() throws {
        guard let session = try start(width: 100, height: 30) else { return }
        try session.waitFor("ACCESS EXCLUSIVE")
        _ = try run(
            try #require(which("tmux")),
            ["-L", session.socket, "resize-window", "-t", "review", "-x", "60", "-y", "20"])
        let narrow = try session.waitFor("↓↑ scroll")
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try session.send("q")
        #expect(try finish(session).exit == "EXIT=0")
    }
}

/// `concur learn --live` against the PostgreSQL that scripts/test.sh starts, and on a throwaway
/// cluster of its own.
@Suite("concur learn --live on PostgreSQL", .enabled(if: !TestEnvironment.skipsIntegration), .serialized)
struct LiveDemonstrationTests {
    func url() throws -> String? {
        let environment = TestEnvironment.variables
        guard let host = environment["CONCUR_TEST_PGHOST"], let port = environment["CONCUR_TEST_PGPORT"],
            let user = environment["CONCUR_TEST_PGUSER"]
        else {
            Issue.record("CONCUR_TEST_PGHOST/PORT/USER are not set: scripts/test.sh starts PostgreSQL and sets them")
            return nil
        }
        return "postgresql://\(user)@/postgres?host=\(host)&port=\(port)"
    }

    func expectTheLockWasShown(_ output: String) {
        #expect(output.contains("B: active, Lock: relation, waiting for AccessExclusiveLock on concur_learn.orders"))
        #expect(output.contains("C: active, Lock: relation, waiting for AccessShareLock on concur_learn.orders"))
        #expect(output.contains("waited behind B: nobody could read the table"))
        #expect(output.contains("B: active, Lock: virtualxid"))
        #expect(output.contains("C ran at once: the concurrent drop waited for A without blocking anyone"))
        #expect(output.contains("A commits; B then drops the index."))
    }

    @Test func aScratchDatabaseShowsTheLockAndIsCleanedUp() throws {
        guard let url = try url() else { return }
        let result = try concur("learn", "--live", "--url", url, "--scratch")
        #expect(result.status == 0, "\(result.standardError)")
        expectTheLockWasShown(result.standardOutput)
        let psql = try #require(which("psql"))
        let left = try run(
            psql,
            ["-X", "-A", "-t", "-d", url, "-c", "SELECT count(*) FROM pg_namespace WHERE nspname = 'concur_learn'"])
        #expect(left.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func aGivenDatabaseIsOnlyUsedWhenConfirmedScratch() throws {
        guard let url = try url() else { return }
        let result = try concur("learn", "--live", "--url", url)
        #expect(result.status == 2)
        #expect(result.standardError.contains("--url needs --scratch"))
    }

    @Test func withoutAURLAThrowawayClusterIsStartedAndRemoved() throws {
        let temporary = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temporary) }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: temporary.path)
        var environment = TestEnvironment.variables
        environment["TMPDIR"] = temporary.path
        let result = try run(TestEnvironment.concur.path, ["learn", "--live"], environment: environment)
        #expect(result.status == 0, "\(result.standardError)")
        expectTheLockWasShown(result.standardOutput)
        #expect(result.standardOutput.contains("The throwaway cluster is stopped and removed."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}
