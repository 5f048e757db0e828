import ConcurUI
import Testing

@Suite("Cell grid")
struct CellGridTests {
    @Test func wideCharactersTakeTwoCellsAndAreClippedWhole() {
        var grid = CellGrid(width: 6, height: 1)
        let end = grid.write("a名b☕", row: 0, column: 0, role: .normal)
        #expect(end == 6)
        #expect(grid.text == "a名b☕")
        #expect(grid[0, 2].isContinuation && grid[0, 5].isContinuation)
        var narrow = CellGrid(width: 3, height: 1)
        narrow.write("ab名", row: 0, column: 0, role: .keyword)
        #expect(narrow.text == "ab ")
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        var grid = CellGrid(width: 4, height: 1)
        grid.write("a\u{1B}b\u{7}", row: 0, column: 0, role: .normal)
        #expect(grid.text == "a·b·")
    }

    @Test func combiningMarksStayWithTheirLetter() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("日本") == 4)
    }
}
