/// A half-open range of byte offsets into a source file.
public struct ByteRange: Hashable, Sendable, Comparable {
    /// The offset of the first byte.
    public var start: Int
    /// The offset just past the last byte.
    public var end: Int

    /// Creates a range from `start` up to, not including, `end`.
    public init(_ start: Int, _ end: Int) {
        precondition(start <= end, "a byte range must not end before it starts")
        self.start = start
        self.end = end
    }

    /// The number of bytes in the range.
    public var count: Int { end - start }

    /// Whether the range covers no byte.
    public var isEmpty: Bool { start == end }

    /// Whether the two ranges share at least one byte.
    public func overlaps(_ other: ByteRange) -> Bool {
        start < other.end && other.start < end
    }

    public static func < (lhs: ByteRange, rhs: ByteRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}
