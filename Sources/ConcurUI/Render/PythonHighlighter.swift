import ConcurCore

/// Syntax roles for Python text (Alembic revisions): key words, strings, comments, numbers.
public enum PythonHighlighter {
    /// The highlighted ranges of `bytes`, in order; text not covered is `.normal`.
    public static func roles(for bytes: [UInt8]) -> [(range: ByteRange, role: StyleRole)] {
        let (tokens, _) = PythonTokens.of(bytes)
        return tokens.compactMap { token in
            switch token.kind {
            case .comment: return (token.range, .comment)
            case .string: return (token.range, .string)
            case .number: return (token.range, .number)
            case .name:
                let word = String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)
                return keywords.contains(word) ? (token.range, .keyword) : nil
            default: return nil
            }
        }
    }

    /// The roles for a file, by its kind: Python for `.py`, SQL otherwise.
    public static func roles(for bytes: [UInt8], path: String) -> [(range: ByteRange, role: StyleRole)] {
        path.hasSuffix(ignoringASCIICase: ".py") ? roles(for: bytes) : SQLHighlighter.roles(for: bytes)
    }

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
}
