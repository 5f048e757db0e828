import Foundation
import Testing

/// A fixture tree laid out as one migration tool lays out its migrations (Tests/Fixtures/tools).
struct ToolTree: CustomTestStringConvertible, Sendable {
    var folder: URL
    var tool: String
    var naiveRuns: Bool
    var fixed: Bool
    var files: [String]
    var testDescription: String { folder.lastPathComponent }

    static var all: [ToolTree] {
        let root = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/tools")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = root.appendingPathComponent(name)
            guard let manifest = try? read(folder.appendingPathComponent("MANIFEST")) else { return nil }
            var values: [String: String] = [:]
            var files: [String] = []
            var inFiles = false
            for line in manifest.split(separator: "\n").map(String.init) {
                if inFiles {
                    files.append(line)
                } else if line == "files:" {
                    inFiles = true
                } else if let colon = line.firstIndex(of: ":") {
                    values[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces)
                }
            }
            return ToolTree(
                folder: folder, tool: values["tool"] ?? "", naiveRuns: values["naive"] == "runs",
                fixed: values["fixed"] == "yes", files: files)
        }
    }
}

/// Replays fixture trees on PostgreSQL 15 the way each tool runs a file — `psql -f` (statement by
/// statement), `psql -1 -f` (one transaction), `psql -c` with the whole file (one query string),
/// `psql -1 -c` (one query string in a transaction) — before and after `concur fix`.
@Suite("Fixed migrations run under their migration tool", .enabled(if: !TestEnvironment.skipsIntegration), .serialized)
struct MigrationToolExecutionTests {
    /// How a tool sends a file, read from the file and its neighbours as the tool itself would.
    enum Execution {
        case script(transaction: Bool)
        case oneQuery(String, transaction: Bool)
    }

    static func execution(of path: URL, tool: String) throws -> Execution {
        let text = try read(path)
        let directory = path.deletingLastPathComponent()
        func neighbour(_ name: String) -> String { (try? read(directory.appendingPathComponent(name))) ?? "" }
        switch tool {
        case "prisma", "golang-migrate":
            return .oneQuery(text, transaction: false)
        case "diesel":
            return .oneQuery(text, transaction: !neighbour("metadata.toml").contains("run_in_transaction = false"))
        case "dbmate":
            let up = text.components(separatedBy: "-- migrate:down")[0]
            let marker = up.split(separator: "\n").first.map(String.init) ?? ""
            return .oneQuery(up, transaction: !marker.contains("transaction:false"))
        case "flyway":
            return .script(
                transaction: !neighbour(path.lastPathComponent + ".conf").contains("executeInTransaction=false"))
        case "postgres-migrations":
            return .oneQuery(text, transaction: !text.hasPrefix("-- postgres-migrations disable-transaction"))
        case "atlas":
            return .script(transaction: !text.contains("-- atlas:txmode none"))
        case "graphile-migrate":
            return .oneQuery(text, transaction: !text.hasPrefix("--! no-transaction"))
        default:
            return .script(transaction: false)
        }
    }

    /// The tree's migrations in the order the tool runs them: the manifest's, plus the migrations
    /// a fix created (their up parts), sorted by version.
    static func migrations(of tree: ToolTree, in folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var created: [String] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".sql"), !path.hasSuffix(".down.sql"), !path.hasSuffix("down.sql"),
                !tree.files.contains(path)
            else { continue }
            created.append(path)
        }
        var all = tree.files + created
        if tree.tool == "flyway" {
            func version(_ path: String) -> [Int] {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                let raw = name.dropFirst().split(separator: "__").first ?? ""
                return raw.split(whereSeparator: { $0 == "_" || $0 == "." }).compactMap { Int($0) }
            }
            all.sort { version($0).lexicographicallyPrecedes(version($1)) }
        } else if tree.tool != "sqitch" {
            all.sort()
        }
        return all
    }

    /// Replays a tree in a new database; returns the first failure, or nil when every file ran.
    func replay(_ tree: ToolTree, in folder: URL, server: PostgreSQLIntegrationTests.Server, psql: String) throws
        -> String?
    {
        let database = "tools_\(UUID().uuidString.prefix(8).lowercased())"
        let base = ["-X", "-q", "-h", server.host, "-p", server.port, "-U", server.user, "-v", "ON_ERROR_STOP=1"]
        let created = try run(psql, base + ["-d", "postgres", "-c", "CREATE DATABASE \(database)"])
        try #require(created.status == 0, "\(created.standardError)")
        for file in Self.migrations(of: tree, in: folder) {
            let path = folder.appendingPathComponent(file)
            var arguments = base + ["-d", database]
            switch try Self.execution(of: path, tool: tree.tool) {
            case .script(let transaction): arguments += (transaction ? ["-1"] : []) + ["-f", path.path]
            case .oneQuery(let text, let transaction): arguments += (transaction ? ["-1"] : []) + ["-c", text]
            }
            let result = try run(psql, arguments)
            if result.status != 0 { return "\(file): \(result.standardError)" }
        }
        return nil
    }

    @Test(arguments: ToolTree.all)
    func fixedTreeRunsAndNaiveRewriteFailsWhereItMust(_ tree: ToolTree) throws {
        guard let server = PostgreSQLIntegrationTests.server, let psql = which("psql") else {
            Issue.record("PostgreSQL is not available: run the suite with scripts/test.sh")
            return
        }
        let work = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let original = work.appendingPathComponent("original")
        let fixed = work.appendingPathComponent("fixed")
        let naive = work.appendingPathComponent("naive")
        for copy in [original, fixed, naive] { try FileManager.default.copyItem(at: tree.folder, to: copy) }

        #expect(try replay(tree, in: original, server: server, psql: psql) == nil, "the original tree fails")

        let fix = try concur("fix", ".", in: fixed)
        #expect(fix.status == (tree.fixed ? 0 : 1), "concur fix: \(fix.standardOutput)\(fix.standardError)")
        #expect(try replay(tree, in: fixed, server: server, psql: psql) == nil, "the fixed tree fails")
        let texts = try Self.migrations(of: tree, in: fixed).map { try read(fixed.appendingPathComponent($0)) }
        #expect(texts.contains { $0.contains("CONCURRENTLY") } == tree.fixed, "fixed tree: \(texts)")
        if !tree.fixed {
            let check = try concur("check", ".", in: fixed)
            #expect(check.standardOutput.contains("no automatic fix"))
            #expect(check.standardOutput.contains("runs: "))
        }

        for file in tree.files {
            let url = naive.appendingPathComponent(file)
            let text = try read(url)
            let rewritten = text.replacingOccurrences(
                of: #"(?i)(drop\s+index)(?!\s+concurrently)"#, with: "$1 CONCURRENTLY", options: .regularExpression)
            try write(rewritten, to: url)
        }
        let naiveFailure = try replay(tree, in: naive, server: server, psql: psql)
        #expect((naiveFailure == nil) == tree.naiveRuns, "naive rewrite: \(naiveFailure ?? "ran")")
        if let naiveFailure { #expect(naiveFailure.contains("cannot run inside a transaction block")) }
    }
}
