/// Byte ranges, each with a value, sorted by where they start, to find those that overlap a
/// range without comparing it with every one: the ranges that start before it ends are found
/// by halving, then read back while the furthest end among them still reaches past its start.
public struct RangeIndex<Value> {
    private var entries: [(range: ByteRange, value: Value)]
    /// The furthest end of the entries up to each.
    private var furthestEnd: [Int] = []

    /// An index of `entries`, in any order.
    public init(_ entries: [(range: ByteRange, value: Value)]) {
        // Stable: entries that start together keep their order.
        self.entries = entries.enumerated().sorted {
            ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset)
        }.map(\.element)
        var end = Int.min
        furthestEnd.reserveCapacity(self.entries.count)
        for entry in self.entries {
            end = max(end, entry.range.end)
            furthestEnd.append(end)
        }
    }

    /// Calls `body` with the value of every entry that overlaps `start..<end`, one starting before
    /// the other ends, each way (as `EditApplier.inOrder` finds overlaps: an empty range overlaps
    /// a range that holds it strictly inside), latest start first.
    public func forEachOverlapping(_ start: Int, _ end: Int, _ body: (Value) -> Void) {
        var index = entries.firstIndexByHalving { $0.range.start >= end } - 1
        while index >= 0, furthestEnd[index] > start {
            if entries[index].range.end > start { body(entries[index].value) }
            index -= 1
        }
    }
}
