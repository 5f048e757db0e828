/// Why a file could not be analysed, or not completely.
public struct SourceProblem: Error, Hashable, Sendable {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The file holds NUL bytes: it is not text.
        case binaryContent
        /// A quoted construct never ends; findings before it are kept.
        case syntax(SQLSyntaxError)
        /// A Python string literal never ends; findings before it are kept.
        case pythonSyntax(PythonSyntaxError)
    }

    /// What went wrong.
    public var kind: Kind
    /// Where: the first byte of the unterminated construct, or 0.
    public var offset: Int

    /// A lower-case description that reads well after "error:".
    public var message: String {
        switch kind {
        case .binaryContent: return "file contains NUL bytes; it does not look like SQL text"
        case .syntax(let error): return error.message
        case .pythonSyntax(let error): return error.message
        }
    }
}

/// The result of analysing one file.
public struct FileAnalysis: Sendable {
    /// The file analysed.
    public var source: SourceFile {
        didSet { lineIndex = nil }
    }
    /// The line index the analysis built for `source`, reused to place its findings (forgotten
    /// when the source changes).
    var lineIndex: LineIndex?
    /// The findings, in file order.
    public var findings: [Finding]
    /// What stopped the analysis early, if anything.
    public var problem: SourceProblem?
    /// The migration tool the file was analysed for.
    public var tool: MigrationTool = .psql
    /// Why the file was not analysed although it was found (a Python file that is not an
    /// Alembic revision for PostgreSQL); nil for an analysed file.
    public var skipReason: String?

    /// Creates a result.
    public init(source: SourceFile, findings: [Finding], problem: SourceProblem?) {
        self.source = source
        self.findings = findings
        self.problem = problem
    }

    /// The edits of every safe fix, in finding order.
    public var safeEdits: [Edit] {
        Fix.combinedEdits(of: findings.compactMap(\.fix).filter(\.isSafe))
    }

    /// The findings of the same rule as finding `index`, with no safe fix of their own, whose
    /// statements its fix rewrites whole (they lie inside one of its edits): the fix of the first
    /// drop of an Alembic batch block that holds only drops, or of an `op.execute` call that runs
    /// several drops, rewrites the others too. Once that fix is applied, they are fixed as well.
    /// The findings are in file order, as the analyses make them.
    public func findingsRewritten(byFixOf index: Int) -> [Int] {
        let rule = findings[index].rule
        var rewritten: [Int] = []
        for edit in findings[index].fix?.edits ?? [] where edit.range.end > edit.range.start {
            var other = findings.firstIndexByHalving { $0.range.start >= edit.range.start }
            while other < findings.count, findings[other].range.start < edit.range.end {
                if findings[other].range.end <= edit.range.end, findings[other].fix?.isSafe != true,
                    findings[other].rule == rule
                {
                    rewritten.append(other)
                }
                other += 1
            }
        }
        return rewritten
    }

    /// For each finding, whether a safe fix rewrites it with its own (`findingsRewritten(byFixOf:)`).
    public var rewrittenBySafeFixes: [Bool] {
        var rewritten = Array(repeating: false, count: findings.count)
        for index in findings.indices where findings[index].fix?.isSafe == true {
            for other in findingsRewritten(byFixOf: index) { rewritten[other] = true }
        }
        return rewritten
    }

    /// The files every safe fix creates, in finding order.
    public var safeCreatedFiles: [CreatedFile] {
        findings.compactMap(\.fix).filter(\.isSafe).flatMap(\.createdFiles)
    }
}
