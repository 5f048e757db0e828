/// A parsed `DROP INDEX [CONCURRENTLY] [IF EXISTS] name [, …] [CASCADE | RESTRICT]`.
public struct DropIndexStatement: Sendable {
    /// One index named by the statement.
    public struct IndexName: Sendable {
        /// From the first byte of the name to its last, schema qualification included.
        public var range: ByteRange
        /// The last part of the name when the name is a plain identifier chain (`a.b.c`); nil
        /// otherwise (for example a template placeholder).
        public var relationNameToken: Token?
        /// Whether the name's brackets pair up, so that it can stand in a statement of its own.
        public var isBalanced: Bool = true

        /// Whether the name is a plain identifier chain, whose relation name can be read.
        public var hasRelationName: Bool { relationNameToken != nil }

        /// The unqualified name as PostgreSQL looks it up (folded, unquoted), or nil when the name
        /// is not a plain identifier chain. Made when asked for: most drops never need it.
        public func relationName(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
            relationNameToken.map { Keyword.normalizedName(bytes, $0) }
        }
    }

    /// The indexes a statement names: nearly always one, kept in place, without an array of its
    /// own to allocate for every drop and free with it; the others, when there are any, in an
    /// array.
    public struct IndexNames: RandomAccessCollection, Sendable {
        private var first: IndexName?
        private var others: [IndexName] = []

        /// No names.
        public init() {}

        public var startIndex: Int { 0 }
        public var endIndex: Int { first == nil ? 0 : 1 + others.count }

        public subscript(position: Int) -> IndexName {
            precondition(position >= 0 && position < endIndex, "index name out of range")
            return position == 0 ? first! : others[position - 1]
        }

        /// Adds a name after the others.
        public mutating func append(_ name: IndexName) {
            if first == nil { first = name } else { others.append(name) }
        }
    }

    /// The `DROP` key word.
    public var dropKeyword: ByteRange
    /// The `INDEX` key word.
    public var indexKeyword: ByteRange
    /// The `CONCURRENTLY` key word, when present.
    public var concurrentlyKeyword: ByteRange?
    /// From `IF` to `EXISTS`, when present.
    public var ifExists: ByteRange?
    /// The indexes named, in order.
    public var names: IndexNames
    /// The `CASCADE` key word, when present.
    public var cascadeKeyword: ByteRange?
    /// The `RESTRICT` key word, when present.
    public var restrictKeyword: ByteRange?
    /// Where the whole statement lies.
    public var statement: StatementPlace

    /// Whether the statement drops the index concurrently.
    public var isConcurrent: Bool { concurrentlyKeyword != nil }

    /// The word a `DROP INDEX` statement starts with; the statement splitter reads statements
    /// that start with it word by word (`ScriptStructure`).
    static let leadingWord: StaticString = "drop"

    /// Parses a statement that starts with `DROP INDEX`; returns nil for any other statement.
    ///
    /// The grammar is the one of the PostgreSQL 15 reference page "DROP INDEX". Names are read
    /// leniently (anything between commas), so that a templated name such as `{{ schema }}.idx`
    /// still counts as one index.
    public static func parse(_ statement: Statement, in bytes: UnsafeBufferPointer<UInt8>) -> DropIndexStatement? {
        let tokens = statement.tokens
        guard tokens.count >= 2, Keyword.matches(bytes, tokens[0], leadingWord),
            Keyword.matches(bytes, tokens[1], "index")
        else { return nil }
        var index = 2
        var concurrently: ByteRange?
        var ifExists: ByteRange?
        if index < tokens.count, Keyword.matches(bytes, tokens[index], "concurrently") {
            concurrently = tokens[index].range
            index += 1
        }
        if index + 1 < tokens.count, Keyword.matches(bytes, tokens[index], "if"),
            Keyword.matches(bytes, tokens[index + 1], "exists")
        {
            ifExists = ByteRange(tokens[index].range.start, tokens[index + 1].range.end)
            index += 2
        }
        var end = tokens.count
        var cascade: ByteRange?
        var restrict: ByteRange?
        if end - 1 > index, let last = tokens.last {
            if Keyword.matches(bytes, last, "cascade") {
                cascade = last.range
                end -= 1
            } else if Keyword.matches(bytes, last, "restrict") {
                restrict = last.range
                end -= 1
            }
        }
        let names = splitNames(tokens[index..<end], in: bytes)
        return DropIndexStatement(
            dropKeyword: tokens[0].range, indexKeyword: tokens[1].range, concurrentlyKeyword: concurrently,
            ifExists: ifExists, names: names, cascadeKeyword: cascade, restrictKeyword: restrict,
            statement: statement.place)
    }

    /// Splits the name list at commas outside brackets and braces.
    private static func splitNames(_ tokens: ArraySlice<Token>, in bytes: UnsafeBufferPointer<UInt8>) -> IndexNames {
        var names = IndexNames()
        var depth = 0
        var itemStart = tokens.startIndex
        func closeItem(at end: Int) {
            guard end > itemStart else { return }
            let item = tokens[itemStart..<end]
            names.append(
                IndexName(
                    range: ByteRange(item.first!.range.start, item.last!.range.end),
                    relationNameToken: relationNameToken(of: item, in: bytes), isBalanced: isBalanced(item, in: bytes)))
        }
        for position in tokens.indices where tokens[position].kind == .punctuation {
            switch bytes[tokens[position].range.start] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            case UInt8(ascii: ",") where depth == 0:
                closeItem(at: position)
                itemStart = position + 1
            default: break
            }
        }
        closeItem(at: tokens.endIndex)
        return names
    }

    /// Whether the brackets of a name pair up in order.
    private static func isBalanced(_ item: ArraySlice<Token>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var open: [UInt8] = []
        for token in item where token.kind == .punctuation {
            let byte = bytes[token.range.start]
            switch byte {
            case UInt8(ascii: "("): open.append(UInt8(ascii: ")"))
            case UInt8(ascii: "["): open.append(UInt8(ascii: "]"))
            case UInt8(ascii: "{"): open.append(UInt8(ascii: "}"))
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard open.popLast() == byte else { return false }
            default: break
            }
        }
        return open.isEmpty
    }

    /// The last part of `a.b.c`; nil unless the item is exactly identifiers separated by dots.
    private static func relationNameToken(of item: ArraySlice<Token>, in bytes: UnsafeBufferPointer<UInt8>) -> Token? {
        var expectName = true
        for token in item {
            if expectName {
                guard token.kind == .identifier || token.kind == .quotedIdentifier else { return nil }
            } else {
                guard token.kind == .punctuation, bytes[token.range.start] == UInt8(ascii: ".") else { return nil }
            }
            expectName.toggle()
        }
        guard !expectName else { return nil }
        return item.last
    }
}
