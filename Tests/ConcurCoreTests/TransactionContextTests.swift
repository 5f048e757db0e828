import ConcurCore
import Testing

@Suite("Transaction blocks and execution models")
struct TransactionContextTests {
    @Test(arguments: [
        "BEGIN;", "begin work;", "BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE;", "START TRANSACTION READ WRITE;",
    ])
    func everyBeginOpensABlock(_ begin: String) throws {
        let analysis = analyze("\(begin)\nDROP INDEX CONCURRENTLY i;\nCOMMIT;")
        #expect(analysis.findings.map(\.rule) == ["ban-concurrent-index-deletion-in-transaction"])
    }

    @Test(arguments: ["COMMIT;", "END;", "commit work;", "END TRANSACTION;", "COMMIT AND NO CHAIN;"])
    func everyCommitClosesIt(_ commit: String) throws {
        let analysis = analyze("BEGIN;\nDROP INDEX i;\n\(commit)\nDROP INDEX CONCURRENTLY j;")
        #expect(analysis.findings.count == 1)
        let result = try fixed(analysis)
        #expect(result == "BEGIN;\n\(commit)\nDROP INDEX CONCURRENTLY IF EXISTS i;\nDROP INDEX CONCURRENTLY j;")
    }

    @Test(arguments: ["ROLLBACK;", "ABORT;", "ROLLBACK WORK;"])
    func rolledBackBlocksHaveNoFix(_ rollback: String) throws {
        let finding = try #require(analyze("BEGIN;\nDROP INDEX i;\n\(rollback)").findings.first)
        #expect(finding.fix?.isSafe == false)
        #expect(finding.fix?.reason?.contains("ROLLBACK") == true)
    }

    @Test func unclosedBlockHasNoFix() throws {
        let finding = try #require(analyze("BEGIN;\nDROP INDEX i;\n").findings.first)
        #expect(finding.fix?.reason?.contains("not closed") == true)
    }

