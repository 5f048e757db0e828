import Dispatch
import Foundation
import Testing

@testable import ConcurCore

/// A large file is read, and its drops checked, in two pieces at once
/// (`SQLAnalyzer.concurrently`). These tests hold the pieces to what one reading gives.
@Suite("Large files analysed in two pieces")
struct SplitAnalysisTests {
    /// Runs the pieces on two threads, as the command line does.
    static let onTwoThreads: Concurrently = { DispatchQueue.concurrentPerform(iterations: $0, execute: $1) }

    /// Longer scripts than `PropertyTests.generate` makes, mostly one statement a line, so that a
    /// split point falls in every kind of place: between statements, in a block, in a string, a
    /// dollar quote, a comment, `COPY` data, after `\;`, in an unterminated construct.
    static func script(_ seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            bytes += PropertyTests.pieces.randomElement(using: &random)!
            bytes +=
                Int.random(in: 0..<3, using: &random) == 0
                ? PropertyTests.separators.randomElement(using: &random)! : [0x0A]
        }
        return bytes
    }

    /// What a reading found, in a form two readings can be compared by.
    static func summary(_ script: ScriptStructure) -> String {
        let statements = script.statements.map { "\($0.range.start)-\($0.range.end)/\($0.terminator?.range.end ?? -1)" }
        let drops = script.allDrops.map {
            "\($0.statement.statement.range.start):\($0.statementIndex):\($0.queryGroup):\(String(describing: $0.block?.beginOffset)):\(String(describing: $0.block?.end))"
        }
        return "\(statements) \(drops) \(script.queryGroupSizes) \(String(describing: script.syntaxError))"
    }

    /// Splitting just after every `;` of 300 scripts, the two pieces put together give what
    /// reading the script whole gives, whether the first piece stops there or reads on. Both
    /// happen often (counted, so that neither path goes untested).
    @Test func piecesPutTogetherGiveTheWholeReading() {
        var stopped = 0
        var readOn = 0
        for seed in 0..<300 {
            let bytes = Self.script(UInt64(seed))
            bytes.withUnsafeBufferPointer { buffer in
                let whole = Self.summary(ScriptStructure.read(buffer, start: 0))
                for boundary in buffer.indices where buffer[boundary] == UInt8(ascii: ";") {
                    let split = ScriptStructure.read(
                        buffer, start: 0, splittingAt: boundary + 1, concurrently: Self.onTwoThreads)
                    #expect(Self.summary(split) == whole, "seed \(seed), split at \(boundary + 1)")
                    if ScriptStructure.read(buffer, start: 0, stoppingAt: boundary + 1).stoppedAtBoundary {
                        stopped += 1
                    } else {
                        readOn += 1
                    }
                }
            }
        }
        #expect(stopped > 1000)
        #expect(readOn > 1000)
    }

    /// The split point is looked for past the middle, after a `;` that ends a line followed by one
    /// that starts with a letter; none when there is no such line.
    @Test func theSplitPointEndsALineBeforeOneThatStartsWithALetter() {
        let text = Array("SELECT 1;\nSELECT 2;\n  $$;\n;\r\nDROP INDEX a;\nSELECT 3;".utf8)
        text.withUnsafeBufferPointer { buffer in
            let boundary = ScriptStructure.likelyBoundary(in: buffer, start: 0)
            #expect(boundary == 27)
            #expect(boundary.map { Array(buffer[($0 - 1)..<($0 + 3)]) } == Array(";\r\nD".utf8))
        }
        Array("SELECT 1;\n  SELECT 2;".utf8).withUnsafeBufferPointer {
            #expect(ScriptStructure.likelyBoundary(in: $0, start: 0) == nil)
        }
    }

    /// With the threshold at zero, every file goes through the split: its findings, fixes and
    /// problem are those of the analysis on one thread.
    @Test(arguments: 0..<400)
    func splitAnalysisFindsWhatOneThreadFinds(_ seed: Int) {
        let source = SourceFile(path: "p.sql", bytes: Self.script(UInt64(seed) &+ 10_000))
        var split = SQLAnalyzer()
        split.concurrently = Self.onTwoThreads
        split.concurrentFileSize = 0
        let expected = SQLAnalyzer().analyze(source)
        let analysis = split.analyze(source)
        #expect("\(analysis.findings)" == "\(expected.findings)")
        #expect("\(String(describing: analysis.problem))" == "\(String(describing: expected.problem))")
        // The line index, built while the pieces are put together, is the one built alone.
        if let index = analysis.lineIndex {  // built for a file with drops
            #expect(index.lineStarts == LineIndex(source).lineStarts)
        }
        // The same bytes borrowed (as from a file mapped into memory) give the same analysis, and
        // its statements and drops are handed over to be freed elsewhere when there are two drops.
        let discarded = DiscardCount()
        split.discard = { _ in discarded.add() }
        let owner = BorrowedBytes(source.bytes)
        let borrowed = split.analyze(SourceFile(path: "p.sql", borrowing: owner.buffer, owner: owner))
        #expect("\(borrowed.findings)" == "\(expected.findings)")
        #expect("\(String(describing: borrowed.problem))" == "\(String(describing: expected.problem))")
        let drops = source.bytes.withUnsafeBufferPointer {
            ScriptStructure.read($0, start: source.byteOrderMarkLength).dropCount
        }
        #expect(discarded.count == (drops >= 2 && !source.containsNulByte ? 1 : 0))
        // Its report, fixes' previews included, is read from the borrowed bytes alike.
        let text = TextReporter(colored: false)
        #expect(text.render(LocatedFileReport(borrowed)) == text.render(LocatedFileReport(expected)))
    }

    /// A NUL byte in either half of a large file, looked through at once, makes it binary.
    @Test func aNulByteInEitherHalfMakesALargeFileBinary() {
        var split = SQLAnalyzer()
        split.concurrently = Self.onTwoThreads
        split.concurrentFileSize = 0
        let text = Array((0..<200).map { "DROP INDEX i\($0);\n" }.joined().utf8)
        for offset in [0, text.count / 2 - 1, text.count / 2, text.count - 1] {
            var bytes = text
            bytes[offset] = 0
            let analysis = split.analyze(SourceFile(path: "p.sql", bytes: bytes))
            #expect(analysis.findings.isEmpty)
            #expect(analysis.problem == SourceProblem(kind: .binaryContent, offset: 0), "NUL at \(offset)")
        }
        #expect(split.analyze(SourceFile(path: "p.sql", bytes: text)).findings.count == 200)
    }

    /// Prisma's fixes create a new migration for each drop, numbered after the ones before it:
    /// each slice's are numbered after the earlier slices', as on one thread.
    @Test func newMigrationsAreNumberedAcrossTheSlices() {
        let path = "prisma/migrations/20230505085908_update_unique/migration.sql"
        let text = (0..<12).map { "SELECT \($0);\nDROP INDEX \"key_\($0)\";\n" }.joined()
        let files = InMemoryProjectFiles([
            path: text, "prisma/migrations/migration_lock.toml": "provider = \"postgresql\"\n",
        ])
        var split = ProjectAnalyzer(files: files)
        split.analyzer.concurrently = Self.onTwoThreads
        split.analyzer.concurrentFileSize = 0
        let source = SourceFile(path: path, text: text)
        let expected = ProjectAnalyzer(files: files).analyze(source)
        let analysis = split.analyze(source)
        #expect(expected.tool == .prisma)
        let created = analysis.findings.flatMap { $0.fix?.createdFiles.map(\.path) ?? [] }
        #expect(created.count == 12)
        #expect(Set(created).count == 12)
        #expect(created == expected.findings.flatMap { $0.fix?.createdFiles.map(\.path) ?? [] })
        #expect("\(analysis.findings)" == "\(expected.findings)")
    }
}

/// Bytes kept in memory of their own, lent to a `SourceFile` as a mapped file's are.
private final class BorrowedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>

    init(_ bytes: [UInt8]) {
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        _ = memory.initialize(from: bytes)
        buffer = UnsafeBufferPointer(start: memory.baseAddress, count: bytes.count)
    }

    deinit { UnsafeMutableBufferPointer(mutating: buffer).deallocate() }
}

/// How many times an analysis handed something over to be freed.
private final class DiscardCount: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0

    func add() {
        lock.lock()
        calls += 1
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }
}
