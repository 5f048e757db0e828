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

    /// For each finding, whether it has no safe fix of its own, yet a safe fix of the same rule
    /// rewrites its statement whole: the fix of the first drop of an Alembic batch block that
    /// holds only drops, or of an `op.execute` call that runs several drops, rewrites the others
    /// too. Once those fixes are applied, such a finding is fixed as well.
    public var rewrittenBySafeFixes: [Bool] {
        // The safe fixes' edits that replace bytes, by start. They never overlap (else the fixes
        // are not applied): the one that may hold a finding is the last to start at or before it.
        var edits: [(range: ByteRange, rule: String)] = []
        for finding in findings where finding.fix?.isSafe == true {
            for edit in finding.fix?.edits ?? [] where edit.range.end > edit.range.start {
                edits.append((edit.range, finding.rule))
            }
        }
        edits.sort { $0.range.start < $1.range.start }
        return findings.map { finding in
            guard finding.fix?.isSafe != true, !edits.isEmpty else { return false }
            let after = edits.firstIndexByHalving { $0.range.start > finding.range.start }
            return after > 0 && finding.range.end <= edits[after - 1].range.end && edits[after - 1].rule == finding.rule
        }
    }

    /// The files every safe fix creates, in finding order.
    public var safeCreatedFiles: [CreatedFile] {
        findings.compactMap(\.fix).filter(\.isSafe).flatMap(\.createdFiles)
    }
}
