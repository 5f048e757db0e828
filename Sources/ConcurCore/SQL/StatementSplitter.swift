/// Splits a script into top-level statements the way psql does when it runs a file (`psql -f`).
///
/// A `;` ends a statement only outside parentheses and brackets, and outside the `BEGIN … END`
/// body of a SQL-standard `CREATE FUNCTION`/`CREATE PROCEDURE` (`BEGIN ATOMIC`), which psql tracks
/// by counting `BEGIN`/`CASE` against `END`. Strings, dollar quotes and comments never end one,
/// since the lexer returns each as a single token. psql meta-commands between statements are
/// skipped; `\g` ends a statement; `\;` ends one but sends it with the next; the data lines of
/// `COPY … FROM STDIN` are skipped.
public struct StatementSplitter {
    private var lexer: Lexer
    private let bytes: UnsafeBufferPointer<UInt8>
    private var nextSharesQuery = false
    /// The tokens of the statement being read. The statement returned shares this buffer; once
    /// the caller lets go of it, the next statement reuses the buffer instead of allocating one.
    private var tokens: [Token] = []

    /// Creates a splitter over a script's bytes, starting after a byte order mark if there is one.
    public init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0) {
        self.bytes = bytes
        self.lexer = Lexer(bytes: bytes, start: start)
        if bytes.count > start { tokens.reserveCapacity(16) }
    }

    /// The offset of the next byte to read.
    public var position: Int { lexer.position }

    /// The construct left open at the end of the input: the statement it was in is not returned.
    public var error: SQLSyntaxError? { lexer.error }

    /// The next statement, or nil at the end of the input.
    public mutating func next() -> Statement? {
        next(keepingTokensOf: { _ in true })
    }

    /// The next statement, or nil at the end of the input; reads only the leading words of a
    /// statement whose first token `keepsTokens` turns down, and the rest without keeping tokens
    /// (`Statement.isSkimmed`). Statements the splitter itself must read whole — SQL-standard
    /// routine bodies and `COPY` — are read whole whatever `keepsTokens` says.
    public mutating func next(keepingTokensOf keepsTokens: (Token) -> Bool) -> Statement? {
        // Emptied from its end: `removeAll(keepingCapacity:)` goes through the general
        // `replaceSubrange`, about seventy instructions a statement for tokens that need no
        // destroying.
        while !tokens.isEmpty { tokens.removeLast() }
        var parenthesisDepth = 0
        var beginDepth = 0
        var routineWords = 0  // how many leading words matched CREATE [OR REPLACE] FUNCTION|PROCEDURE
        var isRoutine = false
        var isSkimmed = false
        var isReadWhole = false  // decided once the leading words are known
        var lastSignificantEnd = 0
        while true {
            if isSkimmed,
                let terminator = lexer.skimStatement(
                    parenthesisDepth: &parenthesisDepth, lastSignificantEnd: &lastSignificantEnd)
            {
                return finish(terminator: terminator, sendsLater: false, end: lastSignificantEnd, isSkimmed: true)
            }
            // Skimming stopped before a backslash or at the end: the lexer reads what is there.
            guard let token = lexer.next() else { break }
            switch token.kind {
            case .whitespace, .lineComment, .blockComment, .copyData:
                continue
            case .psqlMetaCommand:
                if isSendCommand(token), !tokens.isEmpty {
                    return finish(terminator: token, sendsLater: false, end: lastSignificantEnd, isSkimmed: isSkimmed)
                }
                continue
            case .psqlSendLaterSemicolon:
                if tokens.isEmpty { continue }
                return finish(terminator: token, sendsLater: true, end: lastSignificantEnd, isSkimmed: isSkimmed)
            case .punctuation:
                switch bytes[token.range.start] {
                case UInt8(ascii: ";") where parenthesisDepth == 0 && beginDepth == 0:
                    if tokens.isEmpty { continue }
                    return finish(terminator: token, sendsLater: false, end: lastSignificantEnd, isSkimmed: isSkimmed)
                case UInt8(ascii: "("), UInt8(ascii: "["): parenthesisDepth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"): parenthesisDepth = max(0, parenthesisDepth - 1)
                default: break
                }
            case .identifier:
                // psql counts BEGIN/CASE … END only inside CREATE [OR REPLACE] FUNCTION/PROCEDURE.
                if tokens.count == routineWords, routineWords < 4 {
                    (routineWords, isRoutine) = advanceRoutinePrefix(token, matched: routineWords)
                }
                if isRoutine {
                    if Keyword.matches(bytes, token.range, "begin") || Keyword.matches(bytes, token.range, "case") {
                        beginDepth += 1
                    } else if Keyword.matches(bytes, token.range, "end"), beginDepth > 0 {
                        beginDepth -= 1
                    }
                }
            default:
                break
            }
            lastSignificantEnd = token.range.end
            if isSkimmed { continue }
            tokens.append(token)
            // Once the leading words show whether this is a routine, the rest of a statement that is
            // none may be skimmed; decided once, not again at every later token.
            if !isReadWhole, routineWords == 4 || tokens.count > routineWords {
                if !isRoutine, !keepsTokens(tokens[0]), !Keyword.matches(bytes, tokens[0], "copy") {
                    isSkimmed = true
                } else {
                    isReadWhole = true
                }
            }
        }
        guard !tokens.isEmpty, lexer.error == nil else { return nil }
        return finish(terminator: nil, sendsLater: false, end: lastSignificantEnd, isSkimmed: isSkimmed)
    }

    private mutating func finish(terminator: Token?, sendsLater: Bool, end: Int, isSkimmed: Bool) -> Statement {
        let statement = Statement(
            range: ByteRange(tokens[0].range.start, end),
            terminator: terminator,
            tokens: tokens,
            sharesQueryWithPrevious: nextSharesQuery,
            isSkimmed: isSkimmed
        )
        nextSharesQuery = sendsLater
        if terminator != nil, !isSkimmed, isCopyFromStdin() { _ = lexer.consumeCopyData() }
        return statement
    }

    /// `\g`, `\gx`, `\gset`, `\gexec`, `\gdesc`: meta-commands that send the query buffer.
    private func isSendCommand(_ token: Token) -> Bool {
        token.range.count >= 2 && bytes[token.range.start + 1] == UInt8(ascii: "g")
    }

    private func advanceRoutinePrefix(_ token: Token, matched: Int) -> (Int, Bool) {
        let range = token.range
        switch matched {
        case 0:
            return Keyword.matches(bytes, range, "create") ? (1, false) : (4, false)
        case 1:
            if Keyword.matches(bytes, range, "or") { return (2, false) }
            return (4, Keyword.matches(bytes, range, "function") || Keyword.matches(bytes, range, "procedure"))
        case 2:
            return Keyword.matches(bytes, range, "replace") ? (3, false) : (4, false)
        default:
            return (4, Keyword.matches(bytes, range, "function") || Keyword.matches(bytes, range, "procedure"))
        }
    }

    /// `COPY … FROM STDIN`: psql then reads data lines from the script up to `\.`.
    private func isCopyFromStdin() -> Bool {
        guard let first = tokens.first, Keyword.matches(bytes, first, "copy") else { return false }
        for index in tokens.indices.dropLast() where Keyword.matches(bytes, tokens[index], "from") {
            if Keyword.matches(bytes, tokens[index + 1], "stdin") { return true }
        }
        return false
    }
}
