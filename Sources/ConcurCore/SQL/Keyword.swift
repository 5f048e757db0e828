/// Case-insensitive comparison of identifier tokens with SQL key words, on bytes.
enum Keyword {
    /// Whether the bytes of `range` spell `word` (given in lower case), ignoring ASCII case.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: ByteRange, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for offset in 0..<range.count where bytes[range.start + offset] | 0x20 != pointer[offset] {
            // `| 0x20` folds ASCII letters; key words hold only letters, so no other byte matches.
            return false
        }
        return true
    }

    /// Whether `token` is an unquoted identifier spelling `word`.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token, _ word: StaticString) -> Bool {
        token.kind == .identifier && matches(bytes, token.range, word)
    }

    /// The name PostgreSQL looks up for an identifier token: unquoted names fold ASCII letters to
    /// lower case; quoted names keep their case, with `""` standing for one quote.
    static func normalizedName(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Token) -> [UInt8] {
        let slice = bytes[token.range.start..<token.range.end]
        switch token.kind {
        case .identifier:
            return slice.map(\.asciiLowercased)
        case .quotedIdentifier where slice.first == 0x22 && slice.count >= 2:
            var name: [UInt8] = []
            var index = slice.startIndex + 1
            while index < slice.endIndex - 1 {
                name.append(slice[index])
                index += slice[index] == 0x22 ? 2 : 1
            }
            return name
        default:
            return Array(slice)
        }
    }
}
