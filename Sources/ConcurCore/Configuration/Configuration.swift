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

    /// Tool overrides, in file order.
    public var tools: [(Glob, MigrationTool)] = []
    /// Execution overrides, in file order.
    public var executions: [(Glob, Execution)] = []

    public init() {}

    /// The configured tool for a path relative to the configuration's folder.
    public func tool(for relativePath: String) -> MigrationTool? {
        tools.first { $0.0.matches(relativePath) }?.1
    }

    /// The configured execution for a path relative to the configuration's folder.
    public func execution(for relativePath: String) -> Execution? {
        executions.first { $0.0.matches(relativePath) }?.1
    }

    /// Reads `.concur.toml` text (see `SettingsFile` for the syntax).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        let entries = try SettingsFile.entries(
            text, file: file, sections: ["tools", "execution"], example: "\"pattern\" = \"value\"")
        for entry in entries {
            guard let word = entry.value else {
                throw ConfigurationError(
                    file: file, line: entry.line, key: entry.key, message: "the value must be a quoted string")
            }
            if entry.section == "tools" {
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
