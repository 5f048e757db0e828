/// ASCII letters in either case, without Unicode's case mapping: the letters of key words, file
/// suffixes and folder names.
extension UInt8 {
    /// The byte with an ASCII capital folded to its lower-case letter; any other byte as it is.
    var asciiLowercased: UInt8 {
        self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self
    }
}

/// Comparing a path's ending without building a lower-cased copy of it.
extension String {
    /// Whether the string ends with `suffix` (lower-case ASCII), ASCII letters compared in either
    /// case. Only ASCII letters fold: no other character lower-cases to one of a file suffix's
    /// ASCII letters, so this agrees with `lowercased().hasSuffix(suffix)` for such suffixes.
    public func hasSuffix(ignoringASCIICase suffix: StaticString) -> Bool {
        let utf8 = self.utf8
        let length = suffix.utf8CodeUnitCount
        guard utf8.count >= length else { return false }
        var index = utf8.index(utf8.endIndex, offsetBy: -length)
        for offset in 0..<length {
            guard utf8[index].asciiLowercased == suffix.utf8Start[offset] else { return false }
            utf8.formIndex(after: &index)
        }
        return true
    }
}

/// Runs of ASCII bytes, found eight bytes at a time.
enum ASCIIRun {
    /// The offset of the first byte of 0x80 or above in `start..<end` of `bytes`, or `end`.
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var index = start
        while index + 8 <= end,
            UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            index += 8
        }
        while index < end, base[index] < 0x80 { index += 1 }
        return index
    }
}
