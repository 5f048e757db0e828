/// The kinds of token in PostgreSQL source, after the PostgreSQL 15 documentation, chapter 4.1
/// "Lexical Structure", plus the two things psql adds to a script: meta-commands and COPY data.
public enum TokenKind: UInt8, Sendable {
    /// Spaces, tabs, line breaks, form feeds (§4.1).
    case whitespace
    /// `-- …` up to the end of the line (§4.1.5).
    case lineComment
    /// `/* … */`, which nests (§4.1.5).
    case blockComment
    /// A key word or an unquoted identifier (§4.1.1).
    case identifier
    /// `"…"` or `U&"…"` (§4.1.1).
    case quotedIdentifier
    /// `'…'`, `E'…'`, `U&'…'`, `N'…'`, `B'…'` or `X'…'` (§4.1.2.1–§4.1.2.3, §4.1.2.5).
    case string
    /// `$$…$$` or `$tag$…$tag$` (§4.1.2.4).
    case dollarString
    /// A numeric constant (§4.1.2.6).
    case number
    /// A positional parameter such as `$1` (§4.1.4).
    case parameter
    /// One operator character (§4.1.3); multi-character operators come as several tokens.
    case `operator`
    /// `(`, `)`, `[`, `]`, `,`, `;`, `:`, `.` (§4.1.4), and `{`, `}` seen in templated SQL.
    case punctuation
    /// A psql meta-command: a backslash and the rest of its line (psql docs, "Meta-Commands").
    case psqlMetaCommand
    /// psql's `\;`: a semicolon that separates statements without sending the query yet.
    case psqlSendLaterSemicolon
    /// The data lines of `COPY … FROM STDIN`, up to and including the `\.` line.
    case copyData
    /// Any other byte.
    case other

    /// Whether the token is white space or a comment, which never changes a statement's meaning.
    public var isTrivia: Bool {
        self == .whitespace || self == .lineComment || self == .blockComment
    }
}

/// One token: its kind and where it lies in the file.
public struct Token: Hashable, Sendable {
    /// What the token is.
    public var kind: TokenKind
    /// Where the token lies.
    public var range: ByteRange

    /// Creates a token.
    public init(kind: TokenKind, range: ByteRange) {
        self.kind = kind
        self.range = range
    }
}

/// Text that PostgreSQL cannot read because a quoted construct never ends.
public struct SQLSyntaxError: Error, Hashable, Sendable {
    /// What was left open.
    public enum Kind: Hashable, Sendable {
        /// A `'…'` string constant (of any prefix) without its closing quote.
        case unterminatedString
        /// A `"…"` identifier without its closing quote.
        case unterminatedQuotedIdentifier
        /// A `/*` comment without its matching `*/`.
        case unterminatedBlockComment
        /// A dollar-quoted string without its closing tag.
        case unterminatedDollarQuotedString(tag: String)
    }

    /// What was left open.
    public var kind: Kind
    /// The offset of the construct's first byte.
    public var offset: Int

    /// Creates an error.
    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// A lower-case description that reads well after "error:".
    public var message: String {
        switch kind {
        case .unterminatedString: return "unterminated quoted string"
        case .unterminatedQuotedIdentifier: return "unterminated quoted identifier"
        case .unterminatedBlockComment: return "unterminated /* comment"
        case .unterminatedDollarQuotedString(let tag): return "unterminated dollar-quoted string (no closing $\(tag)$)"
        }
    }
}
