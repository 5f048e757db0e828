import ConcurCore

/// Work the reviewer asks of the outside world; the terminal runner performs it and reports back
/// with a `ReviewEvent`. The state itself never touches a file or the terminal.
public enum ReviewEffect: Equatable, Sendable {
    /// Write these files (indices into `ReviewState.files`); quit afterwards if all succeed.
    case write(files: [Int], thenQuit: Bool)
    /// Read this file again from disk.
    case reload(file: Int)
    /// Suspend the screen and open the editor on a file at a line, then reload it.
    case openEditor(path: String, line: Int, file: Int)
    /// Leave, dropping unwritten decisions (the user said so, or there were none).
    case quit
}

/// What happened outside the state: scans, writes, reloads.
public enum ReviewEvent: Sendable {
    /// More files were read and analysed.
    case filesScanned([FileAnalysis])
    /// Files that could not be read.
    case filesUnreadable([UnreadableFile])
    /// The scan is complete.
    case scanFinished
    /// A file was written; `source` is what is on disk now.
    case fileWritten(file: Int, source: SourceFile)
    /// A file could not be written (for example it changed on disk).
    case writeFailed(file: Int, message: String)
    /// A file was read again (after `reload` or the editor).
    case fileReloaded(file: Int, source: SourceFile)
    /// A file could not be read again.
    case reloadFailed(file: Int, message: String)
}
