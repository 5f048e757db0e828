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
        let directory = LexicalPath.absolute(workingDirectory, in: "/")
        self.workingDirectory = directory
        var folder = LexicalPath.absolute(configurationFile, in: directory)
        if let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
            folder = slash == folder.utf8.startIndex ? "/" : String(folder[..<slash])
        }
        folderPrefix = folder + "/"
        folderIsWorkingDirectory = folder == directory && folder != "/"
    }

    /// `file` (absolute, or relative to the working directory) relative to the configuration's
    /// folder; absolute when it lies outside that folder.
    public func relative(_ file: String) -> String {
        if folderIsWorkingDirectory, !file.hasPrefix("/"), LexicalPath.isPlain(file) { return file }
        let absolute = LexicalPath.absolute(file, in: workingDirectory)
        guard absolute.hasPrefix(folderPrefix) else { return absolute }
        return String(absolute.utf8.dropFirst(folderPrefix.utf8.count))!
    }
}
