import ConcurCore
import Testing

@Suite("Migration tools: detection, execution models and fixes that run")
struct MigrationToolTests {
    /// Analyses `path` inside a tree of files (path → text).
    func analyze(_ path: String, in tree: [String: String]) -> FileAnalysis {
        let files = InMemoryProjectFiles(tree)
        return ProjectAnalyzer(files: files).analyze(SourceFile(path: path, text: tree[path] ?? ""))
    }

    /// The file after every safe fix, and a check that analysing it again leaves nothing fixable.
    func fixed(_ path: String, in tree: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        let analysis = analyze(path, in: tree)
        let result = String(
            decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
        var after = tree
        after[path] = result
        let again = analyze(path, in: after)
        #expect(
            !again.findings.contains { $0.fix?.isSafe == true }, "fixing did not settle", sourceLocation: sourceLocation
        )
        #expect(
            again.findings.allSatisfy { $0.rule == "require-concurrent-index-deletion" || $0.fix?.isSafe == false },
            sourceLocation: sourceLocation)
        return result
    }

    @Test func prismaSendsTheFileAsOneQuery() throws {
        let path = "prisma/migrations/20230505085908_update_unique/migration.sql"
        let tree = [
            path:
                "-- DropIndex\nDROP INDEX \"Subscription_planId_key\";\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"S_key\" ON \"S\"(\"a\");\n",
            "prisma/migrations/migration_lock.toml": "provider = \"postgresql\"\n",
        ]
        let analysis = analyze(path, in: tree)
        #expect(analysis.tool == .prisma)
        let finding = try #require(analysis.findings.first)
        #expect(
            finding.context
                == "Prisma sends this migration.sql as one query string, which PostgreSQL runs as one transaction")
        #expect(finding.fix?.isSafe == false)
        #expect(
            finding.fix?.reason?.contains("new migrations/<timestamp>_<name>/migration.sql that holds only the drop")
                == true)
        // A migration that holds only the drop runs it alone and outside a transaction.
        let alone = [path: "-- DropIndex\nDROP INDEX \"Subscription_planId_key\";\n"]
        #expect(
            try fixed(path, in: alone)
                == "-- DropIndex\nDROP INDEX CONCURRENTLY IF EXISTS \"Subscription_planId_key\";\n")
    }

    @Test func dieselWrapsInATransactionUnlessMetadataSaysNot() throws {
        let path = "migrations/2023-06-01-120000_drop_idx/up.sql"
        let wrapped = analyze(path, in: [path: "DROP INDEX idx;\n"])
        #expect(wrapped.tool == .diesel)
        #expect(wrapped.findings.first?.fix?.isSafe == false)
        #expect(
            wrapped.findings.first?.fix?.reason?.contains("metadata.toml with `run_in_transaction = false`") == true)
        let tree = [
            path: "DROP INDEX idx;\n",
            "migrations/2023-06-01-120000_drop_idx/metadata.toml": "run_in_transaction = false\n",
        ]
        #expect(try fixed(path, in: tree) == "DROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        var several = tree
        several[path] = "DROP INDEX idx;\nDROP INDEX other;\n"
        #expect(analyze(path, in: several).findings.allSatisfy { $0.fix?.isSafe == false })
    }

    @Test func golangMigrateNeedsTheDropAlone() throws {
        let path = "db/migrations/000012_drop_idx.up.sql"
        #expect(try fixed(path, in: [path: "DROP INDEX idx;\n"]) == "DROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        let several = analyze(path, in: [path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n"])
        #expect(several.tool == .golangMigrate)
        #expect(several.findings.first?.fix?.reason?.contains("new up/down pair") == true)
    }

    @Test func dbmateSwitchesTheSectionsTransactionOffWhenTheDropIsAlone() throws {
        let path = "db/migrations/20240101000000_drop.sql"
        let text = "-- migrate:up\nDROP INDEX idx;\n\n-- migrate:down\nCREATE INDEX idx ON t (c);\n"
        #expect(analyze(path, in: [path: text]).tool == .dbmate)
        #expect(
            try fixed(path, in: [path: text])
                == "-- migrate:up transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n\n-- migrate:down\nCREATE INDEX idx ON t (c);\n"
        )
        let several = "-- migrate:up\nALTER TABLE t ADD c int;\nDROP INDEX idx;\n-- migrate:down\nDROP INDEX other;\n"
        let analysis = analyze(path, in: [path: several])
        #expect(analysis.findings.map { $0.fix?.isSafe } == [false, true])  // the down section holds only its drop
        #expect(
            try fixed(path, in: [path: several]).hasSuffix(
                "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS other;\n"))
        let off = "-- migrate:up transaction:false\nSELECT 1;\nDROP INDEX idx;\n"
        #expect(
            analyze(path, in: [path: off]).findings.first?.fix?.reason?.contains("dbmate sends each section") == true)
    }

    @Test func sqitchScriptsKeepTheirOwnTransactionBlocks() throws {
        let path = "sqitch/deploy/drop_idx.sql"
        let tree = [
            path: "-- Deploy app:drop_idx\nBEGIN;\nALTER TABLE t ADD c int;\nDROP INDEX idx;\nCOMMIT;\n",
            "sqitch/sqitch.plan": "%project=app\n",
        ]
        #expect(analyze(path, in: tree).tool == .sqitch)
        #expect(
            try fixed(path, in: tree)
                == "-- Deploy app:drop_idx\nBEGIN;\nALTER TABLE t ADD c int;\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n"
        )
    }

    @Test func flywayNeedsItsScriptConfiguration() throws {
        let path = "src/main/resources/db/migration/V2__drop_idx.sql"
        let wrapped = analyze(path, in: [path: "DROP INDEX idx;\n"])
        #expect(wrapped.tool == .flyway)
        #expect(wrapped.findings.first?.fix?.reason?.contains("executeInTransaction=false") == true)
        let tree = [
            path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n", path + ".conf": "executeInTransaction=false\n",
        ]
        #expect(try fixed(path, in: tree) == "ALTER TABLE t ADD c int;\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n")
    }

    @Test func postgresMigrationsCommentSwitchesTheTransactionOff() throws {
        let path = "migrations/0007-drop-idx.sql"
        let text = "-- postgres-migrations disable-transaction\nDROP INDEX idx;\n"
        #expect(analyze(path, in: [path: text]).tool == .postgresMigrations)
        #expect(
            try fixed(path, in: [path: text])
                == "-- postgres-migrations disable-transaction\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        let several = analyze(
            path, in: [path: "-- postgres-migrations disable-transaction\nSELECT 1;\nDROP INDEX idx;\n"])
        #expect(several.findings.first?.fix?.isSafe == false)
    }

    @Test func aPostgresMigrationsFolderIsKnownByOneFileWithTheComment() throws {
        // Found on the shared corpus: files without the comment still run in its transaction.
        let path = "migrations/0026-improve-index.sql"
        let tree = [
            path: "DROP INDEX idx;\nCREATE INDEX idx2 ON t (c);\n",
            "migrations/0023-catalog.sql":
                "-- postgres-migrations disable-transaction\nCREATE INDEX CONCURRENTLY x ON t (c);\n",
        ]
        let analysis = analyze(path, in: tree)
        #expect(analysis.tool == .postgresMigrations)
        #expect(analysis.findings.first?.fix?.isSafe == false)
        #expect(analyze("db/0001-init.sql", in: ["db/0001-init.sql": "DROP INDEX idx;\n"]).tool == .psql)
    }

    @Test func atlasSwitchesTheFileToTxmodeNone() throws {
        let path = "migrations/20240101000000_drop.sql"
        let tree = [path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n", "migrations/atlas.sum": "h1:abc=\n"]
        let analysis = analyze(path, in: tree)
        #expect(analysis.tool == .atlas)
        #expect(analysis.findings.first?.fix?.title.contains("atlas migrate hash") == true)
        #expect(
            analysis.findings.first?.fix?.title.contains("the file's other statements then run without a transaction")
                == true)
        #expect(
            try fixed(path, in: tree)
                == "-- atlas:txmode none\n\nALTER TABLE t ADD c int;\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n")
    }

    @Test func graphileNeedsNoTransactionAndTheDropAlone() throws {
        let path = "migrations/current.sql"
        #expect(
            try fixed(path, in: [path: "DROP INDEX idx;\n"])
                == "--! no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        let several = analyze(path, in: [path: "SELECT 1;\nDROP INDEX idx;\n"])
        #expect(several.tool == .graphileMigrate)
        #expect(several.findings.first?.fix?.isSafe == false)
    }

    @Test func plainFilesStayPsqlScripts() {
        let analysis = analyze("db/schema.sql", in: ["db/schema.sql": "DROP INDEX idx;\n"])
        #expect(analysis.tool == .psql)
        #expect(analysis.findings.first?.fix?.isSafe == true)
    }

    @Test func everyToolHasAModelThatSaysHowItRuns() {
        for tool in MigrationTool.allCases {
            let model = tool.executionModel(path: "x.sql", content: [], files: NoProjectFiles())
            #expect(!model.summary.isEmpty)
            #expect(!model.separateMigrationAdvice.isEmpty)
        }
    }
}
