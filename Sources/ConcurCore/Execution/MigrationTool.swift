#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the detector may look at around a migration file: whether a file exists, and the text of
/// small files (tool configuration). The command line reads the disk; tests use a dictionary.
public protocol ProjectFiles: Sendable {
    /// Whether a file exists at `path`.
    func exists(_ path: String) -> Bool
    /// The bytes of a small file, or nil when it cannot be read.
    func contents(of path: String) -> [UInt8]?
    /// Whether some `.sql` file in `directory` starts with `prefix` (a tool's marker comment).
    func anySQLFile(in directory: String, startsWith prefix: String) -> Bool
    /// The names in a directory (files and folders), or nil when it cannot be listed.
    func names(in directory: String) -> [String]?
    /// Drops anything remembered about the disk (after concur itself wrote files).
    func forgetCachedState()
    /// The marker files around a folder that detection looks for.
    func facts(about directory: String) -> FolderFacts
    /// What a folder tells about the Alembic revisions in it.
    func alembicFacts(about directory: String) -> AlembicFolderFacts
    /// The versions of the migrations named in `directory`, as `version` reads them from the
    /// names (names without one left out), in ascending order. The same for every migration of
    /// the folder: an implementation may remember them per folder and `rule` (which names what
    /// `version` reads).
    func migrationVersions(in directory: String, rule: String, _ version: (String) -> String) -> [String]
}

/// The marker files around a folder: the same for every migration in it.
public struct FolderFacts: Sendable {
    /// `atlas.sum` in the folder.
    public var hasAtlasSum: Bool
    /// `.gmrc` in the folder or up to four folders above it.
    public var hasGraphileConfigAbove: Bool

    public init(hasAtlasSum: Bool, hasGraphileConfigAbove: Bool) {
        self.hasAtlasSum = hasAtlasSum
        self.hasGraphileConfigAbove = hasGraphileConfigAbove
    }

    /// Looks for the marker files around `directory`.
    public static func gather(in directory: String, from files: some ProjectFiles) -> FolderFacts {
        FolderFacts(
            hasAtlasSum: files.exists(MigrationTool.join(directory, "atlas.sum")),
            hasGraphileConfigAbove: MigrationTool.ancestors(of: directory).contains {
                files.exists(MigrationTool.join($0, ".gmrc"))
            })
    }
}

extension ProjectFiles {
    public func forgetCachedState() {}

    public func facts(about directory: String) -> FolderFacts {
        FolderFacts.gather(in: directory, from: self)
    }

    public func alembicFacts(about directory: String) -> AlembicFolderFacts {
        AlembicFolderFacts.gather(in: directory, from: self)
    }

    public func migrationVersions(in directory: String, rule: String, _ version: (String) -> String) -> [String] {
        MigrationVersions.sorted(names(in: directory) ?? [], version)
    }
}

/// The versions of a folder's migrations, sorted once and then searched: every migration of a
/// folder of 10,000 asked for them all and looked through them all, which made checking such a
/// project take time in the square of its size (53 s for 10,000 Prisma migrations).
public enum MigrationVersions {
    /// The versions `version` reads from `names` (empty ones left out), in ascending order.
    public static func sorted(_ names: [String], _ version: (String) -> String) -> [String] {
        names.map(version).filter { !$0.isEmpty }.sorted()
    }

    /// `sorted` with `more` put in their places.
    public static func inserting(_ more: [String], into sorted: [String]) -> [String] {
        var result = sorted
        for value in more { result.insert(value, at: firstIndex(notBefore: value, in: result)) }
        return result
    }

    /// The index of the first of `sorted` that is not before `value` (`sorted.count` if none).
    static func firstIndex(notBefore value: String, in sorted: [String]) -> Int {
        firstIndex(in: sorted) { $0 >= value }
    }

    /// The index of the first of `sorted` that comes after `value` (`sorted.count` if none).
    static func firstIndex(after value: String, in sorted: [String]) -> Int {
        firstIndex(in: sorted) { $0 > value }
    }

    /// The index of the first of `sorted` for which `isPast` holds (`sorted.count` if none), by
    /// halving: `isPast` must hold for every version after one it holds for.
    private static func firstIndex(in sorted: [String], where isPast: (String) -> Bool) -> Int {
        sorted.firstIndexByHalving(where: isPast)
    }

