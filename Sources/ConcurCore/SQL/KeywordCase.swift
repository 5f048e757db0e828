/// The letter case an author wrote a key word in, so that inserted key words match it.
enum KeywordCase: CaseIterable {
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

/// The key words a rewrite of `DROP INDEX` adds after `INDEX` (` CONCURRENTLY`, ` IF EXISTS` or
/// both), in each key-word case, as text and as bytes: made once, so that a fix allocates neither.
struct AddedDropIndexWords {
    /// The words with a space before each, such as ` CONCURRENTLY IF EXISTS`.
    let text: String
    let bytes: [UInt8]
    /// The fix's title for a statement that gains exactly these words.
    let title: String

    /// The words added to a drop that lacks `CONCURRENTLY` (when `addsConcurrently`) and `IF
    /// EXISTS` (when `addsIfExists`), written in `keywordCase`.
    static func of(addsConcurrently: Bool, addsIfExists: Bool, in keywordCase: KeywordCase) -> AddedDropIndexWords {
        table[index(addsConcurrently, addsIfExists, keywordCase)]
    }

    private static func index(_ addsConcurrently: Bool, _ addsIfExists: Bool, _ keywordCase: KeywordCase) -> Int {
        let caseIndex = KeywordCase.allCases.firstIndex(of: keywordCase)!
        return caseIndex * 4 + (addsConcurrently ? 2 : 0) + (addsIfExists ? 1 : 0)
    }

    private static let table: [AddedDropIndexWords] = KeywordCase.allCases.flatMap { keywordCase in
        [(false, false), (false, true), (true, false), (true, true)].map { addsConcurrently, addsIfExists in
            let words = (addsConcurrently ? " CONCURRENTLY" : "") + (addsIfExists ? " IF EXISTS" : "")
            let text = keywordCase.apply(words)
            return AddedDropIndexWords(text: text, bytes: Array(text.utf8), title: "Use DROP INDEX" + words)
        }
    }
}
