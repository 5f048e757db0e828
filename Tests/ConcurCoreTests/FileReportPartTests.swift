import ConcurCore
import Testing

/// `check` has each file's share of the report written on a worker (`FileReportWriter`) and joins
/// the shares in order; a file with a great many findings is written in slices of them, two at a
/// time. Joined, the shares must give the very bytes of the report rendered whole.
@Suite("Report shares written file by file")
struct FileReportPartTests {
    /// Files of every kind: findings with fixes and without, moved drops, problems, none at all,
    /// BOMs, invalid UTF-8, and paths that need escaping.
    static func analyses(_ seed: UInt64) -> [FileAnalysis] {
        var random = SplitMix64(state: seed)
        let paths = ["a.sql", "dir/b \"q\".sql", "c\\d.sql", "é/☕.sql", "e.sql"]
        return (0..<Int.random(in: 1...6, using: &random)).map { index in
            let bytes = PropertyTests.generate(random.next())
            let path = paths[index % paths.count]
            return SQLAnalyzer().analyze(SourceFile(path: path, bytes: bytes))
        }
    }

    /// Each file whole, or, on odd seeds, cut into slices of its findings at random places (some
    /// slices empty), as `check` writes a file with a great many findings.
    static func pieces(_ analyses: [FileAnalysis], seed: UInt64) -> [LocatedFileReport] {
        var random = SplitMix64(state: seed ^ 0x5EED)
        return analyses.flatMap { analysis -> [LocatedFileReport] in
            guard seed % 2 == 1 else { return [LocatedFileReport(analysis)] }
            let count = analysis.findings.count
            // Cuts before the last finding: only the last piece reaches the file's end.
            let cuts = (0..<(count == 0 ? 0 : Int.random(in: 0...3, using: &random))).map { _ in
                Int.random(in: 0..<count, using: &random)
            }
            let bounds = [0] + cuts.sorted() + [count]
            return bounds.indices.dropLast().map {
                LocatedFileReport(analysis, findingsIn: bounds[$0]..<bounds[$0 + 1])
            }
        }
    }

    /// The shares of the pieces, each written by one of two writers taking turns (as workers take
    /// files, and as two threads take a large file's slices), as the output receives them.
    static func parts<Writer: FileReportWriter>(_ pieces: [LocatedFileReport], _ make: () -> Writer)
        -> [FileReportPart]
    {
        var writers = [make(), make()]
        return pieces.enumerated().map { index, piece in writers[index % 2].part(of: piece) }
    }

    @Test(arguments: 0..<150)
    func joinedSharesAreTheWholeReport(_ seed: Int) {
        let analyses = Self.analyses(UInt64(seed))
        let files = analyses.map { LocatedFileReport($0) }
        let pieces = Self.pieces(analyses, seed: UInt64(seed))
        // Half the time with a file that could not be read (which alone makes SARIF's run fail).
        let unreadable =
            seed % 2 == 0 ? [UnreadableFile(path: "gone.sql", message: "no such file or directory")] : []
        let whole = CheckReport(files: files, unreadable: unreadable)
        // Handed over in batches of two files, as batches of 64 are.
        let parts = { (made: [FileReportPart]) in
            stride(from: 0, to: made.count, by: 2).map { Array(made[$0..<min(made.count, $0 + 2)]) }
        }

        var json = JSONReporter.Stream()
        var document: [UInt8] = []
        for batch in parts(Self.parts(pieces, JSONReporter.FileWriter.init)) { json.add(batch) { document += $0 } }
        json.add(unreadable: unreadable)
        json.finish { document += $0 }
        #expect(String(decoding: document, as: UTF8.self) == JSONReporter.render(whole), "json, seed \(seed)")

        var sarif = SARIFReporter.Stream(toolVersion: "test")
        document = []
        for batch in parts(Self.parts(pieces, SARIFReporter.FileWriter.init)) { sarif.add(batch) { document += $0 } }
        sarif.add(unreadable: unreadable)
        document += sarif.finish()
        #expect(
            String(decoding: document, as: UTF8.self) == SARIFReporter.render(whole, toolVersion: "test"),
            "sarif, seed \(seed)")

        var gitlab = GitLabReporter.Stream()
        document = []
        for batch in parts(Self.parts(pieces, GitLabReporter.FileWriter.init)) { gitlab.add(batch) { document += $0 } }
        document += gitlab.finish()
        #expect(
            String(decoding: document, as: UTF8.self)
                == GitLabReporter.render(CheckReport(files: files, unreadable: [])),
            "gitlab, seed \(seed)")

        let noUnreadable = CheckReport(files: files, unreadable: [])
        let lines: [(String, [FileReportPart], String)] = [
            ("gcc", Self.parts(pieces) { LineFileWriter.gcc }, GCCReporter.render(noUnreadable)),
            ("github", Self.parts(pieces) { LineFileWriter.github }, GitHubReporter.render(noUnreadable)),
            (
                "text", Self.parts(pieces) { LineFileWriter.text(colored: true) },
                TextReporter(colored: true).render(files)
            ),
        ]
        for (format, made, expected) in lines {
            #expect(String(decoding: made.flatMap(\.bytes), as: UTF8.self) == expected, "\(format), seed \(seed)")
        }

        // The shares' counts add up to the whole report's.
        var tally = CheckTally()
        for part in Self.parts(pieces, { LineFileWriter.gcc }) { tally.add(part.tally) }
        #expect(tally == CheckTally(noUnreadable))
        let errors = Self.parts(pieces, { LineFileWriter.gcc }).reduce(0) { $0 + $1.errorFindings }
        #expect(errors == files.reduce(0) { $0 + $1.findings.filter { $0.finding.severity == .error }.count })
    }
}

extension FileReportPartTests {
    /// Shares of a megabyte or more (the slices of a file with a great many findings) are handed
    /// out from where they lie, between what gathered before and after them.
    @Test func largeSharesAreHandedOutInPlace() {
        let many = (0..<5_000).map { "DROP INDEX many_\($0);\n" }.joined()
        let analyses = [("a.sql", "DROP INDEX a;\n"), ("b.sql", many + "SELECT 'open"), ("c.sql", "DROP INDEX c;\n")]
            .map { SQLAnalyzer().analyze(SourceFile(path: $0.0, bytes: Array($0.1.utf8))) }
        let pieces = [
            LocatedFileReport(analyses[0]), LocatedFileReport(analyses[1], findingsIn: 0..<2_500),
            LocatedFileReport(analyses[1], findingsIn: 2_500..<5_000), LocatedFileReport(analyses[2]),
        ]
        let parts = Self.parts(pieces, JSONReporter.FileWriter.init)
        #expect(parts[1].bytes.count >= 1 << 20 && parts[2].bytes.count >= 1 << 20)
        var json = JSONReporter.Stream()
        var document: [UInt8] = []
        var handOuts = 0
        json.add(parts) {
            document += $0
            handOuts += 1
        }
        json.finish { document += $0 }
        #expect(handOuts == 5)  // the start and a.sql; a share; the comma; a share; c.sql
        let whole = CheckReport(files: analyses.map { LocatedFileReport($0) }, unreadable: [])
        #expect(String(decoding: document, as: UTF8.self) == JSONReporter.render(whole))
    }
}

extension TextReporter {
    /// The text of several files, as `render(_:output:)` hands it out.
    func render(_ files: [LocatedFileReport]) -> String {
        var bytes: [UInt8] = []
        render(files) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
