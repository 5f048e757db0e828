import ConcurCore
import Testing

@Suite("Migration tools: detection, execution models and fixes that run")
struct MigrationToolTests {
    /// Analyses `path` inside a tree of files (path → text).
    func analyze(_ path: String, in tree: [String: String]) -> FileAnalysis {
        ProjectAnalyzer(files: InMemoryProjectFiles(tree)).analyze(SourceFile(path: path, text: tree[path] ?? ""))
    }

    /// The file after every safe fix (see `fixedTree`).
    func fixed(_ path: String, in tree: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        try fixedTree(path, in: tree, sourceLocation: sourceLocation)[path] ?? ""
    }

    /// The whole tree after every safe fix of `path`, created files included; checks that the
    /// fixes create no existing file and that the changed and created files leave nothing fixable
    /// and nothing PostgreSQL would reject.
    func fixedTree(_ path: String, in tree: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: String]
    {
        let analysis = analyze(path, in: tree)
        let result = String(
            decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
        var after = tree
        after[path] = result
        for created in analysis.safeCreatedFiles {
            #expect(tree[created.path] == nil, "a fix overwrites \(created.path)", sourceLocation: sourceLocation)
            after[created.path] = String(decoding: created.content, as: UTF8.self)
        }
        for changed in [path] + analysis.safeCreatedFiles.map(\.path) where changed.hasSuffix(".sql") {
            let again = analyze(changed, in: after)
            #expect(
                !again.findings.contains { $0.fix?.isSafe == true }, "fixing \(changed) did not settle",
                sourceLocation: sourceLocation)
            #expect(
                again.findings.allSatisfy { !$0.rule.hasPrefix("ban-") }, "\(changed) would fail",
                sourceLocation: sourceLocation)
        }
        return after
    }

    @Test func prismaMovesTheDropIntoANewMigration() throws {
        let path = "prisma/migrations/20230505085908_update_unique/migration.sql"
        let tree = [
            path:
                "-- DropIndex\nDROP INDEX \"Subscription_planId_key\";\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"S_key\" ON \"S\"(\"a\");\n",
            "prisma/migrations/migration_lock.toml": "provider = \"postgresql\"\n",
        ]
        let analysis = analyze(path, in: tree)
        #expect(analysis.tool == .prisma)
        #expect(
            analysis.findings.first?.context
                == "Prisma sends this migration.sql as one query string, which PostgreSQL runs as one transaction")
        let after = try fixedTree(path, in: tree)
        #expect(after[path] == "-- DropIndex\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"S_key\" ON \"S\"(\"a\");\n")
        let created = "prisma/migrations/20230505085909_drop_subscription_planid_key_concurrently/migration.sql"
        #expect(after[created]?.hasSuffix("\nDROP INDEX CONCURRENTLY IF EXISTS \"Subscription_planId_key\";\n") == true)
        // No room when the next migration already has the next version.
        var crowded = tree
        crowded["prisma/migrations/20230505085909_next/migration.sql"] = "SELECT 1;\n"
        let refused = try #require(analyze(path, in: crowded).findings.first?.fix)
        #expect(!refused.isSafe)
        #expect(refused.reason?.contains("leave no room") == true)
        // A migration that holds only the drop runs it alone and outside a transaction.
        let alone = [path: "-- DropIndex\nDROP INDEX \"Subscription_planId_key\";\n"]
        #expect(
            try fixed(path, in: alone)
                == "-- DropIndex\nDROP INDEX CONCURRENTLY IF EXISTS \"Subscription_planId_key\";\n")
    }

    @Test func dieselSwitchesItsTransactionOffOrMovesTheDrop() throws {
        let path = "migrations/2023-06-01-120000_drop_idx/up.sql"
        #expect(analyze(path, in: [path: "DROP INDEX idx;\n"]).tool == .diesel)
        let alone = try fixedTree(path, in: [path: "DROP INDEX idx;\n"])
        #expect(alone[path] == "DROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        #expect(alone["migrations/2023-06-01-120000_drop_idx/metadata.toml"] == "run_in_transaction = false\n")
        let metadata = [
            path: "DROP INDEX idx;\n",
            "migrations/2023-06-01-120000_drop_idx/metadata.toml": "run_in_transaction = false\n",
        ]
        #expect(try fixed(path, in: metadata) == "DROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        let several = try fixedTree(path, in: [path: "ALTER TABLE t ADD c int;\nDROP INDEX idx, other;\n"])
        #expect(several[path] == "ALTER TABLE t ADD c int;\n")
        let first = "migrations/2023-06-01-120001_drop_idx_concurrently/"
        #expect(several[first + "up.sql"]?.hasSuffix("DROP INDEX CONCURRENTLY IF EXISTS idx;\n") == true)
        #expect(several[first + "metadata.toml"] == "run_in_transaction = false\n")
        #expect(several[first + "down.sql"]?.contains("No down migration re-creates this index") == true)
        // When the original's down.sql re-creates the index, the new down part says so instead.
        let withDown = try fixedTree(
            path,
            in: [
                path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n",
                "migrations/2023-06-01-120000_drop_idx/down.sql":
                    "CREATE INDEX IF NOT EXISTS public.idx ON t (c);\nALTER TABLE t DROP c;\n",
            ])
        #expect(
            withDown[first + "down.sql"]
                == "-- Nothing to undo here: the down migration of 2023-06-01-120000_drop_idx re-creates the index.\n")
        #expect(
            several["migrations/2023-06-01-120002_drop_other_concurrently/up.sql"]?.hasSuffix(
                "DROP INDEX CONCURRENTLY IF EXISTS other;\n") == true)
    }

    @Test func golangMigrateGetsTheNextFreeVersion() throws {
        let path = "db/migrations/000012_drop_idx.up.sql"
        #expect(try fixed(path, in: [path: "DROP INDEX idx;\n"]) == "DROP INDEX CONCURRENTLY IF EXISTS idx;\n")
        let tree = [path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n"]
        #expect(analyze(path, in: tree).tool == .golangMigrate)
        let after = try fixedTree(path, in: tree)
        #expect(
            after["db/migrations/000013_drop_idx_concurrently.up.sql"]?.hasSuffix(
                "DROP INDEX CONCURRENTLY IF EXISTS idx;\n") == true)
        #expect(after["db/migrations/000013_drop_idx_concurrently.down.sql"] != nil)
        var crowded = tree
        crowded["db/migrations/000013_more.up.sql"] = "SELECT 1;\n"
        #expect(analyze(path, in: crowded).findings.first?.fix?.reason?.contains("leave no room") == true)
    }

    @Test func dbmateSwitchesTheSectionOffOrMovesTheDrop() throws {
        let path = "db/migrations/20240101000000_drop.sql"
        let text = "-- migrate:up\nDROP INDEX idx;\n\n-- migrate:down\nCREATE INDEX idx ON t (c);\n"
        #expect(analyze(path, in: [path: text]).tool == .dbmate)
        #expect(
            try fixed(path, in: [path: text])
                == "-- migrate:up transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n\n-- migrate:down\nCREATE INDEX idx ON t (c);\n"
        )
        let several = "-- migrate:up\nALTER TABLE t ADD c int;\nDROP INDEX idx;\n-- migrate:down\nDROP INDEX other;\n"
        let after = try fixedTree(path, in: [path: several])
        #expect(
            after[path]
                == "-- migrate:up\nALTER TABLE t ADD c int;\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS other;\n"
        )
        let created = try #require(after["db/migrations/20240101000001_drop_idx_concurrently.sql"])
        #expect(created.hasPrefix("-- migrate:up transaction:false\n"))
        #expect(created.contains("DROP INDEX CONCURRENTLY IF EXISTS idx;\n\n-- migrate:down\n"))
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

    @Test func flywayUsesItsScriptConfiguration() throws {
        let path = "src/main/resources/db/migration/V2__drop_idx.sql"
        #expect(analyze(path, in: [path: "DROP INDEX idx;\n"]).tool == .flyway)
        let alone = try fixedTree(path, in: [path: "DROP INDEX idx;\n"])
        #expect(alone[path + ".conf"] == "executeInTransaction=false\n")
        let mixed = try fixedTree(path, in: [path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n"])
        #expect(
            mixed["src/main/resources/db/migration/V2_1__drop_idx_concurrently.sql.conf"]
                == "executeInTransaction=false\n")
        let configured = [
            path: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n", path + ".conf": "executeInTransaction=false\n",
        ]
        #expect(try fixed(path, in: configured) == "ALTER TABLE t ADD c int;\nDROP INDEX CONCURRENTLY IF EXISTS idx;\n")
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
        // postgres-migrations numbers its files 1, 2, 3 … without gaps: a timestamp is never the
        // position of one of its migrations, whatever the folder's other files say.
        let stamped = "migrations/20240101120000_drop.sql"
        #expect(analyze(stamped, in: tree.merging([stamped: "DROP INDEX idx;\n"]) { $1 }).tool == .psql)
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

    /// Detection cuts paths into folders and names as bytes: multi-byte names, doubled and
    /// trailing slashes, and files at the root or without a folder.
    @Test func pathsAreCutIntoComponentsAsSplittingThemWould() {
        let none = InMemoryProjectFiles([:])
        func tool(_ path: String) -> MigrationTool { MigrationTool.detect(path: path, content: [], files: none) }
        #expect(tool("prisma/migrations/20240101_ümlaut_☕/migration.sql") == .prisma)
        #expect(tool("migrations//20240101_x//migration.sql") == .prisma)
        #expect(tool("/20240101_x/migration.sql") == .prisma)
        #expect(tool("migration.sql") == .psql)
        #expect(tool("/migration.sql") == .psql)
        #expect(tool("db/2024-01-01-000000_é/up.sql") == .diesel)
        #expect(tool("db/1_é.up.sql") == .golangMigrate)
        #expect(tool("migrations/committed/000001.sql") == .graphileMigrate)
        #expect(tool("committed/000001.sql") == .graphileMigrate)
        #expect(tool("/work//committed//000001.sql") == .graphileMigrate)
        #expect(tool("migrations/committedx/000001.sql") == .psql)
        #expect(tool("migrations/xcommitted/000001.sql") == .psql)
        #expect(tool("migrations/commit/000001.sql") == .psql)
        #expect(tool("sqitch/deploy/é.sql") == .psql)
    }
}
