/// Where a drop goes when it must run in a migration of its own, laid out as the tool lays out
/// migrations, and the file that switches a migration's transaction off when the tool keeps that
/// switch in a file of its own (diesel's metadata.toml, Flyway's .conf).
public struct SeparateMigration: Hashable, Sendable {
    /// The tools whose layouts concur can write.
    public enum Layout: Hashable, Sendable {
        case prisma, diesel, golangMigrate, dbmate, flyway
    }

    public var layout: Layout
    /// The folder that holds the tool's migrations (folders for Prisma and diesel, files otherwise).
    public var directory: String
    /// The version of the migration the drop leaves, as written.
    public var version: String
    /// The versions already used in the folder, in ascending order (Flyway's with `_` for `.`).
    public var takenVersions: [String]
    /// The migration the drop leaves, for comments.
    public var origin: String
    /// A switch file to create next to the migration when the drop is its only statement.
    public var sameMigrationSwitch: CreatedFile?
    /// The SQL that undoes the original migration (its down file or section), when there is one.
    public var downSource: [UInt8]? = nil

    /// The files of the new migration for the `ordinal`-th drop moved out of this migration
    /// (0-based), or nil when the tool's versions leave no room right after this migration.
    func files(ordinal: Int, statement: String, indexName: String, relationName: [UInt8]?) -> [CreatedFile]? {
        guard let version = nextVersion(ordinal: ordinal) else { return nil }
        let slug = "drop_\(indexName)_concurrently"
        // The original's down part runs after this one's when both are rolled back, so this one
        // must not re-create the index too; it says where the index comes back, or that it does not.
        let undo =
            recreates(relationName)
            ? "-- Nothing to undo here: the down migration of \(origin) re-creates the index.\n"
            : "-- No down migration re-creates this index; write its CREATE INDEX here if you need to roll back.\n"
        let header = "-- Moved out of \(origin) by concur: a concurrent drop must run alone, outside a transaction.\n"
        func path(_ name: String) -> String { directory == "." ? name : directory + "/" + name }
        switch layout {
        case .prisma:
            return [
                CreatedFile(
                    path: path("\(version)_\(slug)/migration.sql"), content: Array((header + statement + "\n").utf8))
            ]
        case .diesel:
            let folder = "\(version)_\(slug)"
            return [
                CreatedFile(path: path(folder + "/up.sql"), content: Array((header + statement + "\n").utf8)),
                CreatedFile(path: path(folder + "/down.sql"), content: Array(undo.utf8)),
                CreatedFile(path: path(folder + "/metadata.toml"), content: Array("run_in_transaction = false\n".utf8)),
            ]
        case .golangMigrate:
            return [
                CreatedFile(path: path("\(version)_\(slug).up.sql"), content: Array((header + statement + "\n").utf8)),
                CreatedFile(path: path("\(version)_\(slug).down.sql"), content: Array(undo.utf8)),
            ]
        case .dbmate:
            let text = "-- migrate:up transaction:false\n" + header + statement + "\n\n-- migrate:down\n" + undo
            return [CreatedFile(path: path("\(version)_\(slug).sql"), content: Array(text.utf8))]
        case .flyway:
            let name = "V\(version)__\(slug).sql"
            return [
                CreatedFile(path: path(name), content: Array((header + statement + "\n").utf8)),
                CreatedFile(path: path(name + ".conf"), content: Array("executeInTransaction=false\n".utf8)),
            ]
        }
    }

    /// Whether the original's down part has a `CREATE … INDEX` of this name.
    func recreates(_ relationName: [UInt8]?) -> Bool {
        guard let relationName, let downSource else { return false }
        return downSource.withUnsafeBufferPointer { buffer in
            var splitter = StatementSplitter(bytes: buffer)
            while let statement = splitter.next() {
                let tokens = statement.tokens
                guard tokens.count >= 3, Keyword.matches(buffer, tokens[0], "create"),
                    let index = tokens.firstIndex(where: { Keyword.matches(buffer, $0, "index") })
                else { continue }
                // The name follows INDEX [CONCURRENTLY] [IF NOT EXISTS], possibly schema-qualified.
                var position = index + 1
                for word in ["concurrently", "if", "not", "exists"] as [StaticString]
                where position < tokens.count && Keyword.matches(buffer, tokens[position], word) {
                    position += 1
                }
                var name: [UInt8]?
                while position < tokens.count,
                    tokens[position].kind == .identifier || tokens[position].kind == .quotedIdentifier
                {
                    name = Keyword.normalizedName(buffer, tokens[position])
                    guard position + 1 < tokens.count, buffer[tokens[position + 1].range.start] == UInt8(ascii: "."),
                        tokens[position + 1].kind == .punctuation
                    else { break }
                    position += 2
                }
                if name == relationName { return true }
            }
            return false
        }
    }

    /// The version right after this migration's, `ordinal` steps on; nil when one is taken or an
    /// existing migration lies between.
    func nextVersion(ordinal: Int) -> String? {
        if layout == .flyway {
            let candidate = "\(version)_\(ordinal + 1)"
            return MigrationVersions.contains(candidate, in: takenVersions) ? nil : candidate
        }
        // Increment the last run of digits, keeping its width. An ASCII version (nearly all) is
        // read from its bytes: asking each character whether it is a number costs a Unicode
        // property lookup.
        let digitsStart: String.Index
        if version.utf8.allSatisfy({ $0 < 0x80 }) {
            let utf8 = version.utf8
            var start = utf8.endIndex
            while start > utf8.startIndex {
                let before = utf8.index(before: start)
                guard utf8[before] >= UInt8(ascii: "0") && utf8[before] <= UInt8(ascii: "9") else { break }
                start = before
            }
            digitsStart = start
        } else {
            guard
                let start = version.lastIndex(where: { !$0.isNumber }).map({ version.index(after: $0) })
                    ?? version.indices.first
            else { return nil }
            digitsStart = start
        }
        let prefix = version[..<digitsStart]
        let digits = version[digitsStart...]
        let width = digits.utf8.count
        // The new version: the number `ordinal + 1` steps on, in the same width (the steps before
        // it fit if it does).
        guard let value = Int(digits), value <= Int.max - ordinal - 1 else { return nil }
        let number = String(value + ordinal + 1)
        guard number.utf8.count <= width else { return nil }
        let last = String(prefix) + String(repeating: "0", count: width - number.utf8.count) + number
        // No existing migration may sit between this one and the new one: the versions after
        // this one's, up to the new one's, are looked through (nearly always none).
        var index = MigrationVersions.firstIndex(after: version, in: takenVersions)
        while index < takenVersions.count, takenVersions[index] <= last {
            if takenVersions[index].count == version.count { return nil }
            index += 1
        }
        return last
    }
}

extension String {
    func replacingDots() -> String { String(map { $0 == "." ? "_" : $0 }) }
}
