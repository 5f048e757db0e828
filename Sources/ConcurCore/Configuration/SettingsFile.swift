/// A settings file (configuration or theme) that cannot be used: where, which key, and what is
/// allowed.
public struct SettingsError: Error, Equatable, Sendable {
    /// The file (or theme name) at fault.
    public var file: String
    /// The 1-based line; 0 when the file as a whole is at fault.
    public var line: Int
    /// The key at fault, if any.
    public var key: String?
    /// What is wrong and what is allowed.
    public var message: String

    public init(file: String, line: Int, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`.
    public var description: String {
        (line > 0 ? "\(file):\(line): " : "\(file): ") + (key.map { "\($0): " } ?? "") + message
    }
}

/// One `key = "value"` line of a settings file.
public struct SettingsEntry: Equatable, Sendable {
    public var section: String
    public var key: String
    /// The quoted value without its quotes; nil when the value is not a quoted string.
    public var value: String?
    public var line: Int
    /// The strings of a one-line array value (`["a", "b"]`); nil when the value is not one.
    public var values: [String]? = nil
    /// The value as written, for bare values such as `true`.
    public var written: String = ""
}

/// The hand-editable subset of TOML that concur's settings files use: `# comments`, `[section]`
/// headers, and `key = "value"` lines (keys may be quoted).
public enum SettingsFile {
    /// The entries of `text`, in order; sections not in `sections`, and lines before the first
    /// header, are errors.
    public static func entries(_ text: String, file: String, sections: [String], example: String) throws(SettingsError)
        -> [SettingsEntry]
    {
        var entries: [SettingsEntry] = []
        var section: String?
        let known = sections.map { "[\($0)]" }.joined(separator: ", ")
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = stripComment(String(rawLine)).trimmed()
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw SettingsError(
                        file: file, line: number, key: nil, message: "a section header must end with ']'")
                }
                let name = String(line.dropFirst().dropLast()).trimmed()
                guard sections.contains(name) else {
                    throw SettingsError(
                        file: file, line: number, key: nil,
                        message: "unknown section [\(name)]; known sections: \(known)")
                }
                section = name
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw SettingsError(file: file, line: number, key: nil, message: "expected `\(example)`")
            }
            let key = unquote(String(line[..<equals]).trimmed())
            guard let section else {
                throw SettingsError(
                    file: file, line: number, key: key, message: "settings must follow a \(known) header")
            }
            let value = String(line[line.index(after: equals)...]).trimmed()
            let quoted = value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
            var entry = SettingsEntry(
                section: section, key: key, value: quoted ? String(value.dropFirst().dropLast()) : nil, line: number)
            entry.written = value
            if value.hasPrefix("["), value.hasSuffix("]") {
                let items = value.dropFirst().dropLast().split(separator: ",").map { String($0).trimmed() }
                    .filter { !$0.isEmpty }
                guard items.allSatisfy({ $0.count >= 2 && $0.hasPrefix("\"") && $0.hasSuffix("\"") }) else {
                    throw SettingsError(
                        file: file, line: number, key: key, message: "an array holds quoted strings, e.g. [\"db/**\"]")
                }
                entry.values = items.map { String($0.dropFirst().dropLast()) }
            }
            entries.append(entry)
        }
        return entries
    }

    private static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for (offset, character) in line.enumerated() {
            if character == "\"" { inString.toggle() }
            if character == "#", !inString { return String(line.prefix(offset)) }
        }
        return line
    }
}

extension String {
    fileprivate func trimmed() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
