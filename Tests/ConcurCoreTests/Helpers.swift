import ConcurCore
import Testing

/// Analyses SQL text as a plain psql script (or under another execution model).
func analyze(_ sql: String, model: ExecutionModel = .psqlScript) -> FileAnalysis {
    SQLAnalyzer(executionModel: model).analyze(SourceFile(path: "test.sql", text: sql))
}

/// Analyses raw bytes.
func analyze(bytes: [UInt8], model: ExecutionModel = .psqlScript) -> FileAnalysis {
    SQLAnalyzer(executionModel: model).analyze(SourceFile(path: "test.sql", bytes: bytes))
}

/// The text after applying every safe fix.
func fixed(_ analysis: FileAnalysis) throws -> String {
    String(decoding: try EditApplier.apply(analysis.safeEdits, to: analysis.source.bytes), as: UTF8.self)
}

/// The line:column of each finding.
func positions(_ analysis: FileAnalysis) -> [SourcePosition] {
    LocatedFileReport(analysis).findings.map(\.start)
}

/// The tokens of `sql` that are not white space, as (kind, text) pairs.
func tokens(_ sql: String) -> [(TokenKind, String)] {
    let bytes = Array(sql.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        var lexer = Lexer(bytes: buffer)
        var result: [(TokenKind, String)] = []
        while let token = lexer.next() {
            guard token.kind != .whitespace else { continue }
            result.append((token.kind, String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)))
        }
        return result
    }
}

/// The statements of `sql`, as their text without terminators.
func statements(_ sql: String) -> [String] {
    let bytes = Array(sql.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
        var splitter = StatementSplitter(bytes: buffer)
        var result: [String] = []
        while let statement = splitter.next() {
            result.append(String(decoding: bytes[statement.range.start..<statement.range.end], as: UTF8.self))
        }
        return result
    }
}

/// Reproducible pseudo-random numbers for property tests: a linear congruential generator, the
/// same sequence for the same seed on every run.
struct SeededNumbers {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
