import ConcurCore
import Testing

@Suite("Configuration: .concur.toml")
struct ConfigurationTests {
    @Test(arguments: [
        ("db/**", "db/a.sql", true), ("db/**", "db/x/y/a.sql", true), ("db/**", "other/a.sql", false),
        ("**/up.sql", "migrations/2024_x/up.sql", true), ("*.sql", "a.sql", true), ("*.sql", "db/a.sql", false),
        ("db/00?_*.sql", "db/001_init.sql", true), ("db/00?_*.sql", "db/0001_init.sql", false),
        ("**", "anything/at/all.sql", true),
    ])
    func globs(_ pattern: String, _ path: String, _ matches: Bool) {
        #expect(Glob(pattern).matches(path) == matches)
    }

    @Test func toolsAndExecutionsPerPath() throws {
        let configuration = try Configuration.parse(
            """
            # how our migrations run
            [tools]
            "services/*/migrations/**" = "golang-migrate"   # every service
            "db/**" = "dbmate"

            [execution]
            "legacy/**" = "one-transaction"
            """, file: ".concur.toml")
        #expect(configuration.tool(for: "services/billing/migrations/0001_x.up.sql") == .golangMigrate)
        #expect(configuration.tool(for: "db/001.sql") == .dbmate)
        #expect(configuration.tool(for: "legacy/a.sql") == nil)
        #expect(configuration.execution(for: "legacy/a.sql") == .oneTransaction)
    }

    @Test func configuredModelsDriveTheFixes() {
        var configuration = Configuration()
        configuration.executions = [(Glob("legacy/**"), .oneTransaction)]
        configuration.tools = [(Glob("svc/**"), .golangMigrate)]
        let analyzer = ProjectAnalyzer(files: NoProjectFiles(), configuration: configuration)
        let legacy = analyzer.analyze(SourceFile(path: "legacy/a.sql", text: "DROP INDEX a;\n"))
        #expect(legacy.findings.first?.fix?.isSafe == false)
        #expect(legacy.findings.first?.context == "psql --single-transaction runs this whole file in one transaction")
        let service = analyzer.analyze(SourceFile(path: "svc/1.sql", text: "SELECT 1;\nDROP INDEX a;\n"))
        #expect(service.tool == .golangMigrate)
        #expect(service.findings.first?.fix?.isSafe == false)
        let plain = analyzer.analyze(SourceFile(path: "other/a.sql", text: "DROP INDEX a;\n"))
        #expect(plain.findings.first?.fix?.isSafe == true)
    }

    @Test(
        arguments: [
            ("[tools]\n\"db/**\" = \"prismaa\"", 2, "db/**", "unknown tool 'prismaa'; allowed: psql, prisma, diesel"),
            (
                "[execution]\n\"db/**\" = \"sometimes\"", 2, "db/**",
                "unknown execution 'sometimes'; allowed: statements, one-transaction"
            ),
            ("[checks]\n", 1, nil, "unknown section [checks]"),
            (
                "\"db/**\" = \"dbmate\"", 1, "db/**",
                "settings must follow a [files], [rules], [review], [keys], [tools], [execution], [alembic] header"
            ),
            ("[tools]\n\"db/**\" = dbmate", 2, "db/**", "the value must be a quoted string"),
        ] as [(String, Int, String?, String)])
    func badFilesSayWhereAndWhatIsAllowed(_ text: String, _ line: Int, _ key: String?, _ message: String) {
        do {
            _ = try Configuration.parse(text, file: "c.toml")
            Issue.record("parsed without error")
        } catch {
            #expect(error.line == line && error.key == key && error.file == "c.toml")
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}

@Suite("Configuration: files, rules, theme and keys")
struct ConfigurationSectionsTests {
    static let text = """
        [files]
        include = ["db/**/*.sql", "migrations/**"]
        exclude = ["db/seeds/**"]

        [rules]
        "require-concurrent-index-deletion" = "error"
        "invalid-ignore-comment" = "off"

        [review]
        theme = "light"

        [keys]
        accept = "Enter"
        skip = "s"
        """

    @Test func everySectionIsRead() throws {
        let configuration = try Configuration.parse(Self.text, file: ".concur.toml")
        #expect(configuration.includes("db/001.sql"))
        #expect(configuration.includes("migrations/x/up.sql"))
        #expect(!configuration.includes("db/seeds/data.sql"))
        #expect(!configuration.includes("scripts/tool.sql"))
        #expect(configuration.theme == "light")
        #expect(configuration.keys.map(\.action) == ["accept", "skip"])
        let findings = SQLAnalyzer().analyze(
            SourceFile(path: "a.sql", text: "-- concur-ignore nothing-known\nDROP INDEX a;")
        ).findings
        let configured = configuration.applyRuleSettings(to: findings)
        #expect(configured.map(\.rule) == ["require-concurrent-index-deletion"])
        #expect(configured.first?.severity == .error)
    }

    @Test(arguments: [
        ("[rules]\n\"no-such-rule\" = \"off\"", "unknown rule; known rules: require-concurrent-index-deletion"),
        (
            "[rules]\n\"require-concurrent-index-deletion\" = \"loud\"",
            "unknown setting 'loud'; allowed: error, warning, off"
        ),
        ("[files]\ninclude = \"db/**\"", "[files] takes include = [\"glob\", …]"),
        ("[files]\ninclude = [db]", "an array holds quoted strings"),
        ("[review]\ncolour = \"red\"", "unknown key; [review] takes theme"),
    ])
    func mistakesNameTheKeyAndTheAllowedValues(_ text: String, _ message: String) {
        do {
            _ = try Configuration.parse(text, file: "c.toml")
            Issue.record("parsed without error")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
