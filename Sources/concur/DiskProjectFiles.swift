import ConcurCore
import Foundation

/// The disk, as the migration-tool detector sees it: existence checks, small files, and marker
/// comments at the top of a folder's SQL files (remembered per folder and marker).
final class DiskProjectFiles: ProjectFiles, @unchecked Sendable {
    private var markers: [String: Bool] = [:]
    private let lock = NSLock()

    private var existence: [String: Bool] = [:]
    private var folderFacts: [String: FolderFacts] = [:]

    /// Marker files per folder, looked for once per folder and run.
    func facts(about directory: String) -> FolderFacts {
        lock.lock()
        if let known = folderFacts[directory] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let found = FolderFacts.gather(in: directory, from: self)
        lock.lock()
        folderFacts[directory] = found
        lock.unlock()
        return found
    }

    func forgetCachedState() {
        lock.lock()
        existence = [:]
        folderFacts = [:]
        listings = [:]
        markers = [:]
        lock.unlock()
    }

    /// Whether a file exists, asked once per path and run: detection asks every file's folder for
    /// the same marker files (atlas.sum, .gmrc, sqitch.plan…).
    func exists(_ path: String) -> Bool {
        lock.lock()
        if let known = existence[path] {
            lock.unlock()
            return known
        }
        lock.unlock()
        var status = stat()
        let found = stat(path, &status) == 0
        lock.lock()
        existence[path] = found
        lock.unlock()
        return found
    }

    func contents(of path: String) -> [UInt8]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.size] as? Int ?? 0) <= 1 << 20
        else { return nil }
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
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        lock.lock()
        listings[directory] = names
        lock.unlock()
        return names
    }

    func anySQLFile(in directory: String, startsWith prefix: String) -> Bool {
        let key = directory + "\u{0}" + prefix
        lock.lock()
        if let known = markers[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let wanted = Array(prefix.utf8)
        let found = names.contains { name in
            guard name.hasSuffix(".sql"), let handle = FileHandle(forReadingAtPath: directory + "/" + name) else {
                return false
            }
            defer { try? handle.close() }
            let head = [UInt8]((try? handle.read(upToCount: wanted.count + 3)) ?? Data())
            let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            return head.dropFirst(start).starts(with: wanted)
        }
        lock.lock()
        markers[key] = found
        lock.unlock()
        return found
    }
}
