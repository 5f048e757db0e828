import Foundation
import Testing

/// A tmux session on a private server, running a shell script, for driving the real reviewer.
final class TmuxSession {
    let socket = "concur-test-\(UUID().uuidString.prefix(8))"
    let tmux: String
    let directory: URL

    init(tmux: String, directory: URL, width: Int, height: Int, script: String) throws {
        self.tmux = tmux
        self.directory = directory
        let scriptURL = directory.appendingPathComponent("run.sh")
        try Data(script.utf8).write(to: scriptURL)
        let status = try launchDetached(
            tmux,
            [
                "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "review", "-x", "\(width)", "-y",
                "\(height)", "sh \(scriptURL.path)",
            ],
            in: directory)
        try #require(status == 0, "tmux did not start")
    }

    deinit { _ = try? launchDetached(tmux, ["-L", socket, "kill-server"]) }

    func send(_ keys: String...) throws {
        _ = try run(tmux, ["-L", socket, "send-keys", "-t", "review"] + keys)
    }

    func screen() throws -> String {
        // -J joins lines the terminal wrapped, so long messages can be searched whole.
        try run(tmux, ["-L", socket, "capture-pane", "-p", "-J", "-t", "review"]).standardOutput
    }

    func format(_ format: String) throws -> String {
        try run(tmux, ["-L", socket, "display-message", "-p", "-t", "review", format]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) throws {
        _ = try run(tmux, ["-L", socket, "resize-window", "-t", "review", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen shows `text`; records an issue with the screen if it never does.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the screen never showed “\(text)”; it shows:\n\(last)", sourceLocation: sourceLocation)
        return last
    }
}

/// The real `concur review` in a real terminal (tmux): keys in, screen and files out.
@Suite("concur review in tmux", .enabled(if: !TestEnvironment.skipsIntegration), .serialized)
final class TerminalReviewTests {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        let examples = TestEnvironment.packageRoot.appendingPathComponent("Examples/db")
        try FileManager.default.copyItem(at: examples, to: directory.appendingPathComponent("db"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func migration(_ name: String) -> URL { directory.appendingPathComponent("db/migrations/\(name)") }

    func original(_ name: String) throws -> String {
        try read(TestEnvironment.packageRoot.appendingPathComponent("Examples/db/migrations/\(name)"))
    }

    /// Starts the reviewer in a script that records the terminal's settings before and after.
    func start(
        width: Int = 100, height: Int = 30, arguments: String = "db", environment: String = "",
        ready: String = "finding 1/1"
    ) throws
        -> TmuxSession?
    {
        guard let tmux = which("tmux") else {
            Issue.record("tmux is not installed: run the suite with scripts/test.sh, which installs it")
            return nil
        }
        let script = """
            stty -g > stty.before
            \(environment) \(TestEnvironment.concur.path) review \(arguments) 2> review.err
            echo "EXIT=$?" > review.exit
            stty -g > stty.after
            echo "REVIEW DONE"
            sleep 600
            """
        let session = try TmuxSession(tmux: tmux, directory: directory, width: width, height: height, script: script)
        // Ready once the scan has placed the cursor on the first finding (or the screen is too small).
        try session.waitFor(width >= 60 && height >= 16 ? ready : "oo small")
        return session
    }

    func waitForExit(_ session: TmuxSession) throws -> String {
        try session.waitFor("REVIEW DONE")
        return try read(directory.appendingPathComponent("review.exit")).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func expectTerminalRestored(_ session: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try read(directory.appendingPathComponent("stty.before"))
        let after = try read(directory.appendingPathComponent("stty.after"))
        #expect(before == after, "terminal settings changed", sourceLocation: sourceLocation)
        #expect(
            try session.format("#{alternate_on}") == "0", "still on the alternate screen",
            sourceLocation: sourceLocation)
        #expect(try session.format("#{cursor_flag}") == "1", "cursor hidden", sourceLocation: sourceLocation)
    }

    @Test func acceptSkipUndoWriteQuit() throws {
        guard let session = try start() else { return }
        try session.waitFor("file 1/5 · finding 1/1")
        try session.send("y")  // accept the plain drop
        try session.waitFor("file 2/5")
        try session.send("n")  // skip the list…
        try session.waitFor("file 3/5")
        try session.send("u")  // …undo that…
        try session.waitFor("undone")
        try session.send("y")  // …and accept it after all
        try session.waitFor("file 3/5")
        try session.send("n")  // skip the transaction move
        try session.waitFor("file 4/5")
        try session.send("w")
        try session.waitFor("wrote")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        try expectTerminalRestored(session)
        #expect(
            try read(migration("20240215120000_drop_legacy_ref_index.sql")) == """
                -- The legacy reference is no longer looked up.
                DROP INDEX CONCURRENTLY IF EXISTS customers_legacy_ref_idx;

                """)
        #expect(
            try read(migration("20240301083000_drop_unused_order_indexes.sql")) == """
                -- Two indexes that no query plan uses any more (checked in pg_stat_user_indexes).
                drop index concurrently if exists orders_placed_at_idx;
                drop index concurrently if exists public.orders_total_idx;

                """)
        for untouched in [
            "20240410101500_add_order_priority.sql", "20240502140000_drop_customer_index_cascade.sql",
            "20240101090000_create_shop.sql",
        ] {
            #expect(try read(migration(untouched)) == original(untouched))
        }
        #expect(try session.screen().contains("concur review: 2 rewrites written to 2 files"))
    }

    @Test func quitAsksAndWrites() throws {
        guard let session = try start() else { return }
        try session.send("y")
        try session.waitFor("1 file unwritten")
        try session.send("q")
        try session.waitFor("w  write them, then quit")
        try session.send("w")
        #expect(try waitForExit(session) == "EXIT=0")
        try expectTerminalRestored(session)
        #expect(
            try read(migration("20240215120000_drop_legacy_ref_index.sql")).contains(
                "DROP INDEX CONCURRENTLY IF EXISTS"))
    }

    @Test func ctrlCWithNothingUnwrittenLeavesAndRestoresTheTerminal() throws {
        guard let session = try start() else { return }
        try session.send("C-c")
        #expect(try waitForExit(session) == "EXIT=0")
        try expectTerminalRestored(session)
    }

    @Test func ctrlCWithUnwrittenRewritesAsksFirstAndDiscardsOnRequest() throws {
        guard let session = try start() else { return }
        try session.send("y")
        try session.waitFor("1 file unwritten")
        try session.send("C-c")
        try session.waitFor("d  discard them and quit")
        try session.send("d")
        #expect(try waitForExit(session) == "EXIT=0")
        try expectTerminalRestored(session)
        #expect(
            try read(migration("20240215120000_drop_legacy_ref_index.sql"))
                == original("20240215120000_drop_legacy_ref_index.sql"))
    }

    @Test(arguments: [("TERM", 143), ("HUP", 129)])
    func signalsRestoreTheTerminal(_ signal: String, _ status: Int) throws {
        guard let session = try start() else { return }
        try session.send("y")
        try session.waitFor("1 file unwritten")
        let shell = try session.format("#{pane_pid}")
        let child = try run("/usr/bin/pgrep", ["-P", shell, "-f", "concur"]).standardOutput.trimmingCharacters(
            in: .whitespacesAndNewlines)
        try #require(!child.isEmpty, "concur's process was not found")
        _ = try run("/bin/kill", ["-\(signal)", child])
        #expect(try waitForExit(session) == "EXIT=\(status)")
        try expectTerminalRestored(session)
        #expect(try session.screen().contains("were not written"))
    }

    @Test func anInternalErrorStillRestoresTheTerminal() throws {
        guard let session = try start(environment: "SWIFT_BACKTRACE=enable=no CONCUR_TEST_CRASH_REVIEW=1") else {
            return
        }
        try session.send("j")  // the first key after the first frame hits the injected error
        let exit = try waitForExit(session)
        #expect(exit != "EXIT=0" && exit.hasPrefix("EXIT="))
        try expectTerminalRestored(session)
        #expect(try read(directory.appendingPathComponent("review.err")).contains("injected internal error"))
        for name in ["20240215120000_drop_legacy_ref_index.sql", "20240301083000_drop_unused_order_indexes.sql"] {
            #expect(try read(migration(name)) == original(name))
        }
    }

    @Test func resizeRelaysOutAndTooSmallSaysSo() throws {
        guard let session = try start(width: 100, height: 30) else { return }
        try session.resize(width: 70, height: 20)
        let narrow = try session.waitFor("file 1/5")
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 70 })
        try session.resize(width: 50, height: 12)
        try session.waitFor("Terminal too small")
        try session.resize(width: 120, height: 40)
        try session.waitFor("Files with findings")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
    }

    @Test func startingInATooSmallTerminalShowsTheMessage() throws {
        guard let session = try start(width: 20, height: 5) else { return }
        let screen = try session.waitFor("Too small: 20×5")
        #expect(screen.contains("needs 60×16") && screen.contains("q quits"))
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        try expectTerminalRestored(session)
    }

    /// A terminal type ncurses has no description of, or none at all: concur says so and what to
    /// do, exits with 2, and leaves the terminal as it was (ncurses alone would print its own line
    /// and exit with 1, the status of findings).
    @Test(arguments: [
        ("TERM=no-such-terminal", "of the terminal type \"no-such-terminal\""),
        ("env -u TERM", "TERM is not set"),
    ])
    func anUnknownTerminalTypeIsExplained(_ environment: String, _ explanation: String) throws {
        guard let session = try start(environment: environment, ready: "REVIEW DONE") else { return }
        #expect(try waitForExit(session) == "EXIT=2")
        let errors = try read(directory.appendingPathComponent("review.err"))
        #expect(errors.hasPrefix("concur review: "))
        #expect(errors.contains(explanation) && errors.contains("such as xterm-256color"), "\(errors)")
        try expectTerminalRestored(session)
    }

    @Test func aFileChangedBehindItsBackIsNotOverwritten() throws {
        guard let session = try start() else { return }
        try session.send("y")
        try session.waitFor("1 file unwritten")
        let file = migration("20240215120000_drop_legacy_ref_index.sql")
        let edited = try read(file) + "-- someone else's edit\n"
        try write(edited, to: file)
        try session.send("w")
        try session.waitFor("file changed on disk since it was read")
        #expect(try read(file) == edited)
        try session.send("r")  // reload: the decision is dropped, the finding is fresh
        try session.waitFor("reloaded")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        #expect(try read(file) == edited)
    }

    @Test func theEditorOpensAtTheFindingAndTheFileIsCheckedAgain() throws {
        // The editor lives in a folder with a space and takes an option: $EDITOR is split into
        // words like a shell would, without running one.
        let folder = directory.appendingPathComponent("my editors")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let editor = folder.appendingPathComponent("fake-editor.sh")
        try write(
            "#!/bin/sh\necho \"$@\" > editor.args\nfor last; do :; done\nprintf 'DROP INDEX CONCURRENTLY IF EXISTS x;\\n' > \"$last\"\n",
            to: editor)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        guard let session = try start(environment: "VISUAL= EDITOR='\"\(editor.path)\" --wait'") else { return }
        try session.send("e")
        try session.waitFor("reloaded db/migrations/20240215120000_drop_legacy_ref_index.sql")
        #expect(
            try read(directory.appendingPathComponent("editor.args"))
                == "--wait +2 db/migrations/20240215120000_drop_legacy_ref_index.sql\n")
        try session.waitFor("4 open")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        try expectTerminalRestored(session)
    }

    @Test func helpAndSearch() throws {
        guard let session = try start() else { return }
        try session.send("?")
        try session.waitFor("Keys — every action")
        try session.send("Escape")
        try session.send("/")
        try session.waitFor("search paths: /")
        try session.send("-l", "cascade")
        try session.send("Enter")
        try session.waitFor("20240502140000_drop_customer_index_cascade.sql")
        try session.send("y")
        try session.waitFor("no automatic fix: DROP INDEX CONCURRENTLY does not support CASCADE")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
    }

    @Test func acceptingAMoveIntoANewMigrationCreatesItOnWrite() throws {
        let folder = directory.appendingPathComponent("prisma/migrations/20240102000000_swap_key")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(
            "-- DropIndex\nDROP INDEX \"User_email_key\";\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"User_email_id_key\" ON \"User\"(\"email\", \"id\");\n",
            to: folder.appendingPathComponent("migration.sql"))
        guard let session = try start(width: 120, height: 40, arguments: "prisma") else { return }
        try session.waitFor("+ new file prisma/migrations/20240102000001_drop_user_email_key_concurrently")
        try session.send("y")
        try session.waitFor("1 file unwritten")
        try session.send("w")
        try session.waitFor("wrote prisma/migrations/20240102000000_swap_key/migration.sql")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        let created = directory.appendingPathComponent(
            "prisma/migrations/20240102000001_drop_user_email_key_concurrently/migration.sql")
        #expect(try read(created).hasSuffix("DROP INDEX CONCURRENTLY IF EXISTS \"User_email_key\";\n"))
        #expect(!(try read(folder.appendingPathComponent("migration.sql"))).contains("DROP INDEX"))
    }

    @Test func ignoringWritesTheCommentWithTheTypedReason() throws {
        guard let session = try start() else { return }
        try session.send("i")
        try session.waitFor("reason for ignoring")
        try session.send("-l", "legacy table, never read")
        try session.send("Enter")
        try session.waitFor("1 file unwritten")
        try session.send("w")
        try session.waitFor("wrote")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        #expect(
            try read(migration("20240215120000_drop_legacy_ref_index.sql")) == """
                -- The legacy reference is no longer looked up.
                -- concur-ignore require-concurrent-index-deletion: legacy table, never read
                DROP INDEX customers_legacy_ref_idx;

                """)
    }

    @Test func alembicRewritesAreAcceptedOneByOneAndShareOneBlock() throws {
        let versions = directory.appendingPathComponent("alembic/versions")
        try FileManager.default.createDirectory(at: versions, withIntermediateDirectories: true)
        let revision = versions.appendingPathComponent("0002_drop.py")
        try write(
            """
            from alembic import op


            def upgrade():
                op.drop_index("ix_users_email", table_name="users")
                op.drop_index(op.f("ix_users_name"), table_name="users")

            """, to: revision)
        guard let session = try start(width: 120, height: 40, arguments: "alembic", ready: "finding 1/2") else {
            return
        }
        try session.waitFor("note: autocommit_block() first commits")
        #expect(try session.screen().contains("with op.get_context().autocommit_block():"))
        try session.send("y")
        try session.waitFor("finding 2/2")
        try session.send("y")
        try session.waitFor("1 file unwritten")
        try session.send("w")
        try session.waitFor("wrote alembic/versions/0002_drop.py")
        try session.send("q")
        #expect(try waitForExit(session) == "EXIT=0")
        #expect(
            try read(revision) == """
                from alembic import op


                def upgrade():
                    with op.get_context().autocommit_block():
                        op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
                        op.drop_index(op.f("ix_users_name"), table_name="users", postgresql_concurrently=True)

                """)
    }
}
