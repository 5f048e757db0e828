import Foundation
import Testing

@Suite("The concur command, end to end")
final class CommandLineTests {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func checkExitsZeroWithoutFindings() throws {
        try write("DROP INDEX CONCURRENTLY a;\n", to: directory.appendingPathComponent("ok.sql"))
        let result = try concur("check", directory.path)
        #expect(result.status == 0)
        #expect(result.standardOutput == "No findings in 1 file.\n")
    }

    @Test func checkReportsFindingsAndExitsOne() throws {
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("db/.hidden"), withIntermediateDirectories: true)
        try write("SELECT 1;\nDROP INDEX a;\n", to: directory.appendingPathComponent("db/001.sql"))
        try write("DROP INDEX hidden;\n", to: directory.appendingPathComponent("db/.hidden/002.sql"))
        try write("DROP INDEX not_sql;\n", to: directory.appendingPathComponent("db/notes.txt"))
        let result = try concur("check", "db", in: directory)
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("db/001.sql:2:1: warning: [require-concurrent-index-deletion] "))
        #expect(result.standardOutput.contains("    + DROP INDEX CONCURRENTLY IF EXISTS a;\n"))
        #expect(
            result.standardOutput.hasSuffix(
                "1 finding in 1 file; 1 with a safe fix (run `concur fix` to apply them).\n"))
    }

    /// Every format is written piece by piece (64 files each) while the workers analyse up to 1,024
    /// files ahead: across more files than that the findings keep their order, and the summary and
    /// the documents' closing parts count every piece.
    @Test func streamedOutputCountsEveryBatch() throws {
        let folder = directory.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 0..<1_100 {
            let name = String(format: "%05d_m.sql", index)
            let text =
                index % 3 == 0 ? "DROP INDEX i\(index);\n" : index % 3 == 1 ? "DROP INDEX i CASCADE;\n" : "SELECT 1;\n"
            try write(text, to: folder.appendingPathComponent(name))
        }
        try write("SELECT 'open", to: folder.appendingPathComponent("99999_open.sql"))
        let text = try concur("check", "many", in: directory)
        #expect(text.status == 2)
        #expect(
            text.standardOutput.hasSuffix(
                "734 findings in 1101 files; 367 with a safe fix (run `concur fix` to apply them). "
                    + "1 file could not be checked completely.\n"))
        let paths = text.standardOutput.split(separator: "\n").filter {
            $0.hasPrefix("many/") && $0.contains(": warning:")
        }
        #expect(paths.count == 734)
        #expect(paths.map { $0.prefix(14) } == paths.map { $0.prefix(14) }.sorted())
        let json = try concur("check", "--format", "json", "many", in: directory)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["filesChecked"] as? Int == 1_101)
        #expect((object["findings"] as? [[String: Any]])?.count == 734)
        #expect((object["errors"] as? [[String: Any]])?.count == 1)
        let sarif = try concur("check", "--format", "sarif", "many", in: directory)
        let log = try #require(
            try JSONSerialization.jsonObject(with: Data(sarif.standardOutput.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [[String: Any]])?.count == 734)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        #expect((invocation["toolExecutionNotifications"] as? [[String: Any]])?.count == 1)
        let gitlab = try concur("check", "--format", "gitlab", "many", in: directory)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.standardOutput.utf8)) as? [Any])
        #expect(issues.count == 734)
    }

    /// Workers write each file's share of the report, except for a file with more findings than
    /// `CheckedFile.wholeFileFindings` (2,048), which the output locates and writes itself in
    /// slices, two at once. Such a file keeps its place among the others: in every format, checking the folder gives what
    /// checking each file alone gives, in path order, and the counts and exit status of them all.
    @Test func aFileWithManyFindingsKeepsItsPlaceInEveryFormat() throws {
        let folder = directory.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Three slices of 2,048 findings at most (CheckedFile.wholeFileFindings): two written at
        // once, then the last alone, which reports the file's problem.
        let many = (0..<4_200).map { "DROP INDEX many_\($0);\n" }.joined()
        let files = [
            "a.sql": "DROP INDEX a;\n", "b.sql": many + "BEGIN;\nDROP INDEX CONCURRENTLY x;\nSELECT 'open",
            "c.sql": "DROP INDEX c CASCADE;\n", "d.sql": "SELECT 1;\n",
        ]
        for (name, text) in files { try write(text, to: folder.appendingPathComponent(name)) }
        let names = files.keys.sorted().map { "mixed/" + $0 }
        for format in ["gcc", "github"] {
            let whole = try concur("check", "--format", format, "mixed", in: directory)
            let alone = try names.map { try concur("check", "--format", format, $0, in: directory).standardOutput }
            #expect(whole.status == 2)
            #expect(whole.standardOutput == alone.joined(), "\(format)")
        }
        let text = try concur("check", "mixed", in: directory)
        let textAlone = try names.map { name in
            try concur("check", name, in: directory).standardOutput.split(
                separator: "\n", omittingEmptySubsequences: false
            )
            .dropLast(2).joined(separator: "\n")
        }
        #expect(
            text.standardOutput == textAlone.filter { !$0.isEmpty }.map { $0 + "\n" }.joined()
                + "4203 findings in 4 files; 4201 with a safe fix (run `concur fix` to apply them). "
                + "1 file could not be checked completely.\n")
        func document(_ arguments: String...) throws -> [String: Any] {
            let result = try concur(["check"] + arguments, in: directory)
            return try #require(
                try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        }
        let json = try document("--format", "json", "mixed")
        let jsonAlone = try names.map { try document("--format", "json", $0) }
        #expect(
            try JSONSerialization.data(withJSONObject: json["findings"] as Any, options: .sortedKeys)
                == JSONSerialization.data(
                    withJSONObject: jsonAlone.flatMap { $0["findings"] as? [Any] ?? [] }, options: .sortedKeys))
        #expect((json["findings"] as? [Any])?.count == 4_203)
        #expect((json["errors"] as? [Any])?.count == 1)
        #expect(json["filesChecked"] as? Int == 4)
        let sarif = try document("--format", "sarif", "mixed")
        let results = { (log: [String: Any]) in ((log["runs"] as? [[String: Any]])?.first?["results"] as? [Any]) ?? [] }
        let sarifAlone = try names.map { try document("--format", "sarif", $0) }
        #expect(
            try JSONSerialization.data(withJSONObject: results(sarif), options: .sortedKeys)
                == JSONSerialization.data(withJSONObject: sarifAlone.flatMap(results), options: .sortedKeys))
        let gitlab = try concur("check", "--format", "gitlab", "mixed", in: directory)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.standardOutput.utf8)) as? [Any])
        let issuesAlone = try names.flatMap { name in
            let result = try concur("check", "--format", "gitlab", name, in: directory)
            return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [Any])
        }
        #expect(
            try JSONSerialization.data(withJSONObject: issues, options: .sortedKeys)
                == JSONSerialization.data(withJSONObject: issuesAlone, options: .sortedKeys))
        #expect(issues.count == 4_203)
    }

    /// A folder is searched for `.sql` in any letter case (`.SQL` from some editors and tools).
    @Test func extensionsAreMatchedInAnyLetterCase() throws {
        let folder = directory.appendingPathComponent("cases")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["a.SQL", "b.Sql", "c.sql", "d.sqlx", "e.txt", "fsql"] {
            try write("DROP INDEX i;\n", to: folder.appendingPathComponent(name))
        }
        let result = try concur("check", "--format", "gcc", "cases", in: directory)
        let files = result.standardOutput.split(separator: "\n").map { $0.prefix { $0 != ":" } }
        #expect(files == ["cases/a.SQL", "cases/b.Sql", "cases/c.sql"])
    }

    /// Alembic folders as the disk holds them: a `versions/` folder beside `env.py` holds revisions
    /// without an import of `op`, an `alembic.ini` naming another database skips its revisions, and
    /// what each folder tells is the same for all of its files.
    @Test func alembicFoldersAreReadFromTheDisk() throws {
        let drop = "def upgrade():\n    op.drop_index(\"i\", table_name=\"t\")\n"
        let files = [
            "mysqlapp/alembic.ini":
                "[alembic]\nscript_location = migrations\nsqlalchemy.url = mysql+pymysql://u@h/db\n",
            "mysqlapp/migrations/versions/1.py": "from alembic import op\n\n" + drop,
            "mysqlapp/migrations/versions/2.py": "from alembic import op\n\n" + drop,
            "pgapp/migrations/env.py": "",
            "pgapp/migrations/versions/1.py": drop,
            "pgapp/migrations/versions/2.py": drop,
            "tools/helper.py": drop,
        ]
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try write(text, to: url)
        }
        let result = try concur("check", "--format", "gcc", "mysqlapp", "pgapp", "tools", in: directory)
        let flagged = result.standardOutput.split(separator: "\n").map { $0.prefix { $0 != ":" } }
        #expect(flagged == ["pgapp/migrations/versions/1.py", "pgapp/migrations/versions/2.py"])
        #expect(result.status == 1)
    }

    /// `concur check` lines are read by a quick reader when it is sure of them and by
    /// ArgumentParser otherwise; both must read every line alike: the same values, messages and
    /// exit status. Fixed lines, then 150 random ones from words that mean something to either.
    @Test func theQuickReaderReadsCheckLinesAsArgumentParserDoes() throws {
        try compareReaders(
            command: "check",
            quick: [
                [], ["m.sql"], ["a.sql", "b", "--format", "json"], ["--format=gcc", "--fail-on", "error", "x"],
                ["--config", "c.toml", "--since", "main", "p"], ["--fail-on=never", "--", "-odd.sql", "--format"],
                ["", "check", "review"], ["--since=HEAD~1", "--config=.concur.toml"], ["--format", "sarif", "é.sql"],
            ],
            declined: [
                ["--help"], ["-h"], ["--format"], ["--format", "xml"], ["--format=json", "--format", "gcc"],
                ["--since", "-x"], ["--since="], ["--unknown"], ["-"], ["--config", "--format"],
                ["--fail-on", "fatal"],
                ["--version"], ["--format", "JSON"], ["--diff"],
            ],
            words: [
                "--format", "json", "gcc", "xml", "--fail-on", "error", "never", "--config", "c.toml", "--since",
                "main", "-x", "--", "a.sql", "--format=text", "--since=", "--fail-on=warning", "-h", "b.sql", "check",
                "", "--config=", "--format=", "=", "--=x",
            ])
    }

    @Test func theQuickReaderReadsFixLinesAsArgumentParserDoes() throws {
        try compareReaders(
            command: "fix",
            quick: [
                [], ["m.sql"], ["--diff", "a.sql", "b"], ["a.sql", "--diff"],
                ["--config", "c.toml", "--since", "main"],
                ["--", "--diff", "-odd.sql"], ["--since=HEAD~1", "--config=.concur.toml", "--diff", "é.sql"],
                ["", "fix", "check"],
            ],
            declined: [
                ["--help"], ["-h"], ["--diff", "--diff"], ["--diff=yes"], ["--diff="], ["--since"], ["--since", "-x"],
                ["--config=", "x"], ["--format", "json"], ["--fail-on", "never"], ["--unknown"], ["-"], ["--version"],
            ],
            words: [
                "--diff", "--diff=true", "--config", "c.toml", "--since", "main", "-x", "--", "a.sql", "--since=",
                "-h", "b.sql", "fix", "", "--config=", "=", "--=x", "--format", "json",
            ])
    }

    /// Runs `command` with each line through the quick reader and through ArgumentParser, and
    /// requires the same reading (CONCUR_TEST_SHOW_RUN), messages and exit status: the lines of
    /// `quick` read quickly, those of `declined` left to ArgumentParser, plus 150 lines made of
    /// `words`.
    private func compareReaders(command: String, quick: [[String]], declined: [[String]], words: [String]) throws {
        var state: UInt64 = 0xC0FFEE  // a fixed linear congruential sequence: the same lines every run
        func pick(_ count: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % count
        }
        let generated = (0..<150).map { _ in (0..<pick(6)).map { _ in words[pick(words.count)] } }
        var base = TestEnvironment.variables
        base["NO_COLOR"] = "1"
        base["CONCUR_TEST_SHOW_RUN"] = "1"
        var full = base
        full["CONCUR_TEST_FULL_PARSER"] = "1"
        var readQuickly = 0
        for (index, rest) in (quick + declined + generated).enumerated() {
            let line = [command] + rest
            let mine = try run(TestEnvironment.concur.path, line, in: directory, environment: base)
            let theirs = try run(TestEnvironment.concur.path, line, in: directory, environment: full)
            let wasQuick = mine.standardOutput.hasPrefix("reader: quick\n")
            #expect(mine.status == theirs.status, "\(line)")
            #expect(
                mine.standardOutput.replacingOccurrences(of: "reader: quick\n", with: "reader: ArgumentParser\n")
                    == theirs.standardOutput, "\(line)")
            #expect(mine.standardError == theirs.standardError, "\(line)")
            if index < quick.count { #expect(wasQuick, "\(line)") }
            if index >= quick.count && index < quick.count + declined.count { #expect(!wasQuick, "\(line)") }
            if wasQuick { readQuickly += 1 }
        }
        #expect(readQuickly > quick.count + 20)
    }

    @Test func checkDefaultsToTheCurrentDirectoryAndStripsDotSlash() throws {
        try write("DROP INDEX a;", to: directory.appendingPathComponent("m.sql"))
        let result = try concur("check", in: directory)
        #expect(result.standardOutput.hasPrefix("m.sql:1:1:"))
    }

    @Test func jsonOutputParsesAndCarriesTheFix() throws {
        try write("DROP INDEX a, b;\n", to: directory.appendingPathComponent("m.sql"))
        let result = try concur("check", "--format", "json", "m.sql", in: directory)
        #expect(result.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        let fix = try #require(finding["fix"] as? [String: Any])
        #expect(fix["title"] as? String == "Drop each of the 2 indexes concurrently in a statement of its own")
    }

    @Test func unreadableAndBinaryFilesExitTwoWhileOthersAreStillChecked() throws {
        try write("DROP INDEX a;\n", to: directory.appendingPathComponent("good.sql"))
        try Data([0x44, 0x52, 0x00, 0xFF]).write(to: directory.appendingPathComponent("binary.sql"))
        try write("DROP INDEX b;\nSELECT $$ never closed\n", to: directory.appendingPathComponent("open.sql"))
        let result = try concur("check", "good.sql", "binary.sql", "open.sql", "missing.sql", in: directory)
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("good.sql:1:1: warning:"))
        #expect(result.standardOutput.contains("open.sql:1:1: warning:"))
        #expect(result.standardOutput.contains("binary.sql:1:1: error: file contains NUL bytes"))
        #expect(
            result.standardOutput.contains("open.sql:2:8: error: unterminated dollar-quoted string (no closing $$)"))
        #expect(result.standardError.contains("missing.sql: error: no such file or directory"))
    }

    @Test func aDirectoryWithASQLNameIsSearched() throws {
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("x.sql"), withIntermediateDirectories: true)
        let result = try concur("check", "--format", "json", "x.sql/", in: directory)
        #expect(result.status == 0)  // a directory is searched, and this one holds no SQL
        #expect(result.standardOutput.contains("\"filesChecked\":0"))
    }

    @Test func badUsageExitsSixtyFour() throws {
        #expect(try concur("check", "--format", "xml").status == 64)
        #expect(try concur("explain", "no-such-rule").status == 64)
        #expect(try concur("no-such-command").status == 64)
    }

    @Test func aFileNamedSeveralWaysIsCheckedAndFixedOnce() throws {
        let folder = directory.appendingPathComponent("db")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("DROP INDEX a;\n", to: folder.appendingPathComponent("m.sql"))
        let names = ["db/m.sql", "./db/m.sql", "db//m.sql", folder.path + "/m.sql", "db", "."]
        let check = try concur(["check", "--format", "gcc"] + names, in: directory)
        #expect(check.status == 1)
        #expect(check.standardOutput.components(separatedBy: "\n").filter { !$0.isEmpty } == [
            "db/m.sql:1:1: warning: DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, "
                + "blocking its reads and writes until the drop finishes [require-concurrent-index-deletion]"
        ])
        // Fixed once: a second write of the same file would find it changed since it was read.
        let fix = try concur(["fix"] + names, in: directory)
        #expect(fix.status == 0, "\(fix.standardError)")
        #expect(fix.standardOutput.contains("Fixed 1 finding in 1 file"))
        #expect(try read(folder.appendingPathComponent("m.sql")) == "DROP INDEX CONCURRENTLY IF EXISTS a;\n")
    }

    @Test func fixCountsTheDropsThatAnotherDropsFixRewrites() throws {
        // The first drop's fix turns the whole batch block into an autocommit block: the second
        // drop, which has no fix of its own, is fixed with it, and nothing is left.
        let versions = directory.appendingPathComponent("versions")
        try FileManager.default.createDirectory(at: versions, withIntermediateDirectories: true)
        let file = versions.appendingPathComponent("r1_batch.py")
        let revision = """
            from alembic import op

            revision = "r1"
            down_revision = None


            def upgrade():
                with op.batch_alter_table("t") as batch_op:
                    batch_op.drop_index("ix_a")
                    batch_op.drop_index("ix_b")

            """
        try write(revision, to: file)
        let diff = try concur("fix", "--diff", ".", in: directory)
        #expect(diff.status == 0)
        #expect(!diff.standardError.contains("no automatic fix"))
        let movedDrop = "+        op.drop_index(\"ix_b\", table_name=\"t\", postgresql_concurrently=True)"
        #expect(diff.standardOutput.contains(movedDrop))
        let result = try concur("fix", ".", in: directory)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput.contains("versions/r1_batch.py: fixed 2 findings\n"))
        #expect(result.standardOutput.contains("Fixed 2 findings in 1 file; 0 left without a safe fix."))
        #expect(try concur("check", ".", in: directory).status == 0)
        // When the file cannot be written, both drops are left, and both are reported.
        try write(revision, to: file)
        var environment = TestEnvironment.variables
        environment["CONCUR_TEST_FAIL_WRITES"] = "ENOSPC"
        let failed = try run(TestEnvironment.concur.path, ["fix", "."], in: directory, environment: environment)
        #expect(failed.status == 2)
        #expect(failed.standardError.contains("no automatic fix: the batch block holds only drops"))
        #expect(failed.standardOutput.contains("Fixed 0 findings in 0 files; 1 left without a safe fix."))
        #expect(try read(file) == revision)
    }

    @Test func fixWritesAtomicallyAndKeepsTheMode() throws {
        let file = directory.appendingPathComponent("m.sql")
        try write("BEGIN;\nDROP INDEX a;\nCOMMIT;\nDROP INDEX b CASCADE;\n", to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let result = try concur("fix", "m.sql", in: directory)
        #expect(result.status == 1)  // the CASCADE drop has no safe fix
        #expect(try read(file) == "BEGIN;\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS a;\nDROP INDEX b CASCADE;\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(result.standardOutput.contains("m.sql: fixed 1 finding\n"))
        #expect(result.standardError.contains("no automatic fix: DROP INDEX CONCURRENTLY does not support CASCADE"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "m.sql" }
        #expect(leftovers.isEmpty)
        // Fixing again changes nothing.
        let again = try concur("fix", "m.sql", in: directory)
        #expect(again.standardOutput.contains("Fixed 0 findings in 0 files; 1 left without a safe fix."))
    }

    @Test func fixThroughASymlinkKeepsTheLink() throws {
        let target = directory.appendingPathComponent("real.sql")
        try write("DROP INDEX a;\n", to: target)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("link.sql").path, withDestinationPath: "real.sql")
        #expect(try concur("fix", ".", in: directory).status == 0)
        #expect(try read(target) == "DROP INDEX CONCURRENTLY IF EXISTS a;\n")
        let destination = try FileManager.default.destinationOfSymbolicLink(
            atPath: directory.appendingPathComponent("link.sql").path)
        #expect(destination == "real.sql")
    }

    @Test func fixDiffPrintsAPatchAndWritesNothing() throws {
        let file = directory.appendingPathComponent("m.sql")
        let original = "SELECT 1;\nDROP INDEX a;\n"
        try write(original, to: file)
        let result = try concur("fix", "--diff", "m.sql", in: directory)
        #expect(result.status == 0)
        #expect(
            result.standardOutput
                == "--- a/m.sql\n+++ b/m.sql\n@@ -1,2 +1,2 @@\n SELECT 1;\n-DROP INDEX a;\n+DROP INDEX CONCURRENTLY IF EXISTS a;\n"
        )
        #expect(try read(file) == original)
        // The patch applies with the standard tool and gives what `fix` writes.
        if let patch = which("patch") {
            let applied = try run(patch, ["-p1", "-o", "-", "m.sql"], in: directory, input: result.standardOutput)
            #expect(applied.status == 0)
            _ = try concur("fix", "m.sql", in: directory)
            #expect(applied.standardOutput == (try read(file)))
        }
    }

    @Test func fixLeavesFilesWithParseErrorsAlone() throws {
        let file = directory.appendingPathComponent("m.sql")
        let original = "DROP INDEX a;\nSELECT 'open\n"
        try write(original, to: file)
        let result = try concur("fix", "m.sql", in: directory)
        #expect(result.status == 2)
        #expect(try read(file) == original)
        #expect(result.standardError.contains("m.sql: not fixed, because the file could not be parsed to its end"))
    }

    @Test func explainPrintsTheRuleDocumentation() throws {
        let result = try concur("explain")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("# require-concurrent-index-deletion\n"))
        #expect(result.standardOutput.contains("ACCESS EXCLUSIVE"))
        let other = try concur("explain", "ban-concurrent-index-deletion-in-transaction")
        #expect(other.standardOutput.contains("cannot run inside a transaction block"))
    }

    @Test func rulesListsEveryRule() throws {
        let result = try concur("rules")
        #expect(result.status == 0)
        for rule in [
            "require-concurrent-index-deletion", "ban-unsupported-concurrent-index-deletion",
            "ban-concurrent-index-deletion-in-transaction",
        ] {
            #expect(result.standardOutput.contains(rule))
        }
    }
}

