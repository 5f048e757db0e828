import ConcurCore

/// The panes that can take the focus.
public enum Pane: Sendable, Equatable, CaseIterable {
    case files, source, explanation
}

/// What the screen is showing on top of the panes.
public enum ReviewMode: Sendable, Equatable {
    case browsing
    case help
    case quitPrompt
    case search(String)
    /// Typing the reason for an ignore comment.
    case ignoreReason(String)
}

/// A short message in the status line, until the next action.
public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool
}

/// Where the reviewer stands: which finding of which file.
public struct ReviewPosition: Sendable, Equatable {
    /// An index into `ReviewState.files`.
    public var file: Int
    /// An index into that file's findings (0 when it has none).
    public var finding: Int

    public init(file: Int, finding: Int) {
        self.file = file
        self.finding = finding
    }
}

/// The whole state of a review. It changes only through `handle(_:)` (user actions) and
/// `apply(_:)` (events from outside), both pure apart from calling the core analyzer.
public struct ReviewState: Sendable {
    /// The files, in migration order.
    public private(set) var files: [ReviewFile] = []
    public private(set) var position: ReviewPosition?
    public private(set) var mode: ReviewMode = .browsing
    public private(set) var focus: Pane = .source
    public private(set) var showsExplanation = true
    public private(set) var showsAllFiles = false
    public private(set) var message: StatusMessage?
    public private(set) var scanFinished = false
    public private(set) var unreadable: [UnreadableFile] = []
    /// Lines scrolled by the user in the explanation pane, and in the source pane (from centred).
    public private(set) var explanationScroll = 0
    public private(set) var sourceScroll = 0
    /// Lines scrolled in the help overlay.
    public private(set) var helpScroll = 0
    public let keymap: Keymap
    /// What the file list is limited to, shown in its title (e.g. "changed since main").
    public var scope: String?
    private let analyze: @Sendable (SourceFile) -> FileAnalysis
    private var history: [UndoStep] = []

    /// One undoable step: the decisions it changed, to put back.
    private struct UndoStep: Sendable {
        var file: Int
        var previous: [(finding: Int, decision: FindingDecision)]
        var position: ReviewPosition?
    }

    /// Creates a review; `analyze` re-checks files after writes and reloads (the same analysis
    /// that produced the scanned files, migration tools included).
    public init(
        analyze: @escaping @Sendable (SourceFile) -> FileAnalysis = { SQLAnalyzer().analyze($0) },
        keymap: Keymap = .standard
    ) {
        self.analyze = analyze
        self.keymap = keymap
    }

    // MARK: - Derived facts

    /// The files shown in the files pane (indices into `files`).
    public var visibleFiles: [Int] {
        if showsAllFiles { return Array(files.indices) }
        let current = position?.file
        return files.indices.filter { files[$0].hasFindings || $0 == current }
    }

    public var currentFile: ReviewFile? { position.map { files[$0.file] } }

    public var currentFinding: Finding? {
        guard let position, files[position.file].findings.indices.contains(position.finding) else { return nil }
        return files[position.file].findings[position.finding]
    }

    public var currentDecision: FindingDecision? {
        guard let position, files[position.file].decisions.indices.contains(position.finding) else { return nil }
        return files[position.file].decisions[position.finding]
    }

    public var unwrittenFiles: [Int] { files.indices.filter { files[$0].hasUnwrittenChanges } }

    public var totals: (accepted: Int, skipped: Int, open: Int) {
        // Indexing reads the stored counts in place; iterating would copy each file.
        var totals = (accepted: 0, skipped: 0, open: 0)
        for index in files.indices {
            totals.accepted += files[index].acceptedCount
            totals.skipped += files[index].skippedCount + files[index].ignoredCount
            totals.open += files[index].openCount
        }
        return totals
    }

    // MARK: - Events from outside

