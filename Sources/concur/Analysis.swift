import ConcurCore
import ConcurSystem

/// Reads and analyses files on every core, keeping the order in which they were named.
enum ParallelAnalysis {
    /// One file's outcome: its analysis, or why it could not be read.
    enum Outcome: Sendable {
        case analysed(FileAnalysis)
        case unreadable(UnreadableFile)
    }

    /// The outcomes in path order; Python files that are not Alembic revisions are left out.
    static func run(_ paths: [String], analyzer: ProjectAnalyzer) -> [Outcome] {
        let results = ResultSlots<Outcome?>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            results.set(index, outcome(of: paths[index], analyzer: analyzer))
        }
        return results.values.compactMap { $0 }
    }

    /// One file read and analysed; nil for a Python file that is not an Alembic revision.
    /// `mapping` says whether a large SQL file may be mapped into memory rather than read
    /// (`check`, which writes nothing; `fix` and the reviewer read files into memory they own).
    static func outcome(of path: String, analyzer: ProjectAnalyzer, mapping: Bool = false) -> Outcome? {
        do {
            let analysis = analyzer.analyze(try source(at: path, mapping: mapping, analyzer: analyzer))
            return analysis.skipReason == nil ? .analysed(analysis) : nil
        } catch {
            return .unreadable(UnreadableFile(path: path, message: error.message))
        }
    }

    /// The file at `path`: mapped into memory when `mapping` is set and it is a SQL file large
    /// enough to be read in two pieces at once (`SQLAnalyzer.concurrentFileSize`), read otherwise.
    static func source(at path: String, mapping: Bool, analyzer: ProjectAnalyzer) throws(FileAccessError)
        -> SourceFile
    {
        guard mapping else { return try FileStore.read(path) }
        return try FileStore.read(path, largeFrom: (analyzer.analyzer.concurrentFileSize, mapped))
    }

    /// A large SQL file mapped into memory, read where it lies (`MappedFile`); Python files are
    /// read the usual way. A function of its own, so that no closure is made for every file.
    private static func mapped(_ path: String, _ descriptor: Int32, _ size: Int) -> SourceFile? {
        guard !path.hasSuffix(ignoringASCIICase: ".py") else { return nil }
        return MappedFile(descriptor: descriptor, size: size, path: path).map {
            SourceFile(path: path, borrowing: $0.bytes, owner: $0)
        }
    }
}

/// Slots that concurrent workers fill, each exactly once.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = Lock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.map { $0! } }
}

/// How many files `AnalysisPipeline.take` hands out at most at once.
let analysisPieceSize = 64

/// Files read, analysed and located on every core and handed out in path order while the workers
/// go on: no batch waits for its slowest file before the next one starts. The workers stay at
/// most `window` files ahead of the reader, so that a slow reader holds no more than that many
/// files. Each worker makes of each file what its reader needs (`Made`): the file itself, or its
/// share of a report already written.
final class AnalysisPipeline<Made: Sendable>: @unchecked Sendable {
    enum Located: Sendable {
        case file(Made)
        case unreadable(UnreadableFile)
    }

    /// What the files of a range became, in path order, and the files that could not be read.
    struct Batch {
        var files: [Made] = []
        var unreadable: [UnreadableFile] = []
    }

    /// Makes, for one worker, the function that turns each of its files' analyses into what the
    /// reader needs (locating their findings, or leaving that to the reader); a function of its
    /// own, which may keep state (a report writer's memory of what it wrote).
    typealias Maker = @Sendable () -> (FileAnalysis) -> Made

    private let paths: [String]
    private let analyzer: ProjectAnalyzer
    /// Whether a large SQL file may be mapped into memory (`ParallelAnalysis.outcome`).
    private let mappingLargeFiles: Bool
    private let maker: Maker
    private let condition = Condition()
    private let ahead: DispatchSemaphore
    private let window: Int
    // Guarded by `condition`. A slot is nil until its file is ready, and for a Python file that
    // is not an Alembic revision.
    private var slots: [Located?]
    private var ready: [Bool]
    private var nextIndex = 0
    private var awaited = -1
    /// The function of the thread that calls `take`, for a lone file it reads itself.
    private lazy var callerMade = maker()

