import ConcurCore
import Foundation

/// Turns the paths a user names into the SQL files to check.
///
/// A named file is checked whatever its extension; a directory is searched recursively for
/// `*.sql` and `*.py` files (a Python file counts only when it is an Alembic revision), in path order, skipping hidden folders (such as `.git`) and not following
/// symbolic links to folders.
enum SQLFileFinder {
    static func find(_ paths: [String], keep: (String) -> Bool = { _ in true }) -> (
        files: [String], unreadable: [UnreadableFile]
    ) {
        var files: [String] = []
        var unreadable: [UnreadableFile] = []
        var seen = Set<String>()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                unreadable.append(UnreadableFile(path: path, message: "no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                if seen.insert(path).inserted { files.append(path) }
                continue
            }
            for file in sqlFiles(under: path, unreadable: &unreadable) where keep(file) && seen.insert(file).inserted {
                files.append(file)
            }
        }
        return (files, unreadable)
    }

    /// SQL files, and Python files (which the analysis keeps only when they are Alembic revisions).
    static func isMigrationCandidate(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".sql") || lowered.hasSuffix(".py")
    }

    private static func sqlFiles(under root: String, unreadable: inout [UnreadableFile]) -> [String] {
        var found: [String] = []
        var links = Set<String>()
        var pending = [root]
        let manager = FileManager.default
        while let directory = pending.popLast() {
            let entries: [String]
            do {
                entries = try manager.contentsOfDirectory(atPath: directory)
            } catch {
                unreadable.append(UnreadableFile(path: directory, message: "cannot read directory"))
                continue
            }
            for name in entries where !name.hasPrefix(".") {
                let path =
                    directory == "." ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
                guard let attributes = try? manager.attributesOfItem(atPath: path),
                    let type = attributes[.type] as? FileAttributeType
                else { continue }
                if type == .typeDirectory {
                    pending.append(path)
                } else if isMigrationCandidate(name), type == .typeRegular || type == .typeSymbolicLink {
                    found.append(path)
                    if type == .typeSymbolicLink { links.insert(path) }
                }
            }
        }
        // A link to a file found anyway is the same migration: check it once, by its real path.
        let real = Set(found.filter { !links.contains($0) }.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let unique = found.filter { path in
            !links.contains(path)
                || !real.contains(URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path)
        }
        return unique.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
