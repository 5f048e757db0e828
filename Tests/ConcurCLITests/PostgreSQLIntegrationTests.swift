import Foundation
import Testing

/// A migration fixture and what running it must do.
struct MigrationFixture: CustomTestStringConvertible, Sendable {
    var url: URL
    /// The indexes that must be gone after the migration ran.
    var expectDropped: [String]
    /// Whether inserting CONCURRENTLY after every DROP INDEX (what other linters propose) runs.
    var naiveRewriteRuns: Bool
    /// Whether the fixture as written runs (false for statements PostgreSQL rejects).
    var originalRuns: Bool
    var testDescription: String { url.lastPathComponent }

    static var all: [MigrationFixture] {
        let folder = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/postgres")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") && $0 != "schema.sql" }.sorted().map { name in
            let url = folder.appendingPathComponent(name)
            let text = (try? read(url)) ?? ""
            func header(_ key: String) -> String {
                text.split(whereSeparator: \.isNewline).first { $0.contains("-- \(key):") }
                    .map {
                        String($0.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[1])
                            .trimmingCharacters(in: .whitespaces)
                    } ?? ""
            }
            let dropped = header("expect-dropped").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return MigrationFixture(
                url: url, expectDropped: dropped.filter { !$0.isEmpty },
                naiveRewriteRuns: header("naive-concurrently") == "runs",
                originalRuns: header("original") != "fails")
        }
    }
}

/// Runs fixed migrations on a real PostgreSQL 15 (started by scripts/test.sh) with
/// `psql -v ON_ERROR_STOP=1 -f`, and shows that the rewrite other linters propose fails there.
@Suite("Fixed migrations run on PostgreSQL 15", .enabled(if: !TestEnvironment.skipsIntegration), .serialized)
struct PostgreSQLIntegrationTests {
    struct Server: Sendable {
        var host: String, port: String, user: String
    }

    static var server: Server? {
        let variables = TestEnvironment.variables
        guard let host = variables["CONCUR_TEST_PGHOST"], let port = variables["CONCUR_TEST_PGPORT"] else { return nil }
        return Server(host: host, port: port, user: variables["CONCUR_TEST_PGUSER"] ?? "postgres")
    }

    /// The server and psql, or nil after recording why they are missing: a failure, not a skip.
    func requireServer() -> (Server, String)? {
        guard let server = Self.server, let psql = which("psql") else {
            Issue.record(
                "PostgreSQL is not available: run the suite with scripts/test.sh, which installs and starts it (CONCUR_SKIP_INTEGRATION=1 skips these tests on purpose outside CI)"
            )
            return nil
        }
        return (server, psql)
    }

    func psql(_ server: Server, _ psql: String, database: String, _ arguments: [String]) throws -> ProcessResult {
        try run(
            psql,
            [
                "-X", "-q", "-h", server.host, "-p", server.port, "-U", server.user, "-d", database, "-v",
                "ON_ERROR_STOP=1",
            ] + arguments)
    }

    /// A new database with the fixtures' schema.
    func freshDatabase(_ server: Server, _ psql: String) throws -> String {
        let name = "concur_\(UUID().uuidString.prefix(8).lowercased())"
        let created = try self.psql(server, psql, database: "postgres", ["-c", "CREATE DATABASE \(name)"])
        try #require(created.status == 0, "CREATE DATABASE failed: \(created.standardError)")
        let schema = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/postgres/schema.sql")
        let loaded = try self.psql(server, psql, database: name, ["-f", schema.path])
        try #require(loaded.status == 0, "schema.sql failed: \(loaded.standardError)")
        return name
    }

    @Test(arguments: MigrationFixture.all)
    func fixedMigrationRuns(_ fixture: MigrationFixture) throws {
        guard let (server, psql) = requireServer() else { return }
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try Data(contentsOf: fixture.url)

        // The original runs, unless the fixture says PostgreSQL rejects it.
        let plainDatabase = try freshDatabase(server, psql)
        let plain = try self.psql(server, psql, database: plainDatabase, ["-f", fixture.url.path])
        #expect((plain.status == 0) == fixture.originalRuns, "the original fixture: \(plain.standardError)")

        // concur's fix runs, and the indexes are gone.
        let fixedFile = directory.appendingPathComponent(fixture.url.lastPathComponent)
        try original.write(to: fixedFile)
        let fix = try concur("fix", fixedFile.path)
        #expect(fix.status == 0 || fix.status == 1, "concur fix: \(fix.standardError)")
        let database = try freshDatabase(server, psql)
        let ran = try self.psql(server, psql, database: database, ["-f", fixedFile.path])
        #expect(ran.status == 0, "the fixed migration fails on PostgreSQL: \(ran.standardError)")
        let remaining = try self.psql(
            server, psql, database: database,
            ["-At", "-c", "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"])
        let indexes = Set(remaining.standardOutput.split(separator: "\n").map(String.init))
        for name in fixture.expectDropped {
            #expect(!indexes.contains(name), "\(name) is still there after the fixed migration")
        }
        // Nothing fixable is left, and nothing unsafe was written.
        let recheck = try concur("check", "--format", "json", fixedFile.path)
        let object = try JSONSerialization.jsonObject(with: Data(recheck.standardOutput.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        #expect(findings.allSatisfy { ($0["fix"] as? [String: Any])?["safe"] as? Bool == false })

        // The naive rewrite (CONCURRENTLY after every DROP INDEX) runs only where the fixture says.
        let naiveFile = directory.appendingPathComponent("naive.sql")
        let text = String(decoding: original, as: UTF8.self)
        let naive = text.replacingOccurrences(
            of: #"(?i)(drop\s+index)(?!\s+concurrently)"#, with: "$1 CONCURRENTLY", options: .regularExpression)
        try Data(naive.utf8).write(to: naiveFile)
        let naiveDatabase = try freshDatabase(server, psql)
        let naiveRun = try self.psql(server, psql, database: naiveDatabase, ["-f", naiveFile.path])
        #expect((naiveRun.status == 0) == fixture.naiveRewriteRuns, "naive rewrite: \(naiveRun.standardError)")
    }

    @Test func thePostgreSQLFactsConcurRelies() throws {
        guard let (server, psql) = requireServer() else { return }
        let database = try freshDatabase(server, psql)
        func outcome(_ sql: String) throws -> String {
            let result = try self.psql(server, psql, database: database, ["-c", sql])
            return result.status == 0 ? "ok" : result.standardError
        }
        #expect(
            try outcome("DROP INDEX CONCURRENTLY orders_a_idx, orders_b_idx").contains(
                "does not support dropping multiple objects"))
        #expect(try outcome("DROP INDEX CONCURRENTLY orders_a_idx CASCADE").contains("does not support CASCADE"))
        #expect(
            try outcome("SELECT 1; DROP INDEX CONCURRENTLY orders_a_idx").contains(
                "cannot run inside a transaction block"))
        #expect(try outcome("DROP INDEX CONCURRENTLY IF EXISTS orders_a_idx RESTRICT") == "ok")
        #expect(try outcome("DROP INDEX CONCURRENTLY IF EXISTS orders_a_idx") == "ok")
    }
}
