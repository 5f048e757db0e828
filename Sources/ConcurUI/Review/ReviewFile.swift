import ConcurCore

/// What the reviewer decided about one finding.
public enum FindingDecision: Equatable, Sendable {
    /// Not decided yet.
    case open
    /// The rewrite will be written.
    case accepted
    /// Left as it is.
    case skipped
    /// Its fix overlaps a fix accepted since; it needs a fresh analysis (after writing).
    case stale
    /// Accepted on purpose: a `-- concur-ignore` comment (with this reason) will be written.
    case ignored(reason: String)
}

/// One migration file under review: the bytes read from disk, their analysis, and the decisions.
public struct ReviewFile: Sendable {
    /// The file as read from disk; writes check that the disk still holds exactly this.
    public private(set) var analysis: FileAnalysis
    /// One decision per finding. Counted whole when replaced, and one decision at a time when
    /// one changes (`setDecision`): accepting every rewrite of a file of thousands of findings
    /// counted them all again at each.
    public private(set) var decisions: [FindingDecision] { didSet { if counting { recount() } } }
    /// False while `setDecision` changes one decision and its counts itself.
    private var counting = true
    /// The text of skipped findings, so that skips survive a re-analysis.
    private var skippedTexts: [[UInt8]] = []

    public init(analysis: FileAnalysis) {
        self.analysis = analysis
        self.decisions = Array(repeating: .open, count: analysis.findings.count)
        recount()
    }

    public var path: String { analysis.source.path }
    public var source: SourceFile { analysis.source }
    public var findings: [Finding] { analysis.findings }
    /// Whether the file has findings (stored: the files pane asks for every file on every frame).
    public var hasFindings: Bool { openCount + acceptedCount + skippedCount + ignoredCount > 0 }

    // Counted when the decisions change, not on every frame: the status line sums them over
    // every file of the review (thousands) for each frame.
    public private(set) var openCount = 0
    public private(set) var acceptedCount = 0
    public private(set) var skippedCount = 0
    public private(set) var ignoredCount = 0

    private mutating func recount() {
        (openCount, acceptedCount, skippedCount, ignoredCount) = (0, 0, 0, 0)
        for decision in decisions { count(decision, by: 1) }
    }

    private mutating func count(_ decision: FindingDecision, by step: Int) {
        switch decision {
        case .open, .stale: openCount += step
        case .accepted: acceptedCount += step
        case .skipped: skippedCount += step
        case .ignored: ignoredCount += step
        }
    }

    public var hasUnwrittenChanges: Bool { acceptedCount > 0 || ignoredCount > 0 }

    /// The edits a write makes: every accepted finding's fix and every ignore comment, in
    /// finding order.
    public var acceptedEdits: [Edit] {
        var accepted: [Fix] = []
        var ignores: [Edit] = []
        for (finding, decision) in zip(findings, decisions) {
            switch decision {
            case .accepted: if let fix = finding.fix { accepted.append(fix) }
            case .ignored(let reason): ignores.append(IgnoreCommentEdit.make(for: finding, in: source, reason: reason))
            default: break
            }
        }
        return Fix.combinedEdits(of: accepted) + ignores
    }

    /// The files the accepted rewrites create (new migrations), in finding order.
    public var acceptedCreatedFiles: [CreatedFile] {
        zip(findings, decisions).filter { $0.1 == .accepted }.flatMap { $0.0.fix?.createdFiles ?? [] }
    }

    /// The file's bytes with the accepted rewrites applied: what a write would put on disk.
    public var currentBytes: [UInt8] {
        (try? EditApplier.apply(acceptedEdits, to: source.bytes)) ?? source.bytes
    }

    /// Where offsets of the original bytes lie once the accepted rewrites are applied: the
    /// rewrites gathered and ordered once, then each offset found by halving. The
    /// source pane maps every finding of the file at every frame, and gathering them for each
    /// made a frame of a file with 20,000 findings take most of a second.
    public var offsetMap: OffsetMap { OffsetMap(acceptedEdits) }

    /// Offsets of the original bytes mapped to the bytes with some edits applied.
    public struct OffsetMap {
        private let edits: [Edit]
        /// What the edits before each one add to the length, summed.
        private let shiftBefore: [Int]
        /// Whether each edit ends where the next starts or before: then the edits that end
        /// before an offset are the first ones, and an offset is mapped by halving.
        private let inOrder: Bool

