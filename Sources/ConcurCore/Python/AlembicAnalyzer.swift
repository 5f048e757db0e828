/// Finds the index drops of an Alembic revision file by reading its Python source (never running
/// it): `op.drop_index`, `batch_op.drop_index` and `op.execute` with constant SQL; proposes
/// rewrites that run, because Alembic runs each migration in a transaction and a concurrent drop
/// only works inside `with op.get_context().autocommit_block():`.
public struct AlembicAnalyzer: Sendable {
    /// Whether fixes add `if_exists=True` to `op.drop_index` (Alembic 1.13 and later).
    public var addsIfExists: Bool

    public init(addsIfExists: Bool = false) {
        self.addsIfExists = addsIfExists
    }

    /// How Alembic runs a migration, for findings and the SQL inside `op.execute`.
    public static let model = ExecutionModel(
        name: "Alembic", wrapsFileInTransaction: true, delivery: .statementByStatement,
        summary:
            "Alembic runs each migration in a transaction; only the body of `with op.get_context().autocommit_block():` runs outside it"
    )

    /// The reason given when a fix's own changes overlap. No input should produce it: the
    /// fuzzer treats it as a failure.
    public static let overlappingChangesReason =
        "concur could not combine the changes this call needs; please report this file"

    /// The trade-off every autocommit-block fix carries.
    static let autocommitNote =
        "autocommit_block() first commits what the migration did before it, and what follows runs in a new "
        + "transaction: if a later step fails, the steps before the block stay applied and the migration is "
        + "not marked as done, so it must be able to run again."

    /// Analyses one revision file.
    public func analyze(_ source: SourceFile) -> FileAnalysis {
        if source.containsNulByte {
            var analysis = FileAnalysis(
                source: source, findings: [], problem: SourceProblem(kind: .binaryContent, offset: 0))
            analysis.tool = .alembic
            return analysis
        }
        var analysis = source.withBytes { buffer in
            let module = PythonModule(bytes: buffer, start: source.byteOrderMarkLength)
            var scan = AlembicScan(
                module: module, lineEnding: source.lineEnding, path: source.path, addsIfExists: addsIfExists)
            let findings = scan.findings()
            let directives = PythonIgnoreComments.directives(in: module)
            return FileAnalysis(
                source: source, findings: IgnoreDirective.apply(directives, to: findings),
                problem: module.error.map { SourceProblem(kind: .pythonSyntax($0), offset: $0.offset) })
        }
        analysis.tool = .alembic
        return analysis
    }
}

/// `# concur-ignore RULE[, RULE] [reason]` on the line before a call or at the end of its first
/// line, and `# concur-ignore-file [RULE…]` anywhere.
enum PythonIgnoreComments {
    static func directives(in module: PythonModule) -> [IgnoreDirective] {
        var directives: [IgnoreDirective] = []
        for comment in module.comments {
            // Every directive's first word holds "-ignore"; most comments are something else.
            let commentBytes = UnsafeBufferPointer(rebasing: module.bytes[comment.range.start..<comment.range.end])
            guard IgnoreDirective.contains(commentBytes, "-ignore") else { continue }
            let text = module.text(ByteRange(comment.range.start + 1, comment.range.end))
            guard var directive = IgnoreDirective.parse(text, range: comment.range), directive.origin == .concur else {
                continue
            }
            if !directive.wholeFile {
                // The lines are in file order: the line the comment ends, or else the next one,
                // is found by halving rather than by reading every line before it.
                let lineStart = module.startOfPhysicalLine(containing: comment.range.start)
                let lines = module.lines
                var index = lines.firstIndexByHalving { $0.lineStart >= lineStart }
                var trailing: PythonModule.Line?
                while index < lines.count, lines[index].lineStart == lineStart {
                    if lines[index].end <= comment.range.start {
                        trailing = lines[index]
                        break
                    }
                    index += 1
                }
                let next = lines.firstIndexByHalving { $0.lineStart > comment.range.start }
                let target = trailing ?? (next < lines.count ? lines[next] : nil)
                if let target {
                    directive.statementStart = module.tokens[target.tokens.lowerBound].range.start
                    directive.appliesTo = ByteRange(directive.statementStart!, target.end)
                }
            }
            directives.append(directive)
        }
        return directives
    }
}

/// One pass over a revision file.
struct AlembicScan {
    let module: PythonModule
    let lineEnding: [UInt8]
    let path: String
    let addsIfExists: Bool

    /// The names `op` is imported as, each once: one or two, looked through in order. A set of
    /// strings cost a check of one revision a tenth of its instructions: the first one the
    /// program makes has the runtime look up `String: Hashable` among all its conformances.
    private var opNames: [String] = []
    /// Whether `op` is imported under its own name only, as nearly every revision does: a name is
    /// then compared with it without making a string.
    private var opIsPlain = true
    /// The name `op` is imported as.
    private var opName = "op" {
        didSet {
            guard opName != oldValue else { return }
            autocommitWith = "with \(opName).get_context().autocommit_block():"
            autocommitWithBytes = Array(autocommitWith.utf8)
            runInAutocommitBlock = "run it in `\(autocommitWith)`"
            moveOutOfBatch = Self.moveOutOfBatch(opName: opName, autocommitWith: autocommitWith)
        }
    }
    /// `with op.get_context().autocommit_block():`, with `op` as the file imports it: made once
    /// per file, not again for every finding and fix.
    private var autocommitWith = "with op.get_context().autocommit_block():"
    /// `autocommitWith`'s bytes, as fixes write them.
    private var autocommitWithBytes = AlembicScan.autocommitWithOp
    private static let autocommitWithOp = Array("with op.get_context().autocommit_block():".utf8)
    /// The step of a fix that opens such a block, made once per file as well.
    private var runInAutocommitBlock = "run it in `with op.get_context().autocommit_block():`"
    /// The title of a fix that moves a batch drop out of its batch, made once per file as well.
    private var moveOutOfBatch = AlembicScan.moveOutOfBatchWithOp

    /// `moveOutOfBatch` for `op` under its own name: made once, not for every file.
    private static let moveOutOfBatchWithOp = moveOutOfBatch(
        opName: "op", autocommitWith: "with op.get_context().autocommit_block():")

    /// `with op.get_context().autocommit_block():` as a line of its own, indented by `indent`.
    private func autocommitHeaderLine(indentedBy indent: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(indent.count + autocommitWithBytes.count + lineEnding.count)
        line.append(contentsOf: indent)
        line += autocommitWithBytes
        line += lineEnding
        return line
    }

    private static func moveOutOfBatch(opName: String, autocommitWith: String) -> String {
        "Move the drop out of the batch_alter_table block as \(opName).drop_index(…, postgresql_concurrently=True) "
            + "in `\(autocommitWith)`"
    }
    /// The fix titles and messages made so far (`fixTitle(_:then:)`, `lockingDropMessage(_:)`).
    private let madeTexts = MadeTexts()

    private final class MadeTexts {
        var titles: [(first: String, second: String?, title: String)] = []
        var messages: [(receiver: String, message: String)] = []
    }

    /// What the scan's fixes have read so far, kept for the next: the contents of batch blocks,
    /// and where the last line number was counted to.
    private let readSoFar = ReadSoFar()

