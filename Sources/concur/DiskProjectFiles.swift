import ConcurCore
import Foundation

/// The disk, as the migration-tool detector sees it: existence checks and small files.
struct DiskProjectFiles: ProjectFiles {
    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    func contents(of path: String) -> [UInt8]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.size] as? Int ?? 0) <= 1 << 20
        else { return nil }
        return try? FileStore.read(path).bytes
    }
}
