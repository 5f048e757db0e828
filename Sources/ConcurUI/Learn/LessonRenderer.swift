import ConcurCore

/// Draws the walkthrough: a step bar on top, the step's text (or the real reviewer on the
/// practice sandbox), and the keys at the bottom. Pure, like `ReviewRenderer`.
public enum LessonRenderer {
    /// The smallest screen for the reading steps; the practice step needs the reviewer's minimum
    /// plus the two lines of the lesson.
    public static let minimumWidth = 40
    public static let minimumHeight = 10

    /// How many lines a reading step has at a width (for clamping its scroll).
    public static func lineCount(of step: Lesson.Step, width: Int) -> Int {
        MarkdownRenderer.lines(LessonText.markdown(for: step), width: max(10, width - 4)).count
    }

    public static func render(
        _ lesson: Lesson, practice: ReviewState, width: Int, height: Int, cache: RenderCache = RenderCache()
    ) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            let lines = ["Too small: \(width)×\(height)", "needs \(minimumWidth)×\(minimumHeight)", "q quits"]
            for (index, line) in lines.enumerated() where index < height {
                grid.write(line, row: index, column: 0, role: index == 0 ? .messageError : .normal)
            }
            return grid
        }
        drawStepBar(lesson, into: &grid)
        if lesson.step == .practice {
            // The real reviewer between the step bar and the coach's lines (three when they fit).
            let coachRows = max(1, min(3, height - 1 - ReviewRenderer.minimumHeight))
            let review = ReviewRenderer.render(practice, width: width, height: height - 1 - coachRows, cache: cache)
            grid.place(review, row: 1, column: 0)
            let top = height - coachRows
            grid.fill(row: top, column: 0, width: width, height: coachRows, role: .overlay)
            var coach = SpanWrapper.wrap(
                [Span("coach: ", .fixTitle), Span(lesson.feedback ?? "", .overlay)], width: width - 2)
            if coach.count > coachRows {
                coach = Array(coach.prefix(coachRows))
                coach[coachRows - 1].append(Span(" …", .overlay))
            }
            for (offset, line) in coach.enumerated() {
                grid.write(line, row: top + offset, column: 1, limit: width - 1)
            }
            return grid
        }
        let body = MarkdownRenderer.lines(LessonText.markdown(for: lesson.step), width: width - 4)
        let room = height - 3
        let start = min(lesson.scroll, max(0, body.count - room))
        for (offset, line) in body.dropFirst(start).prefix(room).enumerated() {
            grid.write(line, row: 2 + offset, column: 2, limit: width - 2)
        }
        drawHints(lesson, more: start + room < body.count, row: height - 1, into: &grid)
        return grid
    }

    private static func drawStepBar(_ lesson: Lesson, into grid: inout CellGrid) {
        grid.fill(row: 0, column: 0, width: grid.width, height: 1, role: .header)
        let count = Lesson.Step.allCases.count
        let dots = Lesson.Step.allCases.map { $0.rawValue <= lesson.step.rawValue ? "●" : "○" }.joined()
        let text = " concur learn · step \(lesson.step.rawValue + 1) of \(count) \(dots) · \(lesson.step.title)"
        grid.write(text, row: 0, column: 0, role: .header)
    }

    private static func drawHints(_ lesson: Lesson, more: Bool, row: Int, into grid: inout CellGrid) {
        grid.fill(row: row, column: 0, width: grid.width, height: 1, role: .statusBar)
        var hints: [String] = []
        hints.append(lesson.step == .atWork ? "→ finish" : "→ next")
        if lesson.step != .lock { hints.append("← back") }
        if more || lesson.scroll > 0 { hints.append("↓↑ scroll") }
        hints.append("q quit")
        grid.write(" " + hints.joined(separator: "  "), row: row, column: 0, role: .statusBar)
    }
}
