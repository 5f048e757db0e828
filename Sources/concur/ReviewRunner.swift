import ConcurCore
import ConcurSystem
import ConcurTerminal
import ConcurUI

/// Runs a review in the terminal: scans in the background, feeds keys to the state, draws its
/// grid, and performs the effects it asks for (writes, reloads, the editor).
final class ReviewRunner {
    struct Outcome {
        var summary: String
        var signal: Int32?
        /// Why the terminal could not be used; nothing was shown then.
        var terminalProblem: String?
    }

    private var state: ReviewState
    private let analyzer: ProjectAnalyzer
    private let scope: WriteScope
    /// The reviewer's writes: each folder rid of killed runs' temporary files once a session,
    /// and the folders written to flushed after each write of the accepted files.
    private let session = WriteSession()
    private let paths: [String]
    private let terminal: Terminal
    private let inbox = EventInbox()
    private let cache = RenderCache()
    private var writtenRewrites = 0
    private var writtenFiles = Set<String>()
    /// The `concur learn` walkthrough around the review, when this is one.
    private(set) var lesson: Lesson?

    init(
        paths: [String], theme: Theme, analyzer: ProjectAnalyzer, keymap: Keymap = .standard, scope: String? = nil,
        lesson: Lesson? = nil
    ) {
        self.lesson = lesson
        self.paths = paths
        self.scope = WriteScope(paths: paths)
        self.analyzer = analyzer
        self.state = ReviewState(analyze: analyzer.analyze, keymap: keymap)
        self.state.scope = scope
        self.terminal = Terminal(theme: theme)
    }

    func run() -> Outcome {
        do {
            try terminal.start()
        } catch {
            return Outcome(summary: "", signal: nil, terminalProblem: error.message + "\n")
        }
        defer { terminal.stop() }
        startScan()
        var signal: Int32?
        var needsDraw = true
        var heardFromScan = false
        loop: while true {
            let events = inbox.drain()
            heardFromScan = heardFromScan || !events.isEmpty
            for event in events { state.apply(event) }
            if needsDraw || !events.isEmpty {
                let size = terminal.size
                if var lesson {
                    // A resize can leave a reading step scrolled past its end.
                    let lines = LessonRenderer.lineCount(of: lesson.step, width: size.width)
                    lesson.clampScroll(to: lines - (size.height - 3))
                    self.lesson = lesson
                    terminal.draw(
                        LessonRenderer.render(
                            lesson, practice: state, width: size.width, height: size.height, cache: cache))
                } else {
                    terminal.draw(ReviewRenderer.render(state, width: size.width, height: size.height, cache: cache))
                }
            }
            needsDraw = false
            // Until the scan's first batch arrives, look for it often: it makes the first screen.
            let timeout: Int32 = state.scanFinished ? 250 : heardFromScan ? 50 : 5
            guard let input = terminal.read(timeout: timeout) else { continue }
            needsDraw = true
            if TestHooks.crashesReview { fatalError("injected internal error (CONCUR_TEST_CRASH_REVIEW=1)") }
            switch input {
            case .resize:
                continue
            case .signal(let number):
                signal = number
                break loop
            case .key(let key):
                if lesson != nil {
                    if perform(lesson!.handle(key: key, practice: &state)) { break loop }
                } else if perform(state.handle(key: key)) {
                    break loop
                }
            }
        }
        terminal.stop()
        return Outcome(summary: summary(interrupted: signal != nil), signal: signal)
    }

    /// Performs effects; returns true when the review should end.
    private func perform(_ effects: [ReviewEffect]) -> Bool {
        for effect in effects {
            switch effect {
            case .quit:
                return true
            case .write(let files, let thenQuit):
                var allWritten = true
                for index in files { allWritten = write(index) && allWritten }
                session.flushFolders()
                if thenQuit && allWritten { return true }
            case .reload(let index):
                reload(index)
            case .openEditor(let path, let line, let index):
                terminal.suspend()
                let problem = Editor.open(path, line: line)
                terminal.resume()
                reload(index)
                if let problem { state.apply(.reloadFailed(file: index, message: problem)) }
            }
        }
        return false
    }

