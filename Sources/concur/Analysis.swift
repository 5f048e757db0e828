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
            results.set(index, outcome(of: paths[index], analyzer: analyzer))
        }
        return results.values.compactMap { $0 }
    }

    /// The files' located reports (positions resolved by the workers too), in path order, without
    /// their bytes unless `keepingSources`.
    static func report(_ paths: [String], analyzer: ProjectAnalyzer, keepingSources: Bool) -> CheckReport {
        let results = ResultSlots<Located?>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            switch outcome(of: paths[index], analyzer: analyzer) {
            case .analysed(let analysis)?:
                let located = LocatedFileReport(analysis)
                results.set(index, .file(keepingSources ? located : located.droppingSource()))
            case .unreadable(let file)?: results.set(index, .unreadable(file))
            case nil: results.set(index, nil)
            }
        }
        var report = CheckReport(files: [], unreadable: [])
        for result in results.values {
            switch result {
            case .file(let file)?: report.files.append(file)
            case .unreadable(let file)?: report.unreadable.append(file)
            case nil: break
            }
        }
        return report
    }

    /// One file read and analysed; nil for a Python file that is not an Alembic revision.
    private static func outcome(of path: String, analyzer: ProjectAnalyzer) -> Outcome? {
        do {
            let analysis = analyzer.analyze(try FileStore.read(path))
            return analysis.skipReason == nil ? .analysed(analysis) : nil
        } catch let error as FileAccessError {
            return .unreadable(UnreadableFile(path: path, message: error.message))
        } catch {
            return .unreadable(UnreadableFile(path: path, message: "\(error)"))
        }
    }

    private enum Located: Sendable {
        case file(LocatedFileReport)
        case unreadable(UnreadableFile)
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

/// One batch of files being read, analysed and located on other threads.
final class PendingBatch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var report = CheckReport(files: [], unreadable: [])

    init(_ paths: [String], analyzer: ProjectAnalyzer, keepingSources: Bool) {
        DispatchQueue.global().async { [self] in
            report = ParallelAnalysis.report(paths, analyzer: analyzer, keepingSources: keepingSources)
            done.signal()
        }
    }

    /// The batch's report, once it is ready.
    func wait() -> CheckReport {
        done.wait()
        return report
    }
}
