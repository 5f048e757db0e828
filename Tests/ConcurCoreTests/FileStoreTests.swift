import ConcurCore
import Foundation
import Testing

@Suite("Reading and writing files")
final class FileStoreTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "concur-filestore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @Test func readsBytesExactly() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0x0D, 0x0A, 0xFF, 0x00, 0x41]
        try Data(bytes).write(to: URL(fileURLWithPath: path("a.sql")))
        #expect(try FileStore.read(path("a.sql")).bytes == bytes)
    }

    @Test func replacesContentAndKeepsTheMode() throws {
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("a.sql")))
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: path("a.sql"))
        let source = try FileStore.read(path("a.sql"))
        try FileStore.write(Array("new".utf8), replacing: source)
        #expect(try FileStore.read(path("a.sql")).bytes == Array("new".utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: path("a.sql"))[.posixPermissions] as? Int == 0o604)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.sql"])
    }

    /// A killed run's temporary file, by a process that cannot exist (the largest pid).
    func leaveStaleTemporaryFile(_ name: String) throws -> String {
        let stale = path(".\(name).concur-2147483647-7.tmp")
        try Data("half".utf8).write(to: URL(fileURLWithPath: stale))
        return stale
    }

    /// Alone, a write rids the folder of killed runs' temporary files every time; in a session,
    /// once (a fix of 10,000 files of one folder looked through it 10,000 times). Either way
    /// every file is written, and its folder flushed when the session ends.
    @Test func aSessionSweepsEachFolderOnce() throws {
        for name in ["a.sql", "b.sql", "c.sql"] {
            try Data("DROP INDEX i;".utf8).write(to: URL(fileURLWithPath: path(name)))
        }
        let first = try leaveStaleTemporaryFile("x.sql")
        try FileStore.write(Array("one".utf8), replacing: try FileStore.read(path("a.sql")))
        #expect(!FileManager.default.fileExists(atPath: first))
        let second = try leaveStaleTemporaryFile("y.sql")
        let session = WriteSession()
        try FileStore.write(Array("two".utf8), replacing: try FileStore.read(path("b.sql")), session: session)
        #expect(!FileManager.default.fileExists(atPath: second))
        let third = try leaveStaleTemporaryFile("z.sql")
        try FileStore.write(Array("three".utf8), replacing: try FileStore.read(path("c.sql")), session: session)
        session.flushFolders()
        #expect(FileManager.default.fileExists(atPath: third))
        #expect(try FileStore.read(path("b.sql")).bytes == Array("two".utf8))
        #expect(try FileStore.read(path("c.sql")).bytes == Array("three".utf8))
        // Only concur's own temporaries are left behind, no other file.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(left == [".z.sql.concur-2147483647-7.tmp", "a.sql", "b.sql", "c.sql"])
    }

    @Test func refusesToOverwriteAFileChangedSinceItWasRead() throws {
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("a.sql")))
        let source = try FileStore.read(path("a.sql"))
        try Data("someone else's edit".utf8).write(to: URL(fileURLWithPath: path("a.sql")))
        #expect(throws: FileAccessError.self) { try FileStore.write(Array("new".utf8), replacing: source) }
        #expect(try FileStore.read(path("a.sql")).bytes == Array("someone else's edit".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.sql"])
    }

    @Test func refusesToOverwriteAFileRemovedSinceItWasRead() throws {
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("a.sql")))
        let source = try FileStore.read(path("a.sql"))
        try FileManager.default.removeItem(atPath: path("a.sql"))
        #expect(throws: FileAccessError.self) { try FileStore.write(Array("new".utf8), replacing: source) }
        #expect(!FileManager.default.fileExists(atPath: path("a.sql")))
    }

    @Test func explainsWhatCannotBeRead() throws {
        do {
            _ = try FileStore.read(path("missing.sql"))
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(error.message == "cannot read file: No such file or directory")
        }
        do {
            _ = try FileStore.read(directory.path)
            Issue.record("reading a directory succeeded")
        } catch {
            #expect(error.message == "is a directory")
        }
    }
}