    @Test func preparedTransactionHasNoFix() throws {
        let finding = try #require(
            analyze("BEGIN;\nDROP INDEX i;\nPREPARE TRANSACTION 'x';\nCOMMIT PREPARED 'x';").findings.first)
        #expect(finding.fix?.reason?.contains("PREPARE TRANSACTION") == true)
    }

    @Test func laterUseOfTheNameForbidsTheMove() throws {
        let analysis = analyze("BEGIN;\nDROP INDEX \"Idx\";\nCREATE INDEX \"Idx\" ON t (c);\nCOMMIT;")
        let finding = try #require(analysis.findings.first)
        #expect(finding.fix?.isSafe == false)
        #expect(finding.fix?.reason?.contains("refers to Idx") == true)
        // Case folding: an unquoted IDX is idx, not "Idx".
        let other = analyze("BEGIN;\nDROP INDEX \"Idx\";\nCREATE INDEX IDX ON t (c);\nCOMMIT;")
        #expect(other.findings.first?.fix?.isSafe == true)
    }

    /// A block of many drops: a later statement holds back exactly the drops whose names it
    /// uses (looked up by name, not compared with every drop), whatever their case or quoting,
    /// and a name that cannot be read holds back its own drop only.
    @Test func manyDropsInABlockAreEachHeldBackByTheirOwnNames() throws {
        var sql = "BEGIN;\n"
        for number in 0..<300 {
            sql += number % 2 == 0 ? "DROP INDEX idx_\(number);\n" : "DROP INDEX \"Idx_\(number)\";\n"
        }
        sql += "DROP INDEX {{ templated }};\n"
        sql += "ALTER TABLE t ADD COLUMN c int;\n"
        var used: Set<Int> = []
        for number in stride(from: 0, to: 300, by: 7) {
            used.insert(number)
            // Unquoted names fold to lower case; a quoted one keeps its case.
            sql +=
                number % 2 == 0
                ? "CREATE INDEX IDX_\(number) ON t (c);\n" : "CREATE INDEX \"Idx_\(number)\" ON t (c);\n"
        }
        sql += "COMMIT;\n"
        let findings = analyze(sql).findings
        #expect(findings.count == 301)
        for (number, finding) in findings.prefix(300).enumerated() {
            let reason = finding.fix?.reason ?? ""
            #expect(used.contains(number) == reason.contains("refers to"), "drop \(number): \(reason)")
            #expect(finding.fix?.isSafe == !used.contains(number))
        }
        #expect(findings[300].fix?.reason?.contains("cannot be read") == true)
    }

    /// The words of a transaction-control statement name no index: an index called `work` or
    /// `chain` still moves past `COMMIT WORK` or `COMMIT AND CHAIN` (it used to be refused as
    /// "referred to" by them).
    @Test(arguments: [
        ("work", "COMMIT WORK;\n"), ("chain", "COMMIT AND CHAIN;\nCOMMIT;\n"), ("transaction", "END TRANSACTION;\n"),
    ])
    func transactionControlWordsAreNoUseOfTheName(_ index: String, _ end: String) throws {
        let analysis = analyze("BEGIN;\nDROP INDEX \(index);\n\(end)")
        #expect(analysis.findings.first?.fix?.isSafe == true)
        #expect(try fixed(analysis) == "BEGIN;\n\(end)DROP INDEX CONCURRENTLY IF EXISTS \(index);\n")
    }

    @Test func laterDropOfTheSameIndexDoesNotBlockTheMoveSoOnePassSettles() throws {
        // Found by the pglast differential test: the first drop used to be blocked by the second,
        // and became movable only after the second had moved.
        let sql = "BEGIN;\nDROP INDEX idx_a;\nSELECT 1;\nDROP INDEX IF EXISTS \"idx_a\";\nCOMMIT;\n"
        let analysis = analyze(sql)
        #expect(analysis.findings.allSatisfy { $0.fix?.isSafe == true })
        let result = try fixed(analysis)
        #expect(
            result
                == "BEGIN;\nSELECT 1;\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS idx_a;\nDROP INDEX CONCURRENTLY IF EXISTS \"idx_a\";\n"
        )
        #expect(analyze(result).findings.isEmpty)
    }

    @Test func savepointRollbackForbidsTheMove() throws {
        let analysis = analyze("BEGIN;\nSAVEPOINT s;\nDROP INDEX i;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;")
        #expect(analysis.findings.first?.fix?.isSafe == false)
    }

    @Test func commitAndChainKeepsTheBlockOpen() throws {
        let analysis = analyze("BEGIN;\nDROP INDEX i;\nCOMMIT AND CHAIN;\nSELECT 1;\nCOMMIT;\n")
        #expect(
            try fixed(analysis)
                == "BEGIN;\nCOMMIT AND CHAIN;\nSELECT 1;\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS i;\n")
    }

    @Test func beginInsideBodiesIsNotABlock() throws {
        let sql = "CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END $$ LANGUAGE plpgsql;\nDROP INDEX i;"
        #expect(try fixed(analyze(sql)).hasSuffix("DROP INDEX CONCURRENTLY IF EXISTS i;"))
        let atomic = "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nDROP INDEX i;"
        #expect(try fixed(analyze(atomic)).hasSuffix("DROP INDEX CONCURRENTLY IF EXISTS i;"))
    }

    @Test func severalDropsMovedAfterOneCommitKeepTheirOrder() throws {
        let sql = "BEGIN;\nDROP INDEX a;\nUPDATE t SET x = 1;\nDROP INDEX b, c;\nCOMMIT;\n"
        #expect(
            try fixed(analyze(sql)) == """
                BEGIN;
                UPDATE t SET x = 1;
                COMMIT;
                DROP INDEX CONCURRENTLY IF EXISTS a;
                DROP INDEX CONCURRENTLY IF EXISTS b;
                DROP INDEX CONCURRENTLY IF EXISTS c;

                """)
    }

    @Test func commitWithoutSemicolonAtTheEnd() throws {
        #expect(
            try fixed(analyze("BEGIN;\n  DROP INDEX a;\n  COMMIT"))
                == "BEGIN;\n  COMMIT;\n  DROP INDEX CONCURRENTLY IF EXISTS a;")
    }

    @Test func singleTransactionModelHasNoFix() throws {
        let analysis = analyze("DROP INDEX a;", model: .psqlSingleTransaction)
        let fix = try #require(analysis.findings.first?.fix)
        #expect(!fix.isSafe)
        #expect(fix.reason?.contains("psql --single-transaction") == true)
        let concurrent = analyze("DROP INDEX CONCURRENTLY a;", model: .psqlSingleTransaction)
        #expect(concurrent.findings.map(\.rule) == ["ban-concurrent-index-deletion-in-transaction"])
    }

    @Test func wholeFileAsOneQueryNeedsTheDropAlone() throws {
        let oneQuery = ExecutionModel(
            name: "a one-string runner", wrapsFileInTransaction: false, delivery: .wholeFileAsOneQuery)
        #expect(
            try fixed(analyze("-- only this\nDROP INDEX a;\n", model: oneQuery))
                == "-- only this\nDROP INDEX CONCURRENTLY IF EXISTS a;\n")
        let shared = analyze("SELECT 1;\nDROP INDEX a;\n", model: oneQuery)
        #expect(shared.findings.first?.fix?.isSafe == false)
        #expect(shared.findings.first?.fix?.reason?.contains("one query string") == true)
    }

    /// One reading checked for two models (an Alembic `op.execute`'s SQL as it runs there and
    /// statement by statement) gives what two separate analyses give.
    @Test(arguments: [
        "", "SELECT 1;", "DROP INDEX a;", "BEGIN;\nDROP INDEX a;\nCOMMIT;\nDROP INDEX CONCURRENTLY b, c;",
        "SELECT 1;\n-- concur-ignore: require-concurrent-index-deletion\nDROP INDEX a CASCADE;\nDROP INDEX b",
        "-- concur-ignore: no-such-rule\nSELECT 1;", "DROP INDEX a; SELECT 'unterminated", "DROP INDEX a;\0",
    ])
    func oneReadingServesTwoModels(_ sql: String) {
        let source = SourceFile(path: "test.sql", text: sql)
        for (first, second) in [
            (ExecutionModel.psqlSingleTransaction, ExecutionModel.psqlScript),
            (.psqlScript, .psqlSingleTransaction),
        ] {
            let (analysis, other) = SQLAnalyzer().analyze(source, model: first, alsoAs: second)
            let separate = (SQLAnalyzer().analyze(source, model: first), SQLAnalyzer().analyze(source, model: second))
            #expect(analysis.findings == separate.0.findings)
            #expect(analysis.problem == separate.0.problem)
            #expect(other.findings == separate.1.findings)
            #expect(other.problem == separate.1.problem)
        }
    }

    @Test func psqlSendLaterSemicolonJoinsAQuery() throws {
        let analysis = analyze("SELECT 1\\; DROP INDEX a;\nDROP INDEX b;")
        #expect(analysis.findings.map { $0.fix?.isSafe } == [false, true])
    }
}
