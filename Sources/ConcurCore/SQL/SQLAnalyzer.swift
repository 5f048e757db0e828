/// Finds the `DROP INDEX` statements of a SQL file that lock a table or that PostgreSQL will
/// reject, and proposes rewrites that run under the file's execution model.
public struct SQLAnalyzer: Sendable {
    /// How the file's statements reach PostgreSQL.
    public var executionModel: ExecutionModel
    /// The rules to check, in the order their findings are reported for one statement.
    public var rules: [any DropIndexRule]

    /// What runs pieces of a large file's analysis at once; nil to analyse every file on the
    /// calling thread alone.
    public var concurrently: Concurrently?
    /// The size from which a file is read in two pieces at once, and its drops checked in slices
    /// at once, when `concurrently` is set. Below it, the second piece's start-up costs more than
    /// it saves, and the cores are better spent on other files.
    public var concurrentFileSize = 1 << 22
    /// Where a large file's statements and drops go once its findings are made (with
    /// `concurrently`); nil to free them on the calling thread.
    public var discard: Discard?

    /// Creates an analyzer with every rule, for files run as `executionModel` says.
    public init(executionModel: ExecutionModel = .psqlScript, rules: [any DropIndexRule] = RuleCatalog.dropIndexRules) {
        self.executionModel = executionModel
        self.rules = rules
    }

    /// Analyses one file, run as `executionModel` says.
    public func analyze(_ source: SourceFile) -> FileAnalysis {
        analyze(source, model: executionModel)
    }

    /// Analyses one file, run as `model` says (for example the model of the file's migration tool).
    public func analyze(_ source: SourceFile, model: ExecutionModel) -> FileAnalysis {
        analyze(source, model: model, alsoAs: nil).analysis
    }

    /// Analyses one file as `model` runs it and as `other` runs it, reading its statements once:
    /// what a statement is, and which are drops, does not depend on how the file runs.
    public func analyze(_ source: SourceFile, model: ExecutionModel, alsoAs other: ExecutionModel)
        -> (analysis: FileAnalysis, other: FileAnalysis)
    {
        let both = analyze(source, model: model, alsoAs: Optional(other))
        guard let second = both.other else { preconditionFailure("no analysis for the second model") }
        return (both.analysis, second)
    }

    private func analyze(_ source: SourceFile, model: ExecutionModel, alsoAs other: ExecutionModel?)
        -> (analysis: FileAnalysis, other: FileAnalysis?)
    {
        source.withBytes { buffer in
            let start = source.byteOrderMarkLength
            /// The same result for either model, when there is nothing to check.
            func unchecked(_ findings: [Finding], _ problem: SourceProblem?) -> (FileAnalysis, FileAnalysis?) {
                let analysis = FileAnalysis(source: source, findings: findings, problem: problem)
                return (analysis, other == nil ? nil : analysis)
            }
            // An empty file (many down migrations are) has nothing to read.
            if start == buffer.count { return unchecked([], nil) }
            // Only a large file is split; its drops, when there are two at least. A file checked
            // for two models is never large (the SQL of one call in a Python file).
            let concurrently =
                buffer.count - start >= concurrentFileSize && other == nil ? self.concurrently : nil
            if Self.containsNulByte(buffer, concurrently: concurrently) {
                return unchecked([], SourceProblem(kind: .binaryContent, offset: 0))
            }
            let script: ScriptStructure
            let directives: [IgnoreDirective]
            var builtLineIndex: LineIndex?
            if let split = concurrently, let boundary = ScriptStructure.likelyBoundary(in: buffer, start: start) {
                (script, directives, builtLineIndex) = Self.readConcurrently(
                    source, buffer, start: start, splittingAt: boundary, concurrently: split)
            } else {
                script = ScriptStructure.read(buffer, start: start)
                directives = IgnoreDirective.find(in: buffer, start: start, statements: script.statements)
            }
            let problem = script.syntaxError.map { SourceProblem(kind: .syntax($0), offset: $0.offset) }
            guard script.dropCount > 0 else { return unchecked(IgnoreDirective.apply(directives, to: []), problem) }
            let lineIndex = builtLineIndex ?? LineIndex(source)
            func analysis(_ findings: [Finding]) -> FileAnalysis {
                var analysis = FileAnalysis(
                    source: source, findings: IgnoreDirective.apply(directives, to: findings), problem: problem)
                analysis.lineIndex = lineIndex
                return analysis
            }
            func planner(for model: ExecutionModel) -> DropIndexFixPlanner {
                DropIndexFixPlanner(
                    bytes: buffer, lineEnding: source.lineEnding, lineIndex: lineIndex, statements: script.statements,
                    model: model)
            }
            if let concurrently, script.dropCount >= 2 {
                let planner = planner(for: model)
                let findings = check(script, model: model, planner: planner, concurrently: concurrently)
                if let discard { discard(Discarded((consume script, consume planner))) }
                return (analysis(findings), nil)
            }
            func findings(as model: ExecutionModel) -> [Finding] {
                var findings: [Finding] = []
                findings.reserveCapacity(script.dropCount)
                _ = check(
                    0..<script.dropCount, of: script, model: model, planner: planner(for: model), migrationOrdinal: 0
                ) { findings.append($0) }
                return findings
            }
            return (analysis(findings(as: model)), other.map { analysis(findings(as: $0)) })
        }
    }