    private final class ReadSoFar {
        /// The contents of each batch block read, and, for each line of the module once a block
        /// has been read, the index of the contents of the block it heads (-1 when none).
        var contents: [BatchContents] = []
        var ofHeader: [Int32] = []
        /// The last offset `lineNumber(of:)` counted to, and its line number.
        var counted = (offset: 0, line: 1)
    }

    /// A `batch_alter_table` block's lines, read once for all its drops: read again for each
    /// drop, a block of thousands of drops took time in the square of their number.
    private struct BatchContents {
        /// The block's last line.
        var last: Int
        /// Its own lines, not those of the blocks nested in it.
        var bodyLines: [Int]
        /// The drops on the batch's name among them that may be rewritten where they stand.
        var drops: [Call]
        /// Each string value on a line of the block that is not a drop on the batch's name, with
        /// the last such line it is on: sorted by value.
        var uses: [(value: [UInt8], line: Int)]

        /// Whether a string spelt `value` is on a line of the block after `line`, drops on the
        /// batch's name aside (a later drop of the same index moves out too, in order).
        func uses(_ value: [UInt8], after line: Int) -> Bool {
            let first = uses.firstIndexByHalving { !$0.value.lexicographicallyPrecedes(value) }
            return first < uses.count && uses[first].value == value && uses[first].line > line
        }
    }

    /// The contents of the batch block that `header` opens, whose operations are called on the
    /// name at token `name`: read at the first of its drops, and kept.
    private func batchContents(of header: Int, named name: Int) -> BatchContents {
        if readSoFar.ofHeader.isEmpty { readSoFar.ofHeader = Array(repeating: -1, count: module.lines.count) }
        let known = Int(readSoFar.ofHeader[header])
        if known >= 0 { return readSoFar.contents[known] }
        let last = module.lastLineOfBlock(header)
        var bodyLines: [Int] = []
        var uses: [(value: [UInt8], line: Int)] = []
        for line in (header + 1)..<(last + 1) {
            if module.lines[line].parent == header { bodyLines.append(line) }
            let first = module.lines[line].tokens.lowerBound
            if module.tokens[first].kind == .name, module.sameText(first, name), module.isOp(first + 1, "."),
                module.isName(first + 2, "drop_index")
            {
                continue
            }
            for token in module.lines[line].tokens where module.tokens[token].kind == .string {
                uses.append((PythonStringLiteral(tokens: [module.tokens[token]], in: module.bytes).value, line))
            }
        }
        // By value, and by line within a value: the first of a value's run is given its last line.
        uses.sort { $0.value == $1.value ? $0.line > $1.line : $0.value.lexicographicallyPrecedes($1.value) }
        var distinct: [(value: [UInt8], line: Int)] = []
        for use in uses where distinct.last?.value != use.value { distinct.append(use) }
        let drops = bodyLines.compactMap { lineFacts[$0].call }.filter {
            $0.method == .dropIndex && module.sameText($0.receiver, name) && placeProblem($0) == nil
        }
        let contents = BatchContents(last: last, bodyLines: bodyLines, drops: drops, uses: distinct)
        readSoFar.ofHeader[header] = Int32(readSoFar.contents.count)
        readSoFar.contents.append(contents)
        return contents
    }

    /// What the scan knows of each logical line, by line index: an array as long as the module's
    /// lines, looked up without hashing (every call asks about each of its enclosing headers).
    /// Its facts hold no references: the array is made and freed without retaining anything.
    private var lineFacts: [LineFacts]

    private struct LineFacts {
        /// A `with` header that opens `autocommit_block()`.
        var opensAutocommitBlock = false
        /// A `for` or `while` header.
        var opensLoop = false
        /// The name token of the function a `def` header defines.
        var functionName: Int?
        /// The block a `with op.batch_alter_table(…) as NAME:` header opens.
        var batch: BatchBlock?
        /// The first call found on the line.
        var call: Call?
        /// For a call that opens a new autocommit block: the run it belongs to.
        var newBlockRun: Fix.BlockRun?
    }

    struct BatchBlock {
        /// The token of the name the block's operations are called on (`as NAME`).
        var name: Int
        /// Where its arguments are in `argumentList`.
        var arguments: Range<Int>
    }

    /// The calls a scan looks at.
    enum Method {
        case dropIndex
        case execute
    }

    /// One argument of a call: `name=value` or a positional value.
    struct Argument {
        var keyword: String?
        /// The value's tokens.
        var value: Range<Int>
        var isStarred: Bool
    }

    struct Call {
        /// The receiver's token (`op`, `batch_op`).
        var receiver: Int
        var method: Method
        var open: Int
        var close: Int
        /// Where its arguments are in `argumentList`.
        var arguments: Range<Int>
        var line: Int
    }

    /// The arguments of every call and batch block read, each one's in a range of its own: one
    /// array for the file rather than one for each call.
    private var argumentList: [Argument] = []

    private func arguments(of call: Call) -> ArraySlice<Argument> { argumentList[call.arguments] }
    private func arguments(of batch: BatchBlock) -> ArraySlice<Argument> { argumentList[batch.arguments] }

    init(module: PythonModule, lineEnding: [UInt8], path: String, addsIfExists: Bool) {
        self.module = module
        self.lineEnding = lineEnding
        self.path = path
        self.addsIfExists = addsIfExists
        lineFacts = Array(repeating: LineFacts(), count: module.lines.count)
    }

    mutating func findings() -> [Finding] {
        readImports()
        // Room for the arguments of a revision's usual few calls.
        argumentList.reserveCapacity(32)
        readHeaders()
        var findings: [Finding] = []
        let calls = findCalls()
        for call in calls where lineFacts[call.line].call == nil { lineFacts[call.line].call = call }
        planRuns(calls)
        for call in calls {
            switch call.method {
            case .dropIndex: if let finding = dropIndexFinding(call) { findings.append(finding) }
            case .execute: findings += executeFindings(call)
            }
        }
        return findings.sorted { $0.range.start < $1.range.start }
    }

    // MARK: - Reading the module

    private mutating func readImports() {
        for line in module.lines {
            let tokens = line.tokens
            guard module.isName(tokens.lowerBound, "from"), module.isName(tokens.lowerBound + 1, "alembic"),
                module.isName(tokens.lowerBound + 2, "import")
            else { continue }
            var index = tokens.lowerBound + 3
            while index < tokens.upperBound {
                if module.isName(index, "op") {
                    if module.isName(index + 1, "as"), index + 2 < tokens.upperBound {
                        addOpName(module.text(module.tokens[index + 2]))
                        index += 3
                        continue
                    }
                    addOpName("op")
                }
                index += 1
            }
        }
        if opNames.isEmpty { opNames = ["op"] }
        opName = opNames.contains("op") ? "op" : opNames.sorted().first ?? "op"
        opIsPlain = opNames == ["op"]
    }

    private mutating func addOpName(_ name: String) {
        if !opNames.contains(name) { opNames.append(name) }
    }

