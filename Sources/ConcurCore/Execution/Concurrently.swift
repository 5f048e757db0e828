/// Runs `count` pieces of work — `body(0)` to `body(count - 1)`, each exactly once, possibly at
/// the same time on several threads — and returns when all are done.
///
/// The core library starts no threads: a caller with cores to spare hands it one of these (the
/// command line hands it Dispatch's `concurrentPerform`), and a large file's analysis is then split
/// in two pieces (`SQLAnalyzer.concurrently`).
public typealias Concurrently = @Sendable (_ count: Int, _ body: @Sendable (Int) -> Void) -> Void

/// The results of two pieces of work run by a `Concurrently`: each piece writes its own, and they
/// are read once both are done (the `Concurrently` returning orders the writes before the reads).
final class Pieces<First, Second>: @unchecked Sendable {
    var first: First?
    var second: Second?
}

/// A value that pieces of work run by a `Concurrently` read, and none writes, while it runs: a
/// file's bytes, or what holds pointers into them.
struct SharedForReading<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}

/// Frees what a large file's analysis no longer needs away from the calling thread: its tens of
/// megabytes of statements and drops then stop holding up the file's report. The command line
/// frees them on a background queue; nil frees them in place.
public typealias Discard = @Sendable (_ value: Discarded) -> Void

/// What an analysis hands to a `Discard`: nothing to read, only to let go of.
public final class Discarded: @unchecked Sendable {
    private let value: Any

    init(_ value: Any) { self.value = value }
}

/// Slots that pieces of work run by a `Concurrently` write, each piece its own part.
struct SharedForWriting<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
