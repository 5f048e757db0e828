#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether this string's UTF-8 bytes sort before `other`'s, byte by byte (the order of `ls`
    /// in the C locale). One `memcmp`: paths are sorted by the thousand.
    public func precedesInByteOrder(_ other: String) -> Bool {
        // Native strings lend their bytes without a copy; others (bridged, rare) are copied once.
        if let order = utf8.withContiguousStorageIfAvailable({ left in
            other.utf8.withContiguousStorageIfAvailable { right in Self.precedes(left, right) }
        }), let order {
            return order
        }
        return Self.precedes(Array(utf8), Array(other.utf8))
    }

    private static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        precedes(left.baseAddress, left.count, right.baseAddress, right.count)
    }

    /// The comparison itself, on `count` bytes at each address (an address may be nil when its
    /// count is 0).
    fileprivate static func precedes(
        _ left: UnsafePointer<UInt8>?, _ leftCount: Int, _ right: UnsafePointer<UInt8>?, _ rightCount: Int
    ) -> Bool {
        let common = Swift.min(leftCount, rightCount)
        let order = common == 0 ? 0 : memcmp(left!, right!, common)
        return order != 0 ? order < 0 : leftCount < rightCount
    }

    private static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.withUnsafeBufferPointer { left in right.withUnsafeBufferPointer { right in precedes(left, right) } }
    }
}

extension Array where Element == String {
    /// The strings sorted by their UTF-8 bytes (`precedesInByteOrder`). Their bytes are first
    /// copied side by side into one buffer, and positions into it are sorted with `memcmp`: no
    /// string is touched (retained, released, asked for its storage) by a comparison, which made
    /// sorting 10,000 paths cost more than finding them.
    public func sortedInByteOrder() -> [String] {
        guard count > 1 else { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(reduce(0) { $0 + $1.utf8.count })
        var spans: [(start: Int, count: Int, index: Int)] = []
        spans.reserveCapacity(count)
        for (index, string) in enumerated() {
            let start = bytes.count
            bytes.append(contentsOf: string.utf8)
            spans.append((start, bytes.count - start, index))
        }
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress
            spans.sort { left, right in
                String.precedes(base.map { $0 + left.start }, left.count, base.map { $0 + right.start }, right.count)
            }
        }
        return spans.map { self[$0.index] }
    }
}
