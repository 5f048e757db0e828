import ArgumentParser
import ConcurCore
import ConcurSystem
import ConcurUI

/// `concur bench-ui PATH`: the reviewer's timings in-process, without a terminal (the screen is
/// rendered into a cell grid), for scripts/benchmark.py. Hidden from help: a measuring tool.
struct BenchUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ui",
        abstract: "Measure the reviewer in-process: first screen, one frame after a key, re-check after accepting.",
        shouldDisplay: false
    )

    @Argument(help: "The migration tree to open.")
    var path: String

    @Option(help: "Screen width.") var width = 200
    @Option(help: "Screen height.") var height = 60
    @Option(help: "Frames to time after keypresses.") var frames = 200

    func run() throws {
        let analyzer = ProjectAnalyzer(files: DiskProjectFiles())
        let clock = ContinuousClock()
        // First screen: what the reviewer does before its first draw — find the files, analyse
        // the first batch, render.
        let started = clock.now
        let (files, _) = SQLFileFinder.find([path])
        let found = clock.now - started
        var state = ReviewState(analyze: analyzer.analyze)
        let firstBatch = Array(files.prefix(32))
        let analyses = ParallelAnalysis.run(firstBatch, analyzer: analyzer).compactMap { outcome -> FileAnalysis? in
            if case .analysed(let analysis) = outcome { return analysis }
            return nil
        }
        state.apply(.filesScanned(analyses))
        let cache = RenderCache()
        _ = ReviewRenderer.render(state, width: width, height: height, cache: cache)
        let firstScreen = clock.now - started
        // The rest of the scan, as the background thread does it.
        let rest = ParallelAnalysis.run(Array(files.dropFirst(32)), analyzer: analyzer).compactMap {
            outcome -> FileAnalysis? in
            if case .analysed(let analysis) = outcome { return analysis }
            return nil
        }
        state.apply(.filesScanned(rest))
        state.apply(.scanFinished)
        let scanned = clock.now - started
        // Frames after a key: move to the next finding and draw.
        var durations: [Duration] = []
        for index in 0..<frames {
            let key: Key = index % 2 == 0 ? .character("j") : .character("k")
            let start = clock.now
            state.handle(key: key)
            _ = ReviewRenderer.render(state, width: width, height: height, cache: cache)
            durations.append(clock.now - start)
        }
        durations.sort()
        // Re-check after accepting: a 1 MB file with a drop at its end, accepted, then analysed
        // again as the reviewer does when it writes.
        var big = String(repeating: "UPDATE orders SET note = 'x' WHERE id = 1;\n", count: 1_000_000 / 44)
        big += "DROP INDEX orders_note_idx;\n"
        let source = SourceFile(path: "bench-1mb.sql", text: big)
        let analysis = analyzer.analyze(source)
        let fixed = try EditApplier.apply(analysis.safeEdits, to: source.bytes)
        var rechecks: [Duration] = []
        for _ in 0..<9 {
            let start = clock.now
            _ = analyzer.analyze(SourceFile(path: "bench-1mb.sql", bytes: fixed))
            rechecks.append(clock.now - start)
        }
        rechecks.sort()
        // Accepting in a file of many drops: one rewrite, then every rewrite of the file at once
        // (`a`), at two sizes; their times' ratio shows how the cost grows (4 for linear).
        func acceptTimes(drops: Int) -> (one: Duration, all: Duration) {
            var text = ""
            for index in 0..<drops { text += "DROP INDEX ix_\(index);\n" }
            var review = ReviewState(analyze: analyzer.analyze)
            review.apply(.filesScanned([analyzer.analyze(SourceFile(path: "bench-many.sql", text: text))]))
            review.apply(.scanFinished)
            let start = clock.now
            review.handle(.accept)
            let one = clock.now - start
            let rest = clock.now
            review.handle(.acceptRestOfFile)
            return (one, clock.now - rest)
        }
        let (oneOf2k, allOf2k) = acceptTimes(drops: 2_000)
        let (oneOf8k, allOf8k) = acceptTimes(drops: 8_000)
        func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            // Two decimals, rounded (hundredths of a millisecond).
            let hundredths = Int((Double(seconds) * 100_000 + Double(attoseconds) / 1e13).rounded())
            let fraction = hundredths % 100
            return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        }
        Output.standardOutput(
            """
            {"files": \(files.count), "findMs": \(milliseconds(found)), "firstScreenMs": \(milliseconds(firstScreen)), \
            "fullScanMs": \(milliseconds(scanned)), "frameMedianMs": \(milliseconds(durations[durations.count / 2])), \
            "frameP95Ms": \(milliseconds(durations[durations.count * 95 / 100])), \
            "recheck1MBMedianMs": \(milliseconds(rechecks[rechecks.count / 2])), \
            "acceptOneOf2000Ms": \(milliseconds(oneOf2k)), "acceptAllOf2000Ms": \(milliseconds(allOf2k)), \
            "acceptOneOf8000Ms": \(milliseconds(oneOf8k)), "acceptAllOf8000Ms": \(milliseconds(allOf8k)), \
            "width": \(width), "height": \(height)}

            """)
    }
}