    /// Whether `sorted` holds `value`.
    static func contains(_ value: String, in sorted: [String]) -> Bool {
        let index = firstIndex(notBefore: value, in: sorted)
        return index < sorted.count && sorted[index] == value
    }
}

/// The migration tools concur knows, and how each runs a file. The behaviour assumed for each is
/// described in docs/MIGRATION-TOOLS.md.
public enum MigrationTool: String, CaseIterable, Sendable {
    case psql
    case prisma
    case diesel
    case golangMigrate = "golang-migrate"
    case dbmate
    case sqitch
    case flyway
    case postgresMigrations = "postgres-migrations"
    case atlas
    case graphileMigrate = "graphile-migrate"
    case alembic

    /// How much of a file, after its byte order mark, detection and every tool's model read,
    /// except dbmate's (`readsWholeFile`).
    static let headerLength = 4096

    /// The leading bytes that hold the header: a byte order mark (3 bytes) and `headerLength`.
    static let leadingBytesRead = 3 + headerLength

    /// Whether the tool's model reads the whole file rather than its first `headerLength` bytes:
    /// dbmate's up and down sections are marked anywhere in it.
    var readsWholeFile: Bool { self == .dbmate }

    /// The tool that runs the file at `path`, from the conventions its users would recognise.
    public static func detect(path: String, content: [UInt8], files: some ProjectFiles) -> MigrationTool {
        let (folder, name) = lastComponents(of: path)
        let directory = parent(of: path)
        let head = Header(content)
        if head.hasLine(startingWith: "-- migrate:up") { return .dbmate }
        if head.hasPrefix("-- postgres-migrations disable-transaction") { return .postgresMigrations }
        let facts = files.facts(about: directory)
        if facts.hasAtlasSum { return .atlas }
        if head.hasPrefix("--! no-transaction") || name == "current.sql" || hasComponent("committed", in: path)
            || facts.hasGraphileConfigAbove
        {
            return .graphileMigrate
        }
        if name == "migration.sql", startsWithVersion(folder) { return .prisma }
        if name == "up.sql" || name == "down.sql", startsWithVersion(folder) { return .diesel }
        if name.hasSuffix(".up.sql") || name.hasSuffix(".down.sql"), startsWithVersion(name) { return .golangMigrate }
        if isFlywayName(name) { return .flyway }
        // postgres-migrations names files `<id>-<name>.sql` or `<id>_<name>.sql`; a folder where one
        // of them carries its disable-transaction comment is a postgres-migrations folder.
        if name.utf8.first.map({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) == true,
            withBytes(of: name, { $0.contains(UInt8(ascii: "_")) || $0.contains(UInt8(ascii: "-")) }),
            hasPlausibleMigrationPosition(name),
            files.anySQLFile(in: directory, startsWith: "-- postgres-migrations disable-transaction")
        {
            return .postgresMigrations
        }
        if folder == "deploy" || folder == "revert" || folder == "verify",
            ancestors(of: parent(of: directory)).contains(where: { files.exists(join($0, "sqitch.plan")) })
        {
            return .sqitch
        }
        return .psql
    }

    /// How this tool runs the file, with where a drop can go to run on its own.
    public func executionModel(path: String, content: [UInt8], files: some ProjectFiles) -> ExecutionModel {
        var model = baseModel(path: path, content: content, files: files)
        model.separateMigration = separateMigration(path: path, files: files)
        model.separateMigration?.downSource = downSource(path: path, content: content, files: files)
        return model
    }

    /// The ASCII digits a name starts with (a migration's version), read from its bytes. A digit
    /// that a combining mark follows is no digit character: such a name is read character by
    /// character.
    static func leadingDigits(_ text: String) -> String {
        let utf8 = text.utf8
        let end = utf8.firstIndex { $0 < UInt8(ascii: "0") || $0 > UInt8(ascii: "9") } ?? utf8.endIndex
        if end != utf8.endIndex, utf8[end] >= 0x80 { return String(text.prefix { $0.isASCII && $0.isNumber }) }
        return String(text[..<end])
    }

    /// The layout of a new migration right after the one at `path`, for tools concur can write.
    func separateMigration(path: String, files: some ProjectFiles) -> SeparateMigration? {
        switch self {
        case .prisma, .diesel, .golangMigrate, .dbmate, .flyway: break
        default: return nil
        }
        let (folder, name) = Self.lastComponents(of: path)
        let directory = Self.parent(of: path)
        func versions(in directory: String, _ rule: String, _ version: (String) -> String) -> [String] {
            files.migrationVersions(in: directory, rule: rule, version)
        }
        let leadingDigits = Self.leadingDigits
        switch self {
        case .prisma:
            let migrations = Self.parent(of: directory)
            return SeparateMigration(
                layout: .prisma, directory: migrations, version: leadingDigits(folder),
                takenVersions: versions(in: migrations, "leading digits", leadingDigits), origin: folder,
                sameMigrationSwitch: nil)
        case .diesel:
            guard name == "up.sql" else { return nil }
            let migrations = Self.parent(of: directory)
            let version: (String) -> String = { text in
                guard let underscore = text.firstIndex(of: "_"), text.first?.isNumber == true else { return "" }
                return String(text[..<underscore])
            }
            let metadata = Self.join(directory, "metadata.toml")
            return SeparateMigration(
                layout: .diesel, directory: migrations, version: version(folder),
                takenVersions: versions(in: migrations, "diesel", version), origin: folder,
                sameMigrationSwitch: files.exists(metadata)
                    ? nil : CreatedFile(path: metadata, content: Array("run_in_transaction = false\n".utf8)))
        case .golangMigrate:
            guard name.hasSuffix(".up.sql") else { return nil }
            return SeparateMigration(
                layout: .golangMigrate, directory: directory, version: leadingDigits(name),
                takenVersions: versions(in: directory, "leading digits", leadingDigits), origin: name,
                sameMigrationSwitch: nil)
        case .dbmate:
            let version = leadingDigits(name)
            guard !version.isEmpty else { return nil }
            return SeparateMigration(
                layout: .dbmate, directory: directory, version: version,
                takenVersions: versions(in: directory, "leading digits", leadingDigits), origin: name,
                sameMigrationSwitch: nil)
        case .flyway:
            guard name.hasPrefix("V") else { return nil }
            let version: (String) -> String = { text in
                guard text.hasPrefix("V"), let end = text.split(separator: "__", maxSplits: 1).first,
                    end.count < text.count
                else { return "" }
                return String(end.dropFirst())
            }
            let config = path + ".conf"
            return SeparateMigration(
                layout: .flyway, directory: directory, version: version(name),
                takenVersions: versions(in: directory, "flyway", { version($0).replacingDots() }), origin: name,
                sameMigrationSwitch: files.exists(config)
                    ? nil : CreatedFile(path: config, content: Array("executeInTransaction=false\n".utf8)))
        default:
            return nil
        }
    }

    /// The SQL that undoes the migration at `path`: diesel's down.sql, golang-migrate's
    /// .down.sql, dbmate's `-- migrate:down` section.
    private func downSource(path: String, content: [UInt8], files: some ProjectFiles) -> [UInt8]? {
        switch self {
        case .diesel: return files.contents(of: Self.join(Self.parent(of: path), "down.sql"))
        case .golangMigrate: return files.contents(of: String(path.dropLast(".up.sql".count)) + ".down.sql")
        case .dbmate:
            guard let start = content.withUnsafeBufferPointer({ ByteSearch.firstOffset(of: "-- migrate:down", in: $0) })
            else { return nil }
            return Array(content[start...])
        default: return nil
        }
    }

    private func baseModel(path: String, content: [UInt8], files: some ProjectFiles) -> ExecutionModel {
        let head = Header(content)
        let top = ByteRange(byteOrderMark(content), byteOrderMark(content))
        switch self {
        case .psql:
            return .psqlScript
        case .alembic:
            return AlembicAnalyzer.model
        case .sqitch:
            return ExecutionModel(
                name: "sqitch", wrapsFileInTransaction: false, delivery: .statementByStatement,
                summary:
                    "sqitch runs this script with psql, statement by statement; only its own BEGIN … COMMIT makes a transaction"
            )
        case .prisma:
            return ExecutionModel(
                name: "Prisma", wrapsFileInTransaction: false, delivery: .wholeFileAsOneQuery,
                summary:
                    "Prisma sends this migration.sql as one query string, which PostgreSQL runs as one transaction",
                separateMigrationAdvice:
                    "Move the drop into a new migration of its own (a new migrations/<timestamp>_<name>/migration.sql that holds only the drop), after this one."
            )
        case .diesel:
            let metadata =
                files.contents(of: Self.join(Self.parent(of: path), "metadata.toml")).map {
                    String(decoding: $0, as: UTF8.self)
                } ?? ""
            let noTransaction = metadata.split(separator: "\n").contains {
                $0.replacingSpaces() == "run_in_transaction=false"
            }
            return ExecutionModel(
                name: "diesel", wrapsFileInTransaction: !noTransaction, delivery: .wholeFileAsOneQuery,
                summary: noTransaction
                    ? "diesel sends this migration as one query string (metadata.toml switches its transaction off), which PostgreSQL runs as one transaction when it holds several statements"
                    : "diesel runs this migration in a transaction and sends it as one query string",
                separateMigrationAdvice:
                    "Move the drop into a new migration folder of its own after this one: up.sql with only the drop, down.sql that re-creates the index, and metadata.toml with `run_in_transaction = false`."
            )
        case .golangMigrate:
            return ExecutionModel(
                name: "golang-migrate", wrapsFileInTransaction: false, delivery: .wholeFileAsOneQuery,
                summary:
                    "golang-migrate sends this file as one query string, which PostgreSQL runs as one transaction when it holds several statements",
                separateMigrationAdvice:
                    "Move the drop into a new up/down pair of its own, numbered right after this one, with only the drop in the .up.sql file."
            )
        case .dbmate:
            return dbmateModel(content)
        case .flyway:
            let config = files.contents(of: path + ".conf").map { String(decoding: $0, as: UTF8.self) } ?? ""
            let noTransaction = config.split(separator: "\n").contains {
                $0.replacingSpaces().lowercased() == "executeintransaction=false"
            }
            return ExecutionModel(
                name: "Flyway", wrapsFileInTransaction: !noTransaction, delivery: .statementByStatement,
                summary: noTransaction
                    ? "Flyway runs this migration statement by statement, outside a transaction (its .conf file says executeInTransaction=false)"
                    : "Flyway runs this migration statement by statement, in one transaction",
                separateMigrationAdvice:
                    "Move the drop into a new versioned migration of its own with a script configuration file (V…sql.conf) that says `executeInTransaction=false`."
            )
        case .postgresMigrations:
            let off = head.hasPrefix("-- postgres-migrations disable-transaction")
            return ExecutionModel(
                name: "postgres-migrations", wrapsFileInTransaction: !off, delivery: .wholeFileAsOneQuery,
                summary: off
                    ? "postgres-migrations sends this file as one query string without its transaction, which PostgreSQL still runs as one transaction when it holds several statements"
                    : "postgres-migrations runs this file in a transaction, as one query string",
                transactionOptOut: off
                    ? nil
                    : TransactionOptOut(
                        title: "`-- postgres-migrations disable-transaction`",
                        edit: Edit(range: top, replacement: "-- postgres-migrations disable-transaction\n")),
                separateMigrationAdvice:
                    "Move the drop into a new migration file of its own whose first line is `-- postgres-migrations disable-transaction`."
            )
        case .atlas:
            let off = head.hasLine(startingWith: "-- atlas:txmode none")
            return ExecutionModel(
                name: "Atlas", wrapsFileInTransaction: !off, delivery: .statementByStatement,
                summary: off
                    ? "Atlas runs this file statement by statement without a transaction (atlas:txmode none)"
                    : "Atlas runs this file statement by statement, in one transaction",
                transactionOptOut: off
                    ? nil
                    : TransactionOptOut(
                        title: "`-- atlas:txmode none` (then run `atlas migrate hash`)",
                        edit: Edit(range: top, replacement: "-- atlas:txmode none\n\n")),
                separateMigrationAdvice:
                    "Move the drop into a migration file of its own that starts with `-- atlas:txmode none`.")
        case .graphileMigrate:
            let off = head.hasPrefix("--! no-transaction")
            return ExecutionModel(
                name: "graphile-migrate", wrapsFileInTransaction: !off, delivery: .wholeFileAsOneQuery,
                summary: off
                    ? "graphile-migrate sends this file as one query string without its transaction, which PostgreSQL still runs as one transaction when it holds several statements"
                    : "graphile-migrate runs this migration in a transaction, as one query string",
                transactionOptOut: off
                    ? nil
                    : TransactionOptOut(
                        title: "`--! no-transaction`", edit: Edit(range: top, replacement: "--! no-transaction\n")),
                separateMigrationAdvice:
                    "Move the drop into a migration of its own that starts with `--! no-transaction`.")
        }
    }

    /// dbmate runs `-- migrate:up` and `-- migrate:down` as separate query strings, each in a
    /// transaction unless its marker says `transaction:false`.
    private func dbmateModel(_ content: [UInt8]) -> ExecutionModel {
        var sections: [ExecutionModel.Section] = []
        var lineStart = 0
        while lineStart < content.count {
            var lineEnd = lineStart
            while lineEnd < content.count, content[lineEnd] != 0x0A { lineEnd += 1 }
            // Only a line that starts as a marker is made into a string.
            let marker: StaticString = "-- migrate:"
            let mayBeMarker =
                lineEnd - lineStart >= marker.utf8CodeUnitCount
                && (0..<marker.utf8CodeUnitCount).allSatisfy { content[lineStart + $0] == marker.utf8Start[$0] }
            let line = mayBeMarker ? String(decoding: content[lineStart..<lineEnd], as: UTF8.self) : ""
            if line.hasPrefix("-- migrate:up") || line.hasPrefix("-- migrate:down") {
                let off = line.replacingSpaces().contains("transaction:false")
                var markerEnd = lineEnd
                if markerEnd > lineStart, content[markerEnd - 1] == 0x0D { markerEnd -= 1 }
                sections.append(
                    ExecutionModel.Section(
                        start: lineStart, wrapsInTransaction: !off,
                        transactionOptOut: off
                            ? nil
                            : TransactionOptOut(
                                title: "`transaction:false` on the section's marker",
                                edit: Edit(range: ByteRange(markerEnd, markerEnd), replacement: " transaction:false"))))
            }
            lineStart = lineEnd + 1
        }
        let first = sections.first
        return ExecutionModel(
            name: "dbmate", wrapsFileInTransaction: first?.wrapsInTransaction ?? true, delivery: .wholeFileAsOneQuery,
            summary:
                "dbmate sends each section of this file as one query string, in a transaction unless its marker says transaction:false",
            transactionOptOut: first?.transactionOptOut,
            separateMigrationAdvice:
                "Move the drop into a new migration file of its own, after this one, whose `-- migrate:up transaction:false` section holds only the drop.",
            sections: sections)
    }

    // MARK: - Path helpers

    /// The path up to its last `/` ("." without one, "/" for a file at the root). Paths are read
    /// as UTF-8 bytes: `/` never occurs inside a multi-byte character, so every cut is a boundary.
    static func parent(of path: String) -> String {
        withBytes(of: path) { bytes in
            guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
            return slash == 0 ? "/" : string(bytes, 0, slash)
        }
    }

    /// A path's folder name and file name ("" for a path without a folder), as `split("/")`
    /// would give its last two components; read from the UTF-8 bytes without splitting the path.
    static func lastComponents(of path: String) -> (folder: String, name: String) {
        withBytes(of: path) { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            guard end > 0 else { return ("", path) }
            let nameStart = startOfComponent(ending: end, in: bytes)
            let name = string(bytes, nameStart, end)
            var folderEnd = nameStart
            while folderEnd > 0, bytes[folderEnd - 1] == UInt8(ascii: "/") { folderEnd -= 1 }
            guard folderEnd > 0 else { return ("", name) }
            let folderStart = startOfComponent(ending: folderEnd, in: bytes)
            return (string(bytes, folderStart, folderEnd), name)
        }
    }

    /// Where the component that ends at `end` starts: after the last `/` before `end`, or at 0.
    private static func startOfComponent(ending end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var start = end
        while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
        return start
    }

    /// Whether one of the path's `/`-separated components is `component`.
    static func hasComponent(_ component: StaticString, in path: String) -> Bool {
        let length = component.utf8CodeUnitCount
        return withBytes(of: path) { bytes in
            guard let base = bytes.baseAddress else { return length == 0 }
            var start = 0
            while start <= bytes.count {
                let slash = memchr(base + start, Int32(UInt8(ascii: "/")), bytes.count - start)
                let end = slash.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
                if end - start == length, memcmp(base + start, component.utf8Start, length) == 0 {
                    return true
                }
                start = end + 1
            }
            return false
        }
    }

    /// The path's UTF-8 bytes, without copying them when the string is stored contiguously.
    private static func withBytes<Result>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = path.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(path.utf8).withUnsafeBufferPointer(body)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory == "." ? name : directory + "/" + name
    }

