import ConcurCore

/// The current finding: its message, the decision so far, and the rewrite as a coloured diff —
/// or, when no automatic fix is safe, the reason and what to do instead.
enum ProposalPane {
    static func draw(_ state: ReviewState, in rect: ReviewRenderer.Layout.Rect, into grid: inout CellGrid) {
        let finding = state.currentFinding
        let title: String
        if let fix = finding?.fix {
            title = fix.isSafe ? "Proposal — " + fix.title : "Proposal — no automatic fix"
        } else {
            title = "Proposal"
        }
        ReviewRenderer.drawTitle(title, focused: false, in: rect, into: &grid)
        let width = rect.width - 2
        var lines: [[Span]] = []
        if let finding, let decision = state.currentDecision, let file = state.currentFile {
            let summary = SpanWrapper.wrap(
                [
                    Span("\(finding.severity.rawValue): ", finding.severity == .error ? .messageError : .noFix),
                    Span(finding.message),
                ],
                width: width)
            let hasSafeFix = finding.fix?.isSafe == true
            if !hasSafeFix {
                // What to do instead matters more than the restated problem.
                lines += SpanWrapper.wrap(
                    [Span("No automatic fix. ", .noFix), Span(finding.fix?.reason ?? "")], width: width)
            }
            lines += summary.prefix(rect.height >= 9 ? 3 : 2)
            if let note = finding.fix?.note, decision == .open {
                // The trade-off of the rewrite, before it is accepted, matters more than how the file runs.
                lines += SpanWrapper.wrap([Span("note: ", .noFix), Span(note, .lineNumber)], width: width).prefix(2)
            } else if file.analysis.tool != .psql, let context = finding.context, rect.height >= 8 {
                lines += SpanWrapper.wrap([Span("runs: ", .lineNumber), Span(context, .lineNumber)], width: width)
                    .prefix(2)
            }
            switch decision {
            case .accepted: lines.append([Span("✓ accepted — written on w or when you quit", .acceptedMarker)])
            case .skipped: lines.append([Span("✗ skipped", .skippedMarker)])
            case .stale:
                lines.append([
                    Span("! overlaps a rewrite accepted since — write (w), then review it again", .messageError)
                ])
            case .ignored(let reason):
                let why = reason.isEmpty ? "" : ": " + reason
                let marker = file.path.hasSuffix(ignoringASCIICase: ".py") ? "#" : "--"
                lines.append([
                    Span("⊘ ignored — `\(marker) concur-ignore \(finding.rule)\(why)` will be written", .skippedMarker)
                ])
            case .open: break
            }
            if let fix = finding.fix, fix.isSafe {
                // One line of context when it fits, none when the pane is short.
                let room = rect.height - 1 - lines.count
                // A line that goes on further than the pane is wide either side of the change
                // (minified SQL): the part around the change, a quarter of the pane either side
                // so that the change stays in view, rather than the line's start.
                let isLong = file.source.withBytes {
                    UnifiedDiff.displayLineBytes(in: $0, edits: fix.edits, cuttingLongLinesAt: rect.width)?.isCut
                        == true
                }
                if isLong,
                    let cut = file.source.withBytes({
                        UnifiedDiff.displayLineBytes(
                            in: $0, edits: fix.edits, cuttingLongLinesAt: max(16, rect.width / 4))
                    })
                {
                    lines += cut.lines.map(Self.spans)
                } else {
                    let withContext = diffLines(file.source.bytes, fix.edits, context: 1)
                    lines +=
                        withContext.count <= room ? withContext : diffLines(file.source.bytes, fix.edits, context: 0)
                }
                for created in fix.createdFiles {
                    lines.append([Span("+ new file " + created.path, .fixTitle)])
                    for line in String(decoding: created.content, as: UTF8.self).split(separator: "\n") {
                        lines.append([Span("+ " + String(line), .diffAdded)])
                    }
                }
            }
        } else if let file = state.currentFile {
            lines.append([Span(file.findings.isEmpty ? "No findings in this file." : "Nothing selected.")])
        } else {
            lines.append([Span(state.scanFinished ? "No findings: nothing to review." : "Scanning…")])
        }
        for (offset, line) in lines.prefix(rect.height - 1).enumerated() {
            grid.write(line, row: rect.row + 1 + offset, column: rect.column + 1, limit: rect.column + rect.width)
        }
    }

    /// A preview line as the pane shows it.
    private static func spans(_ line: (marker: UInt8, text: ArraySlice<UInt8>)?) -> [Span] {
        guard let line else { return [Span("  …", .diffContext)] }
        let text = String(decoding: line.text, as: UTF8.self).replacingTabs()
        return line.marker == UInt8(ascii: "-") ? [Span("- " + text, .diffRemoved)] : [Span("+ " + text, .diffAdded)]
    }

    /// The fix as `-`/`+` lines with one line of context, hunks separated by `…`.
    static func diffLines(_ bytes: [UInt8], _ edits: [Edit], context: Int) -> [[Span]] {
        guard let lines = try? UnifiedDiff.displayLines(original: bytes, edits: edits, context: context) else {
            return []
        }
        return lines.map { line in
            guard let line else { return [Span("  …", .diffContext)] }
            let text = line.text.replacingTabs()
            switch line.marker {
            case "-": return [Span("- " + text, .diffRemoved)]
            case "+": return [Span("+ " + text, .diffAdded)]
            default: return [Span("  " + text, .diffContext)]
            }
        }
    }
}