    private mutating func readHeaders() {
        for (index, line) in module.lines.enumerated() where line.opensBlock {
            var first = line.tokens.lowerBound
            if module.isName(first, "async") { first += 1 }
            if module.isName(first, "for") || module.isName(first, "while") {
                lineFacts[index].opensLoop = true
            } else if module.isName(first, "def"), first + 1 < line.tokens.upperBound {
                lineFacts[index].functionName = first + 1
            } else if module.isName(first, "with") {
                if containsAutocommitBlock(line.tokens) { lineFacts[index].opensAutocommitBlock = true }
                if let batch = batchBlock(line.tokens) { lineFacts[index].batch = batch }
            }
        }
    }

    private func containsAutocommitBlock(_ tokens: Range<Int>) -> Bool {
        tokens.contains { index in
            module.isOp(index, ".") && module.isName(index + 1, "autocommit_block") && module.isOp(index + 2, "(")
                && module.isOp(index + 3, ")")
        }
    }

    /// `with op.batch_alter_table(ARGS) as NAME:`
    private mutating func batchBlock(_ tokens: Range<Int>) -> BatchBlock? {
        let start = tokens.lowerBound + 1
        guard isOpName(start), module.isOp(start + 1, "."), module.isName(start + 2, "batch_alter_table"),
            module.isOp(start + 3, "("), let close = module.closingBracket(of: start + 3),
            module.isName(close + 1, "as"), close + 2 < tokens.upperBound,
            module.tokens[close + 2].kind == .name, module.isOp(close + 3, ":")
        else { return nil }
        return BatchBlock(name: close + 2, arguments: readArguments(open: start + 3, close: close))
    }

    private func isOpName(_ index: Int) -> Bool {
        index < module.tokens.count && module.tokens[index].kind == .name && namesOp(index)
    }

    /// Whether the name token at `index` is `op` under a name the file imports it as.
    private func namesOp(_ index: Int) -> Bool {
        opIsPlain
            ? module.spells(module.tokens[index].range, "op") : opNames.contains(module.text(module.tokens[index]))
    }

