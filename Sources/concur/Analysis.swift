import ConcurCore
import Foundation

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
            let path = paths[index]
            do {
                let source = try FileStore.read(path)
                let analysis = analyzer.analyze(source)
                results.set(index, analysis.skipReason == nil ? .analysed(analysis) : nil)
            } catch let error as FileAccessError {
                results.set(index, .unreadable(UnreadableFile(path: path, message: error.message)))
            } catch {
                results.set(index, .unreadable(UnreadableFile(path: path, message: "\(error)")))
            }
        }
        return results.values.compactMap { $0 }
    }
}

/// Slots that concurrent workers fill, each exactly once.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.map { $0! } }
}
