import Foundation
import Testing

/// `check` maps a large SQL file into memory instead of copying it; `fix` never does, since it
/// writes what it read.
@Suite("Large files mapped into memory")
final class MappedFileTests {
    let directory: URL

    init() throws { directory = try TestEnvironment.temporaryDirectory() }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A file of more than 4 MiB (`SQLAnalyzer.concurrentFileSize`): comment lines and two drops.
    private func largeFile(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let padding = String(repeating: "-- a comment line of the padding, long enough to fill the file\n", count: 70_000)
        try Data(("DROP INDEX first;\n" + padding + "DROP INDEX last;\n").utf8).write(to: url)
        return url
    }

    private func concurWith(_ variables: [String: String], _ arguments: [String]) throws -> ProcessResult {
        var environment = TestEnvironment.variables
        environment["NO_COLOR"] = "1"
        environment.merge(variables) { $1 }
        return try run(TestEnvironment.concur.path, arguments, in: directory, environment: environment)
    }

    @Test func aLargeFileIsCheckedAsAnyOther() throws {
        let file = try largeFile("large.sql")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0 > 4 << 20)
        let result = try concurWith([:], ["check", "--format", "gcc", file.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.split(separator: "\n").count == 2)
        #expect(result.standardOutput.contains("large.sql:70002:1: warning: DROP INDEX"))
    }

    /// A mapped file shortened by another program while concur reads it would make the read fail
    /// with SIGBUS: concur names the file and exits with status 2 instead of crashing.
    @Test func aLargeFileShortenedWhileItIsReadIsReportedNotACrash() throws {
        let file = try largeFile("shortened.sql")
        let result = try concurWith(["CONCUR_TEST_SHORTEN_MAPPED": file.path], ["check", file.path])
        #expect(result.status == 2)
        #expect(
            result.standardError.contains(
                "concur: \(file.path): the file became shorter on disk while concur was reading it"),
            "\(result.standardError)")
        // The test hook did shorten it: the run above read a mapped file.
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int == 0)
    }

    /// `fix` reads into memory of its own: the hook that shortens a mapped file never runs, and the
    /// file is fixed whole.
    @Test func fixNeverMapsWhatItWrites() throws {
        let file = try largeFile("fixed.sql")
        let before = try Data(contentsOf: file)
        let result = try concurWith(["CONCUR_TEST_SHORTEN_MAPPED": file.path], ["fix", file.path])
        #expect(result.status == 0, "\(result.standardError)")
        let after = try String(decoding: Data(contentsOf: file), as: UTF8.self)
        #expect(after.hasPrefix("DROP INDEX CONCURRENTLY IF EXISTS first;\n-- a comment line"))
        #expect(after.hasSuffix("DROP INDEX CONCURRENTLY IF EXISTS last;\n"))
        #expect(after.utf8.count > before.count)
    }

    /// The benchmark's floor (`bench-floor`) reads the files as `check` does — a large one mapped:
    /// the hook that shortens it makes the read fail as it would in `check` — and writes the given
    /// report byte for byte.
    @Test func theBenchmarkFloorReadsAsCheckDoesAndWritesTheReportAsItIs() throws {
        let file = try largeFile("floor.sql")
        let report = directory.appendingPathComponent("report.json")
        let checked = try concurWith([:], ["check", "--format", "json", file.path])
        try Data(checked.standardOutput.utf8).write(to: report)
        let floor = try concurWith([:], ["bench-floor", "--report", report.path, file.path])
        #expect(floor.status == 0, "\(floor.standardError)")
        #expect(floor.standardOutput == checked.standardOutput)
        #expect(floor.standardOutput.contains("\"line\":70002"))
        let shortened = try concurWith(
            ["CONCUR_TEST_SHORTEN_MAPPED": file.path], ["bench-floor", "--report", report.path, file.path])
        #expect(shortened.status == 2)
        #expect(shortened.standardError.contains("became shorter on disk"), "\(shortened.standardError)")
    }
}