    private mutating func findCalls() -> [Call] {
        var calls: [Call] = []
        calls.reserveCapacity(8)
        let tokens = module.tokens
        var index = 0
        while index + 3 < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .name, module.isOp(index + 1, "."), tokens[index + 2].kind == .name,
                module.isOp(index + 3, "("), index == 0 || !module.isOp(index - 1, ".")
            else { continue }
            let methodRange = tokens[index + 2].range
            let method: Method
            if module.spells(methodRange, "drop_index") {
                method = .dropIndex
            } else if module.spells(methodRange, "execute") {
                method = .execute
            } else {
                continue
            }
            let line = module.lineOfToken[index]
            guard line >= 0 else { continue }
            let isOp = namesOp(index)
            let isBatch = method == .dropIndex && batchHeader(named: index, around: line) != nil
            guard isOp || isBatch, let close = module.closingBracket(of: index + 3) else { continue }
            calls.append(
                Call(
                    receiver: index, method: method, open: index + 3, close: close,
                    arguments: readArguments(open: index + 3, close: close), line: line))
        }
        return calls
    }

    /// The batch block around `line` whose operations are called on the name at token `name`.
    private func batchHeader(named name: Int, around line: Int) -> Int? {
        module.ancestors(of: line).first { lineFacts[$0].batch.map { module.sameText(name, $0.name) } ?? false }
    }

    /// Reads the arguments between the brackets at `open` and `close` into `argumentList`;
    /// returns where they are.
    private mutating func readArguments(open: Int, close: Int) -> Range<Int> {
        let first = argumentList.count
        var start = open + 1
        var depth = 0
        var index = open + 1
        func finish(_ end: Int) {
            guard start < end else { return }
            var argument = Argument(keyword: nil, value: start..<end, isStarred: false)
            if module.tokens[start].kind == .name, module.isOp(start + 1, "="), start + 2 <= end {
                argument.keyword = module.text(module.tokens[start])
                argument.value = (start + 2)..<end
            } else if module.isOp(start, "*") || module.isOp(start, "**") {
                argument.isStarred = true
            }
            argumentList.append(argument)
        }
        while index < close {
            let token = module.tokens[index]
            if token.kind == .op {
                let byte = module.bytes[token.range.start]
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    depth += 1
                } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    depth -= 1
                } else if byte == UInt8(ascii: ","), depth == 0 {
                    finish(index)
                    start = index + 1
                }
            }
            index += 1
        }
        finish(close)
        return first..<argumentList.count
    }

    // MARK: - Where a call runs

    private func isInAutocommitBlock(_ line: Int) -> Bool {
        module.ancestors(of: line).contains { lineFacts[$0].opensAutocommitBlock }
    }

    /// Why the call at `call` cannot be rewritten where it stands, or nil.
    private func placeProblem(_ call: Call) -> String? {
        let line = module.lines[call.line]
        if line.tokens.lowerBound != call.receiver || line.tokens.upperBound != call.close + 1 {
            return "the call is part of a larger statement, so concur cannot wrap it in an autocommit block; "
                + "put it in a statement of its own and run concur again"
        }
        let ancestors = module.ancestors(of: call.line)
        if ancestors.contains(where: { lineFacts[$0].opensLoop }) {
            return "the call is in a loop, so it may drop several indexes; wrap the loop in "
                + "`\(autocommitWith)` and pass postgresql_concurrently=True by hand"
        }
        let function = ancestors.lazy.compactMap { lineFacts[$0].functionName }.first.map {
            module.text(module.tokens[$0])
        }
        if function != "upgrade" && function != "downgrade" {
            let place = function.map { "in the helper function \($0)()" } ?? "outside upgrade() and downgrade()"
            return "the call is \(place), and concur cannot see where it runs from; put the concurrent drop "
                + "in `\(autocommitWith)` where the helper is called"
        }
        return nil
    }

    // MARK: - op.drop_index / batch_op.drop_index

    private func keyword(_ name: String, in call: Call) -> Argument? {
        arguments(of: call).first { $0.keyword == name }
    }

    private func constantTruth(_ argument: Argument) -> Bool? {
        guard argument.value.count == 1 else { return nil }
        switch module.text(module.tokens[argument.value.lowerBound]) {
        case "True": return true
        case "False", "None": return false
        default: return nil
        }
    }

    private func callRange(_ call: Call) -> ByteRange {
        ByteRange(module.tokens[call.receiver].range.start, module.tokens[call.close].range.end)
    }

    /// The finding of an `op.drop_index` or batch drop, if it has one.
    private func dropIndexFinding(_ call: Call) -> Finding? {
        let concurrently = keyword("postgresql_concurrently", in: call)
        let truth = concurrently.flatMap(constantTruth)
        let inAutocommit = isInAutocommitBlock(call.line)
        let receiver = module.text(module.tokens[call.receiver])
        let isBatch = !namesOp(call.receiver)
        if truth == true || (concurrently != nil && truth == nil) {
            guard !inAutocommit else { return nil }
            if truth == nil {
                return finding(
                    RequireConcurrentIndexDeletion.description,
                    "\(receiver).drop_index passes postgresql_concurrently as an expression concur cannot evaluate, outside an autocommit block; "
                        + "a plain drop locks the table and a concurrent one fails in Alembic's transaction",
                    call,
                    fix: .unavailable(
                        "pass postgresql_concurrently=True and put the call in `\(autocommitWith)`"
                    ))
            }
            let message =
                "\(receiver).drop_index(…, postgresql_concurrently=True) outside `\(autocommitWith)` "
                + "fails: Alembic runs the migration in a transaction, and DROP INDEX CONCURRENTLY cannot run inside one"
            return finding(
                BanConcurrentIndexDeletionInTransaction.description, message, call,
                fix: isBatch ? batchFix(call) : dropIndexFix(call, flip: nil, addKeyword: false))
        }
        let message = lockingDropMessage(receiver)
        if arguments(of: call).contains(where: \.isStarred) {
            return finding(
                RequireConcurrentIndexDeletion.description, message, call,
                fix: .unavailable(
                    "the call passes arguments with * or **, so concur cannot tell whether it already asks for a concurrent drop"
                ))
        }
        let fix =
            isBatch
            ? batchFix(call)
            : dropIndexFix(call, flip: concurrently.map { $0.value.lowerBound }, addKeyword: concurrently == nil)
        return finding(RequireConcurrentIndexDeletion.description, message, call, fix: fix)
    }

    /// The message of a drop by `receiver` without `postgresql_concurrently=True`: made once per
    /// file and receiver, as the fix titles are.
    private func lockingDropMessage(_ receiver: String) -> String {
        if let made = madeTexts.messages.first(where: { $0.receiver == receiver }) { return made.message }
        let message = receiver + Self.lockingDropMessage
        madeTexts.messages.append((receiver, message))
        return message
    }

    /// The message of a drop without `postgresql_concurrently=True`, after the receiver's name.
    private static let lockingDropMessage =
        ".drop_index without postgresql_concurrently=True runs DROP INDEX, which takes an ACCESS EXCLUSIVE lock on "
        + "the table, blocking its reads and writes until the drop finishes"

    private func finding(_ rule: RuleDescription, _ message: String, _ call: Call, fix: Fix) -> Finding {
        Finding(
            rule: rule.identifier, severity: rule.severity, message: message, range: callRange(call), fix: fix,
            context: AlembicAnalyzer.model.summary)
    }

    /// Adds `postgresql_concurrently=True` (or flips `False`) and puts the call in an autocommit block.
    private func dropIndexFix(_ call: Call, flip: Int?, addKeyword: Bool) -> Fix {
        if let problem = placeProblem(call) { return .unavailable(problem) }
        if arguments(of: call).isEmpty { return .unavailable("the call names no index") }
        var changes: [Change] = []
        changes.reserveCapacity(6)
        if let flip { changes.append(Change(module.tokens[flip].range, "True")) }
        let addIfExists = addsIfExists && keyword("if_exists", in: call) == nil
        let added: [StaticString] =
            addKeyword
            ? (addIfExists ? ["postgresql_concurrently=True", "if_exists=True"] : ["postgresql_concurrently=True"])
            : (addIfExists ? ["if_exists=True"] : [])
        let wrap = wrapping(for: call.line)
        if !added.isEmpty { insertKeywords(added, into: call, extraIndent: wrap.extraIndent, changes: &changes) }
        let title =
            (flip != nil ? "Pass postgresql_concurrently=True" : addKeyword ? "Add postgresql_concurrently=True" : "")
        return makeFix(title: title, call: call, changes: changes, wrap: wrap)
    }

    private struct Change {
        var range: ByteRange
        var text: [UInt8]
        /// Among changes at the same offset, lower goes first.
        var order: Int = 0

        init(_ range: ByteRange, _ text: String, order: Int = 0) {
            self.init(range, Array(text.utf8), order: order)
        }

        init(_ range: ByteRange, _ text: [UInt8], order: Int = 0) {
            self.range = range
            self.text = text
            self.order = order
        }
    }

    /// How the call gets into an autocommit block.
    private struct Wrapping {
        enum Kind { case alreadyInside, newBlock, joinPrevious }
        var kind: Kind
        /// What each of the call's lines gains at its start.
        var extraIndent: [UInt8]
    }

    private func wrapping(for line: Int) -> Wrapping {
        if isInAutocommitBlock(line) { return Wrapping(kind: .alreadyInside, extraIndent: []) }
        if let previous = previousSibling(of: line), lineFacts[previous].opensAutocommitBlock,
            module.lastLineOfBlock(previous) == line - 1
        {
            let header = module.indentationBytes(at: module.lines[previous].lineStart)
            let body = module.indentationBytes(at: module.lines[previous + 1].lineStart)
            if header.elementsEqual(module.indentationBytes(at: module.lines[line].lineStart)),
                body.count > header.count, body.starts(with: header)
            {
                return Wrapping(kind: .joinPrevious, extraIndent: Array(body[header.count...]))
            }
        }
        return Wrapping(kind: .newBlock, extraIndent: module.indentUnit)
    }

    /// The statement before `line` in the same block, if any.
    private func previousSibling(of line: Int) -> Int? {
        let parent = module.lines[line].parent
        var index = line - 1
        while index >= 0 {
            if module.lines[index].parent == parent { return index }
            if module.lines[index].indent < module.lines[line].indent { return nil }
            index -= 1
        }
        return nil
    }

    /// Keyword arguments added before the closing parenthesis, in the call's own layout.
    private func insertKeywords(
        _ added: [StaticString], into call: Call, extraIndent: [UInt8], changes: inout [Change]
    ) {
        let close = module.tokens[call.close].range
        let hasTrailingComma = module.isOp(call.close - 1, ",")
        let lastValueEnd = module.tokens[hasTrailingComma ? call.close - 2 : call.close - 1].range.end
        let closeLineStart = module.startOfPhysicalLine(containing: close.start)
        let lastArgument = arguments(of: call).last!
        let lastArgumentStart = module.tokens[
            lastArgument.keyword != nil ? lastArgument.value.lowerBound - 2 : lastArgument.value.lowerBound
        ].range.start
        let vertical =
            closeLineStart > lastValueEnd
            && module.bytes[closeLineStart..<close.start].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        func bytes(_ text: StaticString) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        }
        if vertical {
            let indent = module.indentationBytes(at: module.startOfPhysicalLine(containing: lastArgumentStart))
            if !hasTrailingComma { changes.append(Change(ByteRange(lastValueEnd, lastValueEnd), [UInt8(ascii: ",")])) }
            var lines: [UInt8] = []
            for keyword in added {
                lines += extraIndent
                lines.append(contentsOf: indent)
                lines.append(contentsOf: bytes(keyword))
                lines.append(UInt8(ascii: ","))
                lines += lineEnding
            }
            changes.append(Change(ByteRange(closeLineStart, closeLineStart), lines, order: -1))
            return
        }
        // ` a=True, b=True,` after a trailing comma; `, a=True, b=True` after the last value.
        var text: [UInt8] = []
        text.reserveCapacity(48)
        for keyword in added {
            text.append(contentsOf: bytes(hasTrailingComma && text.isEmpty ? " " : ", "))
            text.append(contentsOf: bytes(keyword))
        }
        if hasTrailingComma {
            let comma = module.tokens[call.close - 1].range.end
            text.append(UInt8(ascii: ","))
            changes.append(Change(ByteRange(comma, comma), text))
        } else {
            changes.append(Change(ByteRange(lastValueEnd, lastValueEnd), text))
        }
    }

    /// The fix: the changes to the call's own text, the call's lines indented into the block,
    /// and the block's header when a new block is opened.
    private func makeFix(title: String, call: Call, changes: consuming [Change], wrap: Wrapping) -> Fix {
        let line = module.lines[call.line]
        let body = ByteRange(line.lineStart, line.end)
        var all = consume changes
        if !wrap.extraIndent.isEmpty {
            var lineStart = line.lineStart
            while lineStart < line.end {
                if module.stringToken(containing: lineStart) == nil, !isBlank(lineStart) {
                    // After the line's own indentation: in front of it, a tab could swallow the
                    // extra spaces (tabs advance to the next multiple of 8).
                    let indented = lineStart + module.indentationLength(at: lineStart)
                    all.append(Change(ByteRange(indented, indented), wrap.extraIndent, order: 1))
                }
                guard let newline = module.firstLineFeed(in: lineStart..<line.end) else { break }
                lineStart = newline + 1
            }
        }
        var edits: [Edit] = []
        edits.reserveCapacity(2)
        var step: String?  // what the fix does besides `title`
        var run: Fix.BlockRun?
        switch wrap.kind {
        case .alreadyInside:
            break
        case .joinPrevious:
            step = "move the call into the autocommit block before it"
            // A drop after this one may join the same block when both are fixed together.
            if wrap.extraIndent == module.indentUnit { run = lineFacts[call.line].newBlockRun }
        case .newBlock:
            edits.append(
                Edit(
                    range: ByteRange(line.lineStart, line.lineStart),
                    replacement: autocommitHeaderLine(indentedBy: module.indentationBytes(at: line.lineStart))))
            step = runInAutocommitBlock
            run = lineFacts[call.line].newBlockRun
        }
        guard let rewrittenBody = apply(consume all, within: body) else {
            return .unavailable(AlembicAnalyzer.overlappingChangesReason)
        }
        edits.append(Edit(range: body, replacement: rewrittenBody))
        let fullTitle = title.isEmpty ? step.map { fixTitle($0, then: nil) } ?? "" : fixTitle(title, then: step)
        var fix = Fix.safe(fullTitle, edits: edits)
        fix.blockRun = run
        fix.note = wrap.kind == .alreadyInside ? nil : AlembicAnalyzer.autocommitNote
        return fix
    }

    /// The title of a fix that does `first`, then `second`: one of the few a file's fixes share,
    /// made once per file.
    private func fixTitle(_ first: String, then second: String?) -> String {
        if let made = madeTexts.titles.first(where: { $0.first == first && $0.second == second }) {
            return made.title
        }
        let title = sentence(second.map { [first, $0] } ?? [first])
        madeTexts.titles.append((first, second, title))
        return title
    }

    private func sentence(_ steps: [String]) -> String {
        guard let first = steps.first else { return "" }
        // The steps are ASCII sentences, joined as bytes; any other first letter goes through
        // Unicode's case mapping.
        guard let letter = first.utf8.first, letter < 0x80 else {
            let head = first.prefix(1).uppercased() + first.dropFirst()
            return ([head] + steps.dropFirst()).joined(separator: " and ")
        }
        let isLowercase = letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z")
        if steps.count == 1 && !isLowercase { return first }
        // Written straight into the string's storage: no byte array to grow and decode.
        let separator: StaticString = " and "
        let length = steps.reduce(0) { $0 + $1.utf8.count } + (steps.count - 1) * separator.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: length) { buffer in
            var written = 0
            for index in steps.indices {
                if index > 0 {
                    let part = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
                    written = buffer[written...].initialize(fromContentsOf: part)
                }
                var step = steps[index]
                written = step.withUTF8 { buffer[written...].initialize(fromContentsOf: $0) }
            }
            if isLowercase { buffer[0] = letter & ~0x20 }
            return written
        }
    }

    private func isBlank(_ lineStart: Int) -> Bool {
        var index = lineStart
        while index < module.bytes.count {
            switch module.bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: return true
            default: return false
            }
        }
        return true
    }

    /// The range's bytes with the changes made; nil if two changes overlap (a bug in the fix,
    /// reported as an unavailable fix rather than a crash).
    ///
    /// At one offset, insertions go before a replacement that starts there (a line's extra
    /// indentation before a value that begins the line), and among insertions lower `order` first.
    private func apply(_ changes: consuming [Change], within range: ByteRange) -> [UInt8]? {
        func key(_ change: Change) -> (Int, Int, Int) {
            (change.range.start, change.range.isEmpty ? 0 : 1, change.order)
        }
        var ordered = consume changes
        ordered.sort { key($0) < key($1) }  // in place: the array is this call's own
        var output: [UInt8] = []
        output.reserveCapacity(range.count + ordered.reduce(0) { $0 + $1.text.count })
        var cursor = range.start
        for change in ordered {
            guard change.range.start >= cursor, change.range.end <= range.end else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: module.bytes[cursor..<change.range.start]))
            output += change.text
            cursor = change.range.end
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: module.bytes[cursor..<range.end]))
        return output
    }

    /// Groups calls that follow one another in the same block and each open a new autocommit
    /// block, so that fixing them together opens one block.
    private mutating func planRuns(_ calls: [Call]) {
        var last: (line: Int, run: Fix.BlockRun)?
        for call in calls {
            guard namesOp(call.receiver), !isInAutocommitBlock(call.line),
                placeProblem(call) == nil
            else { continue }
            var run = Fix.BlockRun(id: module.lines[call.line].lineStart, position: 0)
            if let last, last.line == call.line - 1, previousSibling(of: call.line) == last.line,
                module.lines[last.line].indent == module.lines[call.line].indent
            {
                run = Fix.BlockRun(id: last.run.id, position: last.run.position + 1)
            }
            lineFacts[call.line].newBlockRun = run
            last = (call.line, run)
        }
    }

    // MARK: - batch_op.drop_index

    /// Moves a batch drop out of its `batch_alter_table` block, as `op.drop_index` in an
    /// autocommit block right after it.
    private func batchFix(_ call: Call) -> Fix {
        if let problem = placeProblem(call) { return .unavailable(problem) }
        let receiver = module.text(module.tokens[call.receiver])
        guard let headerIndex = module.lines[call.line].parent, let batch = lineFacts[headerIndex].batch,
            module.sameText(batch.name, call.receiver)
        else {
            return .unavailable(
                "the call is nested deeper inside the batch_alter_table block; move it out of the batch by hand as "
                    + "op.drop_index(..., table_name=..., postgresql_concurrently=True) in an autocommit block")
        }
        if isInAutocommitBlock(headerIndex)
            || module.ancestors(of: headerIndex).contains(where: { lineFacts[$0].batch != nil })
        {
            return .unavailable("the batch block is itself inside another block concur cannot rearrange")
        }
        guard let nameArgument = arguments(of: call).first(where: { $0.keyword == nil || $0.keyword == "index_name" }),
            let indexName = constantName(nameArgument)
        else {
            return .unavailable(
                "the index name is not a constant, so concur cannot tell whether the rest of the batch uses it; "
                    + "move the drop out of the batch by hand")
        }
        if let recreate = arguments(of: batch).first(where: { $0.keyword == "recreate" }),
            module.text(
                ByteRange(
                    module.tokens[recreate.value.lowerBound].range.start,
                    module.tokens[recreate.value.upperBound - 1].range.end)
            )
            .trimmingQuotes != "auto"
        {
            return .unavailable(
                "the batch block sets recreate=…, so the table may be copied; move the drop out of the batch by hand")
        }
        guard let table = arguments(of: batch).first(where: { $0.keyword == nil || $0.keyword == "table_name" }) else {
            return .unavailable("the batch_alter_table call names no table")
        }
        let contents = batchContents(of: headerIndex, named: batch.name)
        if contents.uses(Array(indexName.utf8), after: call.line) {
            return .unavailable(
                "a later operation in the batch block uses \(indexName), so the drop must stay before it; "
                    + "split the batch block by hand")
        }
        let last = contents.last
        let bodyLines = contents.bodyLines
        let drops = contents.drops
        let header = module.lines[headerIndex]
        let headerIndent = module.indentationBytes(at: header.lineStart)
        let indent = Array(headerIndent)
        let opening = autocommitHeaderLine(indentedBy: headerIndent)
        if bodyLines.count > 1, drops.count == bodyLines.count, last == bodyLines.last {
            guard call.line == bodyLines.first else {
                return .unavailable(
                    "the batch block holds only drops; the fix of its first drop (line \(lineNumber(of: bodyLines[0]))) "
                        + "moves this one too")
            }
            var block = opening
            for drop in drops {
                guard let text = movedCall(drop, batch: batch, table: table, receiver: receiver) else {
                    return .unavailable("an index name in the batch block is not a constant; move the drops by hand")
                }
                block += indent + module.indentUnit + text + lineEnding
            }
            var fix = Fix.safe(
                "Replace the batch_alter_table block, which only drops indexes, by "
                    + "`\(autocommitWith)` with one concurrent \(opName).drop_index per index",
                edits: [Edit(range: ByteRange(header.lineStart, module.lines[last].endOfLine), replacement: block)])
            fix.note = AlembicAnalyzer.autocommitNote
            return fix
        }
        guard let moved = movedCall(call, batch: batch, table: table, receiver: receiver) else {
            return .unavailable("the index name is not a constant; move the drop out of the batch by hand")
        }
        let block = opening + indent + module.indentUnit + moved + lineEnding
        let callLine = module.lines[call.line]
        var edits: [Edit] = []
        let blockEnd = module.lines[last].endOfLine
        let needsBreak = blockEnd == module.bytes.count && (blockEnd == 0 || module.bytes[blockEnd - 1] != 0x0A)
        if bodyLines == [call.line] && last == call.line {
            // The drop is the batch's only operation: the batch block becomes the autocommit block.
            edits.append(Edit(range: ByteRange(header.lineStart, blockEnd), replacement: block))
        } else {
            edits.append(Edit(range: ByteRange(callLine.lineStart, callLine.endOfLine), replacement: []))
            edits.append(
                Edit(range: ByteRange(blockEnd, blockEnd), replacement: (needsBreak ? lineEnding : []) + block))
        }
        var fix = Fix.safe(moveOutOfBatch, edits: edits)
        fix.note = AlembicAnalyzer.autocommitNote
        return fix
    }

    /// `op.drop_index(name, table_name=…, schema=…, …, postgresql_concurrently=True)` for a batch
    /// drop: the batch call's arguments, with the batch's table and schema.
    private func movedCall(_ call: Call, batch: BatchBlock, table: Argument, receiver: String) -> [UInt8]? {
        guard let nameArgument = arguments(of: call).first(where: { $0.keyword == nil || $0.keyword == "index_name" }),
            constantName(nameArgument) != nil
        else { return nil }
        var text: [UInt8] = []
        text.reserveCapacity(160)
        text += opName.utf8
        text += ".drop_index(".utf8
        appendSourceText(nameArgument.value, renaming: receiver, to: &text)
        text += ", table_name=".utf8
        appendSourceText(table.value, renaming: receiver, to: &text)
        if let schema = arguments(of: batch).first(where: { $0.keyword == "schema" }) {
            text += ", schema=".utf8
            appendSourceText(schema.value, renaming: receiver, to: &text)
        }
        for argument in arguments(of: call)
        where argument.keyword != nil && argument.keyword != "index_name"
            && argument.keyword != "postgresql_concurrently"
        {
            text += ", ".utf8
            text += argument.keyword!.utf8
            text.append(UInt8(ascii: "="))
            appendSourceText(argument.value, renaming: receiver, to: &text)
        }
        text += ", postgresql_concurrently=True".utf8
        if addsIfExists && keyword("if_exists", in: call) == nil { text += ", if_exists=True".utf8 }
        text.append(UInt8(ascii: ")"))
        return text
    }

    /// The 1-based line number of a logical line's first token, counted on from the last one
    /// asked for when it lies further on (calls are read in file order), from the start otherwise.
    private func lineNumber(of line: Int) -> Int {
        lineNumber(atOffset: module.tokens[module.lines[line].tokens.lowerBound].range.start)
    }

    /// The 1-based line number of the byte at `start`, counted as `lineNumber(of:)` counts.
    private func lineNumber(atOffset start: Int) -> Int {
        var counted = readSoFar.counted
        if counted.offset > start { counted = (0, 1) }
        for byte in module.bytes[counted.offset..<start] where byte == 0x0A { counted.line += 1 }
        readSoFar.counted = (start, counted.line)
        return counted.line
    }

    /// The index name of `"name"` or `op.f("name")`, when it is a constant.
    private func constantName(_ argument: Argument) -> String? {
        var value = argument.value
        if value.count >= 4, module.tokens[value.lowerBound].kind == .name, module.isOp(value.lowerBound + 1, "."),
            module.isName(value.lowerBound + 2, "f"), module.isOp(value.lowerBound + 3, "("),
            module.isOp(value.upperBound - 1, ")")
        {
            value = (value.lowerBound + 4)..<(value.upperBound - 1)
        }
        guard !value.isEmpty, value.allSatisfy({ module.tokens[$0].kind == .string }) else { return nil }
        let literal = PythonStringLiteral(tokens: value.map { module.tokens[$0] }, in: module.bytes)
        guard !literal.isFormatted else { return nil }
        return String(decoding: literal.value, as: UTF8.self)
    }

    /// Appends the source text of `tokens`, with `receiver.f(` written as `op.f(`.
    private func appendSourceText(_ tokens: Range<Int>, renaming receiver: String, to text: inout [UInt8]) {
        var cursor = module.tokens[tokens.lowerBound].range.start
        for index in tokens {
            let token = module.tokens[index]
            if token.kind == .name, module.isName(index, equalTo: receiver), module.isOp(index + 1, "."),
                index == tokens.lowerBound || !module.isOp(index - 1, ".")
            {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: module.bytes[cursor..<token.range.start]))
                text += opName.utf8
            } else {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: module.bytes[cursor..<token.range.end]))
            }
            cursor = token.range.end
        }
    }

    // MARK: - op.execute

    private func executeFindings(_ call: Call) -> [Finding] {
        guard arguments(of: call).count == 1, let argument = arguments(of: call).first, argument.keyword == nil else {
            return dynamicSQLFindings(call)
        }
        var value = argument.value
        // sa.text("…"), text("…"), sqlalchemy.text("…")
        if module.isOp(value.upperBound - 1, ")"), let open = value.first(where: { module.isOp($0, "(") }),
            module.isName(open - 1, "text"),
            (value.lowerBound..<open).allSatisfy({ module.tokens[$0].kind == .name || module.isOp($0, ".") }),
            module.closingBracket(of: open) == value.upperBound - 1
        {
            value = (open + 1)..<(value.upperBound - 1)
        }
        guard !value.isEmpty, value.allSatisfy({ module.tokens[$0].kind == .string }) else {
            return dynamicSQLFindings(call)
        }
        let literal = PythonStringLiteral(tokens: value.map { module.tokens[$0] }, in: module.bytes)
        guard !literal.isFormatted, !literal.isBytes else { return dynamicSQLFindings(call) }
        return constantSQLFindings(call, literal: literal, literalTokens: value)
    }

    /// Findings for SQL that is a constant string: the SQL engine's findings, placed in the file.
    private func constantSQLFindings(_ call: Call, literal: PythonStringLiteral, literalTokens: Range<Int>) -> [Finding]
    {
        // Most op.execute calls run other SQL: without the word DROP and without an ignore
        // comment, SQL has no findings, and a look at its bytes costs less than reading it.
        guard literal.value.withUnsafeBufferPointer(SQLStatementTexts.mayHaveFindings) else { return [] }
        let inAutocommit = isInAutocommitBlock(call.line)
        let model =
            inAutocommit
            ? ExecutionModel(
                name: "Alembic op.execute", wrapsFileInTransaction: false, delivery: .wholeFileAsOneQuery,
                summary:
                    "op.execute sends its SQL as one query string, outside Alembic's transaction inside an autocommit block"
            )
            : AlembicAnalyzer.model
        // The findings as the SQL runs here, and the rewrite of each statement as it runs on its
        // own (as it will once the fix puts it in an autocommit block), from one reading.
        let (analysis, perStatement) = SQLAnalyzer(executionModel: model).analyze(
            SourceFile(path: path, bytes: literal.value), model: model, alsoAs: .psqlScript)
        var findings: [Finding] = []
        findings.reserveCapacity(analysis.findings.count)
        // The call's fix, made at its first drop, which rewrites every drop of the call; and the
        // statement that keeps it from being made, if one does.
        var callFix: (fix: Fix, blockedBy: Finding?)?
        for sqlFinding in analysis.findings {
            let start = literal.fileOffset(of: sqlFinding.range.start)
            let end =
                sqlFinding.range.end > sqlFinding.range.start
                ? literal.fileOffset(of: sqlFinding.range.end - 1) + 1 : start
            var fix = sqlFinding.fix
            if sqlFinding.rule != InvalidIgnoreComment.description.identifier {
                if let made = callFix {
                    fix =
                        made.fix.isSafe
                        ? .unavailable("the fix of the first drop in this op.execute call rewrites this one too")
                        : unavailableExecuteFix(made, for: sqlFinding, perStatement: perStatement, literal: literal)
                } else {
                    let made = checkedExecuteFix(
                        call, literal: literal, literalTokens: literalTokens, inAutocommit: inAutocommit,
                        perStatement: perStatement)
                    callFix = made
                    fix =
                        made.fix.isSafe
                        ? made.fix
                        : unavailableExecuteFix(made, for: sqlFinding, perStatement: perStatement, literal: literal)
                }
            }
            findings.append(
                Finding(
                    rule: sqlFinding.rule, severity: sqlFinding.severity, message: sqlFinding.message,
                    range: ByteRange(start, max(start, end)), fix: fix, context: model.summary))
        }
        return findings
    }

    /// SQL that concur cannot read whole (an f-string, a variable, a concatenation): reported when
    /// its text shows an index drop, without a fix.
    private func dynamicSQLFindings(_ call: Call) -> [Finding] {
        var text: [UInt8] = []
        for index in call.open..<call.close where module.tokens[index].kind == .string {
            text += PythonStringLiteral(tokens: [module.tokens[index]], in: module.bytes).value + [0x20]
        }
        let words = String(decoding: text, as: UTF8.self).lowercased().split(whereSeparator: {
            !$0.isLetter && $0 != "_"
        })
        guard
            let drop = words.indices.first(where: {
                words[$0] == "drop" && $0 + 1 < words.count && words[$0 + 1] == "index"
            })
        else { return [] }
        let concurrent = drop + 2 < words.count && words[drop + 2] == "concurrently"
        let inAutocommit = isInAutocommitBlock(call.line)
        if concurrent && inAutocommit { return [] }
        let reason =
            "the SQL is built when the migration runs, so concur cannot check or rewrite it; make it one DROP INDEX "
            + "CONCURRENTLY per op.execute call, inside `\(autocommitWith)`"
        if concurrent {
            return [
                finding(
                    BanConcurrentIndexDeletionInTransaction.description,
                    "op.execute runs DROP INDEX CONCURRENTLY outside an autocommit block, where Alembic's transaction makes it fail",
                    call, fix: .unavailable(reason))
            ]
        }
        return [
            finding(
                RequireConcurrentIndexDeletion.description,
                "op.execute runs a DROP INDEX without CONCURRENTLY, which takes an ACCESS EXCLUSIVE lock on the table, "
                    + "blocking its reads and writes until the drop finishes",
                call, fix: .unavailable(reason))
        ]
    }

    /// Rewrites the SQL of an `op.execute` call: in the literal itself when it holds one statement,
    /// otherwise one `op.execute` per statement, with the drops in an autocommit block.
    /// `perStatement` is the SQL's analysis when each statement runs on its own, as it will in
    /// the block. With the fix, the statement that keeps the call from being rewritten, if one does.
    private func checkedExecuteFix(
        _ call: Call, literal: PythonStringLiteral, literalTokens: Range<Int>, inAutocommit: Bool,
        perStatement: FileAnalysis
    ) -> (fix: Fix, blockedBy: Finding?) {
        if let problem = placeProblem(call) { return (.unavailable(problem), nil) }
        if let blocked = perStatement.findings.first(where: {
            $0.fix?.isSafe != true && $0.rule != InvalidIgnoreComment.description.identifier
        }) {
            return (.unavailable(blocked.fix?.reason ?? "concur has no rewrite for this SQL"), blocked)
        }
        let fix = executeFix(
            call, literal: literal, literalTokens: literalTokens, inAutocommit: inAutocommit,
            perStatement: perStatement)
        return (fix, nil)
    }

    /// Why a drop of an `op.execute` call whose fix could not be made has no fix: its own
    /// statement's reason when it has one; when another statement of the call keeps the call
    /// from being rewritten, that statement's line; otherwise the call's reason.
    private func unavailableExecuteFix(
        _ made: (fix: Fix, blockedBy: Finding?), for sqlFinding: Finding, perStatement: FileAnalysis,
        literal: PythonStringLiteral
    ) -> Fix {
        guard let blocked = made.blockedBy else { return made.fix }
        // The statement's finding when it runs on its own: the findings are in file order.
        let findings = perStatement.findings
        var index = findings.firstIndexByHalving { $0.range.start >= sqlFinding.range.start }
        while index < findings.count, findings[index].range.start == sqlFinding.range.start {
            if findings[index].rule != InvalidIgnoreComment.description.identifier, findings[index].fix?.isSafe != true
            {
                return .unavailable(findings[index].fix?.reason ?? "concur has no rewrite for this SQL")
            }
            index += 1
        }
        let line = lineNumber(atOffset: literal.fileOffset(of: blocked.range.start))
        return .unavailable(
            "another statement of this op.execute call (line \(line)) has no automatic fix, so concur cannot rewrite "
                + "the call; give that statement an op.execute call of its own, then run concur again")
    }

    /// The rewrite of an `op.execute` call whose drops each have a safe fix when they run on
    /// their own.
    private func executeFix(
        _ call: Call, literal: PythonStringLiteral, literalTokens: Range<Int>, inAutocommit: Bool,
        perStatement: FileAnalysis
    ) -> Fix {
        let statements = SQLStatementTexts.shape(of: literal.value)
        if statements.controlsTransaction {
            return .unavailable(
                "the SQL opens or ends a transaction itself, which would end Alembic's transaction; split it into "
                    + "separate op.execute calls by hand")
        }
        let wrap = inAutocommit ? Wrapping(kind: .alreadyInside, extraIndent: []) : wrapping(for: call.line)
        let safeEdits = perStatement.safeEdits
        guard let fixedSQL = try? EditApplier.apply(safeEdits, to: literal.value) else {
            return .unavailable("concur could not combine the SQL rewrites")
        }
        // One statement before and after: edit the SQL inside the literal, keeping its layout.
        if statements.count == 1, SQLStatementTexts.shape(of: fixedSQL).count == 1,
            let changes = literalChanges(safeEdits, literal: literal)
        {
            let title = perStatement.findings.first?.fix?.title ?? ""
            return makeFix(title: title, call: call, changes: changes, wrap: wrap)
        }
        return regeneratedExecuteFix(
            call, fixedSQL: fixedSQL, literal: literal, literalTokens: literalTokens, wrap: wrap)
    }

    /// The SQL edits as changes to the file, when each falls on bytes written as they are.
    private func literalChanges(_ edits: [Edit], literal: PythonStringLiteral) -> [Change]? {
        var changes: [Change] = []
        for edit in edits {
            guard literal.isVerbatim(edit.range),
                let part = literal.parts.last(where: { $0.body.start <= literal.fileOffset(of: edit.range.start) }),
                let encoded = PythonStringLiteral.encode(edit.replacement, for: part)
            else { return nil }
            let start = literal.fileOffset(of: edit.range.start)
            let end = edit.range.isEmpty ? start : literal.fileOffset(of: edit.range.end - 1) + 1
            changes.append(Change(ByteRange(start, end), encoded))
        }
        return changes
    }

    /// Replaces the call by one `op.execute` per statement of the fixed SQL, the drops in
    /// autocommit blocks and the other statements where they ran before.
    private func regeneratedExecuteFix(
        _ call: Call, fixedSQL: [UInt8], literal: PythonStringLiteral, literalTokens: Range<Int>, wrap: Wrapping
    ) -> Fix {
        let statements = SQLStatementTexts.split(fixedSQL)
        guard let part = literal.parts.first else { return .unavailable("the SQL is empty") }
        // The call around the literal, without its layout or comments: `op.execute(sa.text(` and `))`.
        let tokenText: (Range<Int>) -> String = { range in
            range.map { self.module.text(self.module.tokens[$0]) }
                .joined()
        }
        let prefix = tokenText(call.receiver..<literalTokens.lowerBound)
        let suffix = tokenText(literalTokens.upperBound..<(call.close + 1))
        let line = module.lines[call.line]
        let indent = module.indentation(at: line.lineStart)
        var output: [UInt8] = []
        var openBlock = false
        for statement in statements {
            guard let encoded = PythonStringLiteral.encode(statement.text, for: part) else {
                return .unavailable("the rewritten SQL cannot be written inside a raw string; rewrite it by hand")
            }
            let quote = Array(repeating: part.quote, count: part.isTriple ? 3 : 1)
            let callText = Array(prefix.utf8) + part.prefix + quote + encoded + quote + Array(suffix.utf8)
            if statement.isDrop && wrap.kind != .alreadyInside {
                if !openBlock {
                    output += indent + autocommitWithBytes + lineEnding
                    openBlock = true
                }
                output += indent + module.indentUnit + callText + lineEnding
            } else {
                // Inside an existing block everything stays there; outside, the other statements
                // stay in the migration's transaction, in their order.
                openBlock = false
                output += indent + callText + lineEnding
            }
        }
        output.removeLast(lineEnding.count)
        var fix = Fix.safe(
            "Run each statement in an op.execute call of its own, the drops concurrently"
                + (wrap.kind != .alreadyInside ? " in `\(autocommitWith)`" : ""),
            edits: [Edit(range: ByteRange(line.lineStart, line.end), replacement: output)])
        fix.note = wrap.kind == .alreadyInside ? nil : AlembicAnalyzer.autocommitNote
        return fix
    }
}

