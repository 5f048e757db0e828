import ConcurCore
import ConcurSystem

/// Remembers, between frames, the derived view of each file's current text (its lines and
/// syntax roles), so that a keypress redraws without re-lexing. Only ever read through
/// `view(of:)`, which recomputes when the file's bytes or decisions change.
public final class RenderCache: @unchecked Sendable {
    /// A file's current text, split into lines, with its syntax roles.
    struct SourceView {
        var bytes: [UInt8]
        var lineIndex: LineIndex
        var roles: [(range: ByteRange, role: StyleRole)]
    }

    private struct Key: Equatable {
        var path: String
        var contentHash: Int
        var decisions: [FindingDecision]
    }

    private var entries: [String: (key: Key, view: SourceView)] = [:]
    private let lock = Lock()

    public init() {}

    func view(of file: ReviewFile) -> SourceView {
        var hasher = Hasher()
        hasher.combine(file.source.bytes)
        let key = Key(path: file.path, contentHash: hasher.finalize(), decisions: file.decisions)
        lock.lock()
        defer { lock.unlock() }
        if let entry = entries[file.path], entry.key == key { return entry.view }
        let bytes = file.currentBytes
        let view = SourceView(
            bytes: bytes, lineIndex: LineIndex(SourceFile(path: file.path, bytes: bytes)),
            roles: PythonHighlighter.roles(for: bytes, path: file.path))
        entries[file.path] = (key, view)
        return view
    }
}
