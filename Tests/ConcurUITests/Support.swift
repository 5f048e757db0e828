import ConcurCore
import ConcurUI
import Foundation
import Testing

enum UITestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A review of in-memory files (path → SQL), scanned completely.
    static func state(_ files: [(String, String)]) -> ReviewState {
        var state = ReviewState()
        let analyzer = SQLAnalyzer()
        state.apply(.filesScanned(files.map { analyzer.analyze(SourceFile(path: $0.0, text: $0.1)) }))
        state.apply(.scanFinished)
        return state
    }

    /// A review of the Examples tree.
    static func examples() throws -> ReviewState {
        let folder = packageRoot.appendingPathComponent("Examples/db/migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return state(
            try names.map {
                (
                    "Examples/db/migrations/" + $0,
                    try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
                )
            })
    }
}
