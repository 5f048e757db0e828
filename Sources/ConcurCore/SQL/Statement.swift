/// One top-level SQL statement of a script, as psql would send it.
public struct Statement: Sendable {
    /// From the first byte of the first token to the last byte of the last, without the terminator.
    public var range: ByteRange
    /// The `;` (or psql `\g`, `\;`) that ends the statement; nil for a last statement without one.
    public var terminator: Token?
    /// The tokens that are neither white space nor comments; only the leading words when the
    /// statement `isSkimmed`.
    public var tokens: [Token]
    /// Whether psql sends this statement in one query string with the previous one (`\;`).
    public var sharesQueryWithPrevious: Bool
    /// Whether the splitter read the statement past its leading words without keeping the tokens
    /// (`StatementSplitter.next(keepingTokensOf:)`).
    public var isSkimmed: Bool

    /// Creates a statement.
    public init(
        range: ByteRange, terminator: Token?, tokens: [Token], sharesQueryWithPrevious: Bool, isSkimmed: Bool = false
    ) {
        self.range = range
        self.terminator = terminator
        self.tokens = tokens
        self.sharesQueryWithPrevious = sharesQueryWithPrevious
        self.isSkimmed = isSkimmed
    }

    /// Where the statement ends, its terminator included.
    public var endIncludingTerminator: Int { terminator?.range.end ?? range.end }
}

/// Where a statement lies, without its tokens: what the analysis keeps of every statement once
/// it is read.
public struct StatementPlace: Sendable {
    /// From the first byte of the first token to the last byte of the last, without the terminator.
    public var range: ByteRange
    /// The `;` (or psql `\g`, `\;`) that ends the statement; nil for a last statement without one.
    public var terminator: Token?

    /// Creates a place.
    public init(range: ByteRange, terminator: Token?) {
        self.range = range
        self.terminator = terminator
    }

    /// Where the statement ends, its terminator included.
    public var endIncludingTerminator: Int { terminator?.range.end ?? range.end }
}

extension Statement {
    /// Where the statement lies.
    public var place: StatementPlace { StatementPlace(range: range, terminator: terminator) }
}
