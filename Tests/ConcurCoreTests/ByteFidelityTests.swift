import ConcurCore
import Testing

@Suite("Bytes in, bytes out")
struct ByteFidelityTests {
    @Test func invalidUTF8CountsOneColumnPerByteAndSurvivesTheFix() throws {
        let bytes: [UInt8] =
            Array("-- ".utf8) + [0xFF, 0xC3, 0x28] + Array(" x\nSELECT '".utf8) + [0xE9]
            + Array("'; DROP INDEX i;\n".utf8)
        let analysis = analyze(bytes: bytes)
        #expect(positions(analysis) == [SourcePosition(line: 2, column: 13)])
        let result = try EditApplier.apply(analysis.safeEdits, to: bytes)
        let insertion = Array(" CONCURRENTLY IF EXISTS".utf8)
        let point = bytes.count - " i;\n".utf8.count
        #expect(result == Array(bytes[..<point]) + insertion + Array(bytes[point...]))
    }

    @Test func byteOrderMarkIsKeptAndNotCounted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("DROP INDEX i;".utf8)
        let analysis = analyze(bytes: bytes)
        #expect(positions(analysis) == [SourcePosition(line: 1, column: 1)])
        #expect(Array(try EditApplier.apply(analysis.safeEdits, to: bytes).prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test func emptyAndBlankFilesHaveNothing() {
        for sql in ["", "\n\n", "   ", "-- just a comment", ";;;"] {
            let analysis = analyze(sql)
            #expect(analysis.findings.isEmpty && analysis.problem == nil)
        }
    }

    @Test func binaryFilesAreReportedNotScanned() {
        let analysis = analyze(bytes: Array("DROP INDEX i;".utf8) + [0, 1, 2, 0xFF])
        #expect(analysis.problem?.kind == .binaryContent)
        #expect(analysis.findings.isEmpty)
    }

    @Test func unterminatedStringKeepsEarlierFindingsOnly() throws {
        let analysis = analyze("DROP INDEX a;\nSELECT 'oops;\nDROP INDEX b;\n")
        #expect(positions(analysis) == [SourcePosition(line: 1, column: 1)])
        let problem = try #require(analysis.problem)
        #expect(problem.message == "unterminated quoted string")
        #expect(LocatedFileReport(analysis).problemPosition == SourcePosition(line: 2, column: 8))
    }

    @Test func everyByteOutsideTheEditsIsKept() throws {
        let sql = "\t-- héllo\r\nDROP   INDEX\t/*x*/ a ;  -- tail\r\n\r\n"
        let analysis = analyze(sql)
        let result = try fixed(analysis)
        #expect(result == "\t-- héllo\r\nDROP   INDEX CONCURRENTLY IF EXISTS\t/*x*/ a ;  -- tail\r\n\r\n")
    }

    @Test func lineIndexHandlesCRLFAndLoneCR() {
        let source = SourceFile(path: "x", text: "a\r\nb\rc\nd")
        let index = LineIndex(source)
        #expect(index.position(of: 3, in: source.bytes) == SourcePosition(line: 2, column: 1))
        #expect(index.position(of: 7, in: source.bytes) == SourcePosition(line: 3, column: 1))
        #expect(index.position(of: 8, in: source.bytes) == SourcePosition(line: 3, column: 2))
    }
}