    /// Applies something that happened outside: scanned files, finished writes, reloads.
    public mutating func apply(_ event: ReviewEvent) {
        switch event {
        case .filesScanned(let analyses):
            let earlier = files.count
            files += analyses.map(ReviewFile.init)
            // Sort by keys computed once per file; new files may land before earlier ones, so
            // every index kept (position, undo steps) follows its file.
            let keys = files.map { MigrationOrder.Key($0.path) }
            let order = files.indices.sorted { keys[$0] < keys[$1] }
            var newIndex = [Int](repeating: 0, count: files.count)
            for (new, old) in order.enumerated() { newIndex[old] = new }
            files = order.map { files[$0] }
            if let current = position {
                position = ReviewPosition(file: newIndex[current.file], finding: current.finding)
            }
            for step in history.indices where history[step].file < earlier {
                history[step].file = newIndex[history[step].file]
                if let kept = history[step].position {
                    history[step].position = ReviewPosition(file: newIndex[kept.file], finding: kept.finding)
                }
            }
            if position == nil { position = firstOpenPosition(from: 0) }
        case .filesUnreadable(let list):
            unreadable += list
        case .scanFinished:
            scanFinished = true
            if position == nil, !files.isEmpty { position = ReviewPosition(file: 0, finding: 0) }
        case .fileWritten(let index, let source):
            let written = files[index].acceptedCount
            files[index].replace(with: analyze(source))
            history.removeAll { $0.file == index }
            clampPosition(in: index)
            message = StatusMessage(
                text: "wrote \(files[index].path) (\(written) rewrite\(written == 1 ? "" : "s"))", isError: false)
        case .writeFailed(let index, let text):
            // Show the file that could not be written, so that `r` reloads that one.
            mode = .browsing
            position = ReviewPosition(file: index, finding: files[index].decisions.firstIndex(of: .accepted) ?? 0)
            resetScrolls()
            message = StatusMessage(
                text: "\(files[index].path): \(text) — press r to reload it (drops its unwritten decisions)",
                isError: true)
        case .fileReloaded(let index, let source):
            files[index] = ReviewFile(analysis: analyze(source))
            history.removeAll { $0.file == index }
            clampPosition(in: index)
            message = StatusMessage(text: "reloaded \(files[index].path)", isError: false)
        case .reloadFailed(let index, let text):
            message = StatusMessage(text: "\(files[index].path): \(text)", isError: true)
        }
    }

    // MARK: - Actions

    /// Applies a user action; returns the work to do outside.
    @discardableResult
    public mutating func handle(_ action: Action) -> [ReviewEffect] {
        message = nil
        switch action {
        case .accept: accept()
        case .skip: decide(.skipped, restOfFile: false)
        case .ignore:
            guard currentFinding != nil else { return [] }
            mode = .ignoreReason("")
        case .acceptRestOfFile: acceptRestOfFile()
        case .skipRestOfFile: decide(.skipped, restOfFile: true)
        case .undo: undo()
        case .nextFinding: moveFinding(by: 1)
        case .previousFinding: moveFinding(by: -1)
        case .nextFile: moveFile(by: 1)
        case .previousFile: moveFile(by: -1)
        case .nextPane: cycleFocus(by: 1)
        case .previousPane: cycleFocus(by: -1)
        case .moveDown: moveInFocusedPane(by: 1)
        case .moveUp: moveInFocusedPane(by: -1)
        case .pageDown: scrollFocusedPane(by: 10)
        case .pageUp: scrollFocusedPane(by: -10)
        case .openEditor: return openEditor()
        case .search: mode = .search("")
        case .write: return write(thenQuit: false)
        case .reload:
            guard let position else { return [] }
            return [.reload(file: position.file)]
        case .toggleExplanation:
            showsExplanation.toggle()
            if !showsExplanation, focus == .explanation { focus = .source }
        case .toggleAllFiles:
            showsAllFiles.toggle()
            message = StatusMessage(
                text: showsAllFiles ? "showing all files" : "showing files with findings", isError: false)
        case .help:
            mode = .help
            helpScroll = 0
        case .quit:
            if unwrittenFiles.isEmpty { return [.quit] }
            mode = .quitPrompt
        }
        return []
    }

