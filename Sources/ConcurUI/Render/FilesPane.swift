/// The list of migration files, in migration order, with their open findings.
enum FilesPane {
    static func draw(_ state: ReviewState, in rect: ReviewRenderer.Layout.Rect, into grid: inout CellGrid) {
        let visible = state.visibleFiles
        let title = state.showsAllFiles ? "Files (\(visible.count))" : "Files with findings (\(visible.count))"
        ReviewRenderer.drawTitle(title, focused: state.focus == .files, in: rect, into: &grid)
        let rows = rect.height - 1
        guard rows > 0 else { return }
        if visible.isEmpty {
            let text = state.scanFinished ? (state.files.isEmpty ? "No SQL files found." : "No findings.") : "Scanning…"
            grid.write(
                " " + text, row: rect.row + 1, column: rect.column, role: .normal, limit: rect.column + rect.width)
            return
        }
        let selected = state.position.flatMap { visible.firstIndex(of: $0.file) } ?? 0
        let top = max(0, min(selected - rows / 2, visible.count - rows))
        for (offset, fileIndex) in visible[top..<min(visible.count, top + rows)].enumerated() {
            let row = rect.row + 1 + offset
            let file = state.files[fileIndex]
            let isSelected = fileIndex == state.position?.file
            let base: StyleRole = isSelected ? .selection : .normal
            grid.fill(row: row, column: rect.column, width: rect.width, height: 1, role: base)
            let badge: (String, StyleRole)
            if file.findings.isEmpty {
                badge = ("", base)
            } else if file.openCount == 0 {
                badge = ("✓", isSelected ? .selection : .fileDone)
            } else {
                badge = ("\(file.openCount)", isSelected ? .selection : .fileCount)
            }
            let badgeWidth = DisplayWidth.of(badge.0)
            let pathWidth = rect.width - 2 - badgeWidth - (badgeWidth > 0 ? 1 : 0)
            grid.write(isSelected ? "▸" : " ", row: row, column: rect.column, role: base)
            grid.write(
                PathShortener.shorten(file.path, to: pathWidth), row: row, column: rect.column + 1, role: base,
                limit: rect.column + 1 + pathWidth)
            if badgeWidth > 0 {
                grid.write(badge.0, row: row, column: rect.column + rect.width - 1 - badgeWidth, role: badge.1)
            }
        }
    }
}

/// Shortens paths for narrow columns, keeping the end (the file and its folder) readable.
public enum PathShortener {
    public static func shorten(_ path: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(path) <= width { return path }
        let components = path.split(separator: "/").map(String.init)
        var result = components.last ?? path
        for component in components.dropLast().reversed() {
            let candidate = component + "/" + result
            if DisplayWidth.of("…/" + candidate) > width { break }
            result = candidate
        }
        if DisplayWidth.of("…/" + result) <= width { return "…/" + result }
        // Even the file name is too long: keep its start and its end.
        let characters = Array(result)
        let keep = max(1, width - 1)
        let head = keep / 2
        let tail = keep - head
        return String(characters.prefix(head)) + "…" + String(characters.suffix(tail))
    }
}
