import ConcurSystem

/// Writing to the standard streams; the only place the command prints.
enum Output {
    static func standardOutput(_ text: String) { SystemCalls.writeAll(Array(text.utf8), to: STDOUT_FILENO) }
    static func standardOutput(bytes: [UInt8]) { SystemCalls.writeAll(bytes, to: STDOUT_FILENO) }
    static func standardOutput(lent bytes: UnsafeBufferPointer<UInt8>) {
        SystemCalls.writeAll(UnsafeRawBufferPointer(bytes), to: STDOUT_FILENO)
    }
    static func standardError(_ text: String) { SystemCalls.writeAll(Array(text.utf8), to: STDERR_FILENO) }

    /// When standard output is a pipe, asks for a 1 MiB pipe buffer instead of 64 KiB (Linux;
    /// unprivileged processes may go up to `/proc/sys/fs/pipe-max-size`, 1 MiB by default): a
    /// report of many findings is then written, and read by whoever reads the pipe, in pieces of a
    /// megabyte rather than sixteen times as many hand-overs. Nothing changes if it is refused.
    static func widenStandardOutputPipe() {
        #if os(Linux)
            guard standardOutputIsAPipe else { return }
            let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), not exported to Swift
            _ = fcntl(STDOUT_FILENO, setPipeSize, Int32(1 << 20))
        #endif
    }

    /// Whether standard output is a pipe (or a FIFO).
    static var standardOutputIsAPipe: Bool {
        var status = stat()
        return fstat(STDOUT_FILENO, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO
    }

    /// Whether to colour standard output: a terminal, and `NO_COLOR` not set (no-color.org).
    static var colorsStandardOutput: Bool {
        isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
    }
}

/// `check`'s standard output. Into a pipe, the report is held back until it outgrows what a pipe
/// holds as Linux makes it (64 KiB): a small report (a migration or two, as a hook or a pull
/// request's job checks them) then goes out in one write, which wakes its reader once, and only a
/// larger one pays for widening the pipe (`Output.widenStandardOutputPipe`) and goes on through
/// it as it is written. A terminal or a file gets every piece as it comes.
struct ReportOutput {
    /// What a pipe holds before anyone widens it.
    static let heldAtMost = 64 * 1024

    private var held: [UInt8] = []
    /// Whether pieces go straight out: not a pipe, or a pipe already widened.
    private var passing: Bool

    init() { passing = !Output.standardOutputIsAPipe }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !passing {
            if held.count + bytes.count <= Self.heldAtMost {
                held.append(contentsOf: bytes)
                return
            }
            passing = true
            Output.widenStandardOutputPipe()
            flush()
        }
        Output.standardOutput(lent: bytes)
    }

    mutating func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }

    mutating func write(_ text: String) { write(Array(text.utf8)) }

    /// Writes what is held back: before anything goes to standard error, and at the end.
    mutating func flush() {
        guard !held.isEmpty else { return }
        Output.standardOutput(bytes: held)
        held.removeAll()
    }
}