/// The statements of a SQL string as separate texts, for one `op.execute` each.
enum SQLStatementTexts {
    struct Text {
        var text: [UInt8]
        var isDrop: Bool
        var isTransactionControl: Bool
    }

    /// Whether SQL may hold a finding: whether it holds the word DROP, in any case, or an ignore
    /// comment (`-ignore`). Every rule is about `DROP INDEX` statements, and an ignore comment may
    /// be reported as invalid.
    static func mayHaveFindings(_ sql: UnsafeBufferPointer<UInt8>) -> Bool {
        if IgnoreDirective.contains(sql, "-ignore") { return true }
        var index = 0
        while index + 4 <= sql.count {
            if sql[index] | 0x20 == UInt8(ascii: "d"), sql[index + 1] | 0x20 == UInt8(ascii: "r"),
                sql[index + 2] | 0x20 == UInt8(ascii: "o"), sql[index + 3] | 0x20 == UInt8(ascii: "p")
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// How many statements `sql` holds, and whether one of them controls the transaction: what
    /// `split(_:)` tells, without copying the statements.
    static func shape(of sql: [UInt8]) -> (count: Int, controlsTransaction: Bool) {
        sql.withUnsafeBufferPointer { buffer in
            var splitter = StatementSplitter(bytes: buffer, start: 0)
            var count = 0
            var controlsTransaction = false
            while let statement = splitter.next() {
                count += 1
                if TransactionControl.of(statement, in: buffer) != nil { controlsTransaction = true }
            }
            return (count, controlsTransaction)
        }
    }

    static func split(_ sql: [UInt8]) -> [Text] {
        sql.withUnsafeBufferPointer { buffer in
            var splitter = StatementSplitter(bytes: buffer, start: 0)
            var texts: [Text] = []
            while let statement = splitter.next() {
                texts.append(
                    Text(
                        text: Array(buffer[statement.range.start..<statement.range.end]),
                        isDrop: DropIndexStatement.parse(statement, in: buffer) != nil,
                        isTransactionControl: TransactionControl.of(statement, in: buffer) != nil))
            }
            return texts
        }
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        var text = self
        while let first = text.first, first == "\"" || first == "'" { text.removeFirst() }
        while let last = text.last, last == "\"" || last == "'" { text.removeLast() }
        return text
    }
}