    /// Whether `bytes` hold a NUL byte (`SourceFile.containsNulByte`); a large file's halves are
    /// looked through at once.
    private static func containsNulByte(_ bytes: UnsafeBufferPointer<UInt8>, concurrently: Concurrently?) -> Bool {
        guard let concurrently, let base = bytes.baseAddress else {
            return SourceFile.containsNulByte(bytes)
        }
        let middle = bytes.count / 2
        let halves = [0..<middle, middle..<bytes.count]
        let found = Pieces<Bool, Bool>()
        let shared = SharedForReading(base)
        concurrently(2) { piece in
            let half = UnsafeBufferPointer(start: shared.value + halves[piece].lowerBound, count: halves[piece].count)
            let holds = SourceFile.containsNulByte(half)
            if piece == 0 { found.first = holds } else { found.second = holds }
        }
        return found.first == true || found.second == true
    }

    /// A large file's script read in two pieces at once; then, while one thread puts the pieces
    /// together and finds the ignore comments, the other builds the line index (when there are
    /// drops to place).
    private static func readConcurrently(
        _ source: SourceFile, _ buffer: UnsafeBufferPointer<UInt8>, start: Int, splittingAt boundary: Int,
        concurrently: Concurrently
    ) -> (ScriptStructure, [IgnoreDirective], LineIndex?) {
        // Handed over, not copied: the first piece's arrays must stay uniquely referenced, or
        // appending the second would copy them whole.
        let pieces = Pieces<ScriptStructure, ScriptStructure>()
        let mentionsIgnore: Bool
        (pieces.first, pieces.second, mentionsIgnore) = ScriptStructure.readPieces(
            buffer, start: start, splittingAt: boundary, concurrently: concurrently)
        let hasDrops = pieces.first?.drops.isEmpty == false || pieces.second?.drops.isEmpty == false
        let results = Pieces<(ScriptStructure, [IgnoreDirective]), LineIndex>()
        let shared = SharedForReading(buffer)
        concurrently(2) { piece in
            if piece == 0 {
                guard var script = pieces.first.take() else { preconditionFailure("no first piece") }
                if let later = pieces.second.take() { script.append(consume later) }
                // The pieces have looked for the text every ignore comment holds.
                let directives =
                    mentionsIgnore
                    ? IgnoreDirective.find(in: shared.value, start: start, statements: script.statements) : []
                results.first = (script, directives)
            } else if hasDrops {
                results.second = LineIndex(source)
            }
        }
        guard let (script, directives) = results.first.take() else { preconditionFailure("a piece was not read") }
        return (script, directives, results.second.take())
    }

    /// Hands `emit` the findings of the drops in `range`, in order. `migrationOrdinal` counts the
    /// new migrations the fixes of the earlier drops create (each fix numbers its own after them);
    /// returned with those of `range` added.
    private func check(
        _ range: Range<Int>, of script: ScriptStructure, model: ExecutionModel, planner: DropIndexFixPlanner,
        migrationOrdinal: Int, emit: (Finding) -> Void
    ) -> Int {
        var migrationOrdinal = migrationOrdinal
        script.forEachDrop(in: range) { drop in
            let section = model.section(containing: drop.statement.statement.range.start)
            let context = DropIndexContext(
                drop: drop.statement,
                transaction: transactionContext(of: drop, in: script, model: model, section: section),
                section: section,
                statementsInSection: script.statementCount(in: section, of: model),
                migrationOrdinal: migrationOrdinal,
                planner: planner)
            for rule in rules {
                if let finding = rule.check(context) {
                    if finding.fix?.createdFiles.isEmpty == false { migrationOrdinal += drop.statement.names.count }
                    emit(finding)
                    break
                }
            }
        }
        return migrationOrdinal
    }

