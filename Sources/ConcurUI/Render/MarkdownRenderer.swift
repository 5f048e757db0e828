import ConcurCore

/// Renders the rule documentation's Markdown for a pane: headings, bullet lists, paragraphs with
/// inline `code` and **strong** text, and fenced code blocks (SQL ones highlighted), wrapped to
/// the pane's width.
public enum MarkdownRenderer {
    public static func lines(_ markdown: String, width: Int) -> [[Span]] {
        guard width > 4 else { return [] }
        var output: [[Span]] = []
        var paragraph: [String] = []
        var bullet = false
        var inCode = false
        var codeLanguage = ""

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            let spans = inlineSpans(paragraph.joined(separator: " "))
            if bullet {
                let wrapped = SpanWrapper.wrap(spans, width: width - 2, indent: "")
                for (index, line) in wrapped.enumerated() {
                    output.append([Span(index == 0 ? "• " : "  ", .normal)] + line)
                }
            } else {
                output += SpanWrapper.wrap(spans, width: width)
            }
            paragraph = []
            bullet = false
        }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if rawLine.hasPrefix("```") {
                flushParagraph()
                if inCode {
                    inCode = false
                } else {
                    inCode = true
                    codeLanguage = String(rawLine.dropFirst(3))
                }
                continue
            }
            if inCode {
                output.append(codeLine(rawLine, language: codeLanguage))
                continue
            }
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty {
                flushParagraph()
                if output.last != [] && !output.isEmpty { output.append([]) }
            } else if line.hasPrefix("#") {
                flushParagraph()
                let title = line.drop { $0 == "#" }.trimmingPrefixSpaces()
                output.append([Span(title, .docsHeading)])
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                bullet = true
                paragraph = [String(line.dropFirst(2))]
            } else if line.hasPrefix("<!--") {
                continue
            } else {
                paragraph.append(line)
            }
        }
        flushParagraph()
        while output.last == [] { output.removeLast() }
        return output
    }

    /// Inline `code` and **strong** spans.
    static func inlineSpans(_ text: String) -> [Span] {
        var spans: [Span] = []
        var current = ""
        var role: StyleRole = .normal
        var characters = Array(text)
        var index = 0
        func flush() {
            if !current.isEmpty { spans.append(Span(current, role)) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                flush()
                role = role == .docsInlineCode ? .normal : .docsInlineCode
            } else if character == "*", index + 1 < characters.count, characters[index + 1] == "*",
                role != .docsInlineCode
            {
                flush()
                role = role == .docsStrong ? .normal : .docsStrong
                index += 1
            } else {
                current.append(character)
            }
            index += 1
        }
        flush()
        characters.removeAll()
        return spans
    }

    static func codeLine(_ line: String, language: String) -> [Span] {
        let shown = "  " + line.replacingTabs()
        guard language == "sql" || language == "python" else { return [Span(shown, .docsCode)] }
        let bytes = Array(shown.utf8)
        let roles = language == "sql" ? SQLHighlighter.roles(for: bytes) : PythonHighlighter.roles(for: bytes)
        return SourceLineRenderer.spans(bytes: bytes, range: 0..<bytes.count, roles: roles, base: .docsCode)
    }
}

extension String {
    func trimmingPrefixSpaces() -> String { String(drop { $0 == " " }) }

    func replacingTabs() -> String {
        var result = ""
        for character in self {
            if character == "\t" { result += "    " } else { result.append(character) }
        }
        return result
    }
}

extension Substring {
    func trimmingPrefixSpaces() -> String { String(drop { $0 == " " }) }
}

/// Turns a line of source bytes into spans with syntax roles.
enum SourceLineRenderer {
    /// Spans for `bytes[range]`, with `roles` (sorted, non-overlapping) applied; `base` elsewhere.
    static func spans(
        bytes: [UInt8], range: Range<Int>, roles: [(range: ByteRange, role: StyleRole)], base: StyleRole = .normal
    )
        -> [Span]
    {
        var spans: [Span] = []
        var cursor = range.lowerBound
        // The first role that ends after the line starts.
        var low = 0
        var high = roles.count
        while low < high {
            let middle = (low + high) / 2
            if roles[middle].range.end <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var index = low
        func text(_ from: Int, _ to: Int) -> String {
            String(decoding: bytes[from..<to], as: UTF8.self).replacingTabs()
        }
        while cursor < range.upperBound {
            if index < roles.count, roles[index].range.start < range.upperBound {
                let roleStart = max(cursor, roles[index].range.start)
                let roleEnd = min(range.upperBound, roles[index].range.end)
                if roleStart > cursor { spans.append(Span(text(cursor, roleStart), base)) }
                if roleEnd > roleStart { spans.append(Span(text(roleStart, roleEnd), roles[index].role)) }
                cursor = max(cursor, roleEnd)
                index += 1
            } else {
                spans.append(Span(text(cursor, range.upperBound), base))
                cursor = range.upperBound
            }
        }
        return spans
    }
}