    private func write(_ index: Int) -> Bool {
        let file = state.files[index]
        do throws(FileAccessError) {
            // New migrations first, as `concur fix` does; then they join the review.
            if let refusal = scope.refusal(for: file.path) { throw FileAccessError(path: file.path, message: refusal) }
            let created = file.acceptedCreatedFiles
            try FileStore.create(created)
            if !created.isEmpty { analyzer.files.forgetCachedState() }
            let analyses = created.filter { SQLFileFinder.isMigrationCandidate($0.path) }.map {
                analyzer.analyze(SourceFile(path: $0.path, bytes: $0.content))
            }
            if !analyses.isEmpty { state.apply(.filesScanned(analyses)) }
            try FileStore.write(
                file.currentBytes, replacing: file.source, session: session, pause: TestHooks.writing(file.path))
            let source = try FileStore.read(file.path)
            writtenRewrites += file.acceptedCount
            writtenFiles.insert(file.path)
            state.apply(.fileWritten(file: index, source: source))
            return true
        } catch {
            state.apply(.writeFailed(file: index, message: error.message))
            return false
        }
    }

    private func reload(_ index: Int) {
        analyzer.files.forgetCachedState()
        do {
            state.apply(.fileReloaded(file: index, source: try FileStore.read(state.files[index].path)))
        } catch {
            state.apply(.reloadFailed(file: index, message: error.message))
        }
    }

    /// Finds and analyses the files on other threads, posting them in batches.
    private func startScan() {
        let paths = self.paths
        let inbox = self.inbox
        let analyzer = self.analyzer
        WorkerThread.start {
            let (files, unreadable) = SQLFileFinder.find(paths) {
                analyzer.configuration.includes(analyzer.configurationPath($0))
            }
            if !unreadable.isEmpty { inbox.post(.filesUnreadable(unreadable)) }
            var start = 0
            var batch = 32
            while start < files.count {
                let slice = Array(files[start..<min(files.count, start + batch)])
                var analyses: [FileAnalysis] = []
                var failures: [UnreadableFile] = []
                for outcome in ParallelAnalysis.run(slice, analyzer: analyzer) {
                    switch outcome {
                    case .analysed(let analysis): analyses.append(analysis)
                    case .unreadable(let file): failures.append(file)
                    }
                }
                inbox.post(.filesScanned(analyses))
                if !failures.isEmpty { inbox.post(.filesUnreadable(failures)) }
                start += slice.count
                batch = min(1024, batch * 2)
            }
            inbox.post(.scanFinished)
        }
    }

    private func summary(interrupted: Bool) -> String {
        let totals = state.totals
        var text =
            "concur review: \(writtenRewrites) rewrite\(writtenRewrites == 1 ? "" : "s") written to \(writtenFiles.count) file\(writtenFiles.count == 1 ? "" : "s")"
        text += "; \(totals.skipped) skipped, \(totals.open) open"
        let unwritten = state.unwrittenFiles.count
        if unwritten > 0 {
            text += "; accepted rewrites in \(unwritten) file\(unwritten == 1 ? "" : "s") were not written"
        }
        if interrupted { text += " (interrupted)" }
        return text + ".\n"
    }
}

/// Events posted by the scanning thread, taken by the main loop.
final class EventInbox: @unchecked Sendable {
    private var events: [ReviewEvent] = []
    private let lock = Lock()

    func post(_ event: ReviewEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    func drain() -> [ReviewEvent] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events = []
        return taken
    }
}

/// Opens the user's editor: $VISUAL, then $EDITOR, then vi.
enum Editor {
    /// Runs the editor on a file at a line and waits; returns a problem to report, if any.
    /// The command is split into words as a shell would (quotes, backslashes) and run without a
    /// shell, the line and the path as arguments of their own.
    static func open(_ path: String, line: Int) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        guard var words = ShellWords.split(command), !words.isEmpty else {
            return "cannot read the editor command \"\(command)\" (unbalanced quotes)"
        }
        let program = words.removeFirst()
        // A path that starts with a dash must not read as an option.
        let argument = path.hasPrefix("-") ? "./" + path : path
        let status: Int32
        do {
            let editor = try ChildProcess(
                "/usr/bin/env", ["--", program] + words + ["+\(line)", argument],
                input: .inherit, output: .inherit, errors: .inherit)
            status = editor.waitUntilExit()
        } catch {
            return "could not start the editor \(program): \(error.description)"
        }
        return status == 0 ? nil : "the editor exited with status \(status)"
    }
}

/// Splits a command line into words the way a POSIX shell does for quoting only: blanks separate
/// words, '…' keeps everything, "…" keeps everything but \" and \\, a backslash escapes the next
/// character. No expansion of any kind. Nil when a quote is left open.
enum ShellWords {
    static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" {
                        closed = true
                        break
                    }
                    current.append(next)
                }
                if !closed { return nil }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\", let escaped = iterator.next() {
                        if escaped != "\"" && escaped != "\\" { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
                if !closed { return nil }
            case "\\":
                inWord = true
                if let next = iterator.next() { current.append(next) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
