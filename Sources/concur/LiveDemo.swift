import ConcurCore
import ConcurSystem

/// `concur learn --live`: the lock shown for real on a PostgreSQL server. Sessions are `psql`
/// processes (run with argument arrays, never a shell), named by `application_name` so that
/// `pg_stat_activity` and `pg_locks` tell what each one does. Everything lives in the schema
/// `concur_learn`, dropped at the end.
struct LiveDemo {
    /// `psql` and the arguments that connect it.
    let psql: String
    let connection: [String]
    let say: (String) -> Void

    enum Failure: Error, CustomStringConvertible {
        case psql(String)
        case timeout(String)
        var description: String {
            switch self {
            case .psql(let message): return "psql failed: \(message)"
            case .timeout(let what): return "timed out waiting for \(what)"
            }
        }
    }

    static let schema = "concur_learn"

    func run() throws {
        defer { try? execute("DROP SCHEMA IF EXISTS \(Self.schema) CASCADE") }
        try execute(
            """
            DROP SCHEMA IF EXISTS \(Self.schema) CASCADE;
            CREATE SCHEMA \(Self.schema);
            CREATE TABLE \(Self.schema).orders (id int PRIMARY KEY, status text NOT NULL);
            INSERT INTO \(Self.schema).orders SELECT g, 'new' FROM generate_series(1, 10000) AS g;
            CREATE INDEX orders_status_idx ON \(Self.schema).orders (status);
            """)
        say("Created \(Self.schema).orders (10,000 rows) and its index orders_status_idx.\n")

        say("== 1. A plain DROP INDEX while a report reads the table\n")
        let plain = try scene(drop: "DROP INDEX \(Self.schema).orders_status_idx")
        say(
            "A commits. B " + (plain.dropFinished ? "drops the index" : "did not finish") + "; C "
                + (plain.readerFinished ? "runs at last." : "did not finish.") + "\n")
        say(
            "While A was open, C — a plain SELECT — "
                + (plain.readerWaitedBehindDrop
                    ? "waited behind B: nobody could read the table.\n\n" : "did not wait.\n\n"))

        try execute("CREATE INDEX orders_status_idx ON \(Self.schema).orders (status)")
        say("== 2. The same with DROP INDEX CONCURRENTLY\n")
        let concurrent = try scene(drop: "DROP INDEX CONCURRENTLY \(Self.schema).orders_status_idx")
        say(
            "While A was open, C "
                + (concurrent.readerFinishedWhileDropWaited
                    ? "ran at once: the concurrent drop waited for A without blocking anyone.\n"
                    : "did not run at once.\n"))
        say("A commits; B " + (concurrent.dropFinished ? "then drops the index." : "did not finish.") + "\n\n")
        say("Cleaned up: the schema \(Self.schema) is dropped.\n")
    }

    /// What one scene showed.
    struct Scene {
        var readerWaitedBehindDrop = false
        var readerFinishedWhileDropWaited = false
        var dropFinished = false
        var readerFinished = false
    }

    /// Session A holds a transaction that read the table; B runs `drop`; C reads the table.
    private func scene(drop: String) throws -> Scene {
        var scene = Scene()
        let reader = try session("A", input: true)
        defer { if reader.isRunning { reader.terminate() } }
        reader.write(Array("BEGIN;\nSELECT count(*) FROM \(Self.schema).orders;\n".utf8))
        try waitFor("session A in its transaction") { try state(of: "A")?.state == "idle in transaction" }
        say("A  BEGIN; SELECT count(*) FROM orders;   -- a long report, still open\n")

        let dropper = try session("B", command: drop)
        defer { if dropper.isRunning { dropper.terminate() } }
        try waitFor("session B to wait") { try state(of: "B")?.waitType == "Lock" }
        say("B  \(drop.replacing(Self.schema + ".", with: ""));   -- waits for A\n")

        let second = try session("C", command: "SELECT count(*) FROM \(Self.schema).orders")
        defer { if second.isRunning { second.terminate() } }
        // C either queues behind B, or runs and leaves.
        try waitFor("session C to wait or finish") {
            if !second.isRunning { return true }
            return try state(of: "C")?.waitType == "Lock"
        }
        if second.isRunning {
            scene.readerWaitedBehindDrop = true
            say("C  SELECT count(*) FROM orders;          -- queued behind B\n")
        } else {
            scene.readerFinishedWhileDropWaited = dropper.isRunning
            say("C  SELECT count(*) FROM orders;          -- ran at once\n")
        }
        say("\npg_stat_activity and pg_locks now say:\n")
        for row in try query(
            """
            SELECT a.application_name, a.state, coalesce(a.wait_event_type || ': ' || a.wait_event, 'running'),
                   coalesce((SELECT string_agg(DISTINCT l.mode || ' on ' || coalesce(l.relation::regclass::text, l.locktype), ', ')
                             FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted), '')
            FROM pg_stat_activity a WHERE a.application_name LIKE 'concur-learn-%' AND a.pid <> pg_backend_pid() ORDER BY 1
            """)
        {
            let waiting = row.count > 3 && !row[3].isEmpty ? ", waiting for \(row[3])" : ""
            say("  \(row[0].replacing("concur-learn-", with: "")): \(row[1]), \(row[2])\(waiting)\n")
        }
        say("\n")
        reader.write(Array("COMMIT;\n".utf8))
        reader.closeInput()
        reader.waitUntilExit()
        scene.dropFinished = dropper.waitUntilExit() == 0
        scene.readerFinished = second.waitUntilExit() == 0
        return scene
    }

