import ConcurSystem

/// Writing to the standard streams; the only place the command prints.
enum Output {
    static func standardOutput(_ text: String) { SystemCalls.writeAll(Array(text.utf8), to: STDOUT_FILENO) }
    static func standardOutput(bytes: [UInt8]) { SystemCalls.writeAll(bytes, to: STDOUT_FILENO) }
    static func standardOutput(lent bytes: UnsafeBufferPointer<UInt8>) {
        SystemCalls.writeAll(UnsafeRawBufferPointer(bytes), to: STDOUT_FILENO)
    }
    static func standardError(_ text: String) { SystemCalls.writeAll(Array(text.utf8), to: STDERR_FILENO) }

    /// Whether to colour standard output: a terminal, and `NO_COLOR` not set (no-color.org).
    static var colorsStandardOutput: Bool {
        isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
    }
}
