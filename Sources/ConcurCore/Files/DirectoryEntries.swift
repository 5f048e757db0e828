#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder's entries, read with readdir(3): one system call per batch of names, each with the
/// type the file system reports.
public enum DirectoryEntries {
    /// Calls `body` with the name and type (`DT_REG`, `DT_DIR`, `DT_LNK`…, or `DT_UNKNOWN` where
    /// the file system does not say) of each entry of `directory`, `.` and `..` included, in the
    /// order the file system gives. Returns false when the folder cannot be opened.
    @discardableResult
    public static func forEach(in directory: String, _ body: (_ name: String, _ type: UInt8) -> Void) -> Bool {
        guard let handle = opendir(directory) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            body(name(of: entry), entry.pointee.d_type)
        }
        return true
    }

    /// An entry's name, read up to its terminating zero byte and no further.
    ///
    /// An entry is only as long as its name (`d_reclen`), not as long as the 256 bytes `d_name`
    /// declares: copying the whole field (`withUnsafeBytes(of: entry.pointee.d_name)`) reads past
    /// the last entry of the buffer readdir fills, and crashes when that buffer ends at the end
    /// of mapped memory. Bytes that are not UTF-8 are repaired to U+FFFD.
    public static func name(of entry: UnsafePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }

    /// See `name(of:)`.
    public static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        name(of: UnsafePointer(entry))
    }
}
