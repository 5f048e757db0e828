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
    public static let flushSize = 1 << 20

    /// The lines for one file's findings and problem.
    public func render(_ file: LocatedFileReport) -> String {
        var whole = ""
        render([file]) { whole += $0 }
        return whole
    }

    /// The lines for several files' findings and problems, handed to `output` in pieces of about
    /// `flushSize` bytes: a file with many findings is never held as one string, and many small
    /// files make few pieces.
    public func render(_ files: [LocatedFileReport], output emit: (String) -> Void) {
        var output = ""
        for file in files { render(file, into: &output, emit: emit) }
        if !output.isEmpty { emit(output) }
    }

    private func render(_ file: LocatedFileReport, into output: inout String, emit: (String) -> Void) {
        for located in file.findings {
            if output.utf8.count >= Self.flushSize {
                emit(output)
                output = ""
            }
            let finding = located.finding
            output += paint("\(file.path):\(located.start.line):\(located.start.column):", .bold)
            output += " " + paint("\(finding.severity.rawValue):", finding.severity == .error ? .red : .yellow)
            output += " " + paint("[\(finding.rule)]", .dim) + " " + finding.message + "\n"
            if file.analysis.tool != .psql, let context = finding.context {
                output += "  " + paint("runs:", .dim) + " " + context + "\n"
            }
            output += renderFix(finding.fix, source: file.analysis.source)
        }
        if let problem = file.analysis.problem, let position = file.problemPosition {
            output += paint("\(file.path):\(position.line):\(position.column):", .bold)
            output += " " + paint("error:", .red) + " " + problem.message + "\n"
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

    private func renderFix(_ fix: Fix?, source: SourceFile) -> String {
        guard let fix else { return "" }
        guard fix.isSafe else { return "  " + paint("no automatic fix:", .yellow) + " " + (fix.reason ?? "") + "\n" }
        var output = "  " + paint("fix:", .cyan) + " " + fix.title + "\n"
        if let note = fix.note { output += "  " + paint("note:", .yellow) + " " + note + "\n" }
        guard let lines = try? UnifiedDiff.displayLines(original: source.bytes, edits: fix.edits, context: 0) else {
            return output
        }
        for line in lines {
            guard let line else {
                output += "    " + paint("…", .dim) + "\n"
                continue
            }
            output += "    " + paint("\(line.marker) \(line.text)", line.marker == "-" ? .red : .green) + "\n"
        }
        for created in fix.createdFiles {
            output += "    " + paint("new file \(created.path):", .cyan) + "\n"
            for line in String(decoding: created.content, as: UTF8.self).split(separator: "\n") {
                output += "    " + paint("+ \(line)", .green) + "\n"
            }
        }
        return output
    }

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
}
