/// The bytes of one file as read from disk, with the facts every analysis needs.
///
/// The bytes are never decoded as a whole: they may hold invalid UTF-8, a byte order mark or CRLF
/// line endings, and every byte that no edit touches is written back exactly as it was read.
public struct SourceFile: Sendable {
    /// The path the file was read from, as the user named it.
    public let path: String
    private let storage: Storage

    /// Where the bytes are: in an array, or borrowed from an owner (a file mapped into memory).
    /// Either is one reference, so that a copy of a source file costs what it did with an array.
    private enum Storage: Sendable {
        case array([UInt8])
        case borrowed(Borrowed)
    }

    /// Bytes that `owner` keeps alive and unchanged for as long as it lives.
    private final class Borrowed: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        let owner: AnyObject & Sendable

        init(_ buffer: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable) {
            self.buffer = buffer
            self.owner = owner
        }
    }

    /// Creates a source file from its path and bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.storage = .array(bytes)
    }

    /// Creates a source file over bytes that `owner` keeps alive and unchanged for as long as it
    /// lives (a file mapped into memory, read where it lies instead of copied into an array).
    public init(path: String, borrowing bytes: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable) {
        self.path = path
        self.storage = .borrowed(Borrowed(bytes, owner: owner))
    }

    /// Creates a source file from a string, for tests and examples.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The file's content. For borrowed bytes this is a copy: what reads the whole file on every
    /// check (the analyses, the line index, the reports) reads it in place through `withBytes`.
    public var bytes: [UInt8] {
        switch storage {
        case .array(let bytes): return bytes
        case .borrowed(let borrowed): return Array(borrowed.buffer)
        }
    }

    /// The first `count` bytes (all of them in a shorter file), copied.
    public func leadingBytes(_ count: Int) -> [UInt8] {
        withBytes { Array(UnsafeBufferPointer(rebasing: $0[..<min(count, $0.count)])) }
    }

    /// Whether the bytes are borrowed from an owner rather than held in an array.
    public var isBorrowed: Bool {
        if case .borrowed = storage { return true }
        return false
    }

    /// The number of bytes.
    public var count: Int {
        switch storage {
        case .array(let bytes): return bytes.count
        case .borrowed(let borrowed): return borrowed.buffer.count
        }
    }

    /// Calls `body` with the bytes where they lie.
    @inline(__always)
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch storage {
        case .array(let bytes): return try bytes.withUnsafeBufferPointer(body)
        case .borrowed(let borrowed): return try withExtendedLifetime(borrowed) { try body(borrowed.buffer) }
        }
    }

    /// The length of a leading UTF-8 byte order mark: 3 when the file starts with one, else 0.
    public var byteOrderMarkLength: Int {
        withBytes { bytes in bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0 }
    }

    /// The line ending the file uses: CRLF when its first line break is CRLF, LF otherwise.
    public var lineEnding: [UInt8] {
        withBytes { bytes in
            guard let base = bytes.baseAddress, let found = memchr(base, 0x0A, bytes.count) else { return [0x0A] }
            let newline = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            return newline > 0 && bytes[newline - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]
        }
    }

    /// Whether the file holds a NUL byte, which no SQL or Python source can contain.
    public var containsNulByte: Bool { withBytes(Self.containsNulByte) }

    /// Whether `bytes` hold a NUL byte.
    static func containsNulByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, 0, bytes.count) != nil
    }

    /// The bytes of `range` decoded as UTF-8, with invalid bytes replaced, for messages.
    public func text(in range: ByteRange) -> String {
        withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[range.start..<range.end]), as: UTF8.self) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
