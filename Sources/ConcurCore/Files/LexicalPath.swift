/// Paths worked out from their text alone, as `URL`'s `standardizedFileURL` works them out
/// (without asking the file system, so without following links), at a small part of its cost:
/// `check` asks this of every file it finds when there is a configuration or `--since`.
public enum LexicalPath {
    /// `path` made absolute from `directory` (itself absolute), without `.`, `..`, empty
    /// segments or a final `/`. A `..` at the root stays at the root.
    public static func absolute(_ path: String, in directory: String) -> String {
        let joined = joined(path, to: directory)
        if isPlain(joined) { return joined }
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// `path` made absolute from `directory` (itself absolute), without `.` or empty segments or
    /// a final `/`, but with its `..` segments: two paths that give the same text name the same
    /// file (`m.sql`, `./m.sql`, `db//m.sql` from `db/..`), and, since a `..` after a link leads
    /// out of the link's target, two different files never give the same text.
    public static func absoluteKeepingParents(_ path: String, in directory: String) -> String {
        let joined = joined(path, to: directory)
        if isPlain(joined) { return joined }
        let segments = joined.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return "/" + segments.joined(separator: "/")
    }

    /// `path` itself when it is absolute, otherwise `directory` and `path` joined by one `/`.
    private static func joined(_ path: String, to directory: String) -> String {
        path.hasPrefix("/") ? path : directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Whether `path` has nothing to work out: no `.` or `..` segment, no empty one (`//`), no
    /// `/` at the end (but for the root itself).
    static func isPlain(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard let last = bytes.last, last != UInt8(ascii: "/") else { return bytes.count == 1 }
            // A segment starts at the beginning or after a slash.
            var segmentStart = 0
            for index in 0...bytes.count {
                guard index == bytes.count || bytes[index] == UInt8(ascii: "/") else { continue }
                let length = index - segmentStart
                if length == 0, index > 0 { return false }
                if length == 1, bytes[segmentStart] == UInt8(ascii: ".") { return false }
                if length == 2, bytes[segmentStart] == UInt8(ascii: "."), bytes[segmentStart + 1] == UInt8(ascii: ".") {
                    return false
                }
                segmentStart = index + 1
            }
            return true
        }
    }
}
