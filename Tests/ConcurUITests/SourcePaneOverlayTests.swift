import ConcurCore
import Testing

@testable import ConcurUI

@Suite("The source pane's roles of a row")
struct SourcePaneOverlayTests {
    /// `SourcePane.overlay` finds a row's syntax roles by halving; compared with its definition
    /// (every role of the file laid over the row's bytes, then the findings', in runs) on random
    /// rows of random token layouts, tokens that run across lines included.
    @Test func aRowsRolesAreThoseThatOverlapIt() {
        var seed: UInt64 = 19
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let palette: [StyleRole] = [.normal, .header, .lineNumber, .findingOther]
        for _ in 0..<400 {
            // Tokens in file order, never overlapping, some long enough to cross a row's edges.
            var roles: [(range: ByteRange, role: StyleRole)] = []
            var cursor = 0
            for _ in 0..<next(12) {
                let start = cursor + next(4)
                let end = start + 1 + next(next(3) == 0 ? 30 : 5)
                roles.append((ByteRange(start, end), palette[next(palette.count)]))
                cursor = end
            }
            let lineStart = next(cursor + 2)
            let line = ByteRange(lineStart, lineStart + next(15))
            var overlays: [(ByteRange, StyleRole)] = []
            for _ in 0..<next(3) {
                let start = next(cursor + 4)
                overlays.append((ByteRange(start, start + next(6)), .findingCurrent))
            }

            var perByte = [StyleRole?](repeating: nil, count: line.count)
            for (range, role) in roles + overlays.map({ (range: $0.0, role: $0.1) }) {
                for offset in max(range.start, line.start)..<max(max(range.start, line.start), min(range.end, line.end)) {
                    perByte[offset - line.start] = role
                }
            }
            var expected: [(range: ByteRange, role: StyleRole)] = []
            for (offset, role) in perByte.enumerated() {
                guard let role else { continue }
                if let last = expected.last, last.role == role, last.range.end == line.start + offset {
                    expected[expected.count - 1].range = ByteRange(last.range.start, last.range.end + 1)
                } else {
                    expected.append((ByteRange(line.start + offset, line.start + offset + 1), role))
                }
            }

            let found = SourcePane.overlay(overlays, on: roles, within: line)
            #expect(found.map(\.range) == expected.map(\.range), "\(roles) \(overlays) in \(line)")
            #expect(found.map(\.role) == expected.map(\.role), "\(roles) \(overlays) in \(line)")
        }
    }
}
