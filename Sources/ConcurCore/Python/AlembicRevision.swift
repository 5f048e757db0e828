/// Decides whether a `.py` file is an Alembic revision that runs on PostgreSQL.
public enum AlembicRevision {
    /// What a Python file is, for concur.
    public enum Kind: Hashable, Sendable {
        /// An Alembic revision for PostgreSQL (or for a database concur cannot tell).
        case revision
        /// An Alembic revision for another database, e.g. in a `sqlite/` folder.
        case otherDatabase(String)
        /// Not a migration: never flagged.
        case notAMigration
    }

    /// Folder names that mean "migrations for this other database".
    static let otherDatabases = ["sqlite", "mysql", "mariadb", "mssql", "sqlserver", "oracle"]

    /// Classifies the Python file at `path`: a revision imports `op` from alembic, or sits in the
    /// `versions/` folder of an Alembic script folder (next to `env.py` or `script.py.mako`, or named
    /// by `script_location` in an `alembic.ini` above it).
    public static func classify(path: String, content: [UInt8], files: some ProjectFiles) -> Kind {
        let directory = MigrationTool.parent(of: path)
        let facts = files.alembicFacts(about: directory)
        guard importsOp(content) || facts.isVersionsFolder else { return .notAMigration }
        if let other = otherDatabaseFolder(in: path) { return .otherDatabase(other) }
        if let url = facts.configuredURL, let scheme = url.split(separator: ":").first {
            let database = scheme.split(separator: "+").first.map { $0.lowercased() } ?? ""
            if otherDatabases.contains(database) { return .otherDatabase(database) }
        }
        return .revision
    }

    /// The first folder of `path` named after another database (`SQLite/`, `mysql/`…), in lower
    /// case. Folder names are compared as bytes with ASCII case folded: the database names are
    /// ASCII, and no other character lower-cases to an ASCII letter of theirs.
    static func otherDatabaseFolder(in path: String) -> String? {
        var path = path
        return path.withUTF8 { bytes in
            // Each folder is the bytes between two slashes (the last component is the file).
            var start = 0
            for end in bytes.indices where bytes[end] == UInt8(ascii: "/") {
                defer { start = end + 1 }
                let folder = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if let name = otherDatabases.first(where: { Self.equalsIgnoringASCIICase(folder, $0) }) {
                    return name
                }
            }
            return nil
        }
    }

    /// Whether `bytes` spell `name` (lower-case ASCII), ASCII capitals folded.
    private static func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ name: String) -> Bool {
        guard bytes.count == name.utf8.count else { return false }
        return zip(bytes, name.utf8).allSatisfy { byte, letter in byte.asciiLowercased == letter }
    }

    /// Whether the source says `from alembic import …op…`.
    static func importsOp(_ content: [UInt8]) -> Bool {
        let needle = Array("from alembic import".utf8)
        var index = 0
        while index + needle.count <= content.count {
            if content[index] == needle[0], content[index..<index + needle.count].elementsEqual(needle) {
                var end = index + needle.count
                var depth = 0
                while end < content.count, content[end] != 0x0A || depth > 0 {
                    if content[end] == UInt8(ascii: "(") { depth += 1 }
                    if content[end] == UInt8(ascii: ")") { depth -= 1 }
                    end += 1
                }
                let names = String(decoding: content[index + needle.count..<end], as: UTF8.self)
                    .split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" })
                if names.contains("op") { return true }
                index = end
            } else {
                index += 1
            }
        }
        return false
    }

    fileprivate static func isInVersionsFolder(_ directory: String, files: some ProjectFiles) -> Bool {
        let name = directory.split(separator: "/").last.map(String.init) ?? directory
        guard name == "versions" else { return false }
        let scripts = MigrationTool.parent(of: directory)
        if files.exists(MigrationTool.join(scripts, "env.py"))
            || files.exists(MigrationTool.join(scripts, "script.py.mako"))
        {
            return true
        }
        for folder in MigrationTool.ancestors(of: scripts) {
            guard
                let location = iniValue("script_location", in: MigrationTool.join(folder, "alembic.ini"), files: files)
            else { continue }
            var relative = Substring(location)
            for prefix in ["%(here)s/", "./"] where relative.hasPrefix(prefix) {
                relative = relative.dropFirst(prefix.count)
            }
            while relative.hasSuffix("/") { relative = relative.dropLast() }
            if MigrationTool.join(folder, String(relative)) == scripts { return true }
        }
        return false
    }

    /// `sqlalchemy.url` of the nearest `alembic.ini` above `directory`.
    fileprivate static func configuredURL(above directory: String, files: some ProjectFiles) -> String? {
        for folder in MigrationTool.ancestors(of: directory) {
            let ini = MigrationTool.join(folder, "alembic.ini")
            guard files.exists(ini) else { continue }
            return iniValue("sqlalchemy.url", in: ini, files: files)
        }
        return nil
    }

    private static func iniValue(_ key: String, in path: String, files: some ProjectFiles) -> String? {
        guard let bytes = files.contents(of: path) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, trimmed(parts[0]) == key else { continue }
            return trimmed(parts[1])
        }
        return nil
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// What an Alembic revision's folder tells: the same for every revision in it, so a project's
/// files can look once per folder.
public struct AlembicFolderFacts: Sendable {
    /// Whether the folder is the `versions/` folder of an Alembic script folder.
    public var isVersionsFolder: Bool
    /// `sqlalchemy.url` of the nearest `alembic.ini` above the folder.
    public var configuredURL: String?

    /// Looks at the files around `directory`.
    public static func gather(in directory: String, from files: some ProjectFiles) -> AlembicFolderFacts {
        AlembicFolderFacts(
            isVersionsFolder: AlembicRevision.isInVersionsFolder(directory, files: files),
            configuredURL: AlembicRevision.configuredURL(above: directory, files: files))
    }
}
