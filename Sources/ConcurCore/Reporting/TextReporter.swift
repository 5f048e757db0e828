/// Renders findings as `path:line:col: severity: [rule] message` lines, each followed by its fix:
/// the proposed rewrite as removed/added lines, or the reason there is none.
public struct TextReporter: Sendable {
    /// Whether to colour the output with ANSI escapes.
    public var colored: Bool

    /// Creates a reporter.
    public init(colored: Bool) {
        self.colored = colored
    }

    /// How much text `render(_:output:)` gathers before handing it out.
    public static let flushSize = LineReportBuffer.flushSize

    /// The lines for one file's findings and problem.
    public func render(_ file: LocatedFileReport) -> String {
        LineReportBuffer.collect { render([file], output: $0) }
    }

    /// The lines for several files' findings and problems, as UTF-8 handed to `output` in pieces
    /// of about `flushSize` bytes: a file with many findings is never held whole, and many small
    /// files make few pieces.
    public func render(_ files: [LocatedFileReport], output: ([UInt8]) -> Void) {
        var lines = LineReportBuffer()
        withoutActuallyEscaping(output) { output in
            for file in files { render(file, into: &lines, output: output) }
        }
        lines.finish(output)
    }

    /// One file's lines, added to `lines`; handed to `output`, when there is one, whenever about
    /// a megabyte has gathered.
    func render(_ file: LocatedFileReport, into lines: inout LineReportBuffer, output: (([UInt8]) -> Void)?) {
        for located in file.findings {
            if let output { lines.flushIfFull(output) }
            let finding = located.finding
            paint(.bold, &lines) { $0.position(file.path, located.start, separator: ":") }
            lines.append(literal: " ")
            paint(finding.severity == .error ? .red : .yellow, &lines) {
                $0.append(finding.severity.rawValue)
                $0.append(literal: ":")
            }
            lines.append(literal: " ")
            paint(.dim, &lines) {
                $0.append(literal: "[")
                $0.append(finding.rule)
                $0.append(literal: "]")
            }
            lines.append(literal: " ")
            lines.append(finding.message)
            lines.append(literal: "\n")
            if file.analysis.tool != .psql, let context = finding.context {
                lines.append(literal: "  ")
                paint(.dim, "runs:", &lines)
                lines.append(literal: " ")
                lines.append(context)
                lines.append(literal: "\n")
            }
            renderFix(finding.fix, source: file.analysis.source, into: &lines)
        }
        if let problem = file.analysis.problem, let position = file.problemPosition {
            paint(.bold, &lines) { $0.position(file.path, position, separator: ":") }
            lines.append(literal: " ")
            paint(.red, "error:", &lines)
            lines.append(literal: " ")
            lines.append(problem.message)
            lines.append(literal: "\n")
        }
    }

    /// A line for a file that could not be read.
    public func render(_ unreadable: UnreadableFile) -> String {
        paint("\(unreadable.path):", .bold) + " " + paint("error:", .red) + " " + unreadable.message + "\n"
    }

    /// The closing summary line.
    public func summary(_ report: CheckReport) -> String {
        summary(CheckTally(report))
    }

    /// The closing summary line, from counts added up batch by batch.
    public func summary(_ tally: CheckTally) -> String {
        let findings = tally.findings
        let fixable = tally.fixable
        let files = tally.filesChecked == 1 ? "1 file" : "\(tally.filesChecked) files"
        var line: String
        switch findings {
        case 0: line = "No findings in \(files)."
        case 1: line = "1 finding in \(files)"
        default: line = "\(findings) findings in \(files)"
        }
        if findings > 0 {
            line +=
                fixable > 0
                ? "; \(fixable) with a safe fix (run `concur fix` to apply them)." : "; none has a safe fix."
        }
        let errors = tally.errors
        if errors > 0 { line += " \(errors) file\(errors == 1 ? "" : "s") could not be checked completely." }
        return line + "\n"
    }

    private func renderFix(_ fix: Fix?, source: SourceFile, into lines: inout LineReportBuffer) {
        guard let fix else { return }
        guard fix.isSafe else {
            lines.append(literal: "  ")
            paint(.yellow, "no automatic fix:", &lines)
            lines.append(literal: " ")
            lines.append(fix.reason ?? "")
            lines.append(literal: "\n")
            return
        }
        lines.append(literal: "  ")
        paint(.cyan, "fix:", &lines)
        lines.append(literal: " ")
        lines.append(fix.title)
        lines.append(literal: "\n")
        if let note = fix.note {
            lines.append(literal: "  ")
            paint(.yellow, "note:", &lines)
            lines.append(literal: " ")
            lines.append(note)
            lines.append(literal: "\n")
        }
        // Bytes are read where they lie (a large file mapped into memory is not copied).
        guard
            let diff = source.withBytes({
                UnifiedDiff.displayLineBytes(in: $0, edits: fix.edits, cuttingLongLinesAt: Self.previewMargin)?.lines
            })
        else { return }
        for line in diff {
            lines.append(literal: "    ")
            guard let line else {
                paint(.dim, "…", &lines)
                lines.append(literal: "\n")
                continue
            }
            paint(line.marker == UInt8(ascii: "-") ? .red : .green, &lines) {
                $0.append(byte: line.marker)
                $0.append(literal: " ")
                $0.appendText(line.text)
            }
            lines.append(literal: "\n")
        }
        for created in fix.createdFiles {
            lines.append(literal: "    ")
            paint(.cyan, &lines) {
                $0.append(literal: "new file ")
                $0.append(created.path)
                $0.append(literal: ":")
            }
            lines.append(literal: "\n")
            for line in String(decoding: created.content, as: UTF8.self).split(separator: "\n") {
                lines.append(literal: "    ")
                paint(.green, &lines) {
                    $0.append(literal: "+ ")
                    $0.append(String(line))
                }
                lines.append(literal: "\n")
            }
        }
    }

    /// How many bytes of a line a fix's preview shows before its first edit and after its last:
    /// a longer line (minified SQL, many statements on one line) is cut there, with `…`. Shown
    /// whole, the line under each of thousands of findings on one line made gigabytes of output.
    public static let previewMargin = 200

    private enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colored ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Writes `text`, between the style's escape codes when colouring.
    private func paint(_ style: Style, _ text: String, _ lines: inout LineReportBuffer) {
        paint(style, &lines) { $0.append(text) }
    }

    /// Writes what `body` writes, between the style's escape codes when colouring.
    private func paint(_ style: Style, _ lines: inout LineReportBuffer, _ body: (inout LineReportBuffer) -> Void) {
        if colored {
            lines.append(literal: "\u{1B}[")
            lines.append(style.rawValue)
            lines.append(literal: "m")
        }
        body(&lines)
        if colored { lines.append(literal: "\u{1B}[0m") }
    }
}
