import ConcurCore
import Testing

/// A small seeded generator, so that every run checks the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Properties over generated SQL")
struct PropertyTests {
    static let pieces: [[UInt8]] = [
        "DROP INDEX a;", "drop index if exists \"Q\"\"x\", s.b;", "DROP INDEX CONCURRENTLY c;", "DROP INDEX d CASCADE;",
        "BEGIN;", "COMMIT;", "ROLLBACK;", "START TRANSACTION;", "END;", "SELECT 'DROP INDEX ;', E'\\' ;';",
        "SELECT $$ ; DROP INDEX x; $$, $t$ $$ $t$;", "-- DROP INDEX y;", "/* a /* b */ DROP INDEX z; */",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;", "SELECT 1\\; DROP INDEX e;",
        "COPY t FROM stdin;\n1\t;\n\\.", "-- concur-ignore require-concurrent-index-deletion",
        "CREATE INDEX i ON t (c);",
        "SELECT 'unterminated", "\"open identifier", "/* open comment", "$q$ open dollar",
    ].map { Array($0.utf8) }
    static let separators: [[UInt8]] = [
        [0x0A], [0x0D, 0x0A], [0x20], [0x09], [0x0A, 0x0A], [0xC3, 0xA9], [0xFF], [0xE2, 0x98, 0x95],
    ]

    static func generate(_ seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var bytes: [UInt8] = Bool.random(using: &random) ? [0xEF, 0xBB, 0xBF] : []
        for _ in 0..<Int.random(in: 1...14, using: &random) {
            bytes += pieces.randomElement(using: &random)!
            bytes += separators.randomElement(using: &random)!
        }
        return bytes
    }

    @Test(arguments: 0..<400)
    func analysisAndFixesKeepTheirPromises(_ seed: Int) throws {
        let bytes = Self.generate(UInt64(seed))
        let analysis = SQLAnalyzer().analyze(SourceFile(path: "p.sql", bytes: bytes))
        for finding in analysis.findings {
            #expect(finding.range.start >= 0 && finding.range.end <= bytes.count)
            #expect(finding.range.start == bytes.count || bytes[finding.range.start] & 0xC0 != 0x80)
        }
        guard analysis.problem == nil else { return }
        let edits = analysis.safeEdits
        let fixed = try EditApplier.apply(edits, to: bytes)
        if let first = edits.map(\.range.start).min(), let last = edits.map(\.range.end).max() {
            #expect(Array(fixed.prefix(first)) == Array(bytes.prefix(first)))
            #expect(Array(fixed.suffix(bytes.count - last)) == Array(bytes.suffix(bytes.count - last)))
        }
        let again = SQLAnalyzer().analyze(SourceFile(path: "p.sql", bytes: fixed))
        #expect(!again.findings.contains { $0.fix?.isSafe == true }, "fixing did not settle for seed \(seed)")
        #expect(try EditApplier.apply(again.safeEdits, to: fixed) == fixed)
    }
}
