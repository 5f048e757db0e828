// libFuzzer target for the Python/Alembic scanner: tokenizing, finding, fixing. Built by
// scripts/fuzz.sh with the ConcurCore sources. The input is placed inside `def upgrade():` of a
// revision half the time, so that most inputs reach the call finder. Beyond "no crash", it checks:
// positions lie within the file and on character boundaries; every safe fix applies (the fixes of
// one file together); after all safe fixes, re-checking finds nothing fixable; bytes before the
// first edit and after the last are unchanged; fixing twice changes nothing the second time.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAlembic(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var bytes = UnsafeBufferPointer(start: data, count: size).map { $0 == 0 ? 0x20 : $0 }
    if let first = bytes.first, first & 1 == 1 {
        bytes = Array("from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    ".utf8) + bytes.dropFirst()
    }
    let analyzer = AlembicAnalyzer(addsIfExists: bytes.count % 3 == 0)
    let analysis = analyzer.analyze(SourceFile(path: "versions/fuzz.py", bytes: bytes))
    for finding in analysis.findings {
        check(finding.range.start >= 0 && finding.range.end <= bytes.count, "finding outside the file")
        check(finding.range.start <= finding.range.end, "finding ends before it starts")
        check(isBoundary(bytes, finding.range.start), "finding starts inside a character")
        for edit in finding.fix?.edits ?? [] {
            check(edit.range.start >= 0 && edit.range.end <= bytes.count, "edit outside the file")
            check(isBoundary(bytes, edit.range.start) && isBoundary(bytes, edit.range.end), "edit splits a character")
        }
        check(finding.fix?.reason != AlembicAnalyzer.overlappingChangesReason, "a fix's changes overlap")
        // Each fix alone applies too (the reviewer accepts them one by one).
        if let fix = finding.fix, fix.isSafe {
            check((try? EditApplier.apply(fix.edits, to: bytes)) != nil, "a fix's own edits overlap")
        }
    }
    if let problem = analysis.problem { check(problem.offset <= bytes.count, "problem outside the file") }
    _ = LocatedFileReport(analysis)
    guard analysis.problem == nil else { return 0 }
    checkFixesSettle(bytes, analysis) { analyzer.analyze(SourceFile(path: "versions/fuzz.py", bytes: $0)) }
    return 0
}