    /// The folder and up to four of its ancestors, as written (relative paths climb with `..`).
    static func ancestors(of directory: String) -> [String] {
        var result = [directory]
        var current = directory
        for _ in 0..<4 {
            current = current == "." ? ".." : (current.hasSuffix("..") ? current + "/.." : parent(of: current))
            result.append(current)
        }
        return result
    }

    private static func startsWithVersion(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isNumber else { return false }
        return name.contains("_")
    }

    /// Whether a file's number could be its position among a folder's migrations. postgres-migrations
    /// refuses a folder whose numbers are not 1, 2, 3 … without gaps, so a timestamp such as
    /// `20240101120000_x.sql` never names one of its files: the folder's first lines need not be
    /// read for its marker comment (10,000 reads on a folder of 10,000 migrations).
    private static func hasPlausibleMigrationPosition(_ name: String) -> Bool {
        withBytes(of: name) { bytes in
            var index = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: "0") { index += 1 }  // leading zeros
            var significant = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                significant += 1
                index += 1
            }
            return significant <= 6
        }
    }

    private static func isFlywayName(_ name: String) -> Bool {
        // Most names start with a digit or a lower-case letter: no need to read them as characters.
        guard let lead = name.utf8.first,
            lead == UInt8(ascii: "V") || lead == UInt8(ascii: "U") || lead == UInt8(ascii: "R")
        else { return false }
        guard name.hasSuffix(".sql"), let first = name.first, "VUR".contains(first), name.contains("__") else {
            return false
        }
        let version = name.dropFirst().prefix { $0 != "_" || false }
        return first == "R" || version.allSatisfy { $0.isNumber || $0 == "." || $0 == "_" }
    }
}