    /// Keys while a prompt or overlay is open; in browsing mode, the keymap's action.
    @discardableResult
    public mutating func handle(key: Key) -> [ReviewEffect] {
        switch mode {
        case .browsing:
            guard let action = keymap.action(for: key) else {
                message = StatusMessage(text: "\(key.label) does nothing here — press ? for help", isError: false)
                return []
            }
            return handle(action)
        case .help:
            // Arrows and j/k scroll a help that does not fit; any other key closes it.
            switch key {
            case .down, .character("j"), .pageDown, .character(" "):
                helpScroll = min(
                    helpScroll + (key == .pageDown || key == .character(" ") ? 10 : 1), Action.allCases.count - 1)
            case .up, .character("k"), .pageUp: helpScroll = max(0, helpScroll - (key == .pageUp ? 10 : 1))
            default: mode = .browsing
            }
            return []
        case .quitPrompt:
            switch key {
            case .character("w"), .character("W"):
                return write(thenQuit: true)
            case .character("d"), .character("D"):
                return [.quit]
            case .character("c"), .character("C"), .escape, .character("q"):
                mode = .browsing
            default:
                message = StatusMessage(
                    text: "press w to write and quit, d to discard and quit, c to cancel", isError: false)
            }
            return []
        case .ignoreReason(let reason):
            switch key {
            case .escape:
                mode = .browsing
            case .enter:
                mode = .browsing
                decide(.ignored(reason: reason), restOfFile: false)
                message = StatusMessage(text: "a concur-ignore comment will be written (w or quit)", isError: false)
            case .backspace:
                mode = .ignoreReason(String(reason.dropLast()))
            case .character(let character):
                mode = .ignoreReason(reason + String(character))
            default:
                break
            }
            return []
        case .search(let query):
            switch key {
            case .escape:
                mode = .browsing
            case .enter:
                mode = .browsing
                search(query)
            case .backspace:
                mode = .search(String(query.dropLast()))
            case .character(let character):
                mode = .search(query + String(character))
            default:
                break
            }
            return []
        }
    }

    // MARK: - Decisions

    private mutating func accept() {
        guard let position, let finding = currentFinding, let decision = currentDecision else {
            message = StatusMessage(text: "nothing to accept here", isError: false)
            return
        }
        guard let fix = finding.fix, fix.isSafe else {
            message = StatusMessage(
                text: "no automatic fix: " + (finding.fix?.reason ?? "this rule proposes none"), isError: true)
            return
        }
        if decision == .stale {
            message = StatusMessage(
                text: "this rewrite overlaps one accepted since; write (w) to re-check the file", isError: true)
            return
        }
        if decision == .accepted {
            advance()
            return
        }
        var step = UndoStep(file: position.file, previous: [(position.finding, decision)], position: position)
        files[position.file].setDecision(.accepted, at: position.finding)
        let rewritten = acceptFindingsRewritten(byFixOf: position.finding, in: position.file, step: &step)
        markOverlapsStale(in: position.file, step: &step)
        history.append(step)
        advance()
        if rewritten > 0 {
            message = StatusMessage(
                text: "accepted; this rewrite fixes \(rewritten) more finding\(rewritten == 1 ? "" : "s") with it",
                isError: false)
        }
    }

    /// Accepts the open findings that the fix of finding `accepted` rewrites with its own
    /// (`FileAnalysis.findingsRewritten(byFixOf:)`: the later drops of an Alembic batch block,
    /// which the fix of its first drop replaces): they are fixed with it, and undone with it.
    /// Returns how many.
    private mutating func acceptFindingsRewritten(byFixOf accepted: Int, in file: Int, step: inout UndoStep) -> Int {
        var count = 0
        for index in files[file].analysis.findingsRewritten(byFixOf: accepted)
        where files[file].decisions[index] == .open {
            step.previous.append((index, .open))
            files[file].setDecision(.accepted, at: index)
            count += 1
        }
        return count
    }

