/// A run of text with one role: the unit the panes lay out.
public struct Span: Equatable, Sendable {
    public var text: String
    public var role: StyleRole

    public init(_ text: String, _ role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

extension CellGrid {
    /// Writes spans one after another from a position, clipped at `limit`.
    @discardableResult
    mutating func write(_ spans: [Span], row: Int, column: Int, limit: Int) -> Int {
        var position = column
        for span in spans where position < limit {
            position = write(span.text, row: row, column: position, role: span.role, limit: limit)
        }
        return position
    }
}

/// Wraps spans into lines of at most `width` columns, breaking at spaces where it can.
enum SpanWrapper {
    static func wrap(_ spans: [Span], width: Int, indent: String = "") -> [[Span]] {
        guard width > 0 else { return [] }
        var lines: [[Span]] = []
        var line: [Span] = []
        var lineWidth = 0
        // Words keep their role; a space between words takes the role of the word before it.
        var words: [(text: String, role: StyleRole, spaceBefore: Bool)] = []
        var pendingSpace = false
        for span in spans {
            var spaceBefore = pendingSpace || span.text.first == " "
            for (index, word) in span.text.split(separator: " ", omittingEmptySubsequences: true).enumerated() {
                words.append((String(word), span.role, index > 0 || spaceBefore))
                spaceBefore = false
            }
            if span.text.last == " " { pendingSpace = true } else if !span.text.isEmpty { pendingSpace = false }
        }
        for (index, word) in words.enumerated() {
            let wordWidth = DisplayWidth.of(word.text)
            let separator = index > 0 && word.spaceBefore && lineWidth > 0 ? 1 : 0
            if lineWidth > 0 && lineWidth + separator + wordWidth > width {
                lines.append(line)
                line = indent.isEmpty ? [] : [Span(indent)]
                lineWidth = DisplayWidth.of(indent)
            } else if separator == 1 {
                line.append(Span(" ", line.last?.role ?? .normal))
                lineWidth += 1
            }
            line.append(Span(word.text, word.role))
            lineWidth += wordWidth
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
