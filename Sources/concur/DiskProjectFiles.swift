import ConcurCore
import ConcurSystem

/// The disk, as the migration-tool detector sees it: existence checks, small files, and marker
/// comments at the top of a folder's SQL files (remembered per folder and marker).
final class DiskProjectFiles: ProjectFiles, @unchecked Sendable {
    private var markers: [String: Bool] = [:]
    private let lock = Lock()

    // Each kind of answer behind a lock of its own, held only to look an answer up or to keep
    // one: a worker finding a folder's facts does not hold up another asking whether a file
    // exists.
    private var existence = Remembered<Bool>()
    private let existenceLock = Lock()
    private var folderFacts = Remembered<FolderFacts>()
    private let folderFactsLock = Lock()
    private var alembicFolderFacts = Remembered<AlembicFolderFacts>()
    private let alembicFolderFactsLock = Lock()

    /// Marker files per folder, looked for once per folder and run.
    func facts(about directory: String) -> FolderFacts {
        remembered(
            lock: folderFactsLock, read: { folderFacts.value(for: directory) },
            keep: { folderFacts.keep($0, for: directory) }, find: { FolderFacts.gather(in: directory, from: self) })
    }

    /// What a folder tells about its Alembic revisions, looked for once per folder and run.
    func alembicFacts(about directory: String) -> AlembicFolderFacts {
        remembered(
            lock: alembicFolderFactsLock, read: { alembicFolderFacts.value(for: directory) },
            keep: { alembicFolderFacts.keep($0, for: directory) },
            find: { AlembicFolderFacts.gather(in: directory, from: self) })
    }

    func forgetCachedState() {
        existenceLock.withLock { existence = Remembered() }
        folderFactsLock.withLock { folderFacts = Remembered() }
        alembicFolderFactsLock.withLock { alembicFolderFacts = Remembered() }
        lock.lock()
        listings = [:]
        versionLists = [:]
        markers = [:]
        lock.unlock()
    }

    /// Whether a file exists, asked once per path and run: detection asks every file's folder for
    /// the same marker files (atlas.sum, .gmrc, sqitch.plan…).
    func exists(_ path: String) -> Bool {
        remembered(
            lock: existenceLock, read: { existence.value(for: path) }, keep: { existence.keep($0, for: path) },
            find: { SystemCalls.exists(path) })
    }

    /// The answer `read` finds remembered, or else the one `find` finds (without the lock held,
    /// so that other questions go on meanwhile), then kept.
    private func remembered<Value>(
        lock: Lock, read: () -> Value?, keep: (Value) -> Void, find: () -> Value
    ) -> Value {
        if let known = lock.withLock(read) { return known }
        let found = find()
        lock.withLock { keep(found) }
        return found
    }

