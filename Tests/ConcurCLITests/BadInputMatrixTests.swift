import Foundation
import Testing

/// The bad-input matrix of docs/RELIABILITY.md: every odd file in one tree, checked and fixed in
/// one run. Each gets its message, the run goes on, and nothing is lost.
@Suite("Bad input matrix")
final class BadInputMatrixTests {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        func put(_ name: String, _ text: String) throws { try put(name, Array(text.utf8)) }
        try put("good.sql", "DROP INDEX good;\n")
        try put("binary.sql", [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02])
        try put("invalid-utf8.sql", Array("-- caf".utf8) + [0xE9, 0xFF] + Array("\nDROP INDEX \"\u{FF}x\";\n".utf8))
        try put("unterminated-string.sql", "DROP INDEX s;\nSELECT 'never closed\n")
        try put("unterminated-comment.sql", "DROP INDEX c;\n/* never closed\n")
        try put("unterminated-dollar.sql", "DROP INDEX d;\nDO $body$ BEGIN\n")
        try put(
            "nested.sql",
            String(repeating: "/*", count: 10_000) + String(repeating: "*/", count: 10_000) + "\nDROP INDEX n;\n")
        try put("long-line.sql", "SELECT '" + String(repeating: "x", count: 10_000_000) + "'; DROP INDEX l;\n")
        try put("huge.sql", "-- " + String(repeating: "y", count: 100_000_000) + "\nDROP INDEX h;\n")
        try put("empty.sql", [])
        try put("bom-only.sql", [0xEF, 0xBB, 0xBF])
        try put("crlf-bom.sql", [0xEF, 0xBB, 0xBF] + Array("SELECT 1;\r\nDROP INDEX r;\r\n".utf8))
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("folder.sql"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("loop.sql").path, withDestinationPath: "loop.sql")
        // A FIFO no process writes to (opening it to read would wait for a writer), and a link to
        // a device that never ends.
        #expect(mkfifo(directory.appendingPathComponent("fifo.sql").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("zero.sql").path, withDestinationPath: "/dev/zero")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("alembic/versions"), withIntermediateDirectories: true)
        try put(
            "alembic/versions/1_open.py",
            "from alembic import op\n\ndef upgrade():\n    op.drop_index(\"ix\")\n    x = '''never\n")
        try put("alembic/versions/2_binary.py", Array("from alembic import op\n".utf8) + [0x00])
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func checkReportsEachAndGoesOn() throws {
        let result = try concur("check", ".", in: directory)
        #expect(result.status == 2)
        let out = result.standardOutput
        let err = result.standardError
        #expect(out.contains("good.sql:1:1: warning:"))
        #expect(out.contains("binary.sql:1:1: error: file contains NUL bytes"))
        #expect(out.contains("invalid-utf8.sql:2:1: warning:"))
        #expect(out.contains("unterminated-string.sql:1:1: warning:"))
        #expect(out.contains("unterminated-string.sql:2:8: error: unterminated quoted string"))
        #expect(out.contains("unterminated-comment.sql:2:1: error: unterminated /* comment"))
        #expect(out.contains("unterminated-dollar.sql:2:4: error: unterminated dollar-quoted string"))
        #expect(out.contains("nested.sql:2:1: warning:"))
        #expect(out.contains("long-line.sql:1:10000012: warning:"))
        #expect(out.contains("huge.sql:2:1: warning:"))
        #expect(out.contains("crlf-bom.sql:2:1: warning:"))
        #expect(!out.contains("empty.sql") && !out.contains("bom-only.sql") && !out.contains("folder.sql"))
        #expect(err.contains("loop.sql: error: cannot read file: Too many levels of symbolic links"))
        #expect(err.contains("zero.sql: error: is not a regular file but a character device; not read"))
        #expect(!out.contains("fifo.sql") && !err.contains("fifo.sql"))  // not a file the search takes
        #expect(out.contains("1_open.py:4:5: warning:"))
        #expect(out.contains("1_open.py:5:9: error: unterminated triple-quoted string"))
        #expect(out.contains("2_binary.py:1:1: error: file contains NUL bytes"))
    }

    @Test func specialFilesNamedOnTheCommandLineNeverHang() throws {
        // A FIFO without a writer reads as empty; a device is refused; a pipe with a writer is
        // read to its end (process substitution, `<(git show …)`).
        let fifo = try concur("check", "fifo.sql", in: directory)
        #expect(fifo.status == 0)
        #expect(fifo.standardOutput.contains("No findings in 1 file."))
        let zero = try concur("check", "zero.sql", in: directory)
        #expect(zero.status == 2)
        #expect(zero.standardError.contains("zero.sql: error: is not a regular file but a character device; not read"))
        let piped = try run(
            TestEnvironment.concur.path, ["check", "--format", "gcc", "/dev/stdin"], in: directory,
            input: "DROP INDEX p;\n")
        #expect(piped.status == 1)
        #expect(piped.standardOutput.contains("/dev/stdin:1:1: warning:"))
    }

    @Test func fixWritesWhatIsSafeAndLeavesTheRestByteForByte() throws {
        let untouched = [
            "binary.sql", "unterminated-string.sql", "unterminated-comment.sql", "unterminated-dollar.sql",
            "empty.sql", "bom-only.sql", "alembic/versions/1_open.py", "alembic/versions/2_binary.py",
        ]
        var before: [String: Data] = [:]
        for name in untouched { before[name] = try Data(contentsOf: directory.appendingPathComponent(name)) }
        let result = try concur("fix", ".", in: directory)
        #expect(result.status == 2)
        for name in untouched {
            #expect(try Data(contentsOf: directory.appendingPathComponent(name)) == before[name], "\(name) changed")
        }
        #expect(try read(directory.appendingPathComponent("good.sql")) == "DROP INDEX CONCURRENTLY IF EXISTS good;\n")
        #expect(
            try read(directory.appendingPathComponent("nested.sql")).hasSuffix(
                "\nDROP INDEX CONCURRENTLY IF EXISTS n;\n"))
        #expect(
            try read(directory.appendingPathComponent("huge.sql")).hasSuffix("\nDROP INDEX CONCURRENTLY IF EXISTS h;\n")
        )
        let crlf = try Data(contentsOf: directory.appendingPathComponent("crlf-bom.sql"))
        #expect(
            Array(crlf) == [0xEF, 0xBB, 0xBF] + Array("SELECT 1;\r\nDROP INDEX CONCURRENTLY IF EXISTS r;\r\n".utf8))
        let invalid = try Data(contentsOf: directory.appendingPathComponent("invalid-utf8.sql"))
        #expect(Array(invalid.prefix(8)) == Array("-- caf".utf8) + [0xE9, 0xFF])
        let said = result.standardOutput + result.standardError
        #expect(said.contains("unterminated-string.sql: not fixed, because the file could not be parsed to its end"))
        #expect(said.contains("1_open.py: not fixed, because the file could not be parsed to its end"))
    }
}
