// libFuzzer target for the SQL engine: lexing, finding, fixing. Built by scripts/fuzz.sh together
// with the ConcurCore sources (swiftc -sanitize=fuzzer,address). Beyond "no crash", it checks:
// positions lie within the file and on character boundaries; every safe fix applies; after all
// safe fixes, re-checking finds nothing fixable; bytes outside the edits are unchanged; fixing
// twice changes nothing the second time; skimming statements splits them exactly where reading
// every token does; reading in two pieces (as a large file is) gives the whole reading, and an
// analysis split so finds what one analysis finds.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // NUL bytes make a file binary (nothing more is checked): replace them so that every input
    // reaches the lexer.
    let bytes = UnsafeBufferPointer(start: data, count: size).map { $0 == 0 ? 0x20 : $0 }
    checkSkimmingSplitsAsReading(bytes)
    let analyzer = SQLAnalyzer()
    let analysis = analyzer.analyze(SourceFile(path: "fuzz.sql", bytes: bytes))
    checkSplitReadingIsTheWholeReading(bytes, analysis)
    for finding in analysis.findings {
        check(finding.range.start >= 0 && finding.range.end <= bytes.count, "finding outside the file")
        check(isBoundary(bytes, finding.range.start), "finding starts inside a character")
        for edit in finding.fix?.edits ?? [] {
            check(edit.range.start >= 0 && edit.range.end <= bytes.count, "edit outside the file")
        }
    }
    if let problem = analysis.problem { check(problem.offset <= bytes.count, "problem outside the file") }
    let located = LocatedFileReport(analysis)
    for finding in located.findings { check(finding.start <= finding.end, "finding ends before it starts") }
    guard analysis.problem == nil else { return 0 }
    checkFixesSettle(bytes, analysis) { analyzer.analyze(SourceFile(path: "fuzz.sql", bytes: $0)) }
    return 0
}

/// `StatementSplitter.next(keepingTokensOf:)` skims statements without making their tokens; the
/// statements and the syntax error must be those of reading every token.
func checkSkimmingSplitsAsReading(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { buffer in
        var whole = StatementSplitter(bytes: buffer)
        var skimming = StatementSplitter(bytes: buffer)
        while true {
            let read = whole.next()
            let skimmed = skimming.next(keepingTokensOf: { _ in false })
            check(read?.range == skimmed?.range, "skimming split a statement elsewhere")
            check(read?.terminator == skimmed?.terminator, "skimming ended a statement otherwise")
            check(read?.sharesQueryWithPrevious == skimmed?.sharesQueryWithPrevious, "skimming grouped queries otherwise")
            guard read != nil, skimmed != nil else { break }
        }
        check(whole.error == skimming.error, "skimming found another syntax error")
    }
}

/// A large file is read in two pieces (`ScriptStructure.read(_:start:splittingAt:concurrently:)`),
/// the second from a likely statement boundary. Split after any `;` (up to eight of them, spread
/// over the input), the pieces put together must give the whole reading; with the threshold at
/// zero, the split analysis must find what `analysis` found. The pieces run one after the other
/// here: the fuzzer checks the logic, ThreadSanitizer in CI the threads.
func checkSplitReadingIsTheWholeReading(_ bytes: [UInt8], _ analysis: FileAnalysis) {
    let serially: Concurrently = { count, body in for piece in 0..<count { body(piece) } }
    bytes.withUnsafeBufferPointer { buffer in
        let whole = ScriptStructure.read(buffer, start: 0)
        let boundaries = buffer.indices.filter { buffer[$0] == UInt8(ascii: ";") }.map { $0 + 1 }
        let step = max(1, boundaries.count / 8)
        for boundary in stride(from: 0, to: boundaries.count, by: step).map({ boundaries[$0] }) {
            let split = ScriptStructure.read(buffer, start: 0, splittingAt: boundary, concurrently: serially)
            check(split.statements.map(\.range) == whole.statements.map(\.range), "a split reading's statements differ")
            check(
                split.statements.map(\.terminator) == whole.statements.map(\.terminator),
                "a split reading's terminators differ")
            check(split.queryGroupSizes == whole.queryGroupSizes, "a split reading's query strings differ")
            check(split.syntaxError == whole.syntaxError, "a split reading's syntax error differs")
            check(split.dropCount == whole.dropCount, "a split reading found other drops")
            for (one, other) in zip(split.allDrops, whole.allDrops) {
                check(
                    one.statement.statement.range == other.statement.statement.range
                        && one.statementIndex == other.statementIndex && one.queryGroup == other.queryGroup
                        && one.block?.beginOffset == other.block?.beginOffset && one.block?.end == other.block?.end,
                    "a split reading placed a drop otherwise")
            }
        }
    }
    var split = SQLAnalyzer()
    split.concurrently = serially
    split.concurrentFileSize = 0
    let splitAnalysis = split.analyze(SourceFile(path: "fuzz.sql", bytes: bytes))
    check(splitAnalysis.findings == analysis.findings, "a split analysis found otherwise")
    check(splitAnalysis.problem == analysis.problem, "a split analysis found another problem")
}
