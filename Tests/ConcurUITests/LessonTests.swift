import ConcurCore
import ConcurUI
import Testing

@Suite("The learn walkthrough, driven by keys only")
struct LessonTests {
    static func practice() -> ReviewState {
        UITestSupport.state([
            ("sql/001_a.sql", "DROP INDEX a;\n"),
            ("sql/002_b.sql", "BEGIN;\nALTER TABLE t ADD COLUMN x int;\nDROP INDEX b;\nCOMMIT;\n"),
            ("sql/003_c.sql", "DROP INDEX c CASCADE;\n"),
        ])
    }

    @Test func stepsGoForwardAndBackAndFinish() {
        var lesson = Lesson()
        var practice = Self.practice()
        #expect(lesson.step == .lock)
        #expect(lesson.handle(key: .left, practice: &practice).isEmpty)
        #expect(lesson.step == .lock)
        lesson.handle(key: .right, practice: &practice)
        #expect(lesson.step == .concurrently)
        lesson.handle(key: .backspace, practice: &practice)
        #expect(lesson.step == .lock)
        lesson.handle(key: .enter, practice: &practice)
        lesson.handle(key: .character(" "), practice: &practice)
        #expect(lesson.step == .practice)
        // In the practice, Enter and Space belong to the reviewer; arrows and > < move on.
        lesson.handle(key: .character(">"), practice: &practice)
        #expect(lesson.step == .caveats)
        lesson.handle(key: .character("<"), practice: &practice)
        #expect(lesson.step == .practice)
        lesson.handle(key: .right, practice: &practice)
        lesson.handle(key: .right, practice: &practice)
        #expect(lesson.step == .atWork)
        #expect(!lesson.finished)
        #expect(lesson.handle(key: .right, practice: &practice) == [.quit])
        #expect(lesson.finished)
    }

    @Test func qQuitsFromEveryStepButTypesInAPrompt() {
        var lesson = Lesson()
        var practice = Self.practice()
        #expect(lesson.handle(key: .character("q"), practice: &practice) == [.quit])
        lesson.handle(key: .right, practice: &practice)
        lesson.handle(key: .right, practice: &practice)
        lesson.handle(key: .character("i"), practice: &practice)  // ignore: asks for a reason
        #expect(lesson.handle(key: .character("q"), practice: &practice).isEmpty)
        #expect(practice.mode == .ignoreReason("q"))
        lesson.handle(key: .enter, practice: &practice)
        #expect(lesson.feedback?.hasPrefix("Ignored on purpose") == true)
        #expect(lesson.handle(key: .character("q"), practice: &practice) == [.quit])
    }

    @Test func theCoachExplainsEachDecisionFromTheFindingsOwnFix() {
        var lesson = Lesson()
        var practice = Self.practice()
        lesson.handle(key: .right, practice: &practice)
        lesson.handle(key: .right, practice: &practice)
        #expect(lesson.feedback?.hasPrefix("Review these migrations with the real keys") == true)
        lesson.handle(key: .character("y"), practice: &practice)
        #expect(lesson.feedback?.hasPrefix("Accepted: Use DROP INDEX CONCURRENTLY IF EXISTS.") == true)
        lesson.handle(key: .character("y"), practice: &practice)
        #expect(lesson.feedback?.contains("moves after the COMMIT") == true)
        lesson.handle(key: .character("y"), practice: &practice)
        let cascade = practice.currentFinding?.fix?.reason ?? "?"
        #expect(lesson.feedback == "There is no automatic fix here: \(cascade)")
        lesson.handle(key: .character("n"), practice: &practice)
        #expect(lesson.feedback?.hasPrefix("Skipped: the finding stays") == true)
        #expect(lesson.feedback?.hasSuffix("Every finding is decided: press > for the next step.") == true)
        lesson.handle(key: .character("u"), practice: &practice)
        #expect(lesson.feedback == "Undone: the finding is open again.")
        lesson.handle(key: .character("e"), practice: &practice)
        #expect(lesson.feedback?.hasPrefix("The editor is off in the walkthrough") == true)
    }

    @Test func theReadingStepsComeFromTheRuleDocumentation() {
        var lesson = Lesson()
        var practice = Self.practice()
        let screen = LessonRenderer.render(lesson, practice: practice, width: 80, height: 24).text
        #expect(screen.contains("concur learn · step 1 of 5"))
        #expect(screen.contains("A plain DROP INDEX takes an ACCESS EXCLUSIVE lock"))
        for _ in 0..<3 { lesson.handle(key: .right, practice: &practice) }
        let caveats = LessonRenderer.render(lesson, practice: practice, width: 80, height: 40).text
        #expect(caveats.contains("One index per statement"))
        #expect(caveats.contains("A cancelled drop leaves an invalid index"))
    }

    @Test(arguments: [(80, 24), (60, 20), (120, 40), (40, 10)])
    func everyStepFits(_ width: Int, _ height: Int) {
        var lesson = Lesson()
        var practice = Self.practice()
        for _ in Lesson.Step.allCases {
            let grid = LessonRenderer.render(lesson, practice: practice, width: width, height: height)
            #expect(grid.width == width && grid.height == height)
            let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == height)
            #expect(lines.first?.contains("step \(lesson.step.rawValue + 1) of 5") == true)
            lesson.handle(key: .right, practice: &practice)
        }
    }

    @Test func scrollingStopsAtTheEnd() {
        var lesson = Lesson()
        var practice = Self.practice()
        for _ in 0..<3 { lesson.handle(key: .right, practice: &practice) }
        for _ in 0..<200 { lesson.handle(key: .down, practice: &practice) }
        let lines = LessonRenderer.lineCount(of: .caveats, width: 80)
        lesson.clampScroll(to: lines - 21)
        #expect(lesson.scroll == max(0, lines - 21))
        let bottom = LessonRenderer.render(lesson, practice: practice, width: 80, height: 24).text
        #expect(bottom.contains("statement_timeout") || bottom.contains("lock_timeout"))
    }
}
