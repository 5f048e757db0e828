import ConcurCore
import Foundation
import Testing

/// A revision file around `body`, the body of `upgrade()` (indented by the caller).
private func revision(_ body: String, imports: String = "from alembic import op\nimport sqlalchemy as sa\n") -> String {
    imports + "\n\ndef upgrade():\n" + body + "\n\ndef downgrade():\n    pass\n"
}

private func analyzeAlembic(_ text: String, addsIfExists: Bool = false) -> FileAnalysis {
    AlembicAnalyzer(addsIfExists: addsIfExists).analyze(SourceFile(path: "versions/001.py", text: text))
}

/// The file after every safe fix, applied together.
private func fixed(_ text: String, addsIfExists: Bool = false) throws -> String {
    let analysis = analyzeAlembic(text, addsIfExists: addsIfExists)
    return String(decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
}

private func lines(_ analysis: FileAnalysis) -> [Int] {
    let index = LineIndex(analysis.source)
    return analysis.findings.map { index.position(of: $0.range.start, in: analysis.source.bytes).line }
}

@Suite("Alembic revisions")
struct AlembicTests {
    @Test func aPlainDropIndexGetsTheKeywordAndABlock() throws {
        let text = revision("    op.drop_index(\"ix_users_email\", table_name=\"users\")")
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.map(\.rule) == ["require-concurrent-index-deletion"])
        #expect(lines(analysis) == [6])
        #expect(analysis.findings[0].fix?.note?.contains("commits what the migration did before it") == true)
        #expect(
            try fixed(text)
                == revision(
                    "    with op.get_context().autocommit_block():\n"
                        + "        op.drop_index(\"ix_users_email\", table_name=\"users\", postgresql_concurrently=True)"
                ))
    }

    @Test func everyArgumentFormIsFlaggedAndKept() throws {
        let forms = [
            "op.drop_index(index_name=\"ix_a\", table_name=\"t\")",
            "op.drop_index(op.f(\"ix_a\"), \"t\")",
            "op.drop_index(\"ix_a\", table_name=\"t\", schema=\"app\", if_exists=True)",
            "op.drop_index('ix_a', table_name='t',)",
            "op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=False)",
        ]
        let results = [
            "op.drop_index(index_name=\"ix_a\", table_name=\"t\", postgresql_concurrently=True)",
            "op.drop_index(op.f(\"ix_a\"), \"t\", postgresql_concurrently=True)",
            "op.drop_index(\"ix_a\", table_name=\"t\", schema=\"app\", if_exists=True, postgresql_concurrently=True)",
            "op.drop_index('ix_a', table_name='t', postgresql_concurrently=True,)",
            "op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=True)",
        ]
        for (form, result) in zip(forms, results) {
            let text = revision("    " + form)
            #expect(analyzeAlembic(text).findings.map(\.rule) == ["require-concurrent-index-deletion"], "\(form)")
            #expect(
                try fixed(text) == revision("    with op.get_context().autocommit_block():\n        " + result),
                "\(form)")
        }
    }

    @Test func aMultiLineCallKeepsItsLayoutAndComments() throws {
        let text = revision(
            """
                op.drop_index(
                    "ix_orders_created",  # the old one
                    table_name="orders",
                    schema="app"
                )
            """)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.drop_index(
                                "ix_orders_created",  # the old one
                                table_name="orders",
                                schema="app",
                                postgresql_concurrently=True,
                            )
                    """))
    }

    /// Found by fuzzing: a `False` that begins its line got the block's extra indentation at the
    /// same offset as its own replacement, and building the fix crashed.
    @Test func aFlippedValueThatBeginsItsLineIsIndentedThenReplaced() throws {
        for indent in ["", "        "] {
            let text = revision(
                "    op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=\n\(indent)False)")
            let analysis = analyzeAlembic(text)
            #expect(analysis.findings.first?.fix?.isSafe == true, "indent \(indent.count)")
            #expect(
                try fixed(text)
                    == revision(
                        "    with op.get_context().autocommit_block():\n"
                            + "        op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=\n"
                            + "\(indent)    True)"),
                "indent \(indent.count)")
        }
    }

    @Test func ifExistsIsAddedWhenAsked() throws {
        let text = revision("    op.drop_index(\"ix_a\", table_name=\"t\")")
        #expect(
            try fixed(text, addsIfExists: true)
                == revision(
                    "    with op.get_context().autocommit_block():\n"
                        + "        op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=True, if_exists=True)"
                ))
    }

    @Test func aConcurrentDropOutsideABlockIsAnError() throws {
        let text = revision("    op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=True)")
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.map(\.rule) == ["ban-concurrent-index-deletion-in-transaction"])
        #expect(analysis.findings.map(\.severity) == [.error])
        #expect(
            try fixed(text)
                == revision(
                    "    with op.get_context().autocommit_block():\n"
                        + "        op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=True)"))
    }

    @Test func aConcurrentDropInsideABlockIsFine() {
        let text = revision(
            """
                with op.get_context().autocommit_block():
                    op.drop_index("ix_a", table_name="t", postgresql_concurrently=True)
                    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_b")
            """)
        #expect(analyzeAlembic(text).findings.isEmpty)
    }

    @Test func aPlainDropInsideABlockOnlyGetsTheKeyword() throws {
        let text = revision(
            """
                with op.get_context().autocommit_block():
                    op.drop_index("ix_a", table_name="t")
            """)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_a", table_name="t", postgresql_concurrently=True)
                    """))
    }

    @Test func anAdjacentBlockIsReused() throws {
        let text = revision(
            """
                with op.get_context().autocommit_block():
                    op.drop_index("ix_a", table_name="t", postgresql_concurrently=True)
                op.drop_index("ix_b", table_name="t")
            """)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_a", table_name="t", postgresql_concurrently=True)
                            op.drop_index("ix_b", table_name="t", postgresql_concurrently=True)
                    """))
    }

    @Test func consecutiveDropsFixedTogetherShareOneBlockAndEachFixStandsAlone() throws {
        let text = revision(
            """
                op.drop_index("ix_a", table_name="t")
                # the second one
                op.drop_index("ix_b", table_name="t")
                op.add_column("t", sa.Column("x", sa.Integer()))
                op.drop_index("ix_c", table_name="t")
            """)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_a", table_name="t", postgresql_concurrently=True)
                        # the second one
                            op.drop_index("ix_b", table_name="t", postgresql_concurrently=True)
                        op.add_column("t", sa.Column("x", sa.Integer()))
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_c", table_name="t", postgresql_concurrently=True)
                    """))
        // Only the second: it opens its own block.
        let analysis = analyzeAlembic(text)
        let second = try #require(analysis.findings[1].fix)
        let alone = String(decoding: try EditApplier.apply(second.edits, to: analysis.source.bytes), as: UTF8.self)
        #expect(
            alone
                == revision(
                    """
                        op.drop_index("ix_a", table_name="t")
                        # the second one
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_b", table_name="t", postgresql_concurrently=True)
                        op.add_column("t", sa.Column("x", sa.Integer()))
                        op.drop_index("ix_c", table_name="t")
                    """))
    }

    @Test func batchDropsMoveOutOfTheBatch() throws {
        let text = revision(
            """
                with op.batch_alter_table("accounts", schema="app") as batch_op:
                    batch_op.add_column(sa.Column("x", sa.Integer()))
                    batch_op.drop_index(batch_op.f("ix_accounts_old"))
                op.add_column("t", sa.Column("y", sa.Integer()))
            """)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.map(\.rule) == ["require-concurrent-index-deletion"])
        #expect(analysis.findings.first?.message.hasPrefix("batch_op.drop_index") == true)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.batch_alter_table("accounts", schema="app") as batch_op:
                            batch_op.add_column(sa.Column("x", sa.Integer()))
                        with op.get_context().autocommit_block():
                            op.drop_index(op.f("ix_accounts_old"), table_name="accounts", schema="app", postgresql_concurrently=True)
                        op.add_column("t", sa.Column("y", sa.Integer()))
                    """))
    }

    @Test func aBatchWithOnlyTheDropBecomesTheBlock() throws {
        let text = revision(
            """
                with op.batch_alter_table("accounts") as b:
                    b.drop_index("ix_old")
            """)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_old", table_name="accounts", postgresql_concurrently=True)
                    """))
    }

    @Test func aBatchOfOnlyDropsBecomesOneBlock() throws {
        let text = revision(
            """
                with op.batch_alter_table("accounts", schema="app") as batch_op:
                    batch_op.drop_index("ix_a")
                    batch_op.drop_index(batch_op.f("ix_b"), if_exists=True)
            """)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.count == 2)
        #expect(
            analysis.findings[1].fix?.reason?.contains("the fix of its first drop (line 7) moves this one too") == true)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.drop_index("ix_a", table_name="accounts", schema="app", postgresql_concurrently=True)
                            op.drop_index(op.f("ix_b"), table_name="accounts", schema="app", if_exists=True, postgresql_concurrently=True)
                    """))
    }

    @Test func aBatchDropWhoseNameIsUsedLaterHasNoFix() {
        let text = revision(
            """
                with op.batch_alter_table("accounts") as batch_op:
                    batch_op.drop_index("ix_old")
                    batch_op.create_index("ix_old", ["a", "b"])
            """)
        let fix = analyzeAlembic(text).findings.first?.fix
        #expect(fix?.isSafe == false)
        #expect(fix?.reason?.contains("a later operation in the batch block uses ix_old") == true)
    }

    @Test func executeWithConstantSQLIsCheckedByTheSQLEngine() throws {
        let text = revision(
            """
                op.execute("DROP INDEX ix_a")
                op.execute(sa.text('drop index if exists "App"."Ix_B"'))
                op.execute(text(\"\"\"
                    DROP INDEX ix_c;
                \"\"\"))
                op.execute("DROP INDEX " "ix_d")
            """)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.map(\.rule) == Array(repeating: "require-concurrent-index-deletion", count: 4))
        #expect(lines(analysis) == [6, 7, 9, 11])
        let index = LineIndex(analysis.source)
        // Positions point into the string, at the DROP key word.
        #expect(index.position(of: analysis.findings[0].range.start, in: analysis.source.bytes).column == 17)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_a")
                            op.execute(sa.text('drop index concurrently if exists "App"."Ix_B"'))
                            op.execute(text(\"\"\"
                            DROP INDEX CONCURRENTLY IF EXISTS ix_c;
                        \"\"\"))
                            op.execute("DROP INDEX CONCURRENTLY IF EXISTS " "ix_d")
                    """))
    }

    @Test func executeWithSeveralStatementsIsSplitIntoCalls() throws {
        let text = revision("    op.execute(\"UPDATE t SET a = 1; DROP INDEX ix_a, ix_b; ANALYZE t\")")
        #expect(
            try fixed(text)
                == revision(
                    """
                        op.execute("UPDATE t SET a = 1")
                        with op.get_context().autocommit_block():
                            op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_a")
                            op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_b")
                        op.execute("ANALYZE t")
                    """))
    }

    @Test func aDropOfACallThatCannotBeRewrittenSaysWhichStatementStopsIt() {
        let text = revision(
            """
                op.execute(
                    "DROP INDEX ix_a; "
                    "DROP INDEX ix_b CASCADE; "
                    "DROP INDEX ix_c"
                )
            """)
        let analysis = analyzeAlembic(text)
        let reasons = analysis.findings.map { $0.fix?.reason ?? "" }
        #expect(analysis.findings.count == 3)
        #expect(analysis.findings.allSatisfy { $0.fix?.isSafe == false })
        // Each drop without CASCADE points at the line of the one with it, which gives its own reason;
        // none points at a fix of the first drop, which has none.
        #expect(reasons[0].hasPrefix("another statement of this op.execute call (line 8) has no automatic fix"))
        #expect(reasons[1].hasPrefix("DROP INDEX CONCURRENTLY does not support CASCADE"))
        #expect(reasons[2] == reasons[0])
        #expect(!reasons.contains { $0.contains("the fix of the first drop") })
        // When the call can be rewritten, its first drop's fix rewrites the others.
        let fine = analyzeAlembic(revision("    op.execute(\"DROP INDEX ix_a; DROP INDEX ix_b\")"))
        #expect(fine.findings.first?.fix?.isSafe == true)
        let rewritesThisOne = "the fix of the first drop in this op.execute call rewrites this one too"
        #expect(fine.findings.last?.fix?.reason == rewritesThisOne)
        #expect(fine.rewrittenBySafeFixes == [false, true])
        #expect(analysis.rewrittenBySafeFixes == [false, false, false])
    }

    @Test func executeInsideABlockWithTwoStatementsIsAnImplicitTransaction() throws {
        let text = revision(
            """
                with op.get_context().autocommit_block():
                    op.execute("DROP INDEX CONCURRENTLY a; DROP INDEX CONCURRENTLY b")
            """)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.map(\.rule).first == "ban-concurrent-index-deletion-in-transaction")
        #expect(
            try fixed(text)
                == revision(
                    """
                        with op.get_context().autocommit_block():
                            op.execute("DROP INDEX CONCURRENTLY a")
                            op.execute("DROP INDEX CONCURRENTLY b")
                    """))
    }

    @Test func escapesInTheSQLStringAreDecoded() {
        let text = revision("    op.execute(\"DROP\\tINDEX \\\"ix\\\\a\\\"\")")
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.map(\.rule) == ["require-concurrent-index-deletion"])
    }

    @Test func cascadeHasNoFixAndSaysWhy() {
        let text = revision("    op.execute(\"DROP INDEX ix_a CASCADE\")")
        let fix = analyzeAlembic(text).findings.first?.fix
        #expect(fix?.isSafe == false)
        #expect(fix?.reason?.contains("CASCADE") == true)
    }

    @Test func sqlBuiltAtRunTimeIsReportedWithoutAFix() {
        let text = revision(
            """
                name = "ix_a"
                op.execute(f"DROP INDEX {name}")
                op.execute("DROP INDEX %s" % name)
                op.execute("SELECT %s" % name)
            """)
        let analysis = analyzeAlembic(text)
        #expect(
            analysis.findings.map(\.rule) == ["require-concurrent-index-deletion", "require-concurrent-index-deletion"])
        #expect(analysis.findings.allSatisfy { $0.fix?.isSafe == false })
        #expect(analysis.findings[0].fix?.reason?.contains("built when the migration runs") == true)
    }

    @Test func loopsHelpersAndExpressionsAreReportedWithoutAFix() {
        let text = """
            from alembic import op


            def upgrade():
                for name in ["ix_a", "ix_b"]:
                    op.drop_index(name, table_name="t")
                result = op.drop_index("ix_c", table_name="t")
                _drop()


            def _drop():
                op.drop_index("ix_d", table_name="t")
            """
        let analysis = analyzeAlembic(text)
        #expect(lines(analysis) == [6, 7, 12])
        let reasons = analysis.findings.map { $0.fix?.reason ?? "" }
        #expect(reasons[0].contains("in a loop"))
        #expect(reasons[1].contains("part of a larger statement"))
        #expect(reasons[2].contains("helper function _drop()"))
        #expect(analysis.safeEdits.isEmpty)
    }

    @Test func nothingInCommentsDocstringsOrOtherStringsIsFlagged() {
        let text = revision(
            """
                \"\"\"op.drop_index("ix_a", table_name="t")\"\"\"
                # op.drop_index("ix_b", table_name="t")
                log = 'op.execute("DROP INDEX ix_c")'
                search.drop_index("products")
                self.op.drop_index("ix_d")
                op.drop_index_later("ix_e")
            """)
        #expect(analyzeAlembic(text).findings.isEmpty)
    }

    @Test func anAliasedImportIsFollowed() throws {
        let text = revision(
            "    alembic_op.drop_index(\"ix_a\", table_name=\"t\")", imports: "from alembic import op as alembic_op\n")
        #expect(
            analyzeAlembic(text).findings.first?.fix?.title
                == "Add postgresql_concurrently=True and run it in `with alembic_op.get_context().autocommit_block():`")
        #expect(
            try fixed(text)
                == revision(
                    "    with alembic_op.get_context().autocommit_block():\n"
                        + "        alembic_op.drop_index(\"ix_a\", table_name=\"t\", postgresql_concurrently=True)",
                    imports: "from alembic import op as alembic_op\n"))
    }

    @Test func aBatchDropMovedUnderAnAliasedImportUsesTheAlias() throws {
        let imports = "from alembic import op as alembic_op\n"
        let text = revision(
            """
                with alembic_op.batch_alter_table("accounts") as batch_op:
                    batch_op.add_column(sa.Column("x", sa.Integer()))
                    batch_op.drop_index(batch_op.f("ix_old"))
            """, imports: imports)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.first?.fix?.title.contains("`with alembic_op.get_context().autocommit_block():`") == true)
        #expect(
            try fixed(text)
                == revision(
                    """
                        with alembic_op.batch_alter_table("accounts") as batch_op:
                            batch_op.add_column(sa.Column("x", sa.Integer()))
                        with alembic_op.get_context().autocommit_block():
                            alembic_op.drop_index(alembic_op.f("ix_old"), table_name="accounts", postgresql_concurrently=True)
                    """, imports: imports))
    }

    @Test func executeIsReadWhenItsSQLMentionsDropOrAnIgnoreComment() {
        // SQL without the word DROP and without an ignore comment is not read: nothing to find.
        #expect(analyzeAlembic(revision("    op.execute(\"UPDATE t SET a = 1\")")).findings.isEmpty)
        // DROP in any case is read, and a mention inside a SQL string is still no drop.
        #expect(
            analyzeAlembic(revision("    op.execute(\"dRoP InDeX ix_a\")")).findings.map(\.rule) == [
                "require-concurrent-index-deletion"
            ])
        #expect(analyzeAlembic(revision("    op.execute(\"UPDATE t SET a = 'drop index'\")")).findings.isEmpty)
        // A misspelt ignore comment is reported although the SQL drops nothing.
        let misspelt = revision("    op.execute(\"-- concur-ignore require-concurent-index-deletion\\nSELECT 1\")")
        #expect(analyzeAlembic(misspelt).findings.map(\.rule) == ["invalid-ignore-comment"])
    }

    @Test func tabsAndCRLFAreKept() throws {
        let text =
            "from alembic import op\r\n\r\ndef upgrade():\r\n\top.drop_index(\r\n\t\t\"ix_a\",\r\n\t\ttable_name=\"t\",\r\n\t)\r\n"
        #expect(
            try fixed(text)
                == "from alembic import op\r\n\r\ndef upgrade():\r\n\twith op.get_context().autocommit_block():\r\n\t\top.drop_index(\r\n\t\t\t\"ix_a\",\r\n\t\t\ttable_name=\"t\",\r\n\t\t\tpostgresql_concurrently=True,\r\n\t\t)\r\n"
        )
    }

    @Test func ignoreCommentsWork() {
        let text = revision(
            """
                # concur-ignore require-concurrent-index-deletion: tiny table
                op.drop_index("ix_a", table_name="t")
                op.drop_index("ix_b", table_name="t")  # concur-ignore require-concurrent-index-deletion
                op.execute("DROP INDEX ix_c")  # concur-ignore require-concurrent-index-deletion
                op.drop_index("ix_d", table_name="t")
                # concur-ignore require-concurent-index-deletion
                op.drop_index("ix_e", table_name="t")
            """)
        let analysis = analyzeAlembic(text)
        #expect(
            analysis.findings.map(\.rule) == [
                "require-concurrent-index-deletion", "invalid-ignore-comment", "require-concurrent-index-deletion",
            ])
        #expect(lines(analysis) == [10, 11, 12])
        let whole = analyzeAlembic("# concur-ignore-file\n" + text)
        #expect(whole.findings.map(\.rule) == ["invalid-ignore-comment"])
    }

    @Test func theIgnoreDecisionWritesAPythonComment() throws {
        let text = revision("    op.execute(\n        \"DROP INDEX ix_a\"\n    )")
        let analysis = analyzeAlembic(text)
        let finding = try #require(analysis.findings.first)
        let edit = IgnoreCommentEdit.make(for: finding, in: analysis.source, reason: "tiny table")
        let written = String(decoding: try EditApplier.apply([edit], to: analysis.source.bytes), as: UTF8.self)
        #expect(
            written.contains("    # concur-ignore require-concurrent-index-deletion: tiny table\n    op.execute(\n"))
        #expect(analyzeAlembic(written).findings.isEmpty)
    }

    @Test func indentationPythonRefusesIsAProblem() {
        let text =
            "from alembic import op\n\ndef upgrade():\n    if x:\n        op.drop_index(\"a\")\n      op.drop_index(\"b\")\n"
        #expect(analyzeAlembic(text).problem?.message == "unindent does not match any outer indentation level")
        #expect(analyzeAlembic("def upgrade():\npass\n").problem?.message == "expected an indented block")
        #expect(analyzeAlembic("x = 1\n    y = 2\n").problem?.message == "unexpected indent")
        #expect(analyzeAlembic("op.drop_index(\"a\"\n").problem?.message == "this bracket is never closed")
        #expect(analyzeAlembic("x = 1\ry = 2\n").problem?.message.hasPrefix("a lone carriage return") == true)
        #expect(
            analyzeAlembic("def upgrade():\n\\   op.drop_index(\"a\")\n").problem?.message
                == "unexpected character after line continuation character")
        #expect(analyzeAlembic("x = (1 +\\\n  2)\ny = 1 + \\\n  2\n").problem == nil)
        // A file that ends in a backslash, with or without a CR after it (found by fuzzing: a
        // batch drop moved after such a last line was joined to it).
        for ending in ["\\", "\\\r"] {
            #expect(
                analyzeAlembic("def upgrade():\n    x = 1 " + ending).problem?.message
                    == "unexpected end of file after line continuation")
        }
    }

    @Test func anUnterminatedStringIsAProblemNotACrash() {
        let analysis = analyzeAlembic(revision("    op.drop_index(\"ix_a\", table_name=\"t\")\n    x = \"oops"))
        #expect(analysis.problem?.message == "unterminated string literal")
        #expect(analysis.findings.map(\.rule) == ["require-concurrent-index-deletion"])
    }
}

