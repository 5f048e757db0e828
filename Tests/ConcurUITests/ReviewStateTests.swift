import ConcurCore
import ConcurUI
import Testing

@Suite("Review state, driven by actions only")
struct ReviewStateTests {
    /// Three files: two findings with fixes, one CASCADE without, one clean file.
    static func sample() -> ReviewState {
        UITestSupport.state([
            ("db/003_c.sql", "DROP INDEX c CASCADE;\n"),
            ("db/001_a.sql", "DROP INDEX a1;\nSELECT 1;\nDROP INDEX a2;\n"),
            ("db/002_clean.sql", "SELECT 1;\n"),
            ("db/004_d.sql", "BEGIN;\nDROP INDEX d;\nCOMMIT;\n"),
        ])
    }

    @Test func startsAtTheFirstOpenFindingInMigrationOrder() {
        let state = Self.sample()
        #expect(state.files.map(\.path) == ["db/001_a.sql", "db/002_clean.sql", "db/003_c.sql", "db/004_d.sql"])
        #expect(state.position == ReviewPosition(file: 0, finding: 0))
        #expect(state.visibleFiles == [0, 2, 3])
    }

    @Test func acceptAppliesInMemoryAndAdvances() {
        var state = Self.sample()
        #expect(state.handle(.accept) == [])
        #expect(state.files[0].decisions == [.accepted, .open])
        #expect(
            String(decoding: state.files[0].currentBytes, as: UTF8.self)
                == "DROP INDEX CONCURRENTLY IF EXISTS a1;\nSELECT 1;\nDROP INDEX a2;\n")
        #expect(
            String(decoding: state.files[0].source.bytes, as: UTF8.self)
                == "DROP INDEX a1;\nSELECT 1;\nDROP INDEX a2;\n")
        #expect(state.position == ReviewPosition(file: 0, finding: 1))
        #expect(state.unwrittenFiles == [0])
    }

    @Test func skipAdvancesAcrossFiles() {
        var state = Self.sample()
        state.handle(.skip)
        state.handle(.skip)
        #expect(state.position == ReviewPosition(file: 2, finding: 0))
        #expect(state.totals.skipped == 2)
    }

    @Test func acceptingWithoutASafeFixOnlyExplains() {
        var state = Self.sample()
        state.handle(.nextFile)
        #expect(state.position?.file == 2)
        state.handle(.accept)
        #expect(state.files[2].decisions == [.open])
        #expect(state.message?.isError == true)
        #expect(
            state.message?.text.hasPrefix("no automatic fix: DROP INDEX CONCURRENTLY does not support CASCADE") == true)
    }

    @Test func undoRestoresDecisionAndPosition() {
        var state = Self.sample()
        state.handle(.accept)
        state.handle(.skip)
        state.handle(.undo)
        #expect(state.files[0].decisions == [.accepted, .open])
        #expect(state.position == ReviewPosition(file: 0, finding: 1))
        state.handle(.undo)
        #expect(state.files[0].decisions == [.open, .open])
        #expect(state.position == ReviewPosition(file: 0, finding: 0))
        state.handle(.undo)
        #expect(state.message?.text == "nothing to undo")
    }

    /// Files scanned later can sort before earlier ones (migration order is not path order): a
    /// decision taken meanwhile is still undone in its own file.
    @Test func undoFollowsItsFileWhenLaterFilesSortBeforeIt() {
        let analyzer = SQLAnalyzer()
        var state = ReviewState()
        state.apply(.filesScanned([analyzer.analyze(SourceFile(path: "a/002_x.sql", text: "DROP INDEX x;\n"))]))
        state.handle(.accept)
        #expect(state.files[0].decisions == [.accepted])
        state.apply(
            .filesScanned([
                analyzer.analyze(SourceFile(path: "b/001_y.sql", text: "SELECT 1;\nDROP INDEX y1;\nDROP INDEX y2;\n"))
            ]))
        #expect(state.files.map(\.path) == ["b/001_y.sql", "a/002_x.sql"])
        #expect(state.position?.file == 1)
        state.handle(.undo)
        #expect(state.files[1].decisions == [.open])
        #expect(state.files[0].decisions == [.open, .open])
        #expect(state.position == ReviewPosition(file: 1, finding: 0))
    }

    @Test func restOfFileActions() {
        var state = Self.sample()
        state.handle(.acceptRestOfFile)
        #expect(state.files[0].decisions == [.accepted, .accepted])
        #expect(state.position?.file == 2)
        state.handle(.skipRestOfFile)
        #expect(state.files[2].decisions == [.skipped])
        #expect(state.position?.file == 3)
        state.handle(.undo)
        #expect(state.files[2].decisions == [.open])
    }

    @Test func quitAsksOnlyWhenRewritesAreUnwritten() {
        var clean = Self.sample()
        #expect(clean.handle(.quit) == [.quit])
        var state = Self.sample()
        state.handle(.accept)
        #expect(state.handle(.quit) == [])
        #expect(state.mode == .quitPrompt)
        #expect(state.handle(key: .escape) == [])
        #expect(state.mode == .browsing)
        state.handle(.quit)
        #expect(state.handle(key: .character("w")) == [.write(files: [0], thenQuit: true)])
        state.handle(.quit)
        #expect(state.handle(key: .character("d")) == [.quit])
    }

    @Test func writeAsksForTheUnwrittenFilesAndAWrittenFileIsReanalysed() {
        var state = Self.sample()
        state.handle(.accept)  // a1
        state.handle(.skip)  // a2
        #expect(state.handle(.write) == [.write(files: [0], thenQuit: false)])
        let written = SourceFile(path: "db/001_a.sql", bytes: state.files[0].currentBytes)
        state.apply(.fileWritten(file: 0, source: written))
        #expect(state.files[0].findings.count == 1)
        #expect(state.files[0].decisions == [.skipped])  // the skip survives the re-analysis
        #expect(state.unwrittenFiles.isEmpty)
        #expect(state.message?.text == "wrote db/001_a.sql (1 rewrite)")
    }

    @Test func aFailedWriteKeepsTheDecisionsAndSaysHowToRecover() {
        var state = Self.sample()
        state.handle(.accept)
        state.handle(.nextFile)
        state.apply(.writeFailed(file: 0, message: "file changed on disk since it was read; not overwritten"))
        #expect(state.position == ReviewPosition(file: 0, finding: 0))  // back on the file that failed
        #expect(state.files[0].decisions.first == .accepted)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("press r to reload") == true)
        #expect(state.handle(.reload) == [.reload(file: 0)])
        state.apply(.fileReloaded(file: 0, source: SourceFile(path: "db/001_a.sql", text: "DROP INDEX other;\n")))
        #expect(state.files[0].decisions == [.open])
    }

    @Test func overlappingFixesBecomeStale() {
        // Two findings whose fixes touch the same bytes (the core never makes such a pair, but the
        // reviewer must not write both).
        let source = SourceFile(path: "x.sql", text: "DROP INDEX a;")
        let fix = Fix.safe("rewrite", edits: [Edit(range: ByteRange(0, 4), replacement: "drop")])
        let other = Fix.safe("rewrite", edits: [Edit(range: ByteRange(2, 6), replacement: "xx")])
        let findings = [
            Finding(rule: "r", severity: .warning, message: "m", range: ByteRange(0, 12), fix: fix),
            Finding(rule: "r", severity: .warning, message: "m", range: ByteRange(0, 12), fix: other),
        ]
        var state = ReviewState()
        state.apply(.filesScanned([FileAnalysis(source: source, findings: findings, problem: nil)]))
        state.handle(.accept)
        #expect(state.files[0].decisions == [.accepted, .stale])
        state.handle(.accept)
        #expect(state.files[0].decisions == [.accepted, .stale])
        #expect(state.message?.text.contains("overlaps") == true)
        state.handle(.undo)
        #expect(state.files[0].decisions == [.open, .open])
    }

    @Test func editorIsRefusedWhileTheFileHasUnwrittenRewrites() {
        var state = Self.sample()
        #expect(state.handle(.openEditor) == [.openEditor(path: "db/001_a.sql", line: 1, file: 0)])
        state.handle(.accept)
        #expect(state.handle(.openEditor) == [])
        #expect(state.message?.isError == true)
    }

    @Test func searchJumpsToAMatchingPath() {
        var state = Self.sample()
        state.handle(.search)
        for character in "004" { state.handle(key: .character(character)) }
        #expect(state.mode == .search("004"))
        state.handle(key: .enter)
        #expect(state.position?.file == 3)
        state.handle(.search)
        for character in "zzz" { state.handle(key: .character(character)) }
        state.handle(key: .enter)
        #expect(state.message?.text == "no file matches “zzz”")
    }

    @Test func togglesAndFocus() {
        var state = Self.sample()
        state.handle(.toggleAllFiles)
        #expect(state.visibleFiles == [0, 1, 2, 3])
        state.handle(.nextPane)
        #expect(state.focus == .explanation)
        state.handle(.toggleExplanation)
        #expect(state.focus == .source && !state.showsExplanation)
        state.handle(.previousPane)
        #expect(state.focus == .files)
        state.handle(.moveDown)
        #expect(state.position?.file == 1)
    }

    @Test func acceptedFixesCarryTheFilesTheyCreate() throws {
        let path = "db/migrations/000002_swap.up.sql"
        let analysis = ProjectAnalyzer(files: InMemoryProjectFiles([path: ""])).analyze(
            SourceFile(path: path, text: "ALTER TABLE t ADD c int;\nDROP INDEX idx;\n"))
        var state = ReviewState()
        state.apply(.filesScanned([analysis]))
        #expect(state.files[0].acceptedCreatedFiles.isEmpty)
        state.handle(.accept)
        #expect(
            state.files[0].acceptedCreatedFiles.map(\.path) == [
                "db/migrations/000003_drop_idx_concurrently.up.sql",
                "db/migrations/000003_drop_idx_concurrently.down.sql",
            ])
        #expect(String(decoding: state.files[0].currentBytes, as: UTF8.self) == "ALTER TABLE t ADD c int;\n")
        let grid = ReviewRenderer.render(state, width: 120, height: 40).text
        #expect(grid.contains("+ new file db/migrations/000003_drop_idx_concurrently.up.sql"))
        state.handle(.undo)
        #expect(state.files[0].acceptedCreatedFiles.isEmpty)
    }

    @Test func ignoringWritesAConcurIgnoreCommentWithTheTypedReason() {
        var state = Self.sample()
        state.handle(.ignore)
        for character in "tiny table" { state.handle(key: .character(character)) }
        #expect(state.mode == .ignoreReason("tiny table"))
        let grid = ReviewRenderer.render(state, width: 100, height: 30).text
        #expect(grid.contains("reason for ignoring (Enter to confirm, Esc to cancel): tiny table"))
        state.handle(key: .enter)
        #expect(state.files[0].decisions.first == .ignored(reason: "tiny table"))
        let expected =
            "-- concur-ignore require-concurrent-index-deletion: tiny table\nDROP INDEX a1;\nSELECT 1;\nDROP INDEX a2;\n"
        #expect(String(decoding: state.files[0].currentBytes, as: UTF8.self) == expected)
        #expect(state.unwrittenFiles == [0])
        // Once written, the comment hides the finding; the other one stays.
        state.apply(.fileWritten(file: 0, source: SourceFile(path: "db/001_a.sql", text: expected)))
        #expect(state.files[0].findings.count == 1)
        // Esc cancels without deciding anything.
        state.handle(.ignore)
        state.handle(key: .escape)
        #expect(state.mode == .browsing)
        #expect(state.files[0].decisions == [.open])
    }

    @Test func aBranchScopeIsShownInTheFilesTitle() {
        var state = Self.sample()
        state.scope = "changed since main"
        #expect(
            ReviewRenderer.render(state, width: 120, height: 30).text.hasPrefix(
                " concur review · changed since main  db/001_a.sql"))
    }

    @Test func keysThatDoNothingSaySo() {
        var state = Self.sample()
        state.handle(key: .character("Z"))
        #expect(state.message?.text == "Z does nothing here — press ? for help")
        state.handle(key: .character("?"))
        #expect(state.mode == .help)
        state.handle(key: .character("x"))
        #expect(state.mode == .browsing)
    }

    @Test func everyActionHasAKeyAndTheHintsComeFromTheKeymap() {
        for action in Action.allCases {
            #expect(!Keymap.standard.keys(for: action).isEmpty, "\(action) has no key")
        }
        let grid = ReviewRenderer.render(Self.sample(), width: 100, height: 30)
        let hints = grid.text.split(separator: "\n").last.map(String.init) ?? ""
        for action in Action.hinted {
            #expect(hints.contains(Keymap.standard.keys(for: action)[0].label + " " + action.hint))
        }
    }

    @Test func filesArriveInBatchesAndKeepTheCurrentFile() {
        var state = ReviewState()
        let analyzer = SQLAnalyzer()
        state.apply(.filesScanned([analyzer.analyze(SourceFile(path: "db/5.sql", text: "DROP INDEX five;"))]))
        #expect(state.currentFile?.path == "db/5.sql")
        state.apply(.filesScanned([analyzer.analyze(SourceFile(path: "db/1.sql", text: "DROP INDEX one;"))]))
        #expect(state.currentFile?.path == "db/5.sql")
        #expect(state.files.map(\.path) == ["db/1.sql", "db/5.sql"])
        #expect(!state.scanFinished)
        state.apply(.scanFinished)
        #expect(state.scanFinished)
    }
}

