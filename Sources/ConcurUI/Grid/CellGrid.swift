/// One screen cell: a character and its role. A wide character fills its cell and marks the
/// next one as its continuation.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var role: StyleRole
    /// Whether this cell is the right half of a wide character (the terminal draws nothing here).
    public var isContinuation: Bool

    public init(_ character: Character = " ", role: StyleRole = .normal, isContinuation: Bool = false) {
        self.character = character
        self.role = role
        self.isContinuation = isContinuation
    }
}

/// An in-memory screen: what the terminal adapter blits, and what snapshot tests read.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the cursor should be shown, if anywhere (e.g. while typing a search).
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set {
            cursorRow = newValue?.row
            cursorColumn = newValue?.column ?? 0
        }
    }
    private var cursorRow: Int?
    private var cursorColumn = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// Copies another grid in, its top-left corner at a position (clipped at this grid's edges).
    public mutating func place(_ other: CellGrid, row: Int, column: Int) {
        for r in 0..<other.height where row + r >= 0 && row + r < height {
            for c in 0..<other.width where column + c >= 0 && column + c < width {
                self[row + r, column + c] = other[r, c]
            }
        }
    }

    /// Fills a rectangle with blanks of a role.
    public mutating func fill(row: Int, column: Int, width: Int, height: Int, role: StyleRole) {
        for r in max(0, row)..<min(self.height, row + height) {
            for c in max(0, column)..<min(self.width, column + width) { self[r, c] = Cell(" ", role: role) }
        }
    }

    /// Writes text from a position, clipped at `limit` columns (default: the row's end); returns
    /// the column after the last character written. Wide characters that do not fit are replaced
    /// by a space; control characters by `�`-free placeholders so that nothing moves the cursor.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, role: StyleRole, limit: Int? = nil) -> Int {
        guard row >= 0, row < height else { return column }
        let end = min(width, limit ?? width)
        var position = column
        for character in text {
            var shown = character
            var cellWidth = DisplayWidth.of(character)
            if cellWidth == 0 {
                if character.unicodeScalars.first.map({ $0.value < 0x20 || $0.value == 0x7F }) == true {
                    shown = "·"
                    cellWidth = 1
                } else {
                    continue  // a combining mark: drawn as part of the previous character
                }
            }
            if position + cellWidth > end {
                if position < end { self[row, position] = Cell(" ", role: role) }
                return end
            }
            if position >= 0 {
                self[row, position] = Cell(shown, role: role)
                if cellWidth == 2 { self[row, position + 1] = Cell(" ", role: role, isContinuation: true) }
            }
            position += cellWidth
        }
        return position
    }

    /// Changes the role of cells without changing their characters.
    public mutating func paint(row: Int, column: Int, width: Int, role: StyleRole) {
        guard row >= 0, row < height else { return }
        for c in max(0, column)..<min(self.width, column + width) { self[row, c].role = role }
    }

    /// The grid as plain text, one line per row, trailing spaces kept: for snapshot tests.
    public var text: String {
        (0..<height).map { row in
            String(
                (0..<width).compactMap { column -> Character? in
                    let cell = self[row, column]
                    return cell.isContinuation ? nil : cell.character
                })
        }.joined(separator: "\n")
    }

    public static func == (lhs: CellGrid, rhs: CellGrid) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells && lhs.cursorRow == rhs.cursorRow
            && lhs.cursorColumn == rhs.cursorColumn
    }
}
