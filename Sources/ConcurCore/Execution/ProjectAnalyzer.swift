/// Analyses migration files the way their migration tool runs them: detects the tool from the
/// file's place and text, builds its execution model, and analyses the SQL under that model.
public struct ProjectAnalyzer: Sendable {
    /// The SQL rules.
    public var analyzer: SQLAnalyzer
    /// What the detector may look at around each file.
    public var files: any ProjectFiles
    /// Per-path overrides from `.concur.toml`.
    public var configuration: Configuration
    /// Turns a file's path into the path the configuration's patterns are written against.
    public var configurationPath: @Sendable (String) -> String

    public init(
        analyzer: SQLAnalyzer = SQLAnalyzer(), files: any ProjectFiles, configuration: Configuration = Configuration(),
        configurationPath: @escaping @Sendable (String) -> String = { $0 }
    ) {
        self.analyzer = analyzer
        self.files = files
        self.configuration = configuration
        self.configurationPath = configurationPath
    }

    /// The tool and model for a file: configured, or detected.
    public func model(for source: SourceFile) -> (MigrationTool, ExecutionModel) {
        let relative = configurationPath(source.path)
        // Borrowed bytes (a large file mapped into memory) are not copied whole for what reads
        // only the first lines.
        let head = source.isBorrowed ? source.leadingBytes(MigrationTool.leadingBytesRead) : source.bytes
        let tool =
            configuration.tool(for: relative)
            ?? MigrationTool.detect(path: source.path, content: head, files: files)
        let model =
            configuration.execution(for: relative)?.model
            ?? tool.executionModel(
                path: source.path, content: tool.readsWholeFile ? source.bytes : head, files: files)
        return (tool, model)
    }

    /// Analyses one file under its tool's model.
    public func analyze(_ source: SourceFile) -> FileAnalysis {
        if source.path.hasSuffix(ignoringASCIICase: ".py") { return analyzePython(source) }
        let (tool, model) = model(for: source)
        var analysis = analyzer.analyze(source, model: model)
        analysis.tool = tool
        analysis.findings = configuration.applyRuleSettings(to: analysis.findings)
        return analysis
    }
}

extension ProjectAnalyzer {
    /// A Python file: an Alembic revision is analysed; any other Python file is skipped.
    func analyzePython(_ source: SourceFile) -> FileAnalysis {
        let relative = configurationPath(source.path)
        let configured = configuration.tool(for: relative)
        let kind: AlembicRevision.Kind =
            configured == .alembic
            ? .revision : AlembicRevision.classify(path: source.path, content: source.bytes, files: files)
        switch kind {
        case .revision:
            var analysis = AlembicAnalyzer(addsIfExists: configuration.alembicIfExists).analyze(source)
            analysis.findings = configuration.applyRuleSettings(to: analysis.findings)
            return analysis
        case .otherDatabase(let database):
            var analysis = FileAnalysis(source: source, findings: [], problem: nil)
            analysis.tool = .alembic
            analysis.skipReason = "an Alembic revision for \(database), not PostgreSQL"
            return analysis
        case .notAMigration:
            var analysis = FileAnalysis(source: source, findings: [], problem: nil)
            analysis.skipReason = "not an Alembic revision"
            return analysis
        }
    }
}

/// No files around: every file is a plain psql script unless its own text says otherwise.
public struct NoProjectFiles: ProjectFiles {
    public init() {}
    public func exists(_ path: String) -> Bool { false }
    public func contents(of path: String) -> [UInt8]? { nil }
    public func anySQLFile(in directory: String, startsWith prefix: String) -> Bool { false }
    public func names(in directory: String) -> [String]? { nil }
}

/// Files given as a dictionary, for tests and tools that already hold them.
public struct InMemoryProjectFiles: ProjectFiles {
    public var files: [String: [UInt8]]

    public init(_ files: [String: String]) {
        self.files = files.mapValues { Array($0.utf8) }
    }

    public func exists(_ path: String) -> Bool { files[path] != nil }
    public func contents(of path: String) -> [UInt8]? { files[path] }

    public func anySQLFile(in directory: String, startsWith prefix: String) -> Bool {
        files.contains { path, bytes in
            MigrationTool.parent(of: path) == directory && path.hasSuffix(".sql")
                && bytes.starts(with: Array(prefix.utf8))
        }
    }

    public func names(in directory: String) -> [String]? {
        let prefix = directory == "." ? "" : directory + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }.compactMap {
            $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init)
        }
        return Array(Set(names)).sorted()
    }
}

/// Files as they will be once some new files exist: for checking a fix's result before writing.
public struct OverlayProjectFiles: ProjectFiles {
    public var base: any ProjectFiles
    public var added: [String: [UInt8]]

    public init(base: any ProjectFiles, adding files: [CreatedFile]) {
        self.base = base
        self.added = Dictionary(files.map { ($0.path, $0.content) }, uniquingKeysWith: { first, _ in first })
    }

    public func exists(_ path: String) -> Bool { added[path] != nil || base.exists(path) }
    public func contents(of path: String) -> [UInt8]? { added[path] ?? base.contents(of: path) }

    public func anySQLFile(in directory: String, startsWith prefix: String) -> Bool {
        base.anySQLFile(in: directory, startsWith: prefix)
            || added.contains {
                MigrationTool.parent(of: $0.key) == directory && $0.value.starts(with: Array(prefix.utf8))
            }
    }

    public func names(in directory: String) -> [String]? {
        let extra = added.keys.filter { MigrationTool.parent(of: $0) == directory }.compactMap {
            $0.split(separator: "/").last.map(String.init)
        }
        return (base.names(in: directory) ?? []) + extra
    }

    /// The base's versions (remembered there), with those of the new files put in their places.
    public func migrationVersions(in directory: String, rule: String, _ version: (String) -> String) -> [String] {
        let extra = added.keys.filter { MigrationTool.parent(of: $0) == directory }.compactMap {
            $0.split(separator: "/").last.map { version(String($0)) }
        }.filter { !$0.isEmpty }
        let versions = base.migrationVersions(in: directory, rule: rule, version)
        return extra.isEmpty ? versions : MigrationVersions.inserting(extra, into: versions)
    }
}