@Suite("Alembic revision detection")
struct AlembicRevisionTests {
    @Test func revisionsAreFoundByImportOrFolder() {
        let files = InMemoryProjectFiles([
            "app/migrations/env.py": "", "db/alembic.ini": "[alembic]\nscript_location = %(here)s/schema\n",
        ])
        let op = Array("from alembic import op\n".utf8)
        let plain = Array("import requests\n".utf8)
        #expect(AlembicRevision.classify(path: "anywhere/x.py", content: op, files: files) == .revision)
        #expect(
            AlembicRevision.classify(path: "app/migrations/versions/1.py", content: plain, files: files) == .revision)
        #expect(AlembicRevision.classify(path: "db/schema/versions/1.py", content: plain, files: files) == .revision)
        #expect(AlembicRevision.classify(path: "app/search/client.py", content: plain, files: files) == .notAMigration)
        #expect(
            AlembicRevision.classify(
                path: "x.py", content: Array("from alembic import context\n".utf8), files: files) == .notAMigration)
        #expect(
            AlembicRevision.classify(
                path: "x.py", content: Array("from alembic import (\n    context,\n    op,\n)\n".utf8), files: files)
                == .revision)
    }

    @Test func revisionsForOtherDatabasesAreSkipped() {
        let files = InMemoryProjectFiles(["lite/alembic.ini": "[alembic]\nsqlalchemy.url = sqlite:///app.db\n"])
        let op = Array("from alembic import op\n".utf8)
        #expect(
            AlembicRevision.classify(path: "migrations/sqlite/versions/1.py", content: op, files: files)
                == .otherDatabase("sqlite"))
        #expect(
            AlembicRevision.classify(path: "lite/versions/1.py", content: op, files: files) == .otherDatabase("sqlite"))
        #expect(
            AlembicRevision.classify(path: "migrations/postgresql/versions/1.py", content: op, files: files)
                == .revision)
        // Folder names in any letter case, the first one that names a database; never the file.
        #expect(
            AlembicRevision.classify(path: "/srv/MySQL//SQLite/versions/1.py", content: op, files: files)
                == .otherDatabase("mysql"))
        #expect(AlembicRevision.classify(path: "db/MSSQL/2.py", content: op, files: files) == .otherDatabase("mssql"))
        #expect(AlembicRevision.classify(path: "sqlite3/versions/1.py", content: op, files: files) == .revision)
        #expect(AlembicRevision.classify(path: "versions/sqlite", content: op, files: files) == .revision)
        #expect(AlembicRevision.classify(path: "é/oracle/ü.py", content: op, files: files) == .otherDatabase("oracle"))
    }

    @Test func aSearchClientWithItsOwnDropIndexIsNeverFlagged() {
        let analyzer = ProjectAnalyzer(files: NoProjectFiles())
        let client = SourceFile(
            path: "app/search.py",
            text: "class Search:\n    def reset(self):\n        self.client.drop_index('products')\n")
        let analysis = analyzer.analyze(client)
        #expect(analysis.findings.isEmpty)
        #expect(analysis.skipReason == "not an Alembic revision")
    }

    /// `.py` in any letter case is Python; a name that only ends in "py" is not.
    @Test func pythonFilesAreKnownByTheirSuffixInAnyCase() {
        let analyzer = ProjectAnalyzer(files: NoProjectFiles())
        let revision = "from alembic import op\n\ndef upgrade():\n    op.drop_index(\"ix\", table_name=\"t\")\n"
        for path in ["m/1.PY", "m/1.Py", "m/1.py"] {
            let analysis = analyzer.analyze(SourceFile(path: path, text: revision))
            #expect(analysis.tool == .alembic, "\(path)")
            #expect(analysis.findings.count == 1, "\(path)")
        }
        #expect(analyzer.analyze(SourceFile(path: "m/1.spy", text: revision)).tool != .alembic)
        #expect("É.PY".hasSuffix(ignoringASCIICase: ".py"))
        #expect(!"py".hasSuffix(ignoringASCIICase: ".py"))
    }
}

