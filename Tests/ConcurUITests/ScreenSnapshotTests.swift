import ConcurUI
import Foundation
import Testing

/// Whole screens as plain text at fixed sizes, compared with Tests/ConcurUITests/Snapshots.
/// Run with CONCUR_RECORD_SNAPSHOTS=1 to write them anew (then read the diff before committing).
@Suite("Screen snapshots")
struct ScreenSnapshotTests {
    static let folder = UITestSupport.packageRoot.appendingPathComponent("Tests/ConcurUITests/Snapshots")

    func assertSnapshot(_ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.folder.appendingPathComponent("\(name).txt")
        let actual = grid.text + "\n"
        if ProcessInfo.processInfo.environment["CONCUR_RECORD_SNAPSHOTS"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(name).txt: run with CONCUR_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "screen \(name) changed", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(80, 24), (120, 40), (60, 16)])
    func findingWithFix(_ width: Int, _ height: Int) throws {
        let state = try UITestSupport.examples()
        let grid = ReviewRenderer.render(state, width: width, height: height)
        try assertSnapshot(grid, "finding-with-fix-\(width)x\(height)")
        // The current finding is emphasised where DROP INDEX stands.
        let rows = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row = try #require(rows.firstIndex { $0.contains("▶") && $0.contains("DROP INDEX customers_legacy_ref") })
        let column = try #require(Array(rows[row]).firstIndex(of: "D"))
        #expect(grid[row, column].role == .findingCurrent)
        #expect(grid[row, column - 7].role == .findingMarker || rows[row].hasPrefix(" "))
    }

    /// Every step of `concur learn` at 80×24, the practice on the examples tree.
    @Test func learnSteps() throws {
        var lesson = Lesson()
        var practice = try UITestSupport.examples()
        for step in Lesson.Step.allCases {
            let grid = LessonRenderer.render(lesson, practice: practice, width: 80, height: 24)
            try assertSnapshot(grid, "learn-step-\(step.rawValue + 1)-80x24")
            lesson.handle(key: .right, practice: &practice)
        }
    }

    @Test func findingWithoutSafeFix() throws {
        var state = try UITestSupport.examples()
        for _ in 0..<3 { state.handle(.nextFile) }
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "no-safe-fix-80x24")
    }

    @Test func findingMovedOutOfATransaction() throws {
        var state = try UITestSupport.examples()
        state.handle(.nextFile)
        state.handle(.nextFile)
        let grid = ReviewRenderer.render(state, width: 120, height: 40)
        try assertSnapshot(grid, "move-out-of-block-120x40")
        #expect(grid.text.contains("+ DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;"))
    }

    @Test func helpOverlay() throws {
        var state = try UITestSupport.examples()
        state.handle(.help)
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "help-80x24")
        try assertSnapshot(ReviewRenderer.render(state, width: 60, height: 16), "help-60x16")
        // A help that does not fit scrolls, so every action can be read at the minimum size.
        for _ in 0..<20 { state.handle(key: .down) }
        let scrolled = ReviewRenderer.render(state, width: 60, height: 16).text
        #expect(scrolled.contains("quit (asks when rewrites are unwritten)"))
        #expect(state.mode == .help)
        state.handle(key: .character("x"))
        #expect(state.mode == .browsing)
    }

    @Test func explanationHiddenAndScrolled() throws {
        var state = try UITestSupport.examples()
        state.handle(.pageDown)
        try assertSnapshot(ReviewRenderer.render(state, width: 120, height: 40), "explanation-scrolled-120x40")
        state.handle(.toggleExplanation)
        try assertSnapshot(ReviewRenderer.render(state, width: 120, height: 40), "explanation-hidden-120x40")
    }

    @Test func afterAcceptAndAfterUndo() throws {
        var state = try UITestSupport.examples()
        state.handle(.accept)
        state.handle(.previousFinding)
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "after-accept-80x24")
        state.handle(.undo)
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "after-undo-80x24")
    }

    @Test func quitPrompt() throws {
        var state = try UITestSupport.examples()
        state.handle(.accept)
        state.handle(.quit)
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "quit-prompt-80x24")
    }

    @Test func terminalTooSmall() throws {
        let state = try UITestSupport.examples()
        try assertSnapshot(ReviewRenderer.render(state, width: 59, height: 15), "too-small-59x15")
        _ = ReviewRenderer.render(state, width: 1, height: 1)
        _ = ReviewRenderer.render(state, width: 0, height: 0)
    }

    @Test func emptyReview() throws {
        var state = ReviewState()
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "scanning-80x24")
        state.apply(.scanFinished)
        try assertSnapshot(ReviewRenderer.render(state, width: 80, height: 24), "no-files-80x24")
    }
}
