/// One top-level SQL statement of a script, as psql would send it.
public struct Statement: Sendable {
    /// From the first byte of the first token to the last byte of the last, without the terminator.
    public var range: ByteRange
    /// The `;` (or psql `\g`, `\;`) that ends the statement; nil for a last statement without one.
    public var terminator: Token?
    /// The tokens that are neither white space nor comments.
    public var tokens: [Token]
    /// Whether psql sends this statement in one query string with the previous one (`\;`).
    public var sharesQueryWithPrevious: Bool

    /// Creates a statement.
    public init(range: ByteRange, terminator: Token?, tokens: [Token], sharesQueryWithPrevious: Bool) {
        self.range = range
        self.terminator = terminator
        self.tokens = tokens
        self.sharesQueryWithPrevious = sharesQueryWithPrevious
    }

    /// Where the statement ends, its terminator included.
    public var endIncludingTerminator: Int { terminator?.range.end ?? range.end }
}
