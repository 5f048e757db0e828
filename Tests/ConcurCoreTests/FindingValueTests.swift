import ConcurCore
import Testing

/// A finding keeps its parts in one immutable box shared by its copies (a change makes a new
/// box): it must still behave as a plain value.
@Suite("Findings are values")
struct FindingValueTests {
    static let original = Finding(
        rule: "require-concurrent-index-deletion", severity: .warning, message: "m", range: ByteRange(0, 4),
        fix: .safe("t", edits: [Edit(range: ByteRange(4, 4), replacement: " CONCURRENTLY")]), context: "c")

    @Test func changingACopyLeavesTheOriginalAlone() {
        let original = Self.original
        var copy = original
        copy.rule = "other"
        copy.severity = .error
        copy.message = "changed"
        copy.range = ByteRange(1, 2)
        copy.fix?.title = "changed"
        copy.fix?.edits.append(Edit(range: ByteRange(0, 0), replacement: "x"))
        copy.context = nil
        #expect(original == Self.original)
        #expect(original.rule == "require-concurrent-index-deletion" && original.severity == .warning)
        #expect(original.message == "m" && original.range == ByteRange(0, 4) && original.context == "c")
        #expect(original.fix?.title == "t" && original.fix?.edits.count == 1)
        #expect(copy.rule == "other" && copy.severity == .error && copy.message == "changed")
        #expect(copy.range == ByteRange(1, 2) && copy.context == nil)
        #expect(copy.fix?.title == "changed" && copy.fix?.edits.count == 2)
        #expect(copy != original)
    }

    @Test func findingsMadeApartWithTheSamePartsAreEqualAndHashAlike() {
        let twin = Finding(
            rule: "require-concurrent-index-deletion", severity: .warning, message: "m", range: ByteRange(0, 4),
            fix: .safe("t", edits: [Edit(range: ByteRange(4, 4), replacement: " CONCURRENTLY")]), context: "c")
        #expect(twin == Self.original)
        #expect(Set([twin, Self.original]).count == 1)
        var other = twin
        other.context = "d"
        #expect(other != Self.original)
        #expect(Set([other, Self.original]).count == 2)
        // The severity, kept beside the shared parts, counts as much as they do.
        var severer = twin
        severer.severity = .error
        #expect(severer != twin)
        #expect(Set([severer, twin]).count == 2)
        severer.severity = .warning
        #expect(severer == twin)
    }
}
