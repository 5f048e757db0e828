import ConcurCore
import ConcurSystem

/// The disk, as the migration-tool detector sees it: existence checks, small files, and marker
/// comments at the top of a folder's SQL files (remembered per folder and marker).
final class DiskProjectFiles: ProjectFiles, @unchecked Sendable {
    private var markers: [String: Bool] = [:]
    private let lock = Lock()

    private let existence = Remembered<Bool>()
    private let folderFacts = Remembered<FolderFacts>()
    private let alembicFolderFacts = Remembered<AlembicFolderFacts>()

    /// Marker files per folder, looked for once per folder and run.
    func facts(about directory: String) -> FolderFacts {
        folderFacts.value(for: directory) { FolderFacts.gather(in: directory, from: self) }
    }

    /// What a folder tells about its Alembic revisions, looked for once per folder and run.
    func alembicFacts(about directory: String) -> AlembicFolderFacts {
        alembicFolderFacts.value(for: directory) { AlembicFolderFacts.gather(in: directory, from: self) }
    }

    func forgetCachedState() {
        existence.forget()
        folderFacts.forget()
        alembicFolderFacts.forget()
        lock.lock()
        listings = [:]
        markers = [:]
        lock.unlock()
    }

    /// Whether a file exists, asked once per path and run: detection asks every file's folder for
    /// the same marker files (atlas.sum, .gmrc, sqitch.plan…).
    func exists(_ path: String) -> Bool {
        existence.value(for: path) {
            var status = stat()
            return stat(path, &status) == 0
        }
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

    /// A folder's names, read once per run: every migration of a folder asks for the same list.
    func names(in directory: String) -> [String]? {
        lock.lock()
        if let known = listings[directory] {
            lock.unlock()
            return known
        }
        lock.unlock()
        var names: [String] = []
        let listed = DirectoryEntries.forEach(in: directory) { name, _ in
            if name != "." && name != ".." { names.append(name) }
        }
        guard listed else { return nil }
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
        let candidates = names(unlocked: directory).filter { $0.hasSuffix(".sql") }
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
                let descriptor = openat(folder, candidates[index], O_RDONLY | O_CLOEXEC)
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

    /// The names in a folder, without taking the lock.
    private func names(unlocked directory: String) -> [String] {
        var names: [String] = []
        DirectoryEntries.forEach(in: directory) { name, _ in names.append(name) }
        return names
    }
}

/// Answers remembered by key, shared by the workers: each is found (without the lock held) the
/// first time it is asked for.
final class Remembered<Value>: @unchecked Sendable {
    /// The first few answers, looked through in order; a dictionary only past them. A check of
    /// one or two migrations asks a handful of questions, and the first dictionary keyed by
    /// strings costs more to set up (the runtime looks up `String: Hashable` the first time)
    /// than all of them.
    private var few: [(key: String, value: Value)] = []
    private var many: [String: Value] = [:]
    private static var fewLimit: Int { 16 }
    /// The key asked for last, and its value: files of one folder come one after another, and
    /// comparing a folder's path costs less than hashing it.
    private var last: (key: String, value: Value)?
    private let lock = Lock()

    func value(for key: String, find: () -> Value) -> Value {
        lock.lock()
        if let last, last.key == key {
            lock.unlock()
            return last.value
        }
        if let known = known(key) {
            last = (key, known)
            lock.unlock()
            return known
        }
        lock.unlock()
        let found = find()
        lock.lock()
        if known(key) == nil {  // another thread may have found it meanwhile
            if few.count < Self.fewLimit { few.append((key, found)) } else { many[key] = found }
        }
        last = (key, found)
        lock.unlock()
        return found
    }

    /// The value remembered for `key`; the lock must be held.
    private func known(_ key: String) -> Value? {
        for entry in few where entry.key == key { return entry.value }
        return few.count < Self.fewLimit ? nil : many[key]
    }

    func forget() {
        lock.lock()
        few = []
        many = [:]
        last = nil
        lock.unlock()
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