    /// How many slices a large file's drops are checked in (at most; one drop a slice at least).
    /// More slices than cores, handed out as cores come free: a core that runs slower for a
    /// while takes fewer, instead of holding up the file with a half of its own.
    static let checkSlices = 16

    /// The findings of every drop, checked in slices at once, each slice into its own part of the
    /// result (a drop has one finding at most); the parts are then closed up in order: no slice is
    /// copied into another array. Every slice starts counting new migrations at zero; a slice
    /// after one whose fixes created some is checked again with the count so far (each drop's
    /// finding depends on nothing else that came before).
    private func check(
        _ script: ScriptStructure, model: ExecutionModel, planner: DropIndexFixPlanner, concurrently: Concurrently
    ) -> [Finding] {
        let total = script.dropCount
        let sliceCount = Swift.min(Self.checkSlices, total)
        let slices = (0..<sliceCount).map { total * $0 / sliceCount..<total * ($0 + 1) / sliceCount }
        let shared = SharedForReading((analyzer: self, script: script, planner: planner))
        return [Finding](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            let slots = SharedForWriting(buffer)
            // What each slice wrote: its findings' count and the new migrations counted so far.
            let results = UnsafeMutableBufferPointer<(count: Int, migrationOrdinal: Int)>.allocate(
                capacity: sliceCount)
            defer { results.deallocate() }
            let sharedResults = SharedForWriting(results)
            concurrently(sliceCount) { piece in
                let (analyzer, script, planner) = shared.value
                let start = slots.buffer.baseAddress! + slices[piece].lowerBound
                var count = 0
                let ordinal = analyzer.check(
                    slices[piece], of: script, model: model, planner: planner, migrationOrdinal: 0
                ) { finding in
                    (start + count).initialize(to: finding)
                    count += 1
                }
                sharedResults.buffer[piece] = (count, ordinal)
            }
            var written = 0
            var migrationOrdinal = 0
            for piece in 0..<sliceCount {
                let start = buffer.baseAddress! + slices[piece].lowerBound
                var count = results[piece].count
                if migrationOrdinal > 0 {
                    start.deinitialize(count: count)
                    count = 0
                    migrationOrdinal = check(
                        slices[piece], of: script, model: model, planner: planner,
                        migrationOrdinal: migrationOrdinal
                    ) { finding in
                        (start + count).initialize(to: finding)
                        count += 1
                    }
                } else {
                    migrationOrdinal = results[piece].migrationOrdinal
                }
                // The regions may overlap: the slice moves down over the room its drops left.
                (buffer.baseAddress! + written).moveInitialize(from: start, count: count)
                written += count
            }
            initializedCount = written
        }
    }

    private func transactionContext(
        of drop: ScriptStructure.Drop, in script: ScriptStructure, model: ExecutionModel,
        section: ExecutionModel.Section
    ) -> TransactionContext {
        if section.wrapsInTransaction { return .fileTransaction(runner: model.name) }
        if model.delivery == .wholeFileAsOneQuery && script.statementCount(in: section, of: model) > 1 {
            return .implicitQueryTransaction(runner: model.name)
        }
        if let block = drop.block { return .explicitBlock(begin: block.beginOffset, end: block.end) }
        if script.queryGroupSizes[drop.queryGroup] > 1 { return .implicitQueryTransaction(runner: "psql (\\;)") }
        return .autocommit
    }
}

/// What one pass over a script learns: its statements, its `DROP INDEX` statements, the query
/// strings psql sends, and the transaction blocks around each drop.
struct ScriptStructure {
    /// The transaction block a drop sits in.
    struct Block {
        var beginOffset: Int
        var end: BlockEnd

        /// Moves the `COMMIT` that ends the block `shift` statements on (a later piece's block,
        /// once the pieces are put together).
        mutating func shiftCommit(by shift: Int) {
            guard case .committed(let commit, let obstacle) = end else { return }
            end = .committed(statementIndex: commit + shift, obstacle: obstacle)
        }
    }