@Suite("Key bindings from configuration")
struct KeymapRebindingTests {
    @Test func rebindingReplacesTheActionsKeys() throws {
        let keymap = try Keymap.standard.rebinding([("accept", "Enter"), ("skip", "s")]).get()
        #expect(keymap.action(for: .enter) == .accept)
        #expect(keymap.action(for: .character("y")) == nil)
        #expect(keymap.action(for: .character("s")) == .skip)
        #expect(keymap.keys(for: .accept) == [.enter])
        // Swapping two actions' keys is fine when both are rebound.
        let swapped = try Keymap.standard.rebinding([("accept", "n"), ("skip", "y")]).get()
        #expect(swapped.action(for: .character("n")) == .accept && swapped.action(for: .character("y")) == .skip)
    }

    @Test func conflictsAndUnknownNamesAreErrors() {
        guard case .failure(let conflict) = Keymap.standard.rebinding([("accept", "q")]) else {
            Issue.record("a conflict was accepted")
            return
        }
        #expect(conflict.message == "q is already the key of quit; rebind that action too")
        guard case .failure(let unknown) = Keymap.standard.rebinding([("acept", "y")]) else { return }
        #expect(unknown.message.hasPrefix("unknown action; actions: accept, skip"))
        guard case .failure(let badKey) = Keymap.standard.rebinding([("accept", "Hyper-Y")]) else { return }
        #expect(badKey.message.hasPrefix("unknown key 'Hyper-Y'"))
        #expect(Key(label: "Ctrl-G") == .control("g"))
    }
}

