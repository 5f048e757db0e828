#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be read or written.
public struct FileAccessError: Error, Hashable, Sendable {
    /// The path, as the user named it.
    public var path: String
    /// A lower-case description that reads well after "error:".
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    static func system(_ path: String, _ action: String, _ code: Int32 = errno) -> FileAccessError {
        FileAccessError(path: path, message: "cannot \(action): \(String(cString: strerror(code)))")
    }
}

/// The one place that reads migration files and writes them back.
///
/// A write replaces the file atomically (a temporary file in the same folder, flushed, then
/// renamed over it), keeps its permission bits, writes through a symbolic link to its target, and
/// refuses to write when the file on disk no longer holds the bytes that were analysed.
public enum FileStore {
    /// The moments of a write at which tests may stop concur (see `write` and `create`).
    public enum WritePoint: String, CaseIterable, Sendable {
        /// The temporary file exists, still empty.
        case temporaryCreated = "temporary-created"
        /// Half of the new content is in the temporary file.
        case halfWritten = "half-written"
        /// The new content is complete and flushed, the original not yet replaced.
        case contentFlushed = "content-flushed"
        /// The original was replaced (or the new file linked into place), the folder not yet flushed.
        case replaced
    }

    /// The most a file without a size (a pipe) is read to: 2 GiB.
    static let streamLimit = 1 << 31

    /// Reads a whole file as bytes.
    public static func read(_ path: String) throws(FileAccessError) -> SourceFile {
        try read(path, largeFrom: nil)
    }

    /// The regular file at `path`, of at least the threshold's `size` bytes and open as
    /// `descriptor`, as a large file's reader makes it (a file mapped into memory); nil to read
    /// it the usual way.
    public typealias LargeFileReader = (_ path: String, _ descriptor: Int32, _ size: Int) -> SourceFile?