/// The first 4 KiB of a file after any byte order mark, where tools put their directives; read
/// as bytes, so that detection costs nothing on files without them.
private struct Header {
    let bytes: ArraySlice<UInt8>

    init(_ content: [UInt8]) {
        let start = byteOrderMark(content)
        bytes = content[start..<min(content.count, start + MigrationTool.headerLength)]
    }

    func hasPrefix(_ prefix: StaticString) -> Bool {
        bytes.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    }

    /// Whether a line of the header starts with `prefix`, which starts with `-`: each `-` is
    /// found with memchr and checked for a line start (comment lines are far fewer than lines).
    func hasLine(startingWith prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        precondition(length > 0 && prefix.utf8Start[0] == UInt8(ascii: "-"), "a directive that starts with -")
        return bytes.withUnsafeBufferPointer { header in
            guard let base = header.baseAddress else { return false }
            let end = base + header.count
            var from = base
            while let found = memchr(from, Int32(UInt8(ascii: "-")), end - from) {
                let dash = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                if dash == base || dash[-1] == 0x0A {
                    if end - dash >= length, memcmp(dash, prefix.utf8Start, length) == 0 { return true }
                }
                from = dash + 1
            }
            return false
        }
    }
}

private func byteOrderMark(_ content: [UInt8]) -> Int {
    content.count >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0
}

extension Substring {
    fileprivate func replacingSpaces() -> String { filter { $0 != " " && $0 != "\t" && $0 != "\r" } }
}

extension String {
    fileprivate func replacingSpaces() -> String { filter { $0 != " " && $0 != "\t" && $0 != "\r" } }
}