@Suite("concur review outside a terminal")
struct ReviewWithoutTerminalTests {
    @Test func pointsToCheck() throws {
        let result = try concur("review", TestEnvironment.packageRoot.appendingPathComponent("Examples").path)
        #expect(result.status == 2)
        #expect(result.standardError.contains("concur review needs a terminal. In scripts and CI, use `concur check`"))
        // With no subcommand, concur opens the review, and says the same.
        #expect(try concur().standardError.contains("needs a terminal"))
    }

    @Test func badThemeIsAUsageError() throws {
        let result = try concur("review", "--theme", "no-such-theme")
        #expect(result.status == 64)
        #expect(
            result.standardError.contains("no such theme; built-in themes: default, light, high-contrast, monochrome"))
    }
}

@Suite("Configuration from .concur.toml")
final class ConfigurationFileTests {
    let directory: URL

    init() throws { directory = try TestEnvironment.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func theNearestConfigurationOverridesTheTool() throws {
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("db/sub"), withIntermediateDirectories: true)
        try write("SELECT 1;\nDROP INDEX a;\n", to: directory.appendingPathComponent("db/001_x.sql"))
        let plain = try concur("check", "--format", "json", "db", in: directory)
        #expect(plain.standardOutput.contains("\"tool\":\"psql\""))
        #expect(plain.standardOutput.contains("\"safe\":true"))
        try write("[tools]\n\"db/**\" = \"golang-migrate\"\n", to: directory.appendingPathComponent(".concur.toml"))
        // Found from a subfolder too; patterns are relative to the configuration's folder.
        let configured = try concur("check", "--format", "json", "..", in: directory.appendingPathComponent("db/sub"))
        #expect(configured.standardOutput.contains("\"tool\":\"golang-migrate\""))
        #expect(configured.standardOutput.contains("\"safe\":false"))
    }