    // MARK: - psql

    private func session(_ name: String, command: String? = nil, input: Bool = false) throws -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["PGAPPNAME"] = "concur-learn-" + name
        return try ChildProcess(
            psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1"] + connection + (command.map { ["-c", $0] } ?? []),
            environment: environment, input: input ? .pipe : .null)
    }

    private func execute(_ sql: String) throws {
        _ = try query(sql)
    }

    /// Runs SQL and returns its rows (fields split at `|`).
    private func query(_ sql: String) throws -> [[String]] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGAPPNAME"] = "concur-learn-observer"
        let result = try ChildProcess.run(
            psql, ["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1"] + connection + ["-c", sql],
            environment: environment)
        guard result.status == 0 else {
            throw Failure.psql(String(decoding: result.errors, as: UTF8.self).trimmingWhitespace())
        }
        return String(decoding: result.output, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
    }

    private func state(of name: String) throws -> (state: String, waitType: String)? {
        let rows = try query(
            "SELECT state, coalesce(wait_event_type, '') FROM pg_stat_activity WHERE application_name = 'concur-learn-\(name)'"
        )
        guard let row = rows.first, row.count >= 2 else { return nil }
        return (row[0], row[1])
    }

    private func waitFor(_ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if try condition() { return }
            WorkerThread.sleep(seconds: 0.05)
        }
        throw Failure.timeout(what)
    }
}

/// A PostgreSQL cluster of its own in a temporary folder (initdb, pg_ctl), for `--live` without
/// a URL. As root, it runs as the `postgres` user, as initdb requires.
struct ThrowawayCluster {
    let folder: String
    let port: Int
    let binaries: String
    let owner: String?

    static func start(say: (String) -> Void) throws -> ThrowawayCluster {
        let candidates = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"]
        guard let binaries = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") })
        else {
            throw LiveDemo.Failure.psql("no initdb found (install PostgreSQL, or give --url of a scratch database)")
        }
        guard let folder = SystemCalls.makeTemporaryFolder(prefix: "concur-learn-pg-") else {
            throw LiveDemo.Failure.psql("cannot create a temporary folder")
        }
        let owner: String? = getuid() == 0 ? "postgres" : nil
        if owner != nil {
            // initdb refuses to run as root: the cluster belongs to the postgres account.
            guard let account = getpwnam("postgres") else {
                rmdir(folder)
                throw LiveDemo.Failure.psql(
                    "running as root, and there is no postgres account to run initdb as (run as another user, or give --url of a scratch database)"
                )
            }
            chown(folder, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        let port = 20000 + Int.random(in: 0..<20000)
        let cluster = ThrowawayCluster(folder: folder, port: port, binaries: binaries, owner: owner)
        say("Starting a throwaway PostgreSQL in \(folder)…\n")
        try cluster.run(binaries + "/initdb", ["-D", folder + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        try cluster.run(
            binaries + "/pg_ctl",
            [
                "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-o",
                "-c listen_addresses='' -k \(folder) -p \(port) -c fsync=off", "start",
            ])
        return cluster
    }

    var connection: [String] { ["-h", folder, "-p", String(port), "-U", "postgres", "-d", "postgres"] }

    func stop() {
        try? run(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func run(_ program: String, _ arguments: [String]) throws {
        let argv = owner.map { ["/usr/sbin/runuser", "-u", $0, "--", program] + arguments } ?? [program] + arguments
        // Standard streams to /dev/null: pg_ctl leaves the server running with the descriptors it
        // inherited, and a pipe would then never close.
        let status: Int32
        do {
            status = try ChildProcess(argv[0], Array(argv.dropFirst())).waitUntilExit()
        } catch {
            throw LiveDemo.Failure.psql("cannot start \(argv[0])")
        }
        guard status == 0 else {
            throw LiveDemo.Failure.psql("\(program.split(separator: "/").last ?? "") exited with status \(status)")
        }
    }
}
