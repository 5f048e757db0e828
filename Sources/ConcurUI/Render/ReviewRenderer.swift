import ConcurCore

/// Draws a review state into a cell grid. Pure: the same state and size give the same grid.
public enum ReviewRenderer {
    /// The smallest screen the reviewer lays out; below it, a "too small" screen.
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    /// The screen for `state` at `width`×`height`. The cache only remembers derived views of
    /// files (lines, highlighting) between frames; it never changes what is drawn.
    public static func render(_ state: ReviewState, width: Int, height: Int, cache: RenderCache = RenderCache())
        -> CellGrid
    {
        var grid = CellGrid(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(into: &grid)
            return grid
        }
        let layout = Layout(width: width, height: height, showsExplanation: state.showsExplanation)
        drawHeader(state, into: &grid)
        FilesPane.draw(state, in: layout.files, into: &grid)
        for row in layout.files.row..<(layout.files.row + layout.files.height) {
            grid.write("│", row: row, column: layout.files.width, role: .border)
        }
        SourcePane.draw(state, in: layout.source, into: &grid, cache: cache)
        ProposalPane.draw(state, in: layout.proposal, into: &grid)
        if let explanation = layout.explanation { ExplanationPane.draw(state, in: explanation, into: &grid) }
        drawStatus(state, row: height - 2, into: &grid)
        drawHints(state, row: height - 1, into: &grid)
        switch state.mode {
        case .help: drawHelp(state, into: &grid)
        case .quitPrompt: drawQuitPrompt(state, into: &grid)
        case .browsing, .search, .ignoreReason: break
        }
        return grid
    }

    /// Where each pane goes on a screen.
    struct Layout {
        struct Rect {
            var row: Int, column: Int, width: Int, height: Int
        }
        var files: Rect
        var source: Rect
        var proposal: Rect
        var explanation: Rect?

        init(width: Int, height: Int, showsExplanation: Bool) {
            let bodyTop = 1
            let bodyHeight = height - 3
            let filesWidth = min(40, max(22, width / 4))
            files = Rect(row: bodyTop, column: 0, width: filesWidth, height: bodyHeight)
            let column = filesWidth + 1
            let rightWidth = width - column
            // The proposal comes first: at least a title, two lines of message and a two-line diff.
            let proposalHeight = min(9, max(5, bodyHeight / 3))
            let explanationHeight = showsExplanation ? max(3, min(bodyHeight / 3, bodyHeight - proposalHeight - 4)) : 0
            let sourceHeight = bodyHeight - proposalHeight - explanationHeight
            source = Rect(row: bodyTop, column: column, width: rightWidth, height: sourceHeight)
            proposal = Rect(row: bodyTop + sourceHeight, column: column, width: rightWidth, height: proposalHeight)
            explanation =
                showsExplanation
                ? Rect(
                    row: bodyTop + sourceHeight + proposalHeight, column: column, width: rightWidth,
                    height: explanationHeight)
                : nil
        }
    }

    static func drawTitle(_ title: String, focused: Bool, in rect: Layout.Rect, into grid: inout CellGrid) {
        let role: StyleRole = focused ? .paneTitleFocused : .paneTitle
        grid.fill(row: rect.row, column: rect.column, width: rect.width, height: 1, role: .border)
        grid.write("─ ", row: rect.row, column: rect.column, role: .border, limit: rect.column + rect.width)
        let end = grid.write(
            title, row: rect.row, column: rect.column + 2, role: role, limit: rect.column + rect.width - 1)
        var column = end
        if column < rect.column + rect.width { column = grid.write(" ", row: rect.row, column: column, role: .border) }
        while column < rect.column + rect.width {
            column = grid.write("─", row: rect.row, column: column, role: .border, limit: rect.column + rect.width)
        }
    }

    private static func drawHeader(_ state: ReviewState, into grid: inout CellGrid) {
        grid.fill(row: 0, column: 0, width: grid.width, height: 1, role: .header)
        var column = grid.write(" concur review", row: 0, column: 0, role: .header)
        if let scope = state.scope { column = grid.write(" · " + scope, row: 0, column: column, role: .header) }
        if let file = state.currentFile {
            column = grid.write("  " + file.path, row: 0, column: column, role: .header, limit: grid.width - 20)
        }
        let right = state.scanFinished ? "" : "scanning… \(state.files.count) files "
        if !right.isEmpty { grid.write(right, row: 0, column: grid.width - DisplayWidth.of(right), role: .header) }
    }

    private static func drawStatus(_ state: ReviewState, row: Int, into grid: inout CellGrid) {
        grid.fill(row: row, column: 0, width: grid.width, height: 1, role: .statusBar)
        let visible = state.visibleFiles
        var parts: [String] = []
        if let position = state.position {
            let fileNumber = (visible.firstIndex(of: position.file) ?? 0) + 1
            parts.append("file \(fileNumber)/\(visible.count)")
            let count = state.files[position.file].findings.count
            parts.append(count == 0 ? "no findings" : "finding \(position.finding + 1)/\(count)")
        } else {
            parts.append(state.scanFinished ? "no files" : "scanning…")
        }
        let totals = state.totals
        parts.append("✓ \(totals.accepted) accepted")
        parts.append("✗ \(totals.skipped) skipped")
        parts.append("\(totals.open) open")
        let unwritten = state.unwrittenFiles.count
        if unwritten > 0 { parts.append("\(unwritten) file\(unwritten == 1 ? "" : "s") unwritten") }
        if !state.unreadable.isEmpty { parts.append("\(state.unreadable.count) unreadable") }
        grid.write(" " + parts.joined(separator: " · "), row: row, column: 0, role: .statusBar)
    }

