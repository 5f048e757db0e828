import ConcurCore

/// Syntax roles for SQL text, from the core lexer's tokens: key words, strings, comments, numbers.
public enum SQLHighlighter {
    /// The highlighted ranges of `bytes`, in order; text not covered is `.normal`.
    public static func roles(for bytes: [UInt8]) -> [(range: ByteRange, role: StyleRole)] {
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            var result: [(ByteRange, StyleRole)] = []
            while let token = lexer.next() {
                let role: StyleRole?
                switch token.kind {
                case .lineComment, .blockComment: role = .comment
                case .string, .dollarString, .copyData: role = .string
                case .number, .parameter: role = .number
                case .identifier: role = isKeyword(buffer, token.range) ? .keyword : nil
                case .psqlMetaCommand, .psqlSendLaterSemicolon: role = .keyword
                default: role = nil
                }
                if let role { result.append((token.range, role)) }
            }
            if let error = lexer.error {
                // The unterminated construct runs to the end of the file.
                let role: StyleRole = {
                    switch error.kind {
                    case .unterminatedBlockComment: return .comment
                    case .unterminatedQuotedIdentifier: return .normal
                    default: return .string
                    }
                }()
                if role != .normal { result.append((ByteRange(error.offset, bytes.count), role)) }
            }
            return result
        }
    }

    static func isKeyword(_ buffer: UnsafeBufferPointer<UInt8>, _ range: ByteRange) -> Bool {
        guard range.count <= 16 else { return false }
        var word = ""
        for index in range.start..<range.end {
            let byte = buffer[index]
            guard byte < 0x80 else { return false }
            word.unicodeScalars.append(UnicodeScalar(byte >= 65 && byte <= 90 ? byte + 32 : byte))
        }
        return keywords.contains(word)
    }

    static let keywords: Set<String> = [
        "abort", "add", "all", "alter", "and", "as", "asc", "atomic", "begin", "between", "by", "cascade", "case",
        "chain", "check", "column", "comment", "commit", "concurrently", "constraint", "copy", "create", "cross",
        "default", "delete", "desc", "distinct", "do", "drop", "else", "end", "exists", "false", "foreign", "from",
        "function", "grant", "group", "having", "if", "in", "index", "inner", "insert", "into", "is", "join",
        "key", "language", "left", "like", "limit", "not", "null", "on", "or", "order", "outer", "prepare",
        "primary", "procedure", "references", "release", "rename", "replace", "restrict", "returns", "revoke",
        "right", "rollback", "savepoint", "schema", "select", "set", "start", "table", "then", "to", "transaction",
        "trigger", "true", "type", "union", "unique", "update", "using", "values", "view", "when", "where", "with",
        "work", "stdin", "using", "include", "sequence", "extension", "enum", "return",
    ]
}
