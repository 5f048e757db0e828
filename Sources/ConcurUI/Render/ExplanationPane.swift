import ConcurCore

/// The rule's documentation, rendered from its Markdown, scrollable.
enum ExplanationPane {
    static func draw(_ state: ReviewState, in rect: ReviewRenderer.Layout.Rect, into grid: inout CellGrid) {
        guard let finding = state.currentFinding, let rule = RuleCatalog.description(of: finding.rule) else {
            ReviewRenderer.drawTitle("Why", focused: state.focus == .explanation, in: rect, into: &grid)
            return
        }
        // The pane's title names the rule, so the page's own title line is left out.
        let markdown = RuleDocumentation.markdown(for: rule).split(separator: "\n", omittingEmptySubsequences: false)
            .drop { $0.hasPrefix("# ") }.joined(separator: "\n")
        let all = MarkdownRenderer.lines(markdown, width: rect.width - 2).drop { $0.isEmpty }.map { $0 }
        let rows = rect.height - 1
        let top = max(0, min(state.explanationScroll, all.count - rows))
        let more = all.count > rows ? " (\(top + 1)–\(min(all.count, top + rows)) of \(all.count), PgDn)" : ""
        ReviewRenderer.drawTitle(
            "Why — " + rule.identifier + more, focused: state.focus == .explanation, in: rect, into: &grid)
        for (offset, line) in all.dropFirst(top).prefix(rows).enumerated() {
            grid.write(line, row: rect.row + 1 + offset, column: rect.column + 1, limit: rect.column + rect.width)
        }
    }
}
