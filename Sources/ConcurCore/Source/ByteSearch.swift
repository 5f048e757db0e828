#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding a short text in bytes.
enum ByteSearch {
    /// Where `needle` first occurs in `bytes`: memchr to each candidate first byte (vectorised in
    /// libc), then the rest compared, rather than a comparison at every offset.
    static func firstOffset(of needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard length > 0 else { return 0 }
        guard let base = bytes.baseAddress, bytes.count >= length else { return nil }
        let first = Int32(needle.utf8Start[0])
        var offset = 0
        while offset + length <= bytes.count {
            guard let hit = memchr(base + offset, first, bytes.count - length + 1 - offset) else { return nil }
            let position = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            if memcmp(base + position, needle.utf8Start, length) == 0 { return position }
            offset = position + 1
        }
        return nil
    }
}
