// Invariants shared by the fuzz targets of the SQL engine and the Alembic scanner; compiled into
// each target by scripts/fuzz.sh.

/// Checks what every analysis must keep once its safe fixes are applied: the fixes apply
/// together, bytes before the first edit and after the last are unchanged, the fixed file still
/// reads to its end, nothing fixable is left, and fixing twice changes nothing.
func checkFixesSettle(_ bytes: [UInt8], _ analysis: FileAnalysis, reanalyze: ([UInt8]) -> FileAnalysis) {
    let edits = analysis.safeEdits
    guard let fixed = try? EditApplier.apply(edits, to: bytes) else {
        check(false, "safe fixes overlap")
        return
    }
    if let first = edits.map(\.range.start).min(), let last = edits.map(\.range.end).max() {
        check(Array(fixed.prefix(first)) == Array(bytes.prefix(first)), "bytes before the edits changed")
        check(Array(fixed.suffix(bytes.count - last)) == Array(bytes.suffix(bytes.count - last)), "bytes after the edits changed")
    }
    let again = reanalyze(fixed)
    check(again.problem == nil, "fixing made the file unreadable")
    check(!again.findings.contains { $0.fix?.isSafe == true }, "fixing did not settle")
    let twice = (try? EditApplier.apply(again.safeEdits, to: fixed)) ?? []
    check(twice == fixed, "fixing twice changed the file")
}

/// Whether `offset` starts a character: not a continuation byte of a multi-byte sequence that
/// began before it (a stray continuation byte counts as a character of its own).
func isBoundary(_ bytes: [UInt8], _ offset: Int) -> Bool {
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

func check(_ condition: Bool, _ message: StaticString) {
    if !condition { fatalError("invariant broken: \(message)") }
}