    @Test func aBadConfigurationIsAUsageErrorThatSaysWhere() throws {
        let file = directory.appendingPathComponent("custom.toml")
        try write("[tools]\n\"db/**\" = \"liquibase\"\n", to: file)
        let result = try concur("check", "--config", file.path, directory.path)
        #expect(result.status == 64)
        #expect(result.standardError.contains("custom.toml:2: db/**: unknown tool 'liquibase'; allowed: psql, prisma"))
        #expect(try concur("check", "--config", "/no/such.toml", directory.path).status == 64)
    }
}

@Suite("Fixes that create files")
final class CreatedFileTests {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        let folder = directory.appendingPathComponent("prisma/migrations/20240102000000_swap_key")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(
            "-- DropIndex\nDROP INDEX \"User_email_key\";\n\n-- CreateIndex\nCREATE UNIQUE INDEX \"User_email_id_key\" ON \"User\"(\"email\", \"id\");\n",
            to: folder.appendingPathComponent("migration.sql"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    let created = "prisma/migrations/20240102000001_drop_user_email_key_concurrently/migration.sql"

    @Test func jsonListsTheFilesAFixCreates() throws {
        let result = try concur("check", "--format", "json", "prisma", in: directory)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["tool"] as? String == "prisma")
        let fix = try #require(finding["fix"] as? [String: Any])
        #expect(fix["safe"] as? Bool == true)
        let files = try #require(fix["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files[0]["path"] as? String == created)
        #expect(files[0]["action"] as? String == "create")
        #expect(
            (files[0]["content"] as? String)?.hasSuffix("DROP INDEX CONCURRENTLY IF EXISTS \"User_email_key\";\n")
                == true)
    }