    private mutating func acceptRestOfFile() {
        guard let position else { return }
        let file = position.file
        var step = UndoStep(file: file, previous: [], position: position)
        var accepted = 0
        var withoutFix = 0
        // After the first rewrite accepted, every open finding that overlaps the accepted ones is
        // stale; from then on, only a finding whose fix overlaps the rewrite just accepted can
        // become stale (accepting adds edits, or, joining a block, drops some), so only those are
        // compared again, not every finding of the file at every rewrite.
        var fixEdits: ReviewFile.FixEditIndex?
        for index in position.finding..<files[file].findings.count where files[file].decisions[index] == .open {
            guard let fix = files[file].findings[index].fix, fix.isSafe else {
                withoutFix += 1
                continue
            }
            step.previous.append((index, .open))
            files[file].setDecision(.accepted, at: index)
            accepted += 1 + acceptFindingsRewritten(byFixOf: index, in: file, step: &step)
            guard let editIndex = fixEdits else {
                markOverlapsStale(in: file, step: &step)
                fixEdits = ReviewFile.FixEditIndex(files[file].findings)
                continue
            }
            let touched = editIndex.findings(overlapping: fix.edits).filter { files[file].decisions[$0] == .open }
            guard !touched.isEmpty else { continue }
            let ordered = files[file].orderedAcceptedEdits()
            for other in touched {
                let overlaps =
                    ordered.map { files[file].overlapsAccepted(other, ordered: $0) }
                    ?? files[file].overlapsAccepted(other)
                if overlaps {
                    step.previous.append((other, .open))
                    files[file].setDecision(.stale, at: other)
                }
            }
        }
        if !step.previous.isEmpty { history.append(step) }
        message = StatusMessage(
            text: "accepted \(accepted) in this file"
                + (withoutFix > 0 ? "; \(withoutFix) without a safe fix left open" : ""),
            isError: false)
        moveToNextFileWithOpenFindings()
    }

    private mutating func decide(_ decision: FindingDecision, restOfFile: Bool) {
        guard let position, currentFinding != nil else { return }
        var step = UndoStep(file: position.file, previous: [], position: position)
        let range =
            restOfFile
            ? position.finding..<files[position.file].findings.count : position.finding..<position.finding + 1
        for index in range where files[position.file].decisions[index] != decision {
            let previous = files[position.file].decisions[index]
            if restOfFile && previous != .open && previous != .stale { continue }
            step.previous.append((index, previous))
            files[position.file].setDecision(decision, at: index)
        }
        if !step.previous.isEmpty { history.append(step) }
        if restOfFile { moveToNextFileWithOpenFindings() } else { advance() }
    }

    /// Findings still open whose fix overlaps the accepted ones become stale.
    private mutating func markOverlapsStale(in file: Int, step: inout UndoStep) {
        // The accepted edits gathered and ordered once, not again for each finding.
        let ordered = files[file].orderedAcceptedEdits()
        for index in files[file].findings.indices where files[file].decisions[index] == .open {
            let overlaps =
                ordered.map { files[file].overlapsAccepted(index, ordered: $0) } ?? files[file].overlapsAccepted(index)
            if overlaps {
                step.previous.append((index, .open))
                files[file].setDecision(.stale, at: index)
            }
        }
    }

    private mutating func undo() {
        guard let step = history.popLast() else {
            message = StatusMessage(text: "nothing to undo", isError: false)
            return
        }
        for (finding, decision) in step.previous.reversed() { files[step.file].setDecision(decision, at: finding) }
        position = step.position
        message = StatusMessage(text: "undone", isError: false)
    }

    // MARK: - Moving

    /// After a decision: the next open finding, here or in a later file.
    private mutating func advance() {
        guard let position else { return }
        if let next = firstOpenPosition(from: position.file, after: position.finding) {
            self.position = next
            resetScrolls()
        }
    }

    private func firstOpenPosition(from file: Int, after finding: Int = -1) -> ReviewPosition? {
        guard !files.isEmpty else { return nil }
        for offset in 0..<files.count {
            let index = (file + offset) % files.count
            let start = offset == 0 ? finding + 1 : 0
            let decisions = files[index].decisions
            if start < decisions.count,
                let open = decisions[start...].firstIndex(where: { $0 == .open || $0 == .stale })
            {
                return ReviewPosition(file: index, finding: open)
            }
        }
        return nil
    }