    /// A `DROP INDEX` with where it runs.
    struct Drop {
        var statement: DropIndexStatement
        var statementIndex: Int
        var queryGroup: Int
        var block: Block?
    }

    /// Every statement's place (the drops' words are in `drops`).
    var statements: [StatementPlace] = []
    /// The drops in file order: all of them, or, once a script read in two pieces is put
    /// together, the first piece's, the second's following in `secondPieceDrops`.
    var drops: [Drop] = []
    /// The second piece's drops, kept in the array that piece made: copying them after the first
    /// piece's (tens of megabytes in a large file) cost the join most of its time and page faults.
    /// Boxed, so that a script read whole holds one pointer more and nothing else: a second
    /// array in the structure cost its reading uniqueness checks at every statement.
    private var secondPieceDrops: BoxedDrops?

    /// An array of drops behind one reference.
    final class BoxedDrops {
        let drops: [Drop]

        init(_ drops: [Drop]) { self.drops = drops }
    }

    /// How many drops the script holds.
    var dropCount: Int { drops.count + (secondPieceDrops?.drops.count ?? 0) }

    /// Every drop in file order (a copy, for tests and inspection).
    var allDrops: [Drop] { drops + (secondPieceDrops?.drops ?? []) }

    /// Calls `body` with the drops of `range` (positions among all the drops), in file order.
    func forEachDrop(in range: Range<Int>, _ body: (Drop) -> Void) {
        let split = drops.count
        if range.lowerBound < split {
            for drop in drops[range.lowerBound..<Swift.min(range.upperBound, split)] { body(drop) }
        }
        if range.upperBound > split, let second = secondPieceDrops {
            for drop in second.drops[(Swift.max(range.lowerBound, split) - split)..<(range.upperBound - split)] {
                body(drop)
            }
        }
    }

    /// How many statements lie in a section of the file (the whole file without sections).
    /// Statements are in file order, so two binary searches find the section's span.
    func statementCount(in section: ExecutionModel.Section, of model: ExecutionModel) -> Int {
        guard !model.sections.isEmpty else { return statements.count }
        let end = model.sections.first { $0.start > section.start }?.start ?? Int.max
        return firstStatement(atOrAfter: end) - firstStatement(atOrAfter: section.start)
    }

    private func firstStatement(atOrAfter offset: Int) -> Int {
        var low = 0
        var high = statements.count
        while low < high {
            let middle = (low + high) / 2
            if statements[middle].range.start < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    var queryGroupSizes: [Int] = []
    var syntaxError: SQLSyntaxError?

    /// An open `BEGIN` block: where it began, and the drops in it whose end is not known yet.
    private struct OpenBlock {
        var beginOffset: Int
        var pending: [Int] = []  // indices into `drops`
        var obstacles: [Int: String] = [:]  // drop index → why it cannot move past the block end
        /// The pending drops with no obstacle yet, by a hash of each name they drop: a later
        /// statement looks its names up here rather than comparing them with every pending drop
        /// (a block of 20,000 drops took 78 s). A hash names candidates; the names themselves
        /// decide.
        var unobstructedByName: [Int: [Int]] = [:]
        /// The pending drops whose names cannot be read, with no obstacle yet.
        var unreadableNames: [Int] = []
        /// Pending drops not yet put in the two above: most blocks end without a statement that
        /// could use a drop's index, and their drops are never looked at again.
        var unsorted: [Int] = []

        /// Adds a drop to the block's pending ones.
        mutating func add(_ drop: Int) {
            pending.append(drop)
            unsorted.append(drop)
        }

        /// Puts the drops added since last time by their names.
        mutating func sortAdded(_ drops: [Drop], bytes: UnsafeBufferPointer<UInt8>) {
            for drop in unsorted {
                let names = drops[drop].statement.names.map { $0.relationName(in: bytes) }
                guard names.allSatisfy({ $0 != nil }) else {
                    unreadableNames.append(drop)
                    continue
                }
                for case let name? in names { unobstructedByName[Self.hash(name), default: []].append(drop) }
            }
            unsorted = []
        }

        /// Whether a pending drop may still be given an obstacle.
        var hasUnobstructedDrops: Bool {
            !unsorted.isEmpty || !unobstructedByName.isEmpty || !unreadableNames.isEmpty
        }

        /// FNV-1a over a name's bytes.
        static func hash(_ name: [UInt8]) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in name { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash)
        }
    }

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, start: Int) -> ScriptStructure {
        read(bytes, start: start, stoppingAt: nil).script
    }

