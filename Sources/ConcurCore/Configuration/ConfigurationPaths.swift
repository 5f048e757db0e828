/// A file's path as a configuration's patterns see it: relative to the folder of the
/// configuration file, with `.` and `..` worked out from the text alone, as `URL`'s
/// `standardizedFileURL` works them out. Asked for every file found (whether it is included)
/// and every file analysed (its tool and execution): made with `URL` it cost more than the
/// file's analysis, so it is made from the path's bytes, most often without copying them at all.
public struct ConfigurationPaths: Sendable {
    /// The working directory, absolute, which relative paths start from.
    private let workingDirectory: String
    /// The configuration file's folder, absolute, with a `/` after it.
    private let folderPrefix: String
    /// The configuration file's folder is the working directory: a relative path that needs no
    /// working out is already what the patterns see.
    private let folderIsWorkingDirectory: Bool

    /// Paths relative to the folder of `configurationFile` (itself absolute, or relative to
    /// `workingDirectory`).
    public init(workingDirectory: String, configurationFile: String) {
        let directory = Self.absolute(workingDirectory, in: "/")
        self.workingDirectory = directory
        var folder = Self.absolute(configurationFile, in: directory)
        if let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
            folder = slash == folder.utf8.startIndex ? "/" : String(folder[..<slash])
        }
        folderPrefix = folder + "/"
        folderIsWorkingDirectory = folder == directory && folder != "/"
    }

    /// `file` (absolute, or relative to the working directory) relative to the configuration's
    /// folder; absolute when it lies outside that folder.
    public func relative(_ file: String) -> String {
        if folderIsWorkingDirectory, !file.hasPrefix("/"), Self.isPlain(file) { return file }
        let absolute = Self.absolute(file, in: workingDirectory)
        guard absolute.hasPrefix(folderPrefix) else { return absolute }
        return String(absolute.utf8.dropFirst(folderPrefix.utf8.count))!
    }

    /// `path` made absolute from `directory` (itself absolute), without `.`, `..`, empty
    /// segments or a final `/`. A `..` at the root stays at the root.
    static func absolute(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory.hasSuffix("/") ? directory + path : directory + "/" + path
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

    /// Whether `path` holds no segment to work out: no `.` or `..` segment, no empty one (`//`),
    /// no `/` at the end. A `/` followed by `.` or `/` is looked at more closely.
    private static func isPlain(_ path: String) -> Bool {
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
