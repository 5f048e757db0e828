import ConcurCore
import Foundation
import Testing

@Suite("Reading a folder's entries")
struct DirectoryEntriesTests {
    /// readdir's last entry can end right where mapped memory ends: its record is only as long as
    /// its name, not as long as `d_name`'s 256 bytes. Reading the name must stop at its zero byte;
    /// copying the whole field would touch the guard page below and crash this test.
    @Test func aNameIsReadUpToItsZeroByteAndNoFurther() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try #require(
            mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                .flatMap { $0 == MAP_FAILED ? nil : $0 })
        defer { munmap(memory, 2 * page) }
        try #require(mprotect(memory + page, page, PROT_NONE) == 0)

        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        // A name whose record ends on an 8-byte boundary, as the kernel aligns records, with its
        // zero byte the last readable byte.
        var name = Array("0001_drop_old_index".utf8)
        while (nameOffset + name.count + 1) % MemoryLayout<dirent>.alignment != 0 { name.append(UInt8(ascii: "x")) }
        let length = nameOffset + name.count + 1
        let record = (memory + page - length)
        record.initializeMemory(as: UInt8.self, repeating: 0, count: length)
        let entry = record.bindMemory(to: dirent.self, capacity: 1)
        entry.pointee.d_reclen = UInt16(length)
        entry.pointee.d_type = UInt8(DT_REG)
        (record + nameOffset).copyMemory(from: name, byteCount: name.count)

        #expect(DirectoryEntries.name(of: entry) == String(decoding: name, as: UTF8.self))
    }

    @Test func listsEveryEntryWithItsTypeAndSaysWhenAFolderCannotBeOpened() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concur-entries-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let longest = String(repeating: "n", count: 251) + ".sql"  // NAME_MAX, 255 bytes
        let notUTF8 = "caf\u{FFFD}.sql"
        FileManager.default.createFile(atPath: folder + "/" + longest, contents: Data())
        FileManager.default.createFile(atPath: folder + "/ünï.sql", contents: Data())
        // A name with a byte that is not UTF-8 (0xE9, Latin-1 é), made with the system call.
        let rawName: [UInt8] = Array((folder + "/caf").utf8) + [0xE9] + Array(".sql".utf8) + [0]
        let descriptor = rawName.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(descriptor >= 0)
        close(descriptor)

        var entries: [String: UInt8] = [:]
        #expect(DirectoryEntries.forEach(in: folder) { name, type in entries[name] = type })
        #expect(Set(entries.keys) == [".", "..", "sub", longest, "ünï.sql", notUTF8])
        #expect(entries["sub"] == UInt8(DT_DIR) || entries["sub"] == UInt8(DT_UNKNOWN))
        #expect(entries[longest] == UInt8(DT_REG) || entries[longest] == UInt8(DT_UNKNOWN))

        var called = false
        #expect(!DirectoryEntries.forEach(in: folder + "/missing") { _, _ in called = true })
        #expect(!called)
    }
}
