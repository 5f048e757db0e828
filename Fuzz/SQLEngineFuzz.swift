// libFuzzer target for the SQL engine: lexing, finding, fixing. Built by scripts/fuzz.sh together
// with the ConcurCore sources (swiftc -sanitize=fuzzer,address). Beyond "no crash", it checks:
// positions lie within the file and on character boundaries; every safe fix applies; after all
// safe fixes, re-checking finds nothing fixable; bytes outside the edits are unchanged; fixing
// twice changes nothing the second time.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // NUL bytes make a file binary (nothing more is checked): replace them so that every input
    // reaches the lexer.
    let bytes = UnsafeBufferPointer(start: data, count: size).map { $0 == 0 ? 0x20 : $0 }
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
    let edits = analysis.safeEdits
    guard let fixed = try? EditApplier.apply(edits, to: bytes) else {
        check(false, "safe fixes overlap")
        return 0
    }
    // Bytes before the first edit and after the last are untouched.
    if let first = edits.map(\.range.start).min(), let last = edits.map(\.range.end).max() {
        check(Array(fixed.prefix(first)) == Array(bytes.prefix(first)), "bytes before the edits changed")
        check(Array(fixed.suffix(bytes.count - last)) == Array(bytes.suffix(bytes.count - last)), "bytes after the edits changed")
    }
    let again = analyzer.analyze(SourceFile(path: "fuzz.sql", bytes: fixed))
    check(!again.findings.contains { $0.fix?.isSafe == true }, "fixing did not settle")
    let twice = (try? EditApplier.apply(again.safeEdits, to: fixed)) ?? []
    check(twice == fixed, "fixing twice changed the file")
    return 0
}

/// Whether `offset` starts a character: not a continuation byte of a multi-byte sequence that
/// began before it (a stray continuation byte counts as a character of its own).
private func isBoundary(_ bytes: [UInt8], _ offset: Int) -> Bool {
    guard offset < bytes.count, bytes[offset] & 0xC0 == 0x80 else { return true }
    var back = 1
    while back <= 3, offset - back >= 0 {
        let byte = bytes[offset - back]
        if byte & 0xC0 != 0x80 {
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            return length <= back
        }
        back += 1
    }
    return true
}

private func check(_ condition: Bool, _ message: StaticString) {
    if !condition { fatalError("invariant broken: \(message)") }
}