    @Test func diffShowsTheNewFileAndFixCreatesItOnce() throws {
        let diff = try concur("fix", "--diff", "prisma", in: directory)
        #expect(diff.standardOutput.contains("--- /dev/null\n+++ b/\(created)\n@@ -0,0 +1,2 @@\n"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(created).path))
        let fix = try concur("fix", "prisma", in: directory)
        #expect(fix.status == 0, "\(fix.standardError)")
        #expect(fix.standardOutput.contains("created \(created)"))
        #expect(
            try read(directory.appendingPathComponent(created)).hasSuffix(
                "DROP INDEX CONCURRENTLY IF EXISTS \"User_email_key\";\n"))
        let original = try read(
            directory.appendingPathComponent("prisma/migrations/20240102000000_swap_key/migration.sql"))
        #expect(!original.contains("DROP INDEX"))
        // Nothing left to fix, and the new migration is not touched again.
        let again = try concur("fix", "prisma", in: directory)
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("Fixed 0 findings"))
    }
}

@Suite("CI formats end to end")
final class CIFormatTests {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        try write(
            "SELECT '%,:';\nDROP INDEX a;\nDROP INDEX CONCURRENTLY b, c;\n",
            to: directory.appendingPathComponent("m.sql"))
        try write("SELECT 1;\n", to: directory.appendingPathComponent("clean.sql"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// `concur ARGUMENTS`, started in the test's folder with standard output to `output` and
    /// standard error to `errors`.
    private func start(_ arguments: [String], output: Any, errors: Any = FileHandle.nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = TestEnvironment.concur
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = TestEnvironment.variables
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return process
    }

    /// `check --format FORMAT FILE` with standard output into a pipe: what came out, and the
    /// pipe's size once the program ended.
    private func checkIntoAPipe(_ format: String, _ file: String) throws -> (output: Data, pipeSize: Int32) {
        let pipe = Pipe()
        let process = try start(["check", "--format", format, file], output: pipe)
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let getPipeSize: Int32 = 1032  // F_GETPIPE_SZ
        return (output, fcntl(pipe.fileHandleForReading.fileDescriptor, getPipeSize))
    }

    /// The same check with standard output into a file, which gets every piece as it is written.
    private func checkIntoAFile(_ format: String, _ file: String) throws -> Data {
        let target = directory.appendingPathComponent("out-\(format)-\(file).txt")
        #expect(FileManager.default.createFile(atPath: target.path, contents: nil))
        let handle = try FileHandle(forWritingTo: target)
        try start(["check", "--format", format, file], output: handle).waitUntilExit()
        try handle.close()
        return try Data(contentsOf: target)
    }

    /// A report that fits in a pipe as the system makes it (64 KiB) goes out whole, and the pipe
    /// is left as it is: widening it would cost a migration's check more than it saves.
    @Test(arguments: ["json", "sarif", "gitlab", "gcc", "github", "text"])
    func aSmallReportIntoAPipeLeavesThePipeAlone(_ format: String) throws {
        let piped = try checkIntoAPipe(format, "m.sql")
        #expect(piped.pipeSize == 1 << 16)
        #expect(!piped.output.isEmpty)
        #expect(piped.output == (try checkIntoAFile(format, "m.sql")))
    }

    /// A longer report widens the pipe to 1 MiB, so that it goes out in megabyte pieces; the
    /// document that comes out is the same as a file gets.
    @Test(arguments: ["json", "sarif", "gitlab", "gcc", "github", "text"])
    func aLargeReportIntoAPipeWidensThePipe(_ format: String) throws {
        let drops = (0..<1500).map { "DROP INDEX index_\($0);\n" }.joined()
        try write(drops, to: directory.appendingPathComponent("many.sql"))
        let piped = try checkIntoAPipe(format, "many.sql")
        #expect(piped.output.count > 1 << 16)
        #expect(piped.pipeSize == 1 << 20)
        #expect(piped.output == (try checkIntoAFile(format, "many.sql")))
    }

    /// The text report's lines, held back in a pipe, still come before the errors about files
    /// that could not be read, and the summary last.
    @Test func heldBackLinesComeBeforeTheErrors() throws {
        let pipe = Pipe()
        let process = try start(["check", "m.sql", "missing.sql"], output: pipe, errors: pipe)
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let finding = try #require(output.range(of: "m.sql:2:1: warning:"))
        let missing = try #require(output.range(of: "missing.sql: error:"))
        let summary = try #require(output.range(of: "2 findings in 1 file"))
        #expect(finding.lowerBound < missing.lowerBound)
        #expect(missing.lowerBound < summary.lowerBound)
    }

    @Test(arguments: ["m.sql", "clean.sql", "missing.sql"])
    func sarifIsValidAgainstTheOfficialSchema(_ file: String) throws {
        guard let python = which("python3"), (try? run(python, ["-c", "import jsonschema"]))?.status == 0 else {
            Issue.record("python3 with jsonschema is not available: run the suite with scripts/test.sh")
            return
        }
        let result = try concur("check", "--format", "sarif", file, in: directory)
        let sarif = directory.appendingPathComponent("out-\(file).sarif")
        try write(result.standardOutput, to: sarif)
        let schema = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/sarif-schema-2.1.0.json")
        let validation = try run(
            python,
            [
                "-c",
                "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
                sarif.path, schema.path,
            ])
        #expect(validation.standardOutput == "valid\n", "\(validation.standardError)")
    }

    @Test func failOnDecidesTheExitStatus() throws {
        try write("DROP INDEX a;\n", to: directory.appendingPathComponent("warn.sql"))
        #expect(try concur("check", "warn.sql", in: directory).status == 1)
        #expect(try concur("check", "--fail-on", "error", "warn.sql", in: directory).status == 0)
        #expect(try concur("check", "--fail-on", "error", "m.sql", in: directory).status == 1)
        #expect(try concur("check", "--fail-on", "never", "m.sql", in: directory).status == 0)
        #expect(try concur("check", "--fail-on", "sometimes", "m.sql", in: directory).status == 64)
    }

    @Test func githubAndGccOnTheCommandLine() throws {
        let github = try concur("check", "--format", "github", "m.sql", in: directory)
        #expect(github.standardOutput.hasPrefix("::warning file=m.sql,line=2,col=1,"))
        #expect(github.standardOutput.contains("::error file=m.sql,line=3,"))
        let gcc = try concur("check", "--format", "gcc", "m.sql", in: directory)
        #expect(gcc.standardOutput.hasPrefix("m.sql:2:1: warning: "))
        #expect(gcc.standardOutput.hasSuffix("[ban-unsupported-concurrent-index-deletion]\n"))
    }
}

@Suite("Branch review with --since, in real git repositories")
final class SinceTests {
    let directory: URL

    init() throws { directory = try TestEnvironment.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: directory) }

    func git(_ arguments: String...) throws {
        let result = try run(
            which("git") ?? "/usr/bin/git",
            ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"] + arguments,
            in: directory)
        try #require(result.status == 0, "git \(arguments): \(result.standardError)")
    }

    func migration(_ name: String, _ sql: String) throws {
        let url = directory.appendingPathComponent("db/\(name)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try write(sql, to: url)
    }

    @Test func onlyTheBranchesFilesCommittedStagedUntrackedAndRenamed() throws {
        guard which("git") != nil else {
            Issue.record("git is not installed")
            return
        }
        try git("init", "-q")
        try migration("001_old.sql", "DROP INDEX old_one;\n")
        try migration("002_moved.sql", "DROP INDEX moved_one;\n")
        try migration("003_edited.sql", "SELECT 1;\n")
        try git("add", ".")
        try git("commit", "-q", "-m", "base")
        try git("checkout", "-q", "-b", "feature")
        try migration("004_committed.sql", "DROP INDEX committed_one;\n")
        try git("add", ".")
        try git("commit", "-q", "-m", "feature work")
        try git("mv", "db/002_moved.sql", "db/002_renamed.sql")
        try migration("003_edited.sql", "SELECT 1;\nDROP INDEX edited_one;\n")
        try migration("005_untracked.sql", "DROP INDEX untracked_one;\n")
        let result = try concur("check", "--format", "gcc", "--since", "main", "db", in: directory)
        let files = Set(result.standardOutput.split(separator: "\n").map { String($0.split(separator: ":")[0]) })
        #expect(files == ["db/002_renamed.sql", "db/003_edited.sql", "db/004_committed.sql", "db/005_untracked.sql"])
        // Without --since, the old file is there too.
        #expect(try concur("check", "--format", "gcc", "db", in: directory).standardOutput.contains("db/001_old.sql"))
    }

    @Test func badReferencesAndNoRepositoryAreClearErrors() throws {
        let outside = try concur("check", "--since", "main", ".", in: directory)
        #expect(outside.status == 2)
        #expect(outside.standardError.contains("--since needs a git repository"))
        try git("init", "-q")
        try migration("001.sql", "SELECT 1;\n")
        try git("add", ".")
        try git("commit", "-q", "-m", "base")
        let unknown = try concur("check", "--since", "no-such-branch", ".", in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("'no-such-branch' does not name a commit"))
        let option = try concur("check", "--since=--output=/tmp/x", ".", in: directory)
        #expect(option.status == 64)
        #expect(option.standardError.contains("--since takes a git revision"))
    }
}

@Suite("Configuration: files and rules on the command line")
final class ConfigurationRulesTests {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("db/seeds"), withIntermediateDirectories: true)
        try write("DROP INDEX a;\n", to: directory.appendingPathComponent("db/001.sql"))
        try write("DROP INDEX seed;\n", to: directory.appendingPathComponent("db/seeds/data.sql"))
        try write(
            "[files]\nexclude = [\"db/seeds/**\"]\n\n[rules]\n\"require-concurrent-index-deletion\" = \"error\"\n",
            to: directory.appendingPathComponent(".concur.toml"))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func excludedFilesAreNotCheckedAndSeveritiesApply() throws {
        let result = try concur("check", "--format", "gcc", "--fail-on", "error", "db", in: directory)
        #expect(
            result.standardOutput
                == "db/001.sql:1:1: error: DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, blocking its reads and writes until the drop finishes [require-concurrent-index-deletion]\n"
        )
        #expect(result.status == 1)
        // A file named on the command line is checked even when excluded.
        #expect(
            try concur("check", "--format", "gcc", "db/seeds/data.sql", in: directory).standardOutput.contains("seed"))
    }
}