/// Minified SQL and files with thousands of findings in the reviewer.
@Suite("Reviewing long lines and many findings")
struct LongReviewTests {
    /// A drop in the middle of a long line: the proposal shows the part of the line around it.
    @Test func theProposalShowsTheChangeOnALongLine() {
        let filler = (0..<40).map { "SELECT \($0);" }.joined(separator: " ")
        let state = UITestSupport.state([("db/min.sql", filler + " DROP INDEX in_the_middle; " + filler + "\n")])
        let grid = ReviewRenderer.render(state, width: 120, height: 40).text
        #expect(grid.contains("+ …"))
        #expect(grid.contains("DROP INDEX CONCURRENTLY IF EXISTS in_the_middle;"))
    }

    /// Offsets mapped by halving over the accepted edits land where the edits, applied one by
    /// one in order, put them, for edits in order and for ones that are not (then mapped one
    /// edit at a time).
    @Test func offsetsMapAsTheEditsPutThem() {
        var seed: UInt64 = 99
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<500 {
            var edits: [Edit] = []
            var cursor = 0
            for _ in 0..<next(6) {
                let start = cursor + next(5)
                let end = start + next(3)
                edits.append(Edit(range: ByteRange(start, end), replacement: Array(repeating: 0x41, count: next(4))))
                cursor = end
            }
            if next(3) == 0 { edits.shuffle() }
            let map = ReviewFile.OffsetMap(edits)
            for offset in 0...(cursor + 3) {
                var shift = 0
                var expected: Int?
                for edit in edits.sorted(by: { $0.range.start < $1.range.start }) {
                    if edit.range.end <= offset {
                        shift += edit.replacement.count - edit.range.count
                    } else if edit.range.start < offset {
                        expected = edit.range.start + shift
                        break
                    }
                }
                #expect(map.map(offset) == (expected ?? offset + shift), "\(edits) at \(offset)")
            }
        }
    }
}