        public init(_ edits: [Edit]) {
            self.edits = edits.sorted(by: { $0.range.start < $1.range.start })
            var shifts = [0]
            shifts.reserveCapacity(self.edits.count + 1)
            for edit in self.edits { shifts.append(shifts.last! + edit.replacement.count - edit.range.count) }
            shiftBefore = shifts
            inOrder = zip(self.edits, self.edits.dropFirst()).allSatisfy { $0.range.end <= $1.range.start }
        }

        /// Where `offset` lies once the edits are applied: after the edits that end at or before
        /// it; at the start of an edit that covers it.
        public func map(_ offset: Int) -> Int {
            guard inOrder else {
                var shift = 0
                for edit in edits {
                    if edit.range.end <= offset {
                        shift += edit.replacement.count - edit.range.count
                    } else if edit.range.start < offset {
                        return edit.range.start + shift
                    }
                }
                return offset + shift
            }
            // The first edit that ends after the offset.
            let next = edits.firstIndexByHalving { $0.range.end > offset }
            if next < edits.count, edits[next].range.start < offset {
                return edits[next].range.start + shiftBefore[next]
            }
            return offset + shiftBefore[next]
        }
    }

    mutating func setDecision(_ decision: FindingDecision, at index: Int) {
        count(decisions[index], by: -1)
        count(decision, by: 1)
        counting = false
        decisions[index] = decision
        counting = true
    }

    /// Whether the fix of finding `index` overlaps the accepted fixes (so it cannot be accepted too).
    func overlapsAccepted(_ index: Int) -> Bool {
        guard let edits = findings[index].fix?.edits else { return false }
        return (try? EditApplier.inOrder(acceptedEdits + edits)) == nil
    }

    /// The accepted edits in the order they apply, for comparing many findings' fixes with them
    /// (`overlapsAccepted(_:ordered:)`); nil when they overlap one another.
    func orderedAcceptedEdits() -> [Edit]? {
        try? EditApplier.inOrder(acceptedEdits)
    }

    /// `overlapsAccepted(_:)`, given the accepted edits in order. Edits overlap when one starts
    /// before the other ends, each way (`EditApplier.inOrder`): among accepted edits, which never
    /// overlap one another, only the last that comes before an edit and the first that comes
    /// after it can overlap it, so only those are compared.
    func overlapsAccepted(_ index: Int, ordered accepted: [Edit]) -> Bool {
        guard let edits = findings[index].fix?.edits else { return false }
        var neighbours: [Int] = []
        for edit in edits {
            // The first accepted edit that comes after this one: an edit comes after the accepted
            // edits with its own start and end, as it follows them in `acceptedEdits + edits`.
            let after = accepted.firstIndexByHalving {
                ($0.range.start, $0.range.end) > (edit.range.start, edit.range.end)
            }
            if after > 0 { neighbours.append(after - 1) }
            if after < accepted.count { neighbours.append(after) }
        }
        var nearby: [Edit] = []
        var last = -1
        for neighbour in neighbours.sorted() where neighbour != last {
            nearby.append(accepted[neighbour])
            last = neighbour
        }
        return (try? EditApplier.inOrder(nearby + edits)) == nil
    }

    /// The findings' fix edits by where they are, to find the findings whose fixes overlap an
    /// edit without comparing it with every finding's.
    struct FixEditIndex {
        private let edits: RangeIndex<Int>

        init(_ findings: [Finding]) {
            var entries: [(range: ByteRange, value: Int)] = []
            for (index, finding) in findings.enumerated() {
                for edit in finding.fix?.edits ?? [] { entries.append((edit.range, index)) }
            }
            edits = RangeIndex(entries)
        }

        /// The findings, in order, each once, with an edit that overlaps one of `edits`.
        func findings(overlapping edits: [Edit]) -> [Int] {
            var found: [Int] = []
            for edit in edits {
                self.edits.forEachOverlapping(edit.range.start, edit.range.end) { found.append($0) }
            }
            found.sort()
            var unique: [Int] = []
            for finding in found where unique.last != finding { unique.append(finding) }
            return unique
        }
    }

    /// Replaces the analysis with a fresh one (after a write or reload); findings whose text was
    /// skipped before stay skipped.
    mutating func replace(with fresh: FileAnalysis) {
        for (finding, decision) in zip(findings, decisions) where decision == .skipped {
            skippedTexts.append(Array(source.bytes[finding.range.start..<finding.range.end]))
        }
        analysis = fresh
        var remembered = skippedTexts
        decisions = fresh.findings.map { finding in
            let text = Array(fresh.source.bytes[finding.range.start..<finding.range.end])
            if let index = remembered.firstIndex(of: text) {
                remembered.remove(at: index)
                return .skipped
            }
            return .open
        }
        skippedTexts = []
    }
}