@Suite("Starter configuration, completions and man pages")
final class ToolingTests {
    let directory: URL

    init() throws { directory = try TestEnvironment.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func initWritesAConfigurationThatLoadsAndRefusesToOverwrite() throws {
        let first = try concur("init", in: directory)
        #expect(first.status == 0)
        #expect(first.standardOutput == "wrote .concur.toml\n")
        try write("DROP INDEX a;\n", to: directory.appendingPathComponent("m.sql"))
        // The starter parses: check runs with it.
        #expect(try concur("check", "m.sql", in: directory).status == 1)
        let second = try concur("init", in: directory)
        #expect(second.status == 2)
        #expect(second.standardError.contains("already exists; use --force"))
        #expect(try concur("init", "--force", in: directory).status == 0)
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreCurrent(_ shell: String) throws {
        let generated = try concur("--generate-completion-script", shell)
        let committed = try read(TestEnvironment.packageRoot.appendingPathComponent("completions/concur.\(shell)"))
        #expect(
            generated.standardOutput == committed,
            "completions/concur.\(shell) is out of date: see README, \"Shell completions\"")
    }

    @Test(arguments: ["check", "fix", "review", "explain", "rules", "learn", "init"])
    func manPagesDescribeEverySubcommand(_ command: String) throws {
        let page = try read(TestEnvironment.packageRoot.appendingPathComponent("docs/man/concur.\(command).1"))
        let help = try concur(command, "--help").standardOutput
        let abstract = help.split(separator: "\n").first.map { String($0.dropFirst("OVERVIEW: ".count)) } ?? ""
        #expect(page.contains(String(abstract.prefix(30))), "docs/man/concur.\(command).1 is out of date")
    }
}

@Suite("Writes that cannot lose data")
final class CrashSafeWriteTests {
    let directory: URL

