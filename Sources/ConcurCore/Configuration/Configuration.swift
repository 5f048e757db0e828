/// A configuration file that cannot be used.
public typealias ConfigurationError = SettingsError

/// `.concur.toml`: per-path overrides of the migration tool and of how files run.
///
/// ```toml
/// [tools]
/// "db/migrations/**" = "golang-migrate"
///
/// [execution]
/// "scripts/**" = "one-transaction"
/// ```
///
/// Patterns are globs relative to the file's folder; the first matching line wins. Execution
/// overrides win over the tool's own model.
public struct Configuration: Sendable {
    /// How a file runs, when configuration says so instead of the tool.
    public enum Execution: String, CaseIterable, Sendable {
        /// Statement by statement, no transaction (psql -f).
        case statements
        /// Statement by statement, in one transaction (psql -1 -f).
        case oneTransaction = "one-transaction"
        /// The whole file as one query string, no transaction of the tool's own.
        case oneQuery = "one-query"
        /// The whole file as one query string, in a transaction.
        case oneQueryTransaction = "one-query-transaction"

        /// The model this stands for.
        public var model: ExecutionModel {
            switch self {
            case .statements: return .psqlScript
            case .oneTransaction: return .psqlSingleTransaction
            case .oneQuery:
                return ExecutionModel(
                    name: "the configured runner", wrapsFileInTransaction: false, delivery: .wholeFileAsOneQuery,
                    summary:
                        "this file is sent as one query string (.concur.toml), which PostgreSQL runs as one transaction when it holds several statements"
                )
            case .oneQueryTransaction:
                return ExecutionModel(
                    name: "the configured runner", wrapsFileInTransaction: true, delivery: .wholeFileAsOneQuery,
                    summary: "this file runs in a transaction as one query string (.concur.toml)")
            }
        }
    }

    /// What a rule setting says: its severity, or off.
    public enum RuleSetting: String, CaseIterable, Sendable {
        case error, warning, off
    }

    /// Rule settings by rule identifier: a handful at most, kept in the order set. Not in a
    /// dictionary: the first dictionary keyed by strings had the runtime look for `String`'s
    /// `Hashable` conformance among every conformance in the binary, which cost a third of
    /// checking one migration in a configured project.
    public struct RuleSettings: Sendable {
        private struct Entry: Sendable {
            var rule: String
            var setting: RuleSetting
        }

        private var entries: [Entry] = []

        public init() {}

        /// Whether no rule has a setting.
        public var isEmpty: Bool { entries.isEmpty }

        /// The setting of the rule called `rule`, if it has one.
        public subscript(rule: String) -> RuleSetting? {
            get { entries.first { $0.rule == rule }?.setting }
            set {
                let index = entries.firstIndex { $0.rule == rule }
                switch (index, newValue) {
                case (let index?, let setting?): entries[index].setting = setting
                case (let index?, nil): entries.remove(at: index)
                case (nil, let setting?): entries.append(Entry(rule: rule, setting: setting))
                case (nil, nil): break
                }
            }
        }
    }

    /// Files to check inside the folders named on the command line (default: every `*.sql`).
    public var include: [Glob] = []
    /// Files never to check.
    public var exclude: [Glob] = []
    /// Rules switched off or given another severity.
    public var rules = RuleSettings()
    /// The reviewer's theme (a built-in name or a path), unless `--theme` says otherwise.
    public var theme: String?
    /// Key bindings for the reviewer: action name → key label, with the line for errors.
    public var keys: [(action: String, key: String, line: Int)] = []
    /// Tool overrides, in file order.
    public var tools: [(Glob, MigrationTool)] = []
    /// Execution overrides, in file order.
    public var executions: [(Glob, Execution)] = []
    /// Whether Alembic fixes add `if_exists=True` (`[alembic] if-exists = true`).
    public var alembicIfExists = false

    public init() {}

    /// The configured tool for a path relative to the configuration's folder.
    public func tool(for relativePath: String) -> MigrationTool? {
        tools.first { $0.0.matches(relativePath) }?.1
    }

    /// Whether a file found inside a named folder is checked.
    public func includes(_ relativePath: String) -> Bool {
        if exclude.contains(where: { $0.matches(relativePath) }) { return false }
        return include.isEmpty || include.contains { $0.matches(relativePath) }
    }

    /// Applies `[rules]`: drops findings of rules switched off, and sets configured severities.
    public func applyRuleSettings(to findings: [Finding]) -> [Finding] {
        guard !rules.isEmpty else { return findings }
        return findings.compactMap { finding in
            var finding = finding
            switch rules[finding.rule] {
            case .off?: return nil
            case .error?: finding.severity = .error
            case .warning?: finding.severity = .warning
            case nil: break
            }
            return finding
        }
    }

    /// The configured execution for a path relative to the configuration's folder.
    public func execution(for relativePath: String) -> Execution? {
        executions.first { $0.0.matches(relativePath) }?.1
    }

    /// Reads `.concur.toml` text (see `SettingsFile` for the syntax).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        let entries = try SettingsFile.entries(
            text, file: file, sections: ["files", "rules", "review", "keys", "tools", "execution", "alembic"],
            example: "key = \"value\"")
        let ruleNames = RuleCatalog.descriptions.map(\.identifier)
        for entry in entries {
            if entry.section == "files" {
                guard entry.key == "include" || entry.key == "exclude", let globs = entry.values else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key,
                        message: "[files] takes include = [\"glob\", …] and exclude = [\"glob\", …]")
                }
                if entry.key == "include" {
                    configuration.include = globs.map(Glob.init)
                } else {
                    configuration.exclude = globs.map(Glob.init)
                }
                continue
            }
            if entry.section == "alembic" {
                guard entry.key == "if-exists", entry.written == "true" || entry.written == "false" else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key,
                        message:
                            "[alembic] takes if-exists = true or false (add if_exists=True to op.drop_index fixes; Alembic 1.13 and later)"
                    )
                }
                configuration.alembicIfExists = entry.written == "true"
                continue
            }
            guard let word = entry.value else {
                throw ConfigurationError(
                    file: file, line: entry.line, key: entry.key, message: "the value must be a quoted string")
            }
            if entry.section == "rules" {
                guard ruleNames.contains(entry.key) else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key,
                        message: "unknown rule; known rules: " + ruleNames.joined(separator: ", "))
                }
                guard let setting = RuleSetting(rawValue: word) else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key,
                        message: "unknown setting '\(word)'; allowed: error, warning, off")
                }
                configuration.rules[entry.key] = setting
            } else if entry.section == "review" {
                guard entry.key == "theme" else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key, message: "unknown key; [review] takes theme")
                }
                configuration.theme = word
            } else if entry.section == "keys" {
                configuration.keys.append((entry.key, word, entry.line))
            } else if entry.section == "tools" {
                guard let tool = MigrationTool(rawValue: word) else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key,
                        message: "unknown tool '\(word)'; allowed: "
                            + MigrationTool.allCases.map(\.rawValue).joined(separator: ", "))
                }
                configuration.tools.append((Glob(entry.key), tool))
            } else {
                guard let execution = Execution(rawValue: word) else {
                    throw ConfigurationError(
                        file: file, line: entry.line, key: entry.key,
                        message: "unknown execution '\(word)'; allowed: "
                            + Execution.allCases.map(\.rawValue).joined(separator: ", "))
                }
                configuration.executions.append((Glob(entry.key), execution))
            }
        }
        return configuration
    }
}
