extension RandomAccessCollection where Index == Int {
    /// The index of the first element for which `isPast` holds, or `endIndex` when none does,
    /// found by halving: `isPast` must hold for every element after one it holds for (the
    /// elements are in order of what it asks).
    @inlinable
    public func firstIndexByHalving(where isPast: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if isPast(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