    init() throws { directory = try TestEnvironment.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func aSymlinkToAFileOutsideTheGivenPathsIsNotWritten() throws {
        let inside = directory.appendingPathComponent("db")
        let outside = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try write("DROP INDEX a;\n", to: outside.appendingPathComponent("real.sql"))
        try FileManager.default.createSymbolicLink(
            atPath: inside.appendingPathComponent("link.sql").path, withDestinationPath: "../elsewhere/real.sql")
        let result = try concur("fix", "db", in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("is a symbolic link to"))
        #expect(result.standardError.contains("outside the paths given; not written"))
        #expect(try read(outside.appendingPathComponent("real.sql")) == "DROP INDEX a;\n")
    }
}

@Suite("Writes that fail or are killed")
final class WriteFailureTests {
    let directory: URL
    let originals = [
        "a.sql": "SELECT 1;\nDROP INDEX a;\n",
        "b.sql": "DROP INDEX b;\n-- after b\n",
        "c.sql": "DROP INDEX c1, c2;\n",
    ]
    let fixedTexts = [
        "a.sql": "SELECT 1;\nDROP INDEX CONCURRENTLY IF EXISTS a;\n",
        "b.sql": "DROP INDEX CONCURRENTLY IF EXISTS b;\n-- after b\n",
        "c.sql": "DROP INDEX CONCURRENTLY IF EXISTS c1;\nDROP INDEX CONCURRENTLY IF EXISTS c2;\n",
    ]

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        for (name, text) in originals { try write(text, to: directory.appendingPathComponent(name)) }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func temporaryFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
    }