    private mutating func moveToNextFileWithOpenFindings() {
        guard let position else { return }
        if let next = firstOpenPosition(from: (position.file + 1) % max(1, files.count)) { self.position = next }
        resetScrolls()
    }

    private mutating func moveFinding(by step: Int) {
        guard let position else { return }
        let count = files[position.file].findings.count
        let target = position.finding + step
        if target >= 0 && target < count {
            self.position?.finding = target
        } else {
            // Into the neighbouring file that has findings.
            var index = position.file + step
            while index >= 0 && index < files.count && files[index].findings.isEmpty { index += step }
            guard index >= 0 && index < files.count else {
                message = StatusMessage(text: step > 0 ? "last finding" : "first finding", isError: false)
                return
            }
            self.position = ReviewPosition(file: index, finding: step > 0 ? 0 : files[index].findings.count - 1)
        }
        resetScrolls()
    }

    private mutating func moveFile(by step: Int) {
        guard let position else { return }
        let visible = visibleFiles
        guard let here = visible.firstIndex(of: position.file) else { return }
        let target = here + step
        guard target >= 0 && target < visible.count else {
            message = StatusMessage(text: step > 0 ? "last file" : "first file", isError: false)
            return
        }
        self.position = ReviewPosition(file: visible[target], finding: 0)
        resetScrolls()
    }

    private mutating func cycleFocus(by step: Int) {
        let panes: [Pane] = showsExplanation ? [.files, .source, .explanation] : [.files, .source]
        let here = panes.firstIndex(of: focus) ?? 1
        focus = panes[(here + step + panes.count) % panes.count]
    }

    private mutating func moveInFocusedPane(by step: Int) {
        switch focus {
        case .files: moveFile(by: step)
        case .source: moveFinding(by: step)
        case .explanation: explanationScroll = max(0, explanationScroll + step)
        }
    }

    /// Page keys scroll the explanation while it is shown (the source follows the findings).
    private mutating func scrollFocusedPane(by lines: Int) {
        if showsExplanation && focus != .files {
            explanationScroll = max(0, explanationScroll + lines)
        } else {
            sourceScroll += lines
        }
    }

    private mutating func resetScrolls() {
        sourceScroll = 0
        explanationScroll = 0
    }

    private mutating func clampPosition(in file: Int) {
        guard var current = position, current.file == file else { return }
        current.finding = min(current.finding, max(0, files[file].findings.count - 1))
        if let open = files[file].decisions.firstIndex(where: { $0 == .open }) { current.finding = open }
        position = current
    }

    private mutating func search(_ query: String) {
        guard !query.isEmpty else { return }
        let candidates = files.indices.filter { showsAllFiles || !files[$0].findings.isEmpty }
        let start = position.map { current in candidates.firstIndex { $0 > current.file } ?? 0 } ?? 0
        let ordered = Array(candidates[start...]) + Array(candidates[..<start])
        guard let match = ordered.first(where: { files[$0].path.lowercased().contains(query.lowercased()) }) else {
            message = StatusMessage(text: "no file matches “\(query)”", isError: true)
            return
        }
        position = ReviewPosition(file: match, finding: 0)
        resetScrolls()
    }

    // MARK: - Effects

    private mutating func write(thenQuit: Bool) -> [ReviewEffect] {
        let pending = unwrittenFiles
        if pending.isEmpty {
            if thenQuit { return [.quit] }
            message = StatusMessage(text: "nothing to write", isError: false)
            return []
        }
        if thenQuit { mode = .browsing }
        return [.write(files: pending, thenQuit: thenQuit)]
    }

    private mutating func openEditor() -> [ReviewEffect] {
        guard let position else { return [] }
        let file = files[position.file]
        if file.hasUnwrittenChanges {
            message = StatusMessage(
                text: "write (w) or undo (u) this file's accepted rewrites before editing it", isError: true)
            return []
        }
        let offset = currentFinding?.range.start ?? 0
        let line = LineIndex(file.source).lineIndex(of: offset) + 1
        return [.openEditor(path: file.path, line: line, file: position.file)]
    }
}
