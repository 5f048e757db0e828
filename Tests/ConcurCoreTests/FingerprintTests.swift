import Testing

@testable import ConcurCore

/// GitLab matches a pipeline's issues to the last one's by their fingerprints: a fingerprint must
/// not change from one version of concur to the next. It is the 64-bit FNV-1a hash of the parts'
/// UTF-8 joined by NUL bytes, in sixteen lowercase hex digits.
@Suite("GitLab fingerprints")
struct FingerprintTests {
    /// FNV-1a over the joined text, written the plain way.
    static func reference(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{0}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func theHashOfTheJoinedParts() {
        var random = SplitMix64(state: 0xF1A7)
        let pieces = ["", "a", "db/é.sql", "require-concurrent-index-deletion", "DROP INDEX ☕;", "\u{0}", "12"]
        var leadingZero = false
        for _ in 0..<2_000 {
            let parts = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let fingerprint = GitLabReporter.fingerprint(parts)
            #expect(fingerprint == Self.reference(parts), "\(parts)")
            leadingZero = leadingZero || fingerprint.hasPrefix("0")
        }
        #expect(leadingZero)  // short hashes are padded
        // The empty input is FNV-1a's offset basis; one NUL byte hashes as such.
        #expect(GitLabReporter.fingerprint([]) == "cbf29ce484222325")
        #expect(GitLabReporter.fingerprint(["", ""]) == Self.reference(["\u{0}"]))
    }
}