    /// Kills `concur fix` at each point of writing a file: every file is then entirely old or
    /// entirely new, and the next run cleans up and finishes the job.
    @Test(arguments: ["temporary-created", "half-written", "content-flushed", "replaced"])
    func killedAtAnyPointLosesNothing(_ point: String) throws {
        let flag = directory.appendingPathComponent("paused")
        let process = Process()
        process.executableURL = TestEnvironment.concur
        process.arguments = ["fix", "."]
        process.currentDirectoryURL = directory
        var environment = TestEnvironment.variables
        environment["CONCUR_TEST_PAUSE_AT"] = point
        environment["CONCUR_TEST_PAUSE_FLAG"] = flag.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: flag.path) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        try #require(FileManager.default.fileExists(atPath: flag.path), "the writer never reached \(point)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try FileManager.default.removeItem(at: flag)
        var newCount = 0
        for (name, text) in originals {
            let now = try read(directory.appendingPathComponent(name))
            #expect(now == text || now == fixedTexts[name], "\(name) is neither old nor new after a kill at \(point)")
            if now == fixedTexts[name] { newCount += 1 }
        }
        // Files are written in path order: only after the replacement is the first one new.
        #expect(newCount == (point == "replaced" ? 1 : 0))
        #expect(try temporaryFiles().count == (point == "replaced" ? 0 : 1))
        let rerun = try concur("fix", ".", in: directory)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        for (name, text) in fixedTexts { #expect(try read(directory.appendingPathComponent(name)) == text) }
        #expect(try temporaryFiles().isEmpty)
    }