    /// Reads a whole file; a regular file of `largeFrom.size` bytes or more is first offered to
    /// `largeFrom.reader` with the descriptor already open, so that deciding costs no system call.
    public static func read(_ path: String, largeFrom large: (size: Int, reader: LargeFileReader)?)
        throws(FileAccessError) -> SourceFile
    {
        // Opened without waiting: opening a FIFO to read waits for a writer, forever if none comes.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .system(path, "read file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .system(path, "read file") }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            throw FileAccessError(path: path, message: "is a directory")
        case S_IFIFO:
            // A pipe (`<(…)`, a FIFO) is read to its end, waiting for its writer's data; one that
            // no process writes to reads as empty.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        default:
            // A device (/dev/zero never ends) or a socket: not a migration.
            let kind =
                switch status.st_mode & S_IFMT {
                case S_IFCHR: "a character device"
                case S_IFBLK: "a block device"
                case S_IFSOCK: "a socket"
                default: "a special file"
                }
            throw FileAccessError(path: path, message: "is not a regular file but \(kind); not read")
        }
        if let large, (status.st_mode & S_IFMT) == S_IFREG, status.st_size >= large.size, status.st_size > 0,
            let source = large.reader(path, descriptor, Int(status.st_size))
        {
            return source
        }
        // Read straight into the array, sized by fstat, and stop at that size without asking for
        // more (a file changed later is caught before any write, which compares the bytes).
        // Files without a size (pipes, /proc) are read to their end, the room doubling as needed.
        let expected = (status.st_mode & S_IFMT) == S_IFREG && status.st_size > 0 ? Int(status.st_size) : nil
        var capacity = expected ?? 4096
        var bytes = [UInt8]()
        while true {
            let filled = bytes.count
            var failure: Int32 = 0
            var ended = false
            let grown = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                if filled > 0 {
                    bytes.withUnsafeBufferPointer { old in
                        buffer.baseAddress!.update(from: old.baseAddress!, count: filled)
                    }
                }
                count = filled
                while count < capacity {
                    let read = posixRead(descriptor, buffer.baseAddress! + count, capacity - count)
                    if read < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if read == 0 {
                        ended = true
                        break
                    }
                    count += read
                }
                if count == expected { ended = true }
            }
            if failure != 0 {
                errno = failure
                throw .system(path, "read file")
            }
            bytes = grown
            if ended { break }
            // A pipe that never ends (`<(yes)`) fails here rather than taking every byte of memory.
            if capacity >= streamLimit {
                throw FileAccessError(
                    path: path, message: "holds more than \(streamLimit >> 30) GiB; not read to its end")
            }
            capacity *= 2
        }
        return SourceFile(path: path, bytes: bytes)
    }

    /// Replaces the content of `original.path` with `bytes`, provided the file still holds exactly
    /// `original.bytes`.
    ///
    /// The folder is first rid of the temporary files of killed concur runs, and flushed after the
    /// rename; within a `session`, once for all its writes (the flush when the session says).
    /// `pause` runs at each `WritePoint`: tests use it to kill the process there.
    public static func write(
        _ bytes: [UInt8], replacing original: SourceFile, session: WriteSession? = nil,
        pause: (WritePoint) throws(FileAccessError) -> Void = { _ in }
    ) throws(FileAccessError) {
        let path = original.path
        let target = try resolvedTarget(of: path)
        let current = try read(target)
        guard current.bytes == original.bytes else {
            throw FileAccessError(path: path, message: "file changed on disk since it was read; not overwritten")
        }
        var status = stat()
        guard stat(target, &status) == 0 else { throw .system(path, "inspect file") }
        // A read-only file says "do not edit me" (even to root, who could).
        if status.st_mode & 0o222 == 0 {
            throw FileAccessError(path: path, message: "file is read-only; not written (make it writable to fix it)")
        }
        let directory = parentDirectory(of: target)
        if let session { session.sweep(directory) } else { removeStaleTemporaryFiles(in: directory) }
        let name = target.split(separator: "/").last.map(String.init) ?? target
        var temporary = "\(directory)/.\(name).concur-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .system(path, "create a temporary file next to it") }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            try pause(.temporaryCreated)
            let half = bytes.count / 2
            try writeAll(bytes[..<half], to: descriptor, path: path)
            try pause(.halfWritten)
            try writeAll(bytes[half...], to: descriptor, path: path)
            guard fchmod(descriptor, status.st_mode & 0o7777) == 0 else {
                throw FileAccessError.system(path, "keep file mode")
            }
            guard fsync(descriptor) == 0 else { throw FileAccessError.system(path, "flush file") }
        }
        try pause(.contentFlushed)
        guard rename(temporary, target) == 0 else { throw .system(path, "replace file") }
        succeeded = true
        temporary = ""
        try pause(.replaced)
        if let session { session.replaced(in: directory) } else { flushFolder(directory) }
    }

    /// Flushes a folder's entries (a rename into it) to disk.
    static func flushFolder(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Creates a new file (and its missing folders) holding `bytes`; never replaces an existing
    /// file. The content is written to a temporary file first and linked into place, so the new
    /// file is complete or absent.
    public static func create(_ path: String, bytes: [UInt8], mode: mode_t = 0o644) throws(FileAccessError) {
        let directory = parentDirectory(of: path)
        try makeDirectories(directory, for: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(directory)/.\(name).concur-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .system(path, "create file") }
        defer { unlink(temporary) }
        do {
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor, path: path)
            guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0 else {
                throw FileAccessError.system(path, "write file")
            }
        }
        // link(2) fails when the target exists: an existing file is never replaced.
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw FileAccessError(path: path, message: "already exists; not overwritten") }
            throw .system(path, "create file")
        }
    }

    /// Removes the temporary files of concur runs that were killed before they could rename them
    /// (`.<name>.concur-<pid>-<n>.tmp`, whose process no longer exists).
    public static func removeStaleTemporaryFiles(in directory: String) {
        DirectoryEntries.forEach(in: directory) { name, _ in
            guard name.hasPrefix("."), name.hasSuffix(".tmp"), let marker = name.range(ofConcurMarker: ()) else {
                return
            }
            let pidText = name[marker].split(separator: "-").first.map(String.init) ?? ""
            guard let pid = Int32(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { return }
            unlink(directory + "/" + name)
        }
    }

    /// Creates the files a fix adds, or none of them when one already exists (before the file
    /// the fix edits is written, so that a failure leaves nothing half done).
    public static func create(_ files: [CreatedFile]) throws(FileAccessError) {
        for file in files {
            var status = stat()
            if stat(file.path, &status) == 0 {
                throw FileAccessError(path: file.path, message: "already exists; nothing written")
            }
        }
        for file in files { try create(file.path, bytes: file.content) }
    }

    private static func makeDirectories(_ directory: String, for path: String) throws(FileAccessError) {
        var status = stat()
        if stat(directory, &status) == 0 { return }
        try makeDirectories(parentDirectory(of: directory), for: path)
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else { throw .system(path, "create folder \(directory)") }
    }

    private static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32, path: String)
        throws(FileAccessError)
    {
        let bytes = Array(bytes)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                posixWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, "write file")
            }
            written += count
        }
    }

    /// The file a path finally names, following symbolic links.
    private static func resolvedTarget(of path: String) throws(FileAccessError) -> String {
        guard let resolved = realpath(path, nil) else { throw .system(path, "resolve path") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

// The enum's own `read`/`write` hide the system calls of the same names inside it.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

extension String {
    /// The `<pid>-<n>` part of a `.name.concur-<pid>-<n>.tmp` file name.
    fileprivate func range(ofConcurMarker _: Void) -> Range<String.Index>? {
        let marker = ".concur-"
        var search = startIndex
        var found: String.Index?
        while let candidate = self[search...].firstIndex(of: ".") {
            if self[candidate...].hasPrefix(marker) { found = candidate }
            search = index(after: candidate)
        }
        guard let start = found else { return nil }
        let pidStart = index(start, offsetBy: marker.count)
        let end = index(endIndex, offsetBy: -4)
        return pidStart < end ? pidStart..<end : nil
    }
}

/// The writes of one run (a `concur fix`, a reviewer's write of the files accepted): each folder
/// is rid of the temporary files of killed concur runs once, and flushed once, when the run ends
/// (`flushFolders`), rather than before and after each of its files. Both made fixing the files of
/// one large folder slow: the look through the folder in the square of their number (a minute
/// for 10,000 files), the folder's flush by a system call each. Used by one thread at a time.
public final class WriteSession {
    private var swept = Set<String>()
    private var unflushed: [String] = []
    private var unflushedSet = Set<String>()

    public init() {}

    deinit { flushFolders() }

    /// Removes the stale temporary files of `directory`, unless this session has already.
    func sweep(_ directory: String) {
        guard swept.insert(directory).inserted else { return }
        FileStore.removeStaleTemporaryFiles(in: directory)
    }

    /// Notes that a file of `directory` was renamed into place: the folder needs a flush.
    func replaced(in directory: String) {
        if unflushedSet.insert(directory).inserted { unflushed.append(directory) }
    }

    /// Flushes every folder a file was renamed into since the last flush, so that the renames
    /// survive a crash of the machine (the files' contents were flushed before each rename).
    public func flushFolders() {
        for directory in unflushed { FileStore.flushFolder(directory) }
        unflushed.removeAll()
        unflushedSet.removeAll()
    }
}