@Suite("Alembic configuration")
struct AlembicConfigurationTests {
    @Test func ifExistsIsConfigured() throws {
        let configuration = try Configuration.parse("[alembic]\nif-exists = true\n", file: ".concur.toml")
        let analyzer = ProjectAnalyzer(files: NoProjectFiles(), configuration: configuration)
        let source = SourceFile(
            path: "x.py",
            text: "from alembic import op\n\ndef upgrade():\n    op.drop_index(\"ix\", table_name=\"t\")\n")
        let analysis = analyzer.analyze(source)
        let written = String(decoding: try EditApplier.apply(analysis.safeEdits, to: source.bytes), as: UTF8.self)
        #expect(
            written.contains("op.drop_index(\"ix\", table_name=\"t\", postgresql_concurrently=True, if_exists=True)"))
    }

    @Test func badValuesNameTheKeyAndWhatIsAllowed() {
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse("[alembic]\nif-exists = \"yes\"\n", file: ".concur.toml")
        }
        do {
            _ = try Configuration.parse("[alembic]\nif_exist = true\n", file: ".concur.toml")
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.message.contains("if-exists = true or false"))
            #expect(error.key == "if_exist")
        }
    }

    @Test func aConfiguredToolMakesAnyPythonFileARevision() throws {
        let configuration = try Configuration.parse("[tools]\n\"db/**\" = \"alembic\"\n", file: ".concur.toml")
        let analyzer = ProjectAnalyzer(files: NoProjectFiles(), configuration: configuration)
        let source = SourceFile(path: "db/x.py", text: "def upgrade():\n    op.drop_index(\"ix\")\n")
        #expect(analyzer.analyze(source).findings.map(\.rule) == ["require-concurrent-index-deletion"])
    }
}

