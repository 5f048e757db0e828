import ConcurCore
import ConcurUI
import Testing

/// Accepting rewrites compares each open finding's fix with the accepted ones through an index
/// of the edits, not by applying every edit to the file for each finding: these tests hold it to
/// that definition (a finding whose fix overlaps the accepted edits, as `EditApplier` sees
/// overlaps, becomes stale).
@Suite("Accepting many rewrites")
struct AcceptingManyTests {
    /// Reproducible numbers (a linear congruential generator).
    struct Numbers {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Findings in file order over a file of `length` bytes, with fixes of one or two edits each
    /// (some overlapping other findings' fixes, some in block runs), or none.
    static func findings(_ numbers: inout Numbers, length: Int) -> [Finding] {
        var starts = (0..<(1 + numbers.next(14))).map { _ in numbers.next(length - 8) }
        starts.sort()
        var runPositions = [0, 0]
        return starts.map { start in
            var fix: Fix?
            switch numbers.next(6) {
            case 0: fix = nil
            case 1: fix = .unavailable("no")
            default:
                var edits: [Edit] = []
                var cursor = max(0, start - 3 + numbers.next(6))
                for _ in 0..<(1 + numbers.next(2)) where cursor < length {
                    let end = min(length, cursor + numbers.next(5))
                    edits.append(Edit(range: ByteRange(cursor, end), replacement: "x"))
                    cursor = end + numbers.next(6)
                }
                var made = Fix.safe("rewrite", edits: edits)
                if numbers.next(3) == 0 {
                    let run = numbers.next(2)
                    made.blockRun = Fix.BlockRun(id: run, position: runPositions[run])
                    runPositions[run] += 1
                }
                fix = made
            }
            let rule = numbers.next(4) == 0 ? "other" : "r"
            return Finding(rule: rule, severity: .warning, message: "m", range: ByteRange(start, start + 4), fix: fix)
        }
    }

    /// What accepting finding `index` leaves, by the definition: it is accepted, and so is every
    /// open finding of its rule without a safe fix whose statement lies inside one of its edits
    /// (its rewrite fixes it too); then every open finding whose fix overlaps the accepted edits
    /// becomes stale.
    static func accepting(_ index: Int, _ decisions: [FindingDecision], _ findings: [Finding]) -> [FindingDecision] {
        var decisions = decisions
        decisions[index] = .accepted
        for edit in findings[index].fix?.edits ?? [] where edit.range.end > edit.range.start {
            for other in findings.indices
            where decisions[other] == .open && findings[other].fix?.isSafe != true
                && findings[other].rule == findings[index].rule
                && edit.range.start <= findings[other].range.start && findings[other].range.end <= edit.range.end
            {
                decisions[other] = .accepted
            }
        }
        let acceptedFixes = zip(findings, decisions).compactMap { $0.1 == .accepted ? $0.0.fix : nil }
        let accepted = Fix.combinedEdits(of: acceptedFixes)
        for other in findings.indices where decisions[other] == .open {
            guard let edits = findings[other].fix?.edits else { continue }
            if (try? EditApplier.inOrder(accepted + edits)) == nil { decisions[other] = .stale }
        }
        return decisions
    }

    @Test func acceptingOneOrTheRestMatchesTheDefinition() {
        var numbers = Numbers(state: 2026)
        var checked = 0
        var rewrittenSeen = 0  // findings without a fix accepted with another's rewrite
        for _ in 0..<600 {
            let length = 40
            let source = SourceFile(path: "x.sql", text: String(repeating: "a", count: length))
            let findings = Self.findings(&numbers, length: length)
            var state = ReviewState()
            state.apply(.filesScanned([FileAnalysis(source: source, findings: findings, problem: nil)]))
            state.apply(.scanFinished)
            // A few single decisions first, each checked, then the rest of the file at once.
            for _ in 0..<numbers.next(4) {
                guard let position = state.position, position.file == 0 else { break }
                let before = state.files[0].decisions
                if numbers.next(3) == 0 {
                    state.handle(.skip)
                    continue
                }
                state.handle(.accept)
                if findings[position.finding].fix?.isSafe == true, before[position.finding] == .open {
                    #expect(state.files[0].decisions == Self.accepting(position.finding, before, findings))
                    checked += 1
                }
            }
            guard let position = state.position, position.file == 0 else { continue }
            let before = state.files[0].decisions
            var expected = before
            for index in position.finding..<findings.count
            where expected[index] == .open && findings[index].fix?.isSafe == true {
                expected = Self.accepting(index, expected, findings)
            }
            state.handle(.acceptRestOfFile)
            #expect(state.files[0].decisions == expected)
            rewrittenSeen += zip(findings, expected).filter { $0.0.fix?.isSafe != true && $0.1 == .accepted }.count
            #expect(state.files[0].acceptedCount == expected.filter { $0 == .accepted }.count)
            #expect(state.files[0].openCount == expected.filter { $0 == .open || $0 == .stale }.count)
            // Undone in one step (when it changed anything: otherwise an earlier step is undone).
            if expected != before {
                state.handle(.undo)
                #expect(state.files[0].decisions == before)
            }
            checked += 1
        }
        #expect(checked > 600)
        #expect(rewrittenSeen > 20)
    }

    @Test func acceptingEveryRewriteOfAFileOfThousandsOfDrops() throws {
        let sql = (0..<3000).map { "DROP INDEX ix_\($0);\n" }.joined()
        var state = UITestSupport.state([("db/001_many.sql", sql)])
        state.handle(.acceptRestOfFile)
        #expect(state.files[0].acceptedCount == 3000)
        #expect(state.files[0].openCount == 0)
        let written = String(decoding: state.files[0].currentBytes, as: UTF8.self)
        #expect(written == (0..<3000).map { "DROP INDEX CONCURRENTLY IF EXISTS ix_\($0);\n" }.joined())
    }
}

@Suite("A rewrite that fixes other findings too")
struct RewrittenFindingsTests {
    @Test func acceptingTheFirstDropOfABatchBlockAcceptsTheOthers() {
        let text = """
            from alembic import op


            def upgrade():
                with op.batch_alter_table("t") as batch_op:
                    batch_op.drop_index("ix_a")
                    batch_op.drop_index("ix_b")
                    batch_op.drop_index("ix_c")

            """
        var state = ReviewState()
        let analysis = AlembicAnalyzer(addsIfExists: false).analyze(SourceFile(path: "versions/001.py", text: text))
        state.apply(.filesScanned([analysis]))
        state.apply(.scanFinished)
        #expect(state.files[0].findings.count == 3)
        state.handle(.accept)
        #expect(state.files[0].decisions == [.accepted, .accepted, .accepted])
        #expect(state.files[0].openCount == 0)
        #expect(state.message?.text == "accepted; this rewrite fixes 2 more findings with it")
        #expect(String(decoding: state.files[0].currentBytes, as: UTF8.self).contains("op.drop_index(\"ix_c\""))
        state.handle(.undo)
        #expect(state.files[0].decisions == [.open, .open, .open])
    }
}
