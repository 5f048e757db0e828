/// Replacing one byte range of a file; an empty range inserts.
public struct Edit: Hashable, Sendable {
    /// The bytes replaced.
    public var range: ByteRange
    /// What replaces them.
    public var replacement: [UInt8]

    /// Creates an edit.
    public init(range: ByteRange, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    /// Creates an edit whose replacement is UTF-8 text.
    public init(range: ByteRange, replacement: String) {
        self.init(range: range, replacement: Array(replacement.utf8))
    }
}

/// A file a fix creates (for example a new migration that runs the drop on its own).
public struct CreatedFile: Hashable, Sendable {
    /// The path, in the same form as the analysed file's path.
    public var path: String
    /// The new file's content.
    public var content: [UInt8]

    public init(path: String, content: [UInt8]) {
        self.path = path
        self.content = content
    }
}

/// A proposed rewrite for one finding: data, never applied by the rule that made it.
public struct Fix: Hashable, Sendable {
    /// What the fix does, in a few words.
    public var title: String
    /// Whether the fix can be applied without review: the result runs on PostgreSQL.
    public var isSafe: Bool
    /// Why there is no safe fix, and what to do instead; nil for a safe fix.
    public var reason: String?
    /// The edits, in file order; empty when there is no safe fix.
    public var edits: [Edit]
    /// Files the fix creates next to the analysed one; they never exist yet.
    public var createdFiles: [CreatedFile] = []
    /// A trade-off the reviewer should know before accepting (for example what an Alembic
    /// autocommit block commits); nil when there is none.
    public var note: String?
    /// For a fix whose first edit opens a block (an Alembic autocommit block) that the fix of the
    /// statement right before it opens too: applied together, the two share one block.
    public var blockRun: BlockRun?

    /// Fixes of statements that follow one another, each opening the same kind of block.
    public struct BlockRun: Hashable, Sendable {
        /// The same for every fix of the run.
        public var id: Int
        /// The fix's place in the run, from 0.
        public var position: Int

        public init(id: Int, position: Int) {
            self.id = id
            self.position = position
        }
    }

    /// The edits of several fixes of one file applied together: a fix that follows another of
    /// its block run joins that fix's block instead of opening its own.
    public static func combinedEdits(of fixes: [Fix]) -> [Edit] {
        // Most fixes belong to no run: their edits simply follow one another.
        guard fixes.contains(where: { $0.blockRun != nil }) else { return fixes.flatMap(\.edits) }
        let runs = Set(fixes.compactMap(\.blockRun))
        return fixes.flatMap { fix -> [Edit] in
            guard let run = fix.blockRun, run.position > 0,
                runs.contains(BlockRun(id: run.id, position: run.position - 1))
            else { return fix.edits }
            return Array(fix.edits.dropFirst())
        }
    }

    /// A fix that can be applied.
    public static func safe(_ title: String, edits: [Edit], creating createdFiles: [CreatedFile] = []) -> Fix {
        Fix(title: title, isSafe: true, reason: nil, edits: edits, createdFiles: createdFiles)
    }

    /// No automatic fix, with the reason and the way out.
    public static func unavailable(_ reason: String) -> Fix {
        Fix(title: "No automatic fix", isSafe: false, reason: reason, edits: [])
    }
}

/// Edits that overlap one another, so they cannot be applied together.
public struct OverlappingEditsError: Error, Hashable, Sendable {
    /// The two ranges that overlap.
    public var first: ByteRange
    /// The two ranges that overlap.
    public var second: ByteRange
}

/// Applies edits to bytes.
public enum EditApplier {
    /// Applies `edits` to `bytes`. Insertions at the same offset keep the order they are given in;
    /// every byte outside the edits is kept. Throws when two edits overlap.
    public static func apply(_ edits: [Edit], to bytes: [UInt8]) throws(OverlappingEditsError) -> [UInt8] {
        let ordered = try inOrder(edits)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + ordered.reduce(0) { $0 + $1.replacement.count })
        var cursor = 0
        for edit in ordered {
            precondition(edit.range.end <= bytes.count, "an edit must lie inside the file")
            output.append(contentsOf: bytes[cursor..<edit.range.start])
            output.append(contentsOf: edit.replacement)
            cursor = edit.range.end
        }
        output.append(contentsOf: bytes[cursor...])
        return output
    }

    /// The edits in the order they are applied: by start, then end, then the order given (so
    /// insertions at one offset keep their order). Throws when two of them overlap.
    public static func inOrder(_ edits: [Edit]) throws(OverlappingEditsError) -> [Edit] {
        guard edits.count > 1 else { return edits }
        let ordered = edits.enumerated().sorted { lhs, rhs in
            (lhs.element.range.start, lhs.element.range.end, lhs.offset)
                < (rhs.element.range.start, rhs.element.range.end, rhs.offset)
        }.map(\.element)
        for index in ordered.indices.dropFirst() where ordered[index].range.start < ordered[index - 1].range.end {
            throw OverlappingEditsError(first: ordered[index - 1].range, second: ordered[index].range)
        }
        return ordered
    }
}
