/// The letter case an author wrote a key word in, so that inserted key words match it.
enum KeywordCase {
    case lower, upper, capitalized

    /// The case of the key word at `range`.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, _ range: ByteRange) -> KeywordCase {
        var sawLower = false
        var sawUpper = false
        for index in range.start..<range.end {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { sawLower = true }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { sawUpper = true }
        }
        if sawLower && !sawUpper { return .lower }
        if sawUpper && !sawLower { return .upper }
        let first = bytes[range.start]
        return first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") ? .capitalized : .lower
    }

    /// `words` (ASCII key words separated by spaces) written in this case. Only ASCII letters
    /// change, so the bytes are mapped one by one.
    func apply(_ words: String) -> String {
        var startsWord = true
        return String(
            decoding: words.utf8.map { byte -> UInt8 in
                defer { startsWord = byte == UInt8(ascii: " ") }
                let folded = byte | 0x20
                guard folded >= UInt8(ascii: "a"), folded <= UInt8(ascii: "z") else { return byte }
                return self == .upper || (self == .capitalized && startsWord) ? folded & ~0x20 : folded
            }, as: UTF8.self)
    }
}