    @Test(arguments: [("ENOSPC", "No space left on device"), ("EROFS", "Read-only file system")])
    func aFailingDiskLeavesEveryFileIntact(_ error: String, _ message: String) throws {
        var environment = TestEnvironment.variables
        environment["CONCUR_TEST_FAIL_WRITES"] = error
        let result = try run(TestEnvironment.concur.path, ["fix", "."], in: directory, environment: environment)
        #expect(result.status == 2)
        // Every file was tried, and each says what happened.
        for name in originals.keys.sorted() {
            #expect(result.standardError.contains("\(name): error: cannot write file: \(message)"))
        }
        for (name, text) in originals { #expect(try read(directory.appendingPathComponent(name)) == text) }
        #expect(try temporaryFiles().isEmpty)
    }

    @Test func aReadOnlyFileIsRefusedAndTheOthersAreFixed() throws {
        let readOnly = directory.appendingPathComponent("b.sql")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly.path)
        let result = try concur("fix", ".", in: directory)
        #expect(result.status == 2)
        #expect(result.standardError.contains("b.sql: error: file is read-only; not written"))
        #expect(try read(readOnly) == originals["b.sql"])
        #expect(try read(directory.appendingPathComponent("a.sql")) == fixedTexts["a.sql"])
        #expect(try read(directory.appendingPathComponent("c.sql")) == fixedTexts["c.sql"])
    }

    @Test func aFolderConcurCannotWriteInIsReported() throws {
        // Permissions mean nothing to root: as root, run concur as `nobody` on root's files.
        let folder = directory.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("DROP INDEX a;\n", to: folder.appendingPathComponent("m.sql"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let result: ProcessResult
        if getuid() == 0 {
            let runuser = try #require(which("runuser"), "runuser is needed to drop root's rights")
            result = try run(runuser, ["-u", "nobody", "--", TestEnvironment.concur.path, "fix", folder.path])
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
            result = try concur("fix", folder.path)
        }
        #expect(result.status == 2)
        #expect(
            result.standardError.contains("m.sql: error: cannot create a temporary file next to it: Permission denied"))
        #expect(try read(folder.appendingPathComponent("m.sql")) == "DROP INDEX a;\n")
    }

    @Test func anUnreadableFileIsReportedAndTheOthersAreChecked() throws {
        let secret = directory.appendingPathComponent("secret.sql")
        try write("DROP INDEX s;\n", to: secret)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: secret.path)
        let closed = directory.appendingPathComponent("closed")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
        try write("DROP INDEX hidden;\n", to: closed.appendingPathComponent("h.sql"))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: closed.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: closed.path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let result: ProcessResult
        if getuid() == 0 {
            let runuser = try #require(which("runuser"), "runuser is needed to drop root's rights")
            result = try run(runuser, ["-u", "nobody", "--", TestEnvironment.concur.path, "check", directory.path])
        } else {
            result = try concur("check", directory.path)
        }
        #expect(result.status == 2)
        #expect(result.standardError.contains("secret.sql: error: cannot read file: Permission denied"))
        #expect(result.standardError.contains("closed: error: cannot read directory"))
        #expect(result.standardOutput.contains("a.sql:2:1"))
        #expect(result.standardOutput.contains("c.sql:1:1"))
    }
}

@Suite("Finding the files of a large tree")
final class LargeTreeTests {
    let directory: URL

    init() throws { directory = try TestEnvironment.temporaryDirectory() }
    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A folder per migration, as Prisma and diesel keep them: a level of more folders than
    /// `SQLFileFinder.parallelLevel` is read on every core; the files still come in path order,
    /// once each, hidden folders left out.
    @Test func aFolderPerMigrationIsFoundInPathOrder() throws {
        let root = directory.appendingPathComponent("migrations")
        var expected: [String] = []
        for number in (0..<150).reversed() {
            let folder = root.appendingPathComponent(String(format: "%04d_m%d", number, number))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try write("DROP INDEX i\(number);\n", to: folder.appendingPathComponent("up.sql"))
            expected.append("migrations/\(folder.lastPathComponent)/up.sql")
            if number % 50 == 0 {
                let deeper = folder.appendingPathComponent("extra")
                try FileManager.default.createDirectory(at: deeper, withIntermediateDirectories: true)
                try write("DROP INDEX e\(number);\n", to: deeper.appendingPathComponent("x.sql"))
                expected.append("migrations/\(folder.lastPathComponent)/extra/x.sql")
            }
        }
        let hidden = root.appendingPathComponent(".cache")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try write("DROP INDEX hidden;\n", to: hidden.appendingPathComponent("h.sql"))
        let result = try concur("check", "--format", "gcc", "migrations", in: directory)
        #expect(result.status == 1)
        let paths = result.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
        #expect(paths == expected.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
