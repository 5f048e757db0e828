/// Small system calls the command line makes in more than one place.
public enum SystemCalls {
    /// Writes all of `bytes` to `descriptor`, again after an interruption; false when the write
    /// fails (a closed pipe, a full disk): nothing more can be written there.
    @discardableResult
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
    }

    /// Writes all of `buffer`; see `writeAll(_:to:)` for arrays.
    @discardableResult
    public static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// The working directory (getcwd(3)); nil when it cannot be named (removed, or its path too
    /// long). Asked of the C library itself: Foundation's `FileManager.default` costs the start of
    /// every check as much again as finding its configuration file.
    public static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether something exists at `path` (stat(2), symbolic links followed).
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// A new folder of this process's own in the temporary folder (mkdtemp(3)), named `prefix`
    /// and six random characters; nil with `errno` set when it cannot be made.
    public static func makeTemporaryFolder(prefix: String) -> String? {
        var template = Array((FileManager.default.temporaryDirectory.path + "/" + prefix + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else { return nil }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
