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

    /// `words` (upper-case key words separated by spaces) written in this case.
    func apply(_ words: String) -> String {
        switch self {
        case .upper: return words.uppercased()
        case .lower: return words.lowercased()
        case .capitalized:
            return words.split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
                .joined(separator: " ")
        }
    }
}
