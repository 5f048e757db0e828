import ConcurCore

/// The current file's text with line numbers, syntax highlighting and the findings marked; the
/// current finding centred and emphasised.
enum SourcePane {
    static func draw(
        _ state: ReviewState, in rect: ReviewRenderer.Layout.Rect, into grid: inout CellGrid, cache: RenderCache
    ) {
        guard let position = state.position else {
            ReviewRenderer.drawTitle("Source", focused: state.focus == .source, in: rect, into: &grid)
            return
        }
        let file = state.files[position.file]
        let view = cache.view(of: file)
        ReviewRenderer.drawTitle(file.path, focused: state.focus == .source, in: rect, into: &grid)
        let rows = rect.height - 1
        guard rows > 0 else { return }
        let lineCount = lastLine(of: view)
        let digits = max(3, String(lineCount).count)
        let textColumn = rect.column + 2 + digits + 1
        // Each finding's place in the current text.
        struct Mark {
            var range: ByteRange
            var decision: FindingDecision
            var isCurrent: Bool
        }
        let offsets = file.offsetMap
        let marks = file.findings.indices.map { index -> Mark in
            let finding = file.findings[index]
            let start = offsets.map(finding.range.start)
            let end = max(start, offsets.map(finding.range.end))
            return Mark(
                range: ByteRange(start, min(end, view.bytes.count)), decision: file.decisions[index],
                isCurrent: index == position.finding)
        }
        let focusLine = marks.first(where: \.isCurrent).map { view.lineIndex.lineIndex(of: $0.range.start) } ?? 0
        let top = max(0, min(focusLine - rows / 3 + state.sourceScroll, max(0, lineCount - rows)))
        // The marks that may touch the rows shown, picked once rather than for every row.
        let starts = view.lineIndex.lineStarts
        let viewStart = top < starts.count ? starts[top] : view.bytes.count
        let viewEnd = top + rows < starts.count ? starts[top + rows] : view.bytes.count
        let shown = marks.filter { $0.range.end >= viewStart && $0.range.start <= viewEnd }
        for offset in 0..<rows {
            let line = top + offset
            guard line < lineCount else { break }
            let row = rect.row + 1 + offset
            var content = view.lineIndex.contentRange(ofLine: line, in: view.bytes)
            // No more of a line than the pane could show (a character takes a byte at least, and
            // at most a few without a column of their own): a line of minified SQL is not laid
            // out whole at every frame.
            content = ByteRange(content.start, min(content.end, content.start + 16 * max(1, rect.width)))
            let lineStart = view.lineIndex.lineStarts[line]
            let lineEnd =
                line + 1 < view.lineIndex.lineStarts.count ? view.lineIndex.lineStarts[line + 1] : view.bytes.count
            let onLine = shown.filter {
                $0.range.start < max(lineEnd, lineStart + 1) && $0.range.end >= lineStart
                    && ($0.range.end > lineStart || $0.range.start == lineStart)
            }
            let gutter: (String, StyleRole) = {
                guard let mark = onLine.first(where: \.isCurrent) ?? onLine.first else { return (" ", .normal) }
                switch mark.decision {
                case .accepted: return ("✓", .acceptedMarker)
                case .skipped: return ("·", .skippedMarker)
                case .stale: return ("!", .findingMarker)
                case .ignored: return ("⊘", .skippedMarker)
                case .open: return (mark.isCurrent ? "▶" : "●", .findingMarker)
                }
            }()
            grid.write(gutter.0, row: row, column: rect.column, role: gutter.1)
            let number = String(line + 1)
            grid.write(
                String(repeating: " ", count: digits - number.count) + number, row: row, column: rect.column + 2,
                role: .lineNumber)
            var roles = view.roles
            // Findings override syntax colours: the current one strongly, open ones lightly.
            let overlays = onLine.compactMap { mark -> (ByteRange, StyleRole)? in
                if mark.isCurrent { return (mark.range, .findingCurrent) }
                return mark.decision == .open ? (mark.range, .findingOther) : nil
            }
            if !overlays.isEmpty { roles = overlay(overlays, on: roles, within: content) }
            let spans = SourceLineRenderer.spans(bytes: view.bytes, range: content.start..<content.end, roles: roles)
            grid.write(spans, row: row, column: textColumn, limit: rect.column + rect.width)
        }
    }

    /// The number of lines to show: a final line break does not start a line of its own.
    static func lastLine(of view: RenderCache.SourceView) -> Int {
        let starts = view.lineIndex.lineStarts
        if starts.count > 1, starts.last == view.bytes.count { return starts.count - 1 }
        return starts.count
    }

    /// Syntax roles with finding ranges laid over them, limited to one line.
    static func overlay(
        _ overlays: [(ByteRange, StyleRole)], on roles: [(range: ByteRange, role: StyleRole)], within line: ByteRange
    )
        -> [(range: ByteRange, role: StyleRole)]
    {
        var perByte = [StyleRole?](repeating: nil, count: line.count)
        // The roles are in file order: the line's are found by halving, not by looking through
        // every role of the file for every row.
        let first = roles.firstIndexByHalving { $0.range.end > line.start }
        for (range, role) in roles[first...] {
            guard range.start < line.end else { break }
            guard range.end > line.start else { continue }
            for offset in max(range.start, line.start)..<min(range.end, line.end) {
                perByte[offset - line.start] = role
            }
        }
        for (range, role) in overlays where range.end > line.start && range.start < line.end {
            for offset in max(range.start, line.start)..<min(range.end, line.end) {
                perByte[offset - line.start] = role
            }
        }
        var result: [(range: ByteRange, role: StyleRole)] = []
        var index = 0
        while index < perByte.count {
            guard let role = perByte[index] else {
                index += 1
                continue
            }
            var end = index + 1
            while end < perByte.count, perByte[end] == role { end += 1 }
            result.append((ByteRange(line.start + index, line.start + end), role))
            index = end
        }
        return result
    }
}
