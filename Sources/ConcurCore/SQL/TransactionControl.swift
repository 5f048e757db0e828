/// What a statement does to the session's transaction block, after the PostgreSQL 15 reference
/// pages BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION and
/// ROLLBACK TO SAVEPOINT.
public enum TransactionControl: Equatable, Sendable {
    /// `BEGIN [WORK | TRANSACTION] …` or `START TRANSACTION …`.
    case begin
    /// `COMMIT`/`END` (and their `AND CHAIN` forms when `chains`).
    case commit(chains: Bool)
    /// `ROLLBACK`/`ABORT` (and their `AND CHAIN` forms when `chains`).
    case rollback(chains: Bool)
    /// `PREPARE TRANSACTION 'id'`: ends the block, but its work is only done by `COMMIT PREPARED`.
    case prepare
    /// `ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name`.
    case rollbackToSavepoint

    /// The words a statement that controls the transaction block starts with. `of` looks no
    /// further than a statement that starts with one of them, and the statement splitter reads
    /// such statements word by word (`ScriptStructure`): a new form starts here.
    static let leadingWords: [StaticString] = ["begin", "start", "commit", "end", "rollback", "abort", "prepare"]

    /// Classifies a statement; nil when it does not control the transaction block.
    public static func of(_ statement: Statement, in bytes: UnsafeBufferPointer<UInt8>) -> TransactionControl? {
        let tokens = statement.tokens
        guard let first = tokens.first, first.kind == .identifier,
            leadingWords.contains(where: { Keyword.matches(bytes, first, $0) })
        else { return nil }
        func word(_ index: Int, _ keyword: StaticString) -> Bool {
            index < tokens.count && Keyword.matches(bytes, tokens[index], keyword)
        }
        /// Whether the statement ends with `AND CHAIN` (not `AND NO CHAIN`).
        var chains: Bool {
            tokens.count >= 2 && Keyword.matches(bytes, tokens[tokens.count - 1], "chain")
                && Keyword.matches(bytes, tokens[tokens.count - 2], "and")
        }
        if word(0, "begin") { return .begin }
        if word(0, "start") { return word(1, "transaction") ? .begin : nil }
        if word(0, "commit") || word(0, "end") {
            return word(1, "prepared") ? nil : .commit(chains: chains)
        }
        if word(0, "rollback") || word(0, "abort") {
            if word(1, "prepared") { return nil }
            let afterNoise = word(1, "work") || word(1, "transaction") ? 2 : 1
            if word(0, "rollback"), word(afterNoise, "to") { return .rollbackToSavepoint }
            return .rollback(chains: chains)
        }
        if word(0, "prepare"), word(1, "transaction") { return .prepare }
        return nil
    }
}
