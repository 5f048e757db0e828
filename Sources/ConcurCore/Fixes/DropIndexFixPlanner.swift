#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Builds the fix for a `DROP INDEX` so that the result runs on PostgreSQL: one index per
/// statement, `CONCURRENTLY` and `IF EXISTS` added in the author's key-word case, and the drop
/// moved out of a transaction block when that is safe — or no fix, with the reason, when nothing
/// safe can be done. One planner serves every drop of a file (a class: each drop's context
/// shares it instead of copying the file's statements and model).
final class DropIndexFixPlanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let lineEnding: [UInt8]
    let lineIndex: LineIndex
    let statements: [StatementPlace]
    let model: ExecutionModel

    init(
        bytes: UnsafeBufferPointer<UInt8>, lineEnding: [UInt8], lineIndex: LineIndex, statements: [StatementPlace],
        model: ExecutionModel
    ) {
        self.bytes = bytes
        self.lineEnding = lineEnding
        self.lineIndex = lineIndex
        self.statements = statements
        self.model = model
    }

    func fix(for drop: DropIndexStatement, in place: DropIndexContext) -> Fix {
        let context = place.transaction
        if drop.cascadeKeyword != nil {
            return .unavailable(Self.cascadeReason)
        }
        if drop.names.isEmpty { return .unavailable("the statement names no index") }
        if drop.names.count > 1, hasComment(from: drop.dropKeyword.start, to: drop.statement.range.end) {
            // The statement is rewritten whole: a comment in it would be dropped or copied into
            // every new statement, and an ignore comment would start applying to another one.
            return .unavailable(Self.commentsInNamesReason)
        }
        if drop.names.count > 1, drop.names.contains(where: { !$0.isBalanced }) {
            return .unavailable(Self.unpairedBracketsReason)
        }
        let rewrite = statementRewrite(drop)
        switch context {
        case .autocommit:
            return .safe(rewrite.title, edits: rewrite.edits)
        case .explicitBlock(let begin, let end):
            return move(drop, rewrite: rewrite, blockBegin: begin, end: end)
        case .fileTransaction:
            return toolTransactionFix(rewrite, place: place)
        case .implicitQueryTransaction(let runner) where runner == model.name:
            return toolTransactionFix(rewrite, place: place)
        case .implicitQueryTransaction(let runner):
            return .unavailable(
                "\(runner) sends this statement in one query string with others, which PostgreSQL runs as one "
                    + "transaction, where a concurrent drop fails. Send the drop as a query of its own.")
        }
    }

    /// A drop inside the transaction a migration tool makes: the tool's own switch in the file,
    /// when the drop then runs alone and outside a transaction; otherwise advice in the tool's terms.
    private func toolTransactionFix(_ rewrite: Rewrite, place: DropIndexContext) -> Fix {
        if let optOut = place.section.transactionOptOut,
            model.delivery == .statementByStatement || place.statementsInSection == 1
        {
            let others =
                place.statementsInSection > 1 ? "; the file's other statements then run without a transaction" : ""
            return .safe(
                rewrite.title + " and switch the transaction off with " + optOut.title + others,
                edits: rewrite.edits + [optOut.edit])
        }
        if let separate = model.separateMigration {
            let drop = place.drop
            let removal = removalRange(of: drop.statement)
            if hasIgnoreComment(from: removal.start, to: removal.end) {
                return .unavailable(Self.ignoreCommentInside)
            }
            if place.statementsInSection == 1, drop.names.count == 1, let switchFile = separate.sameMigrationSwitch {
                let name = switchFile.path.split(separator: "/").last.map(String.init) ?? switchFile.path
                return .safe(
                    rewrite.title + " and switch this migration's transaction off in a new \(name)",
                    edits: rewrite.edits,
                    creating: [switchFile])
            }
            var created: [CreatedFile] = []
            for (offset, statement) in singleStatements(drop).enumerated() {
                guard
                    let files = separate.files(
                        ordinal: place.migrationOrdinal + offset, statement: statement,
                        indexName: slug(drop.names[offset]), relationName: drop.names[offset].relationName(in: bytes))
                else {
                    return .unavailable(
                        "\(model.summary), where a concurrent drop fails, and the migrations' versions leave no room "
                            + "right after this one. \(model.separateMigrationAdvice)")
                }
                created += files
            }
            let shown = created.first.map { " (\($0.path))" } ?? ""
            return .safe(
                "Move the drop into a new migration of its own after this one\(shown), dropping the index concurrently",
                edits: [Edit(range: removal, replacement: [])], creating: created)
        }
        return .unavailable("\(model.summary), where a concurrent drop fails. \(model.separateMigrationAdvice)")
    }

    /// One `DROP INDEX CONCURRENTLY IF EXISTS name;` per index, in the author's key-word case,
    /// each made in one allocation.
    private func singleStatements(_ drop: DropIndexStatement) -> [String] {
        let head = Self.concurrentDropHead(in: KeywordCase.of(bytes, drop.indexKeyword))
        let behavior = drop.restrictKeyword.map { " " + text($0) } ?? ""
        return drop.names.map { name in
            var statement = ""
            statement.reserveCapacity(head.utf8.count + name.range.count + behavior.utf8.count + 2)
            statement += head
            statement += " "
            statement += text(name.range)
            statement += behavior
            statement += ";"
            return statement
        }
    }

    /// `DROP INDEX CONCURRENTLY IF EXISTS` in a key-word case, made once for each case.
    private static func concurrentDropHead(in keywordCase: KeywordCase) -> String {
        concurrentDropHeads[KeywordCase.allCases.firstIndex(of: keywordCase)!]
    }

    private static let concurrentDropHeads = KeywordCase.allCases.map { $0.apply("DROP INDEX CONCURRENTLY IF EXISTS") }

    /// A file-name-safe form of an index name: ASCII letters lowered, digits kept, anything else
    /// an underscore, at most 48 of them. An ASCII name is made from its bytes.
    private func slug(_ name: DropIndexStatement.IndexName) -> String {
        let relation = name.relationName(in: bytes)
        if let relation, !relation.isEmpty, relation.allSatisfy({ $0 < 0x80 }) {
            return String(
                decoding: relation.prefix(48).map { byte in
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte | 0x20
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return byte
                    default: return UInt8(ascii: "_")
                    }
                }, as: UTF8.self)
        }
        let raw = relation.map { String(decoding: $0, as: UTF8.self) } ?? "index"
        let cleaned = String(raw.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return cleaned.isEmpty ? "index" : String(cleaned.prefix(48))
    }

    // MARK: - Rewriting the statement itself

    private struct Rewrite {
        var title: String
        /// Edits inside the statement (empty when only the statement's place changes).
        var edits: [Edit]
    }

    /// Whether a comment lies between two offsets (inside a statement's list of names).
    private func hasComment(from start: Int, to end: Int) -> Bool {
        // A comment starts with `-` or `/`: without either there is nothing to lex.
        guard contains(UInt8(ascii: "-"), from: start, to: end) || contains(UInt8(ascii: "/"), from: start, to: end)
        else { return false }
        var lexer = Lexer(bytes: bytes, start: start)
        while let token = lexer.next(), token.range.start < end {
            if token.kind == .lineComment || token.kind == .blockComment { return true }
        }
        return false
    }

    private func statementRewrite(_ drop: DropIndexStatement) -> Rewrite {
        let keywordCase = KeywordCase.of(bytes, drop.indexKeyword)
        let added = AddedDropIndexWords.of(
            addsConcurrently: !drop.isConcurrent, addsIfExists: drop.ifExists == nil, in: keywordCase)
        let insertionPoint = drop.concurrentlyKeyword?.end ?? drop.indexKeyword.end
        if drop.names.count > 1 {
            let header =
                text(ByteRange(drop.dropKeyword.start, insertionPoint)) + added.text
                + text(ByteRange(insertionPoint, drop.ifExists?.end ?? insertionPoint))
            let behavior = drop.restrictKeyword.map { " " + text($0) } ?? ""
            let separator =
                ";" + String(decoding: lineEnding, as: UTF8.self) + indentation(before: drop.dropKeyword.start)
            let replacement = drop.names.map { header + " " + text($0.range) + behavior }.joined(separator: separator)
            return Rewrite(
                title: String("Drop each of the ", drop.names.count, " indexes concurrently in a statement of its own"),
                edits: [
                    Edit(range: ByteRange(drop.dropKeyword.start, drop.statement.range.end), replacement: replacement)
                ])
        }
        if drop.isConcurrent && drop.ifExists == nil {
            return Rewrite(
                title: "Add IF EXISTS",
                edits: [Edit(range: ByteRange(insertionPoint, insertionPoint), replacement: added.bytes)])
        }
        if drop.isConcurrent { return Rewrite(title: "Keep DROP INDEX CONCURRENTLY", edits: []) }
        return Rewrite(
            title: added.title,
            edits: [Edit(range: ByteRange(insertionPoint, insertionPoint), replacement: added.bytes)])
    }

    // MARK: - Moving the statement out of a transaction block

    private func move(_ drop: DropIndexStatement, rewrite: Rewrite, blockBegin: Int, end: BlockEnd) -> Fix {
        let beginLine = lineIndex.lineIndex(of: blockBegin) + 1
        switch end {
        case .neverClosed:
            return .unavailable(
                "the transaction block opened on line \(beginLine) is not closed in this file, so there is no place "
                    + "after it to move the drop to. Close the block, then drop the index concurrently after it.")
        case .rolledBack:
            return .unavailable(
                "the transaction block opened on line \(beginLine) ends in ROLLBACK, which undoes this drop. "
                    + "Remove the drop, or drop the index concurrently outside the block.")
        case .prepared:
            return .unavailable(
                "the transaction block opened on line \(beginLine) ends in PREPARE TRANSACTION; its work waits "
                    + "for COMMIT PREPARED. Drop the index concurrently in a separate step after that.")
        case .committed(let endIndex, let obstacle):
            let commit = statements[endIndex]
            let commitLine = lineIndex.lineIndex(of: commit.range.start) + 1
            if let obstacle {
                return .unavailable(
                    "the drop is inside the transaction block opened on line \(beginLine), and \(obstacle). "
                        + "Split the migration: end the block before the drop, drop the index concurrently, then "
                        + "run the rest in a new block.")
            }
            if commit.terminator?.kind == .psqlSendLaterSemicolon {
                return .unavailable(
                    "the block's end on line \(commitLine) is sent in one query string with what follows (\\;), "
                        + "so a drop moved after it would still run in a transaction.")
            }
            let removal = removalRange(of: drop.statement)
            if hasIgnoreComment(from: removal.start, to: removal.end) { return .unavailable(Self.ignoreCommentInside) }
            guard let edits = moveEdits(drop, rewrite: rewrite, after: commit) else {
                return .unavailable(
                    "an ignore comment at the block's end on line \(commitLine) applies to the statement after it; "
                        + "a drop moved there would take it over. Move the comment below the COMMIT's line, or move "
                        + "the drop by hand.")
            }
            return .safe(
                String(
                    "Move the drop after the COMMIT on line ", commitLine,
                    " and drop the index concurrently (it no longer rolls back with the block)"),
                edits: edits)
        }
    }

    /// The edits that move the drop after the block's end; nil when an ignore comment between
    /// that end and the insertion point would then apply to the moved drop instead of the
    /// statement it was written for.
    private func moveEdits(_ drop: DropIndexStatement, rewrite: Rewrite, after commit: StatementPlace)
        -> [Edit]?
    {
        let statement = drop.statement
        // The moved text: the statement as rewritten, always ending with `;`.
        let statementEnd =
            statement.terminator?.kind == .punctuation ? statement.endIncludingTerminator : statement.range.end
        let removal = removalRange(of: statement)
        // Insert it on a line of its own after the block's end, indented like that end: at the
        // start of the next line when nothing but a comment follows the end on its line.
        let indentation = indentation(before: commit.range.start).utf8
        var point = commit.endIncludingTerminator
        var opensLine = false  // the insertion starts a line of its own, rather than ending one
        var leadingSemicolon = false
        if commit.terminator == nil {
            point = commit.range.end
            leadingSemicolon = true
        } else {
            let restOfLine = skipBlankAndLineComment(from: point)
            if restOfLine < bytes.count {
                if bytes[restOfLine] == 0x0A || bytes[restOfLine] == 0x0D {
                    point = afterLineBreak(restOfLine)
                    opensLine = true
                }
            } else if restOfLine > point {
                point = restOfLine  // a comment closes the file: go after it
            }
        }
        if hasIgnoreComment(from: commit.range.start, to: point) { return nil }
        // A statement's rewrite is one edit (or none), inside the statement.
        let edits = rewrite.edits.sorted { $0.range.start < $1.range.start }
        var insertion: [UInt8] = []
        insertion.reserveCapacity(
            statementEnd - statement.range.start + edits.reduce(0) { $0 + $1.replacement.count } + indentation.count
                + lineEnding.count + 2)
        if leadingSemicolon { insertion.append(UInt8(ascii: ";")) }
        if !opensLine { insertion += lineEnding }
        insertion += indentation
        // The statement as rewritten, copied straight from the file around the rewrite's edits.
        var cursor = statement.range.start
        for edit in edits {
            insertion += bytes[cursor..<edit.range.start]
            insertion += edit.replacement
            cursor = edit.range.end
        }
        insertion += bytes[cursor..<statementEnd]
        if statementEnd == statement.range.end { insertion.append(UInt8(ascii: ";")) }
        if opensLine { insertion += lineEnding }
        return [Edit(range: removal, replacement: []), Edit(range: ByteRange(point, point), replacement: insertion)]
    }

    // Reasons that never change, made once: every finding that gives one shares its text (and
    // reporters can tell a repeated text by its storage).
    static let cascadeReason =
        "DROP INDEX CONCURRENTLY does not support CASCADE. Drop the objects that depend on the index "
        + "first (for example the constraint that uses it) in their own statements, then drop the "
        + "index concurrently without CASCADE."
    static let commentsInNamesReason =
        "the list of index names holds comments, which one statement per index cannot keep in place; "
        + "write one DROP INDEX CONCURRENTLY statement per index by hand"
    static let unpairedBracketsReason =
        "the list of index names has unpaired brackets, so concur cannot tell where each name ends; "
        + "write one DROP INDEX CONCURRENTLY statement per index by hand"

    static let ignoreCommentInside =
        "an ignore comment inside the statement applies to the statement after it; moving the drop would "
        + "take the comment along. Move the comment out of the statement, or move the drop by hand."

    /// Whether a `concur-ignore`/`squawk-ignore` line comment for the next statement lies between
    /// two offsets.
    private func hasIgnoreComment(from start: Int, to end: Int) -> Bool {
        // A line comment starts with `-`: most statements hold none, and need no lexing.
        guard contains(UInt8(ascii: "-"), from: start, to: end) else { return false }
        var lexer = Lexer(bytes: bytes, start: start)
        while let token = lexer.next(), token.range.start < end {
            guard token.kind == .lineComment else { continue }
            let text = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[token.range.start + 2..<token.range.end]), as: UTF8.self)
            if let directive = IgnoreDirective.parse(text, range: token.range), !directive.wholeFile { return true }
        }
        return false
    }

    // MARK: - Helpers

    /// The statement with its terminator; when it stands alone on its line(s), the whole lines.
    private func removalRange(of statement: StatementPlace) -> ByteRange {
        var removal = ByteRange(statement.range.start, statement.endIncludingTerminator)
        let lineStart = startOfLine(removal.start)
        if isBlank(ByteRange(lineStart, removal.start)) {
            let lineEnd = endOfLine(removal.end)
            if isBlank(ByteRange(removal.end, lineEnd)) {
                removal = ByteRange(lineStart, afterLineBreak(lineEnd))
            }
        }
        return removal
    }

    /// Whether `byte` occurs between two offsets (memchr).
    private func contains(_ byte: UInt8, from start: Int, to end: Int) -> Bool {
        let end = min(end, bytes.count)
        guard start < end, let base = bytes.baseAddress else { return false }
        return memchr(base + start, Int32(byte), end - start) != nil
    }

    private func text(_ range: ByteRange) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range.start..<range.end]), as: UTF8.self)
    }

    /// The spaces and tabs before `offset` on its line, when nothing else precedes it there.
    private func indentation(before offset: Int) -> String {
        let lineStart = startOfLine(offset)
        return isBlank(ByteRange(lineStart, offset)) ? text(ByteRange(lineStart, offset)) : ""
    }

    private func startOfLine(_ offset: Int) -> Int {
        var index = offset
        while index > 0, bytes[index - 1] != 0x0A { index -= 1 }
        return index
    }

    private func endOfLine(_ offset: Int) -> Int {
        var index = offset
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        return index
    }

    private func afterLineBreak(_ offset: Int) -> Int {
        if offset < bytes.count, bytes[offset] == 0x0D {
            return offset + 1 < bytes.count && bytes[offset + 1] == 0x0A ? offset + 2 : offset + 1
        }
        return offset < bytes.count ? offset + 1 : offset
    }

    /// The offset after spaces, tabs and a `--` comment from `offset` on the same line.
    private func skipBlankAndLineComment(from offset: Int) -> Int {
        var index = offset
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
            index = endOfLine(index)
        }
        return index
    }

    private func isBlank(_ range: ByteRange) -> Bool {
        (range.start..<range.end).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
    }
}
