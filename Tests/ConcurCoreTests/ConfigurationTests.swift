import Foundation
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

/// The paths configuration patterns see are worked out from the text, as `URL` works them out
/// (which concur used before, at more than the cost of a file's analysis).
@Suite("Paths relative to the configuration")
struct ConfigurationPathsTests {
    /// What `URL` makes of a file's path relative to the configuration's folder.
    static func byURL(_ file: String, workingDirectory: String, configurationFile: String) -> String {
        let directory = URL(fileURLWithPath: workingDirectory + "/")
        let base = URL(fileURLWithPath: configurationFile, relativeTo: directory)
            .standardizedFileURL.deletingLastPathComponent().path
        let absolute = URL(fileURLWithPath: file, relativeTo: directory).standardizedFileURL.path
        return absolute.hasPrefix(base + "/") ? String(absolute.dropFirst(base.count + 1)) : absolute
    }

    /// Working directories as getcwd(3) gives them: absolute, without a final `/` but the root.
    @Test(arguments: ["/work/project", "/work/project/db", "/", "/work/a b/é"])
    func readAsURLReadsThem(_ workingDirectory: String) {
        let files = [
            "db/001.sql", "001.sql", "./db/001.sql", "db/./001.sql", "db//001.sql", "db/../db/001.sql",
            "../other/001.sql", "../../x.sql", "../../../../x.sql", "/work/project/db/001.sql", "/elsewhere/x.sql",
            "/work/project", "/work/projectile/x.sql", "db/", ".hidden/x.sql", "..x/y.sql", "x../y.sql", "db/.",
            "db/..", "é/ünï.sql", ".", "..", "/",
        ]
        let configurationFiles = [
            ".concur.toml", "/work/project/.concur.toml", "../.concur.toml", "db/.concur.toml", "/.concur.toml",
            "./sub/../.concur.toml",
        ]
        for configurationFile in configurationFiles {
            let paths = ConfigurationPaths(workingDirectory: workingDirectory, configurationFile: configurationFile)
            for file in files {
                let expected = Self.byURL(file, workingDirectory: workingDirectory, configurationFile: configurationFile)
                #expect(
                    paths.relative(file) == expected,
                    "\(file) from \(workingDirectory) with \(configurationFile)")
            }
        }
    }
}

/// `--since` matches the files found against git's names, both made absolute from their text.
@Suite("Paths worked out from their text")
struct LexicalPathTests {
    @Test(arguments: ["/work/repo", "/", "/work/a b/é"])
    func absoluteAsURLMakesIt(_ directory: String) {
        let paths = [
            "db/001.sql", "./db/001.sql", "db/../x.sql", "../x.sql", "../../../../x.sql", "db//x.sql", "/abs/./x.sql",
            "/abs/../x.sql", "db/", ".hidden", "..x", "x..", ".", "..", "", "é/ü.sql",
        ]
        for path in paths {
            let expected = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory + "/"))
                .standardizedFileURL.path
            #expect(LexicalPath.absolute(path, in: directory) == expected, "\(path) in \(directory)")
        }
    }

    @Test func keepingParentsOnlyDropsWhatNamesNoOtherFile() {
        let directory = "/work/repo"
        #expect(LexicalPath.absoluteKeepingParents("db/m.sql", in: directory) == "/work/repo/db/m.sql")
        #expect(LexicalPath.absoluteKeepingParents("./db//./m.sql", in: directory) == "/work/repo/db/m.sql")
        #expect(LexicalPath.absoluteKeepingParents("/work/repo/db/m.sql/", in: directory) == "/work/repo/db/m.sql")
        // A `..` after a link leads out of its target: kept, it is never taken for another path.
        #expect(LexicalPath.absoluteKeepingParents("link/../m.sql", in: directory) == "/work/repo/link/../m.sql")
        #expect(LexicalPath.absoluteKeepingParents(".", in: "/") == "/")
    }
}

/// Glob matching from a path's bytes, against the plain definition: the pattern and the path
/// split into segments, and segments matched character by character.
@Suite("Glob patterns")
struct GlobTests {
    static func reference(_ pattern: String, _ path: String) -> Bool {
        func segments(_ text: String) -> [Substring] { text.split(separator: "/", omittingEmptySubsequences: true) }
        func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
            guard let first = pattern.first else { return path.isEmpty }
            if first == "**" {
                return (0...path.count).contains { match(pattern.dropFirst(), path.dropFirst($0)) }
            }
            guard let segment = path.first, matchSegment(Array(first)[...], Array(segment)[...]) else { return false }
            return match(pattern.dropFirst(), path.dropFirst())
        }
        func matchSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
            guard let first = pattern.first else { return text.isEmpty }
            switch first {
            case "*": return (0...text.count).contains { matchSegment(pattern.dropFirst(), text.dropFirst($0)) }
            case "?": return !text.isEmpty && matchSegment(pattern.dropFirst(), text.dropFirst())
            default: return text.first == first && matchSegment(pattern.dropFirst(), text.dropFirst())
            }
        }
        return match(segments(pattern)[...], segments(path)[...])
    }

    /// Random patterns and paths over a small alphabet, with characters of several bytes and a
    /// letter followed by a combining mark (one character, two scalars).
    @Test func matchesAsTheDefinitionSays() {
        var numbers = SeededNumbers(seed: 0x5EED)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let patternParts = ["a", "b", "e", "*", "?", "/", "**", "é", "e\u{301}", ".sql", "/**/"]
        let pathParts = ["a", "b", "e", "/", "é", "e\u{301}", ".sql", "ab", "//"]
        var checked = 0
        for _ in 0..<20_000 {
            let pattern = (0..<(1 + next(6))).map { _ in patternParts[next(patternParts.count)] }.joined()
            let path = (0..<next(8)).map { _ in pathParts[next(pathParts.count)] }.joined()
            let expected = Self.reference(pattern, path)
            if Glob(pattern).matches(path) != expected {
                Issue.record("\(pattern) against \(path): expected \(expected)")
                break
            }
            checked += expected ? 1 : 0
        }
        // Both answers come up often enough to mean something.
        #expect(checked > 1_000)
    }

    @Test func aLongRunOfStarsStaysQuick() {
        let pattern = String(repeating: "*a", count: 20) + "b"
        #expect(!Glob(pattern).matches(String(repeating: "a", count: 60)))
        #expect(Glob(pattern).matches(String(repeating: "a", count: 60) + "b"))
    }
}

@Suite("Rule settings")
struct RuleSettingsTests {
    @Test func setReplacedAndRemoved() {
        var settings = Configuration.RuleSettings()
        #expect(settings.isEmpty && settings["a"] == nil)
        settings["a"] = .error
        settings["b"] = .off
        #expect(settings["a"] == .error && settings["b"] == .off && settings["c"] == nil)
        settings["a"] = .warning
        #expect(settings["a"] == .warning && settings["b"] == .off)
        settings["a"] = nil
        #expect(settings["a"] == nil && settings["b"] == .off && !settings.isEmpty)
        settings["b"] = nil
        settings["c"] = nil
        #expect(settings.isEmpty)
    }

    @Test func theLastSettingOfARuleCounts() throws {
        let configuration = try Configuration.parse(
            "[rules]\n\"require-concurrent-index-deletion\" = \"off\"\n\"require-concurrent-index-deletion\" = \"error\"\n",
            file: ".concur.toml")
        #expect(configuration.rules["require-concurrent-index-deletion"] == .error)
    }
}
