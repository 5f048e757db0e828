// libFuzzer target for the SQL engine: lexing, finding, fixing. Built by scripts/fuzz.sh together
// with the ConcurCore sources (swiftc -sanitize=fuzzer,address). Beyond "no crash", it checks:
// positions lie within the file and on character boundaries; every safe fix applies; after all
// safe fixes, re-checking finds nothing fixable; bytes outside the edits are unchanged; fixing
// twice changes nothing the second time; skimming statements splits them exactly where reading
// every token does.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // NUL bytes make a file binary (nothing more is checked): replace them so that every input
    // reaches the lexer.
    let bytes = UnsafeBufferPointer(start: data, count: size).map { $0 == 0 ? 0x20 : $0 }
    checkSkimmingSplitsAsReading(bytes)
    let analyzer = SQLAnalyzer()
    let analysis = analyzer.analyze(SourceFile(path: "fuzz.sql", bytes: bytes))
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
