/// The bytes of one file as read from disk, with the facts every analysis needs.
///
/// The bytes are never decoded as a whole: they may hold invalid UTF-8, a byte order mark or CRLF
/// line endings, and every byte that no edit touches is written back exactly as it was read.
public struct SourceFile: Sendable {
    /// The path the file was read from, as the user named it.
    public let path: String
    /// The file's content.
    public let bytes: [UInt8]

    /// Creates a source file from its path and bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a source file from a string, for tests and examples.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The length of a leading UTF-8 byte order mark: 3 when the file starts with one, else 0.
    public var byteOrderMarkLength: Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The line ending the file uses: CRLF when its first line break is CRLF, LF otherwise.
    public var lineEnding: [UInt8] {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [0x0A] }
        return newline > 0 && bytes[newline - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]
    }

    /// Whether the file holds a NUL byte, which no SQL or Python source can contain.
    public var containsNulByte: Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            return memchr(base, 0, buffer.count) != nil
        }
    }

    /// The bytes of `range` decoded as UTF-8, with invalid bytes replaced, for messages.
    public func text(in range: ByteRange) -> String {
        String(decoding: bytes[range.start..<range.end], as: UTF8.self)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
