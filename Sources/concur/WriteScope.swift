import ConcurSystem

/// Where concur may write: inside the paths the user named. A symbolic link is written through
/// to its target only when that target lies inside them too.
struct WriteScope {
    private let paths: [String]

    init(paths: [String]) {
        self.paths = paths
    }

    /// Nil when `path` may be written; otherwise why not. Only a symbolic link needs the named
    /// paths resolved, so a run that meets none (almost every run) never resolves them.
    func refusal(for path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return nil }
        let target = WriteScope.resolved(path)
        let roots = paths.map { WriteScope.resolved($0) }
        let inside = roots.contains { target == $0 || target.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        return inside ? nil : "is a symbolic link to \(target), outside the paths given; not written"
    }

    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
