import Testing

@testable import ConcurCore

/// A folder's migration versions are sorted once and searched: the next free version must be the
/// one a look through every version finds.
@Suite("Migration versions")
struct MigrationVersionsTests {
    /// The next version as defined: the last run of digits plus `ordinal + 1`, in its width; nil
    /// when that overflows or when a version of the same length lies after this one, up to it.
    static func reference(_ version: String, ordinal: Int, taken: [String]) -> String? {
        guard
            let start = version.lastIndex(where: { !$0.isNumber }).map({ version.index(after: $0) })
                ?? version.indices.first
        else { return nil }
        let digits = version[start...]
        guard let value = Int(digits) else { return nil }
        var last = ""
        for step in 1...(ordinal + 1) {
            let number = String(value + step)
            guard number.count <= digits.count else { return nil }
            last = version[..<start] + String(repeating: "0", count: digits.count - number.count) + number
        }
        for other in taken where other > version && other <= last && other.count == version.count { return nil }
        return last
    }

    @Test func theNextVersionIsTheOneALookThroughAllFinds() {
        var numbers = SeededNumbers(seed: 0xC0FFEE)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let shapes = ["2024010100000", "000", "2020-01-11-0124", "v", "99", "", "x9", "٣"]
        var found = 0
        for _ in 0..<3_000 {
            func version() -> String { shapes[next(shapes.count)] + String(next(12)) }
            let own = version()
            let names = (0..<next(8)).map { _ in version() }
            let ordinal = next(3)
            let migration = SeparateMigration(
                layout: .golangMigrate, directory: "db", version: own,
                takenVersions: MigrationVersions.sorted(names) { $0 }, origin: own, sameMigrationSwitch: nil)
            let expected = Self.reference(own, ordinal: ordinal, taken: names)
            #expect(migration.nextVersion(ordinal: ordinal) == expected, "\(own) +\(ordinal + 1) among \(names)")
            if expected != nil { found += 1 }
        }
        #expect(found > 300)
    }

    @Test func sortedInsertedAndSearched() {
        let sorted = MigrationVersions.sorted(["3_b", "", "1_a", "2_c"]) { String($0.prefix { $0.isNumber }) }
        #expect(sorted == ["1", "2", "3"])
        let more = MigrationVersions.inserting(["25", "0", "4"], into: sorted)
        #expect(more == ["0", "1", "2", "25", "3", "4"])
        #expect(MigrationVersions.contains("25", in: more) && !MigrationVersions.contains("26", in: more))
        #expect(MigrationVersions.firstIndex(after: "2", in: more) == 3)
        #expect(MigrationVersions.firstIndex(after: "9", in: more) == more.count)
    }

    @Test(arguments: [("20240101_x", "20240101"), ("x", ""), ("007abc", "007"), ("1\u{301}2", ""), ("12é", "12")])
    func leadingDigits(_ name: String, _ digits: String) {
        #expect(MigrationTool.leadingDigits(name) == digits)
        #expect(MigrationTool.leadingDigits(name) == String(name.prefix { $0.isASCII && $0.isNumber }))
    }
}

/// dbmate's down section is found by its marker's first byte, then compared: the same offset a
/// comparison at every offset finds.
@Suite("Finding a marker in a file's bytes")
struct MarkerSearchTests {
    @Test func findsWhatAComparisonAtEveryOffsetFinds() {
        var numbers = SeededNumbers(seed: 42)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let marker = Array("-- migrate:down".utf8)
        let pieces = ["-", "--", "-- migrate:", "-- migrate:down", "-- migrate:dow", "x", "\n", "é"].map {
            Array($0.utf8)
        }
        for _ in 0..<2_000 {
            let bytes = (0..<next(10)).flatMap { _ in pieces[next(pieces.count)] }
            let expected = bytes.indices.first { bytes[$0...].starts(with: marker) }
            #expect(bytes.withUnsafeBufferPointer { ByteSearch.firstOffset(of: "-- migrate:down", in: $0) } == expected)
        }
        #expect([UInt8]().withUnsafeBufferPointer { ByteSearch.firstOffset(of: "-- migrate:down", in: $0) } == nil)
        #expect(marker.withUnsafeBufferPointer { ByteSearch.firstOffset(of: "-- migrate:down", in: $0) } == 0)
    }
}
