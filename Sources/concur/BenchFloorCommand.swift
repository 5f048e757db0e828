import ArgumentParser
import ConcurCore
import ConcurSystem
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// `concur bench-floor --report FILE PATH`: what any `check` of PATH must at least cost on this
/// machine, for scripts/benchmark.py. The files are found as `check` finds them and read on every
/// core as `check` reads them (a large SQL file mapped), but not analysed; then FILE — the report
/// `check` wrote for PATH — is written to standard output in pieces of a megabyte, as fast as the
/// pipe takes it. The time between this and `check` is the time the analyses and the report's
/// making cost. Hidden from help: a measuring tool.
struct BenchFloorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-floor",
        abstract: "Find and read the files as check does, then write a report made earlier: check's floor.",
        shouldDisplay: false
    )

    @Option(help: "A report `check` wrote earlier for the same path, written out as it stands.")
    var report: String

    @Argument(help: "The migration tree to read.")
    var path: String

    func run() throws {
        // The report is mapped, not copied (`check` makes its report in memory it reuses); a
        // report that cannot be read ends the run before any file is.
        let descriptor = open(report, O_RDONLY)
        guard descriptor >= 0 else { throw ValidationError("cannot open the report \(report)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ValidationError("cannot read the report \(report)") }
        let size = Int(status.st_size)
        let output = size > 0 ? MappedFile(descriptor: descriptor, size: size, path: report) : nil
        guard size == 0 || output != nil else { throw ValidationError("cannot map the report \(report)") }

        let analyzer = ProjectAnalyzer(files: DiskProjectFiles())
        let (files, _) = SQLFileFinder.find([path])
        // Each file read and let go, on every core; a byte of every page is summed, so that no
        // reading can be skipped as unused.
        let sums = ReadSums(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            guard let source = try? ParallelAnalysis.source(at: files[index], mapping: true, analyzer: analyzer)
            else { return }
            sums.record(
                index,
                source.withBytes { bytes in
                    stride(from: 0, to: bytes.count, by: 4096).reduce(0) { $0 &+ Int(bytes[$1]) }
                })
        }
        Output.widenStandardOutputPipe()
        if let bytes = output?.bytes {
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + (1 << 20))
                Output.standardOutput(lent: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
        if sums.total == 42 { Output.standardError("") }
    }
}

/// One number per file, each set by one worker.
private final class ReadSums: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Int>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0)
    }
    deinit { slots.deallocate() }

    func record(_ index: Int, _ value: Int) { slots[index] = value }
    var total: Int { slots.reduce(0, &+) }
}
