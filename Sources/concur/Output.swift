#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing to the standard streams; the only place the command prints.
enum Output {
    static func standardOutput(_ text: String) { write(Array(text.utf8), to: STDOUT_FILENO) }
    static func standardOutput(bytes: [UInt8]) { write(bytes, to: STDOUT_FILENO) }
    static func standardError(_ text: String) { write(Array(text.utf8), to: STDERR_FILENO) }

    /// Whether to colour standard output: a terminal, and `NO_COLOR` not set (no-color.org).
    static var colorsStandardOutput: Bool {
        isatty(STDOUT_FILENO) == 1 && getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }  // a closed pipe: nothing more can be said
                offset += written
            }
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