/// Inputs the fuzzer once broke (Fuzz/seeds/alembic-regression-*.py), replayed with the fuzzer's
/// invariants, and the smallest forms of each bug.
@Suite("Alembic fuzz regressions")
struct AlembicFuzzRegressionTests {
    static var seeds: [URL] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("alembic-regression-") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: seeds)
    func replayedSeedsSettleInOnePass(_ url: URL) throws {
        // As the fuzzer reads its input: NUL bytes become spaces, odd first bytes get a revision header.
        var bytes = Array(try Data(contentsOf: url)).map { $0 == 0 ? 0x20 : $0 }
        if let first = bytes.first, first & 1 == 1 {
            bytes =
                Array("from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    ".utf8)
                + bytes.dropFirst()
        }
        let analyzer = AlembicAnalyzer(addsIfExists: bytes.count % 3 == 0)
        let analysis = analyzer.analyze(SourceFile(path: "versions/fuzz.py", bytes: bytes))
        // A file Python would refuse is reported, and `concur fix` leaves it alone.
        guard analysis.problem == nil else { return }
        let fixed = try EditApplier.apply(analysis.safeEdits, to: bytes)
        let again = analyzer.analyze(SourceFile(path: "versions/fuzz.py", bytes: fixed))
        #expect(again.problem == nil, "fixing made the file unreadable")
        #expect(!again.findings.contains { $0.fix?.isSafe == true })
        #expect(try EditApplier.apply(again.safeEdits, to: fixed) == fixed)
    }

    @Test func callsAtDifferentIndentationNeverShareABlock() throws {
        let text =
            "from alembic import op\n\ndef upgrade():\n    if x:\n        op.drop_index(\"a\")\n    op.drop_index(\"b\")\n"
        let analysis = analyzeAlembic(text)
        let written = String(
            decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
        #expect(
            written
                == "from alembic import op\n\ndef upgrade():\n    if x:\n        with op.get_context().autocommit_block():\n            op.drop_index(\"a\", postgresql_concurrently=True)\n    with op.get_context().autocommit_block():\n        op.drop_index(\"b\", postgresql_concurrently=True)\n"
        )
    }

    @Test func twoBatchDropsOfOneNameBothMove() throws {
        let text = revision(
            """
                with op.batch_alter_table("t") as b:
                    b.add_column(sa.Column("x", sa.Integer()))
                    b.drop_index("ix")
                    b.drop_index("ix")
            """)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.allSatisfy { $0.fix?.isSafe == true })
    }

    @Test func aFormFeedInTheIndentationIsKept() throws {
        // Python resets the indentation count at a form feed: the extra indentation goes after it.
        let text = "from alembic import op\n\ndef upgrade():\n  \u{0C}  op.drop_index(\"a\")\n"
        let analysis = analyzeAlembic(text)
        #expect(analysis.problem == nil)
        let written = String(
            decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
        #expect(written.contains("  \u{0C}  with op.get_context().autocommit_block():\n  \u{0C}      op.drop_index("))
        #expect(analyzeAlembic(written).problem == nil)
    }

    @Test func extraIndentationGoesAfterTabs() throws {
        let text = "from alembic import op\n\ndef upgrade():\n\t    op.drop_index(\"a\")\n"
        let analysis = analyzeAlembic(text)
        let written = String(
            decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
        #expect(
            written
                == "from alembic import op\n\ndef upgrade():\n\t    with op.get_context().autocommit_block():\n\t    \t    op.drop_index(\"a\", postgresql_concurrently=True)\n"
        )
    }

    @Test func aLongBatchOfDropsIsMovedWholeByItsFirstDrop() throws {
        let count = 400
        let body = (0..<count).map { "        batch_op.drop_index(\"ix_\($0)\")" }.joined(separator: "\n")
        let text = revision("    with op.batch_alter_table(\"t\") as batch_op:\n" + body)
        let analysis = analyzeAlembic(text)
        #expect(analysis.findings.count == count)
        #expect(analysis.findings.first?.fix?.isSafe == true)
        // The first drop is on line 7; every later one points there.
        #expect(
            analysis.findings.dropFirst().allSatisfy {
                $0.fix?.reason?.contains("the fix of its first drop (line 7) moves this one too") == true
            })
        let moved = (0..<count).map {
            "        op.drop_index(\"ix_\($0)\", table_name=\"t\", postgresql_concurrently=True)"
        }
        #expect(
            try fixed(text)
                == revision(
                    "    with op.get_context().autocommit_block():\n" + moved.joined(separator: "\n")))
    }

    @Test func inALongBatchOnlyTheDropsWhoseNamesAreUsedLaterStay() {
        // Drop i, then every fifth drop's name used two lines on; the uses are nested one deeper
        // for odd i. A later drop of the same name is no use.
        var lines: [String] = []
        var usedLater: [Bool] = []
        for index in 0..<300 {
            lines.append("        batch_op.drop_index(\"ix_\(index)\")")
            if index % 5 == 0 {
                lines.append(
                    index % 2 == 0
                        ? "        batch_op.create_index(\"ix_\(index)\", [\"c\"])"
                        : "        if True:\n            batch_op.execute(\"ix_\(index)\")")
            }
            if index % 7 == 0 { lines.append("        batch_op.drop_index(\"ix_\(index)\")") }
            usedLater.append(index % 5 == 0)
        }
        let text = revision("    with op.batch_alter_table(\"t\") as batch_op:\n" + lines.joined(separator: "\n"))
        let analysis = analyzeAlembic(text)
        let firstOfEach = Dictionary(
            analysis.findings.compactMap { finding -> (String, Finding)? in
                let statement = String(
                    decoding: analysis.source.bytes[finding.range.start..<finding.range.end], as: UTF8.self)
                guard let open = statement.firstIndex(of: "\""), let close = statement.lastIndex(of: "\"") else {
                    return nil
                }
                return (String(statement[statement.index(after: open)..<close]), finding)
            }, uniquingKeysWith: { first, _ in first })
        #expect(firstOfEach.count == 300)
        for index in 0..<300 {
            let fix = firstOfEach["ix_\(index)"]?.fix
            let refused = fix?.reason?.contains("a later operation in the batch block uses ix_\(index),") == true
            #expect(refused == usedLater[index], "ix_\(index)")
            if !usedLater[index] { #expect(fix?.isSafe == true, "ix_\(index)") }
        }
    }

    @Test func thousandsOfTrailingIgnoreCommentsEachIgnoreTheirOwnCall() {
        var body: [String] = []
        let ignore = "# concur-ignore require-concurrent-index-deletion"
        for index in 0..<2000 {
            let drop = "op.drop_index(\"ix_\(index)\", table_name=\"t\")"
            switch index % 4 {
            case 0: body.append("    \(drop)  \(ignore)")
            case 1: body.append("    \(ignore): small\n    \(drop)")
            case 2: body.append("    \(drop)")
            default: body.append("    op.add_column(\"t\", sa.Column(\"c\"))  \(ignore)")
            }
        }
        let analysis = analyzeAlembic(revision(body.joined(separator: "\n")))
        #expect(analysis.findings.filter { $0.rule == "require-concurrent-index-deletion" }.count == 500)
        #expect(analysis.findings.filter { $0.rule == "invalid-ignore-comment" }.count == 500)
        // Lines: the imports and `def upgrade():` take 5; each group of four calls takes 5 lines.
        let expected: [Int] = (0..<500).flatMap { group -> [Int] in [group * 5 + 9, group * 5 + 10] }
        #expect(lines(analysis) == expected)
    }
}