    /// A small file's bytes (a configuration file such as alembic.ini); nil for a file that cannot
    /// be read or is over a megabyte. Its size is asked of `stat` itself: Foundation's
    /// `attributesOfItem` answers with a dictionary of every attribute, whose types the runtime
    /// sets up on first use, which cost a check of one Alembic revision a quarter of its
    /// instructions.
    func contents(of path: String) -> [UInt8]? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_size <= 1 << 20 else { return nil }
        return try? FileStore.read(path).bytes
    }

    private var listings: [String: [String]] = [:]
    private var versionLists: [String: [String]] = [:]

    /// A folder's migration versions, read and sorted once per run and rule: every migration of
    /// the folder asks for them.
    func migrationVersions(in directory: String, rule: String, _ version: (String) -> String) -> [String] {
        let key = directory + "\u{0}" + rule
        if let known = lock.withLock({ versionLists[key] }) { return known }
        let versions = MigrationVersions.sorted(names(in: directory) ?? [], version)
        lock.withLock { versionLists[key] = versions }
        return versions
    }

    /// A folder's names, read once per run: every migration of a folder asks for the same list.
    func names(in directory: String) -> [String]? {
        lock.lock()
        if let known = listings[directory] {
            lock.unlock()
            return known
        }
        lock.unlock()
        guard let names = Self.listing(of: directory) else { return nil }
        lock.lock()
        listings[directory] = names
        lock.unlock()
        return names
    }

    func anySQLFile(in directory: String, startsWith prefix: String) -> Bool {
        let key = directory + "\u{0}" + prefix
        // Held while reading: the workers analysing files of one folder all ask at once, and the
        // folder is read once for all of them.
        lock.lock()
        defer { lock.unlock() }
        if let known = markers[key] { return known }
        let wanted = Array(prefix.utf8)
        // The folder's listing, read once for this and for `names(in:)`.
        var names = listings[directory]
        if names == nil, let listed = Self.listing(of: directory) {
            listings[directory] = listed
            names = listed
        }
        let candidates = (names ?? []).filter { $0.hasSuffix(".sql") }
        // Every core reads its share of the heads: the other workers are waiting for the answer.
        let shares = candidates.count < 64 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let found = ConcurrentFlag()
        // Names are opened relative to the folder, which the kernel then looks up only once.
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else {
            markers[key] = false
            return false
        }
        defer { close(folder) }
        DispatchQueue.concurrentPerform(iterations: shares) { share in
            var head = [UInt8](repeating: 0, count: wanted.count + 3)
            for index in stride(from: share, to: candidates.count, by: shares) {
                if found.isSet { return }
                // Without waiting: a FIFO among them has no writer, and reads as nothing.
                let descriptor = openat(folder, candidates[index], O_RDONLY | O_CLOEXEC | O_NONBLOCK)
                guard descriptor >= 0 else { continue }
                let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
                guard count > 0 else { continue }
                let bytes = head.prefix(count)
                let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                if bytes.dropFirst(start).starts(with: wanted) {
                    found.set()
                    return
                }
            }
        }
        markers[key] = found.isSet
        return found.isSet
    }

    /// The names in a folder, `.` and `..` left out; nil when it cannot be read.
    private static func listing(of directory: String) -> [String]? {
        var names: [String] = []
        let listed = DirectoryEntries.forEach(in: directory) { name, _ in
            if name != "." && name != ".." { names.append(name) }
        }
        return listed ? names : nil
    }
}

/// Answers remembered by key: each found the first time it is asked for. Not safe to share by
/// itself: its owner guards it with a lock.
///
/// A structure, not a class: a generic class has its type set up by the runtime on first use,
/// which cost every start of the program more than the answers save. For the same reason the
/// first few answers are kept in two arrays, looked through in order, and only the ones past them
/// in a dictionary: a check of one or two migrations asks a handful of questions, and the first
/// dictionary keyed by strings has the runtime look up `String: Hashable` first.
struct Remembered<Value> {
    // The first answers in two arrays, looked through; past `fewLimit`, every answer in `many`,
    // hashed (a project with a folder per migration asks about thousands of folders).
    private var keys: [String] = []
    private var values: [Value] = []
    private var many: [String: Value] = [:]
    private static var fewLimit: Int { 16 }
    /// The key asked for last, and its answer: files of one folder come one after another, and
    /// comparing a folder's path costs less than hashing it.
    private var last: (key: String, value: Value)?

    /// The answer remembered for `key`, if any.
    mutating func value(for key: String) -> Value? {
        if let last, last.key == key { return last.value }
        let known: Value?
        if !many.isEmpty {
            known = many[key]
        } else if let index = keys.firstIndex(of: key) {
            known = values[index]
        } else {
            known = nil
        }
        if let known { last = (key, known) }
        return known
    }

    /// Keeps `value` as the answer for `key`, unless one is kept already (found meanwhile by
    /// another thread).
    mutating func keep(_ value: Value, for key: String) {
        if !many.isEmpty {
            guard many[key] == nil else { return }
            many[key] = value
        } else {
            guard !keys.contains(key) else { return }
            if keys.count < Self.fewLimit {
                keys.append(key)
                values.append(value)
            } else {
                // Past the few: every answer moves into the dictionary, and the arrays are let go.
                many.reserveCapacity(keys.count * 4)
                for (known, answer) in zip(keys, values) { many[known] = answer }
                many[key] = value
                keys = []
                values = []
            }
        }
        last = (key, value)
    }
}

/// A flag that several threads may set and read.
private final class ConcurrentFlag: @unchecked Sendable {
    private let lock = Lock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