    /// Reads a script in two pieces at once, when `concurrently` runs them on two cores: the
    /// second piece from a likely statement boundary past the middle (`likelyBoundary`), the
    /// first up to it. The second piece stands only if the first reaches that boundary exactly,
    /// at the end of a statement ended by `;`, outside a transaction block and with nothing more
    /// consumed: the reader is then in the very state it starts in, so reading on would give what
    /// the second piece gave. Otherwise the first reading goes on to the end, and the result is
    /// the same as `read(_:start:)`'s either way.
    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, splittingAt boundary: Int, concurrently: Concurrently
    ) -> ScriptStructure {
        var (script, later, _) = readPieces(bytes, start: start, splittingAt: boundary, concurrently: concurrently)
        if let later = later.take() { script.append(consume later) }
        return script
    }

    /// The two pieces of `read(_:start:splittingAt:concurrently:)` before they are put together:
    /// the second is nil when the first read on to the end.
    /// With them, whether the file holds `-ignore`, the text of every ignore comment (each piece
    /// looks through its part, so that finding the comments costs a pass only when there may be
    /// some).
    static func readPieces(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, splittingAt boundary: Int, concurrently: Concurrently
    ) -> (first: ScriptStructure, later: ScriptStructure?, mentionsIgnore: Bool) {
        let pieces = Pieces<(script: ScriptStructure, stoppedAtBoundary: Bool), ScriptStructure>()
        let mentions = Pieces<Bool, Bool>()
        let shared = SharedForReading(bytes)
        concurrently(2) { piece in
            let bytes = shared.value
            if piece == 0 {
                pieces.first = read(bytes, start: start, stoppingAt: boundary)
                // Past the boundary by the text's length less one: a match that straddles it.
                let end = Swift.min(bytes.count, boundary + IgnoreDirective.marker.utf8CodeUnitCount - 1)
                mentions.first = IgnoreDirective.contains(
                    UnsafeBufferPointer(rebasing: bytes[start..<end]), IgnoreDirective.marker)
            } else {
                pieces.second = read(bytes, start: boundary, stoppingAt: nil).script
                mentions.second = IgnoreDirective.contains(
                    UnsafeBufferPointer(rebasing: bytes[boundary...]), IgnoreDirective.marker)
            }
        }
        guard let first = pieces.first.take() else { preconditionFailure("a piece was not read") }
        let mentionsIgnore = mentions.first == true || mentions.second == true
        return (first.script, first.stoppedAtBoundary ? pieces.second.take() : nil, mentionsIgnore)
    }

    /// Where a reading in two pieces may split `bytes`: just after the first `;` that ends a line
    /// followed by one beginning with a letter, past the middle. Statements in a long script
    /// mostly end so; a `;` inside a routine's body or a string is usually followed by indented
    /// lines, and is found out anyway (`read(_:start:splittingAt:concurrently:)`).
    static func likelyBoundary(in bytes: UnsafeBufferPointer<UInt8>, start: Int) -> Int? {
        var index = start + (bytes.count - start) / 2
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: ";") {
                var next = index + 1
                if bytes[next] == 0x0D { next += 1 }
                if next + 1 < bytes.count, bytes[next] == 0x0A, ByteClass.of(bytes[next + 1]) == .letter {
                    return index + 1
                }
            }
            index += 1
        }
        return nil
    }

    /// Appends the statements of the script's rest, read on its own from where this one ended.
    mutating func append(_ later: consuming ScriptStructure) {
        let statementShift = statements.count
        let groupShift = queryGroupSizes.count
        statements += later.statements
        queryGroupSizes += later.queryGroupSizes
        // The later drops are renumbered where they are (the array is this function's own), and
        // kept in it.
        later.drops.withUnsafeMutableBufferPointer { laterDrops in
            // Through a pointer to each drop: reading `laterDrops[index].block?.end` copied the
            // whole drop (its names retained and released) to match the pattern.
            guard let base = laterDrops.baseAddress else { return }
            for drop in base..<base + laterDrops.count {
                drop.pointee.statementIndex += statementShift
                drop.pointee.queryGroup += groupShift
                drop.pointee.block?.shiftCommit(by: statementShift)
            }
        }
        precondition(secondPieceDrops == nil && later.secondPieceDrops == nil, "a script put together twice")
        secondPieceDrops = BoxedDrops(later.drops)
        syntaxError = later.syntaxError
    }

    /// Reads statements from `start`; with `boundary`, stops after the statement that ends exactly
    /// there if the reader is then as it starts (see `read(_:start:splittingAt:concurrently:)`),
    /// and reads on to the end otherwise.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, stoppingAt boundary: Int?)
        -> (script: ScriptStructure, stoppedAtBoundary: Bool)
    {
        var boundary = boundary
        var script = ScriptStructure()
        // The statements and query groups grow in arrays of this function's own, put into the
        // script at the end: the optimiser then knows them unique, and checks no uniqueness at
        // every statement.
        var statements: [StatementPlace] = []
        var queryGroupSizes: [Int] = []
        // Room for the statements a file of this size usually holds (one per 48 bytes), instead
        // of growing from one; nothing for an empty file. At most 64 in a file under a megabyte,
        // which most migrations hold. A larger file's room is taken whole: growing it by doubling
        // would copy it and fault its memory in again at every step, while room never written
        // costs no memory (the system maps pages at their first write).
        let expected = (bytes.count - start) / 48
        let room = bytes.count - start < 1 << 20 ? min(64, expected) : expected
        statements.reserveCapacity(room)
        queryGroupSizes.reserveCapacity(room)
        if room > 64 { script.drops.reserveCapacity(room / 4) }
        var splitter = StatementSplitter(bytes: bytes, start: start)
        var open: OpenBlock?
        // Only drops and transaction control are read word by word, and, while a block holds drops
        // that may move past its end, every statement (a later one may name their indexes).
        while let statement = splitter.next(keepingTokensOf: { first in
            open?.pending.isEmpty == false || Self.isReadWhole(first, in: bytes)
        }) {
            let index = statements.count
            if index == 0 || !statement.sharesQueryWithPrevious { queryGroupSizes.append(0) }
            queryGroupSizes[queryGroupSizes.count - 1] += 1
            statements.append(statement.place)
            // A skimmed statement starts with none of the words a drop or a transaction control
            // starts with (`isReadWhole`): neither needs to look at it.
            let control = statement.isSkimmed ? nil : TransactionControl.of(statement, in: bytes)
            if open != nil {
                // Changed where it is: a copy would share the block's arrays and dictionaries,
                // and changing it would copy them whole at every statement.
                script.noteObstacles(statement, control: control, in: &open!, bytes: bytes)
                script.apply(control, statementIndex: index, to: &open)
            } else if control == .begin {
                open = OpenBlock(beginOffset: statement.range.start)
            }
            if control == nil, !statement.isSkimmed, let drop = DropIndexStatement.parse(statement, in: bytes) {
                if open != nil { open!.add(script.drops.count) }
                // Room for a few from the first: a file that drops one index usually drops more.
                if script.drops.isEmpty { script.drops.reserveCapacity(4) }
                script.drops.append(
                    Drop(
                        statement: drop, statementIndex: index, queryGroup: queryGroupSizes.count - 1,
                        block: open.map { Block(beginOffset: $0.beginOffset, end: .neverClosed) }))
            }
            if let end = boundary, statement.endIncludingTerminator >= end {
                if open == nil, statement.terminator?.kind == .punctuation, statement.endIncludingTerminator == end,
                    splitter.position == end
                {
                    script.statements = statements
                    script.queryGroupSizes = queryGroupSizes
                    return (script, true)
                }
                boundary = nil
            }
        }
        script.statements = statements
        script.queryGroupSizes = queryGroupSizes
        script.syntaxError = splitter.error
        if let block = open { script.resolve(block, as: { _ in .neverClosed }) }
        return (script, false)
    }

    /// Whether a statement that begins with `first` is a `DROP` or controls the transaction
    /// block: the statements whose words the analysis reads.
    private static func isReadWhole(_ first: Token, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.kind == .identifier, first.range.count <= 8 else { return false }
        // The word packed into one integer, folded as `Keyword.matches` folds it, and compared
        // with each leading word at once.
        var packed: UInt64 = 0
        for offset in 0..<first.range.count {
            packed |= UInt64(bytes[first.range.start + offset] | 0x20) << (8 * offset)
        }
        for word in wordsReadWhole where word == packed { return true }
        return false
    }

    /// The first words of the statements `DropIndexStatement.parse` and `TransactionControl.of`
    /// act on, taken from them (a statement either could act on is never skimmed), each packed
    /// into an integer: byte `i` of the word in bits `8i…8i+7`. Every word has at most 8 letters.
    private static let wordsReadWhole: [UInt64] =
        ([DropIndexStatement.leadingWord] + TransactionControl.leadingWords).map { word in
            precondition(word.utf8CodeUnitCount <= 8, "a leading word longer than 8 letters")
            var packed: UInt64 = 0
            for offset in 0..<word.utf8CodeUnitCount { packed |= UInt64(word.utf8Start[offset]) << (8 * offset) }
            return packed
        }

    /// Records, for drops waiting in an open block, what in `statement` forbids moving them
    /// past the block's end: a later reference to the index's name, or a partial rollback.
    private func noteObstacles(
        _ statement: Statement, control: TransactionControl?, in block: inout OpenBlock,
        bytes: UnsafeBufferPointer<UInt8>
    ) {
        guard block.hasUnobstructedDrops else { return }
        if control == .rollbackToSavepoint {
            for drop in block.pending where block.obstacles[drop] == nil {
                block.obstacles[drop] = "a later ROLLBACK TO SAVEPOINT in the same transaction block could undo it"
            }
            block.unobstructedByName = [:]
            block.unreadableNames = []
            block.unsorted = []
            return
        }
        // The other transaction-control statements (BEGIN, COMMIT, ROLLBACK, PREPARE TRANSACTION
        // and their forms) name no table or index: the words of `COMMIT AND CHAIN` or of
        // `BEGIN ISOLATION LEVEL SERIALIZABLE` are no reference to an index so named.
        if control != nil { return }
        // A later DROP INDEX of the same name is no obstacle: it is moved too (keeping the order),
        // or it stays and the moved drop, which always says IF EXISTS, finds nothing left to drop.
        if statement.tokens.count >= 2, Keyword.matches(bytes, statement.tokens[0], "drop"),
            Keyword.matches(bytes, statement.tokens[1], "index")
        {
            return
        }
        block.sortAdded(drops, bytes: bytes)
        for drop in block.unreadableNames where block.obstacles[drop] == nil {
            block.obstacles[drop] =
                "its index name cannot be read, so concur cannot tell whether later statements in the block use it"
        }
        block.unreadableNames = []
        guard !block.unobstructedByName.isEmpty else { return }
        for token in statement.tokens where token.kind == .identifier || token.kind == .quotedIdentifier {
            let name = Keyword.normalizedName(bytes, token)
            let key = OpenBlock.hash(name)
            guard let candidates = block.unobstructedByName[key] else { continue }
            var left: [Int] = []
            for drop in candidates where block.obstacles[drop] == nil {
                guard drops[drop].statement.names.contains(where: { $0.relationName(in: bytes) == name }) else {
                    left.append(drop)  // another name of the same hash
                    continue
                }
                let shown = String(decoding: name, as: UTF8.self)
                block.obstacles[drop] =
                    "a later statement in the same transaction block refers to \(shown), so the drop must stay before it"
            }
            block.unobstructedByName[key] = left.isEmpty ? nil : left
        }
    }

    /// Applies a transaction-control statement to the open `block`, in place (a copy would
    /// retain each of its arrays and dictionaries): nil once the block is closed.
    private mutating func apply(_ control: TransactionControl?, statementIndex: Int, to block: inout OpenBlock?) {
        guard let control, let open = block else { return }
        switch control {
        case .commit(chains: false):
            resolve(open) { drop in .committed(statementIndex: statementIndex, obstacle: open.obstacles[drop]) }
            block = nil
        case .rollback(chains: false):
            resolve(open) { _ in .rolledBack }
            block = nil
        case .rollback(chains: true):
            resolve(open) { _ in .rolledBack }
            block = OpenBlock(beginOffset: open.beginOffset)
        case .prepare:
            resolve(open) { _ in .prepared }
            block = nil
        default:
            // BEGIN inside a block only draws a warning; COMMIT AND CHAIN keeps a block open.
            break
        }
    }

    private mutating func resolve(_ block: OpenBlock, as end: (Int) -> BlockEnd) {
        for drop in block.pending { drops[drop].block?.end = end(drop) }
    }
}
