import ConcurCore
import ConcurSystem

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
        // Paths named twice, however spelt (`m.sql`, `./m.sql`, its absolute path), or a file
        // inside a folder also named, are checked once, by the first name. One folder's files
        // are all different already: no set of paths is kept for a single path.
        var seen = Set<String>()
        let mayRepeat = paths.count > 1
        let directory = mayRepeat ? SystemCalls.workingDirectory() ?? FileManager.default.currentDirectoryPath : ""
        func isNew(_ path: String) -> Bool {
            !mayRepeat || seen.insert(LexicalPath.absoluteKeepingParents(path, in: directory)).inserted
        }
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                unreadable.append(UnreadableFile(path: path, message: "no such file or directory"))
                continue
            }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                if isNew(path) { files.append(path) }
                continue
            }
            for file in sqlFiles(under: path, unreadable: &unreadable) where keep(file) && isNew(file) {
                files.append(file)
            }
        }
        return (files, unreadable)
    }

    /// SQL files, and Python files (which the analysis keeps only when they are Alembic revisions).
    static func isMigrationCandidate(_ name: String) -> Bool {
        name.hasSuffix(ignoringASCIICase: ".sql") || name.hasSuffix(ignoringASCIICase: ".py")
    }

    private static func sqlFiles(under root: String, unreadable: inout [UnreadableFile]) -> [String] {
        var found: [String] = []
        var links = Set<String>()
        // Folder by folder, a level of the tree at a time; a level of many folders (a Prisma or
        // diesel project keeps each migration in a folder of its own) is read on every core,
        // each folder costing a few system calls whatever it holds.
        var level = [root]
        while !level.isEmpty {
            let listings = level.count < parallelLevel ? level.map(listing) : listingsConcurrently(level)
            var next: [String] = []
            for listing in listings {
                guard listing.opened else {
                    unreadable.append(UnreadableFile(path: listing.directory, message: "cannot read directory"))
                    continue
                }
                next += listing.folders
                found += listing.files
                for link in listing.links { links.insert(link) }
            }
            level = next
        }
        // The order folders were read in does not matter: the files are sorted.
        // A link to a file found anyway is the same migration: check it once, by its real path.
        guard !links.isEmpty else { return found.sortedInByteOrder() }
        // The files' paths worked out from their text (with URL, one link in a tree of 10,000
        // files doubled the time of checking it); the links' targets asked of the file system.
        let directory = SystemCalls.workingDirectory() ?? FileManager.default.currentDirectoryPath
        let real = Set(found.filter { !links.contains($0) }.map { LexicalPath.absolute($0, in: directory) })
        let unique = found.filter { path in
            !links.contains(path)
                || !real.contains(URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path)
        }
        return unique.sortedInByteOrder()
    }

    /// From how many folders a level of the tree is read on every core.
    static let parallelLevel = 64

    /// What one folder holds, as the search sees it.
    private struct Listing: Sendable {
        var directory: String
        var opened = true
        var folders: [String] = []
        var files: [String] = []
        var links: [String] = []
    }

    /// The folders, SQL files and Python files of one folder, hidden ones left out.
    private static func listing(of directory: String) -> Listing {
        var listing = Listing(directory: directory)
        let prefix = directory == "." ? "" : directory.hasSuffix("/") ? directory : directory + "/"
        // readdir(3) with the entry types it returns: one system call per batch of names
        // instead of a stat(2) per entry (the traversal of 10,000 files took most of the
        // reviewer's first-screen time before).
        listing.opened = DirectoryEntries.forEach(in: directory) { name, reportedType in
            guard !name.hasPrefix(".") else { return }
            let path = prefix + name
            var type = reportedType
            if type == UInt8(DT_UNKNOWN) {
                // Some file systems do not fill d_type: ask lstat(2).
                var status = stat()
                guard lstat(path, &status) == 0 else { return }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFREG: type = UInt8(DT_REG)
                case S_IFLNK: type = UInt8(DT_LNK)
                default: return
                }
            }
            if type == UInt8(DT_DIR) {
                listing.folders.append(path)
            } else if isMigrationCandidate(name), type == UInt8(DT_REG) || type == UInt8(DT_LNK) {
                listing.files.append(path)
                if type == UInt8(DT_LNK) { listing.links.append(path) }
            }
        }
        return listing
    }

    /// The listings of many folders, read on every core, in the folders' order.
    private static func listingsConcurrently(_ directories: [String]) -> [Listing] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let shares = min(cores, directories.count)
        let results = SharedResults<[Listing]>(count: shares)
        DispatchQueue.concurrentPerform(iterations: shares) { share in
            let range = directories.count * share / shares..<directories.count * (share + 1) / shares
            results.set(share, directories[range].map(listing))
        }
        return results.all.flatMap { $0 }
    }
}

/// Results that workers write at once, each to a slot of its own.
private final class SharedResults<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Sets slot `index`; no two workers set the same slot.
    func set(_ index: Int, _ value: Value) { slots[index] = value }

    /// Every slot's value, in order, once the workers are done.
    var all: [Value] { slots.map { $0! } }
}
