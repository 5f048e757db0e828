import ConcurSystem

/// Where concur may write: inside the paths the user named. A symbolic link is written through
/// to its target only when that target lies inside them too.
struct WriteScope {
    private let roots: [String]

    init(paths: [String]) {
        roots = paths.map { WriteScope.resolved($0) }
    }

    /// Nil when `path` may be written; otherwise why not.
    func refusal(for path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeSymbolicLink
        else { return nil }
        let target = WriteScope.resolved(path)
        let inside = roots.contains { target == $0 || target.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        return inside ? nil : "is a symbolic link to \(target), outside the paths given; not written"
    }

    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