    private static func drawHints(_ state: ReviewState, row: Int, into grid: inout CellGrid) {
        if case .ignoreReason(let reason) = state.mode {
            let end = grid.write(
                "reason for ignoring (Enter to confirm, Esc to cancel): " + reason, row: row, column: 0, role: .message)
            grid.cursor = (row, min(end, grid.width - 1))
            return
        }
        if case .search(let query) = state.mode {
            let end = grid.write("search paths: /" + query, row: row, column: 0, role: .message)
            grid.cursor = (row, min(end, grid.width - 1))
            return
        }
        if let message = state.message {
            grid.write(" " + message.text, row: row, column: 0, role: message.isError ? .messageError : .message)
            return
        }
        var column = 1
        for action in Action.hinted {
            guard let key = state.keymap.keys(for: action).first else { continue }
            let width = DisplayWidth.of(key.label) + DisplayWidth.of(action.hint) + 3
            if column + width > grid.width { break }
            column = grid.write(key.label, row: row, column: column, role: .statusKey)
            column = grid.write(" " + action.hint + "  ", row: row, column: column, role: .normal)
        }
    }

    private static func drawHelp(_ state: ReviewState, into grid: inout CellGrid) {
        let rows = Action.allCases.map { action -> (String, String) in
            (state.keymap.keys(for: action).map(\.label).joined(separator: " "), action.help)
        }
        let keyWidth = min(16, (rows.map { DisplayWidth.of($0.0) }.max() ?? 4) + 2)
        let boxWidth = min(grid.width - 4, 78)
        let boxHeight = min(grid.height - 2, rows.count + 4)
        let top0 = (grid.height - boxHeight) / 2
        let left = (grid.width - boxWidth) / 2
        grid.fill(row: top0, column: left, width: boxWidth, height: boxHeight, role: .overlay)
        grid.fill(row: top0, column: left, width: boxWidth, height: 1, role: .overlayTitle)
        grid.write(" Keys — every action ", row: top0, column: left, role: .overlayTitle)
        let visible = boxHeight - 4
        let top = max(0, min(state.helpScroll, rows.count - visible))
        for (index, row) in rows.dropFirst(top).prefix(visible).enumerated() {
            grid.write(row.0, row: top0 + 2 + index, column: left + 2, role: .statusKey, limit: left + 2 + keyWidth)
            grid.write(
                row.1, row: top0 + 2 + index, column: left + 2 + keyWidth, role: .overlay, limit: left + boxWidth - 1)
        }
        let footer =
            rows.count > visible
            ? " \(top + 1)–\(min(rows.count, top + visible)) of \(rows.count) · ↓↑ scroll · any other key closes"
            : " any key closes this"
        grid.write(footer, row: top0 + boxHeight - 1, column: left, role: .overlay, limit: left + boxWidth)
    }

    private static func drawQuitPrompt(_ state: ReviewState, into grid: inout CellGrid) {
        let count = state.unwrittenFiles.count
        let lines = [
            "Accepted rewrites in \(count) file\(count == 1 ? " are" : "s are") not written yet.",
            "",
            "w  write them, then quit",
            "d  discard them and quit",
            "c  cancel (Esc)",
        ]
        let boxWidth = min(grid.width - 4, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 6)
        let boxHeight = lines.count + 3
        let top = (grid.height - boxHeight) / 2
        let left = (grid.width - boxWidth) / 2
        grid.fill(row: top, column: left, width: boxWidth, height: boxHeight, role: .overlay)
        grid.fill(row: top, column: left, width: boxWidth, height: 1, role: .overlayTitle)
        grid.write(" Quit? ", row: top, column: left, role: .overlayTitle)
        for (index, line) in lines.enumerated() {
            grid.write(line, row: top + 2 + index, column: left + 3, role: .overlay, limit: left + boxWidth - 1)
        }
    }

    private static func drawTooSmall(into grid: inout CellGrid) {
        grid.fill(row: 0, column: 0, width: grid.width, height: grid.height, role: .normal)
        // On a tiny screen, the short form: every line must fit to be of use.
        let lines =
            grid.width >= 32
            ? [
                "Terminal too small",
                "concur review needs \(minimumWidth)×\(minimumHeight);",
                "this one is \(grid.width)×\(grid.height).",
                "Enlarge it, or press q to quit.",
            ]
            : ["Too small: \(grid.width)×\(grid.height)", "needs \(minimumWidth)×\(minimumHeight)", "q quits"]
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < grid.height {
            let column = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.write(line, row: top + index, column: column, role: index == 0 ? .messageError : .normal)
        }
    }
}