    init(
        _ paths: [String], analyzer: ProjectAnalyzer, mappingLargeFiles: Bool, making maker: @escaping Maker,
        window: Int = 1024
    ) {
        self.paths = paths
        self.mappingLargeFiles = mappingLargeFiles
        var analyzer = analyzer
        // A large file is read in two pieces and checked in slices at once
        // (SQLAnalyzer.concurrentFileSize).
        analyzer.analyzer.concurrently = { DispatchQueue.concurrentPerform(iterations: $0, execute: $1) }
        // What such a file's analysis no longer needs is freed off the thread that reports it.
        analyzer.analyzer.discard = { discarded in DispatchQueue.global().async { withExtendedLifetime(discarded) {} } }
        self.analyzer = analyzer
        self.maker = maker
        slots = Array(repeating: nil, count: paths.count)
        ready = Array(repeating: false, count: paths.count)
        ahead = DispatchSemaphore(value: window)
        self.window = window
        // One file (a hook or a CI job checking one migration) is read on the calling thread, in
        // `take`: a worker would only add its start and the hand-over to the start-up time.
        let workers = paths.count < 2 ? 0 : min(paths.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        claim = max(1, min(8, paths.count / (4 * max(1, workers))))
        precondition(
            analysisPieceSize + 2 * claim * workers <= window,
            "a window too small for the pieces and the workers' claims")
        for _ in 0..<workers {
            // 8 MiB, as the threads that analysed files before had.
            WorkerThread.start(stackSize: 1 << 23) { [self] in work() }
        }
    }

    /// How many consecutive files a worker takes at once: fewer trips through the shared lock
    /// (two a file before), which the workers and the reader otherwise contend for; fewer when
    /// there are few files, so that every worker gets some.
    private let claim: Int

    private func work() {
        let make = maker()
        var located: [Located?] = []
        located.reserveCapacity(claim)
        while true {
            // Room first, then the files: the files holding room are then always the ones taken
            // first, so a piece the reader waits for can always be finished.
            for _ in 0..<claim { ahead.wait() }
            condition.lock()
            let start = nextIndex
            let end = min(paths.count, start + claim)
            nextIndex = max(nextIndex, end)
            condition.unlock()
            for _ in max(start, end)..<start + claim { ahead.signal() }  // room not needed
            guard start < end else { return }
            located.removeAll(keepingCapacity: true)
            for index in start..<end { located.append(locate(paths[index], make: make)) }
            condition.lock()
            for offset in located.indices {
                slots[start + offset] = located[offset].take()
                ready[start + offset] = true
            }
            if (start..<end).contains(awaited) { condition.signal() }
            condition.unlock()
        }
    }

    /// One file read, analysed and made into what the reader needs; nil for a Python file that
    /// is not an Alembic revision.
    private func locate(_ path: String, make: (FileAnalysis) -> Made) -> Located? {
        switch ParallelAnalysis.outcome(of: path, analyzer: analyzer, mapping: mappingLargeFiles) {
        case .analysed(let analysis)?: return .file(make(analysis))
        case .unreadable(let file)?: return .unreadable(file)
        case nil: return nil
        }
    }

    /// The files from `range`, in path order. Each range is taken once, in order, and holds no
    /// more files than the workers may run ahead (or they could never reach its end).
    func take(_ range: Range<Int>) -> Batch {
        guard !range.isEmpty else { return Batch() }
        // The window holds a piece and the claims of workers waiting for room (`init`).
        precondition(range.count <= analysisPieceSize, "a piece larger than the workers' window allows")
        if paths.count < 2 { return Self.batch(of: range.map { locate(paths[$0], make: callerMade) }) }
        var taken: [Located?] = []
        taken.reserveCapacity(range.count)
        condition.lock()
        // Waiting for the piece's last file first wakes this thread about once per piece, not once
        // per file: the workers take files in order, so the others are then mostly done too.
        func waitFor(_ index: Int) {
            awaited = index
            while !ready[index] { condition.wait() }
        }
        waitFor(range.upperBound - 1)
        for index in range where !ready[index] { waitFor(index) }
        // Moved out, not copied: the slot keeps no reference to the file's findings.
        for index in range { taken.append(slots[index].take()) }
        condition.unlock()
        for _ in range { ahead.signal() }
        return Self.batch(of: taken)
    }

    private static func batch(of taken: consuming [Located?]) -> Batch {
        var batch = Batch()
        batch.files.reserveCapacity(taken.count)
        for located in taken {
            switch located {
            case .file(let file)?: batch.files.append(file)
            case .unreadable(let file)?: batch.unreadable.append(file)
            case nil: break
            }
        }
        return batch
    }
}
