/// A configuration file that cannot be used: where, which key, and what is allowed.
public struct ConfigurationError: Error, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var key: String?
    public var message: String

    public init(file: String, line: Int, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`.
    public var description: String {
        "\(file):\(line): " + (key.map { "\($0): " } ?? "") + message
    }
}

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

    /// Reads `.concur.toml` text (a subset of TOML: sections and `"pattern" = "value"` lines).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        var section = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = stripComment(String(rawLine)).trimmed()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw ConfigurationError(
                        file: file, line: number, key: nil, message: "a section header must end with ']'")
                }
                section = String(line.dropFirst().dropLast()).trimmed()
                guard ["tools", "execution"].contains(section) else {
                    throw ConfigurationError(
                        file: file, line: number, key: nil,
                        message: "unknown section [\(section)]; known sections: [tools], [execution]")
                }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(
                    file: file, line: number, key: nil, message: "expected `\"pattern\" = \"value\"`")
            }
            let key = unquote(String(line[..<equals]).trimmed())
            let value = String(line[line.index(after: equals)...]).trimmed()
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                throw ConfigurationError(
                    file: file, line: number, key: key, message: "the value must be a quoted string")
            }
            let word = String(value.dropFirst().dropLast())
            switch section {
            case "tools":
                guard let tool = MigrationTool(rawValue: word) else {
                    throw ConfigurationError(
                        file: file, line: number, key: key,
                        message: "unknown tool '\(word)'; allowed: "
                            + MigrationTool.allCases.map(\.rawValue).joined(separator: ", "))
                }
                configuration.tools.append((Glob(key), tool))
            case "execution":
                guard let execution = Execution(rawValue: word) else {
                    throw ConfigurationError(
                        file: file, line: number, key: key,
                        message: "unknown execution '\(word)'; allowed: "
                            + Execution.allCases.map(\.rawValue).joined(separator: ", "))
                }
                configuration.executions.append((Glob(key), execution))
            default:
                throw ConfigurationError(
                    file: file, line: number, key: key, message: "settings must follow a [tools] or [execution] header")
            }
        }
        return configuration
    }

    private static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for (offset, character) in line.enumerated() {
            if character == "\"" { inString.toggle() }
            if character == "#", !inString { return String(line.prefix(offset)) }
        }
        return line
    }
}

extension String {
    fileprivate func trimmed() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
