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

@Suite("Properties over generated Alembic revisions")
struct PythonPropertyTests {
    /// Statements of an `upgrade()` body, each at one level of indentation (`    `).
    static let statements: [String] = [
        "op.drop_index(\"ix_a\", table_name=\"t\")", "op.drop_index(op.f(\"ix_b\"), \"t\", schema=\"app\")",
        "op.drop_index(\n        \"ix_c\",  # why\n        table_name=\"t\",\n    )",
        "op.drop_index(\"ix_d\", table_name=\"t\", postgresql_concurrently=True)",
        "op.drop_index(\"ix_e\", postgresql_concurrently=False)",
        "with op.get_context().autocommit_block():\n        op.drop_index(\"ix_f\", postgresql_concurrently=True)",
        "with op.get_context().autocommit_block():\n        op.drop_index(\"ix_g\")",
        "op.execute(\"DROP INDEX ix_h\")", "op.execute(sa.text('drop index if exists ix_i, ix_j'))",
        "op.execute(\"\"\"\n        DROP INDEX ix_k;\n    \"\"\")",
        "op.execute(\"UPDATE t SET a = 1; DROP INDEX ix_l\")",
        "op.execute(f\"DROP INDEX {name}\")", "op.execute(\"DROP INDEX ix_m CASCADE\")",
        "with op.batch_alter_table(\"t\") as b:\n        b.add_column(sa.Column(\"x\", sa.Integer()))\n        b.drop_index(\"ix_n\")",
        "with op.batch_alter_table(\"t\") as b:\n        b.drop_index(\"ix_o\")",
        "for n in names:\n        op.drop_index(n)", "# op.drop_index(\"ix_p\")", "\"\"\"op.drop_index('ix_q')\"\"\"",
        "x = 'caf\u{E9} \u{2615}'", "search.drop_index(\"products\")",
        "op.add_column(\"t\", sa.Column(\"y\", sa.Text()))",
        "# concur-ignore require-concurrent-index-deletion: small table",
        "log('unterminated",
    ]

    static func generate(_ seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        let crlf = Bool.random(using: &random)
        var text = "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"
        for _ in 0..<Int.random(in: 1...10, using: &random) {
            text += "    " + statements.randomElement(using: &random)! + "\n"
        }
        text += "    pass\n"
        var bytes = Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
        if Bool.random(using: &random) { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        if Int.random(in: 0..<4, using: &random) == 0 {
            // An invalid byte inside a comment line.
            bytes += Array("# \u{1}".utf8).dropLast() + [0xFF, 0x0A]
        }
        return bytes
    }

    @Test(arguments: 0..<400)
    func analysisAndFixesKeepTheirPromises(_ seed: Int) throws {
        let bytes = Self.generate(UInt64(seed))
        let analyzer = AlembicAnalyzer()
        let analysis = analyzer.analyze(SourceFile(path: "versions/p.py", bytes: bytes))
        for finding in analysis.findings {
            #expect(finding.range.start >= 0 && finding.range.end <= bytes.count)
            #expect(finding.range.start == bytes.count || bytes[finding.range.start] & 0xC0 != 0x80)
            if let fix = finding.fix, fix.isSafe {
                #expect((try? EditApplier.apply(fix.edits, to: bytes)) != nil, "a fix alone must apply")
            }
        }
        guard analysis.problem == nil else { return }
        let edits = analysis.safeEdits
        let fixed = try EditApplier.apply(edits, to: bytes)
        if let first = edits.map(\.range.start).min(), let last = edits.map(\.range.end).max() {
            #expect(fixed.prefix(first).elementsEqual(bytes.prefix(first)))
            #expect(fixed.suffix(bytes.count - last).elementsEqual(bytes.suffix(bytes.count - last)))
        }
        let again = analyzer.analyze(SourceFile(path: "versions/p.py", bytes: fixed))
        #expect(again.problem == nil, "fixing made the file unreadable: \(again.problem?.message ?? "")")
        #expect(!again.findings.contains { $0.fix?.isSafe == true }, "one fix pass must settle")
        #expect(try EditApplier.apply(again.safeEdits, to: fixed) == fixed)
    }
}
