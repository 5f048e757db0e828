import Foundation
import ConcurCore
import Testing

@Suite("Statement splitting as psql -f does it")
struct StatementSplitterTests {
    @Test func splitsAtTopLevelSemicolons() {
        #expect(statements("a; b;\n;; c") == ["a", "b", "c"])
        #expect(statements("SELECT ';', $$;$$, \";\" -- ;\n; /* ; */ x") == ["SELECT ';', $$;$$, \";\"", "x"])
    }

    @Test func parenthesesHoldSemicolons() {
        #expect(
            statements("CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2); x;") == [
                "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", "x",
            ])
    }

    @Test func sqlStandardFunctionBodiesHoldSemicolons() {
        let sql = """
            CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN true THEN 1 END;
              SELECT 2;
            END;
            DROP INDEX i;
            """
        let parts = statements(sql)
        #expect(parts.count == 2)
        #expect(parts.last == "DROP INDEX i")
        #expect(statements("create procedure p() begin atomic select 1; end; x").count == 2)
    }

    @Test func beginOutsideRoutinesIsATransaction() {
        #expect(statements("BEGIN; DROP INDEX i; END;") == ["BEGIN", "DROP INDEX i", "END"])
        #expect(statements("SELECT CASE WHEN a THEN b END; x") == ["SELECT CASE WHEN a THEN b END", "x"])
    }

    @Test func metaCommandsAreSkippedAndGSends() {
        #expect(
            statements("\\set x 1\nSELECT 1 \\gset\nDROP INDEX i;\n\\i other.sql\n") == ["SELECT 1", "DROP INDEX i"])
    }

    @Test func lastStatementNeedsNoSemicolon() {
        #expect(statements("SELECT 1;\nDROP INDEX i -- the end") == ["SELECT 1", "DROP INDEX i"])
    }

    @Test func unterminatedConstructDropsTheStatementItIsIn() {
        let bytes = Array("DROP INDEX a; DROP INDEX 'b; DROP INDEX c;".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var splitter = StatementSplitter(bytes: buffer)
            var count = 0
            while splitter.next() != nil { count += 1 }
            #expect(count == 1)
            #expect(splitter.error?.offset == 25)
        }
    }
}

/// Skimming (`next(keepingTokensOf:)`) reads past the words nobody needs without making tokens; it
/// must split every input exactly where reading token by token does.
@Suite("Skimming splits as reading token by token does")
struct SkimmingTests {
    /// Pieces chosen for the lexer's corners: prefixed quotes, dollar signs inside and after words,
    /// numbers glued to letters, meta-commands inside statements, brackets, and open constructs.
    static let pieces: [String] = [
        "SELECT", "select", "x", "E'a\\'b;'", "e'\\\\'", "N'n;'", "B'01'", "X'1f'", "U&'d;'", "U&\"q;\"", "u&x",
        "$$;$$", "$t$ ; $t$", "$1", "a$b$", "$E'x;'", "1.e'y;'", "1e-5", "1e--c\n", ".5$a$", "..", "'it''s;'",
        "\"a\"\"b;\"", "-- ;\n", "/* ; /* ; */ ; */", "(", ")", "[", "]", ";", ",", "\\;", "\\g\n", "\\set x 1\n",
        "\\\\\n", "+-", "-/", "*/", "CREATE", "create or replace function f() begin atomic", "case", "end",
        "COPY t FROM stdin", "\n1\t;\n\\.\n", "DROP INDEX i", "BEGIN", "COMMIT", "é", "\u{FEFF}", "'open", "\"open",
        "/* open", "$q$ open", "E'open\\'", "\t", "\r\n", " ", "\n",
        // The skim's corners: long runs with nothing to stop at (read eight bytes at a time), a
        // lone quote or `e` that may meet another piece's, signs inside and outside exponents,
        // and operators next to the bytes the skim stops at.
        "abcdefghijklmnopqrstuvwxyz_0123456789", "0123456789012345678901234567890", "e", "E", "'", "\"", "$", "-",
        "/", "type'a;'", "1e-5.e'\\';'", "1e-$$;$$", "x-$$;$$", ")$$;$$", "#%&", "1e-5$$", "end$$",
    ]

    static func generate(_ seed: UInt64) -> [UInt8] {
        var random = SplitMix64(state: seed)
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            if Int.random(in: 0..<10, using: &random) == 0 {
                bytes.append(UInt8.random(in: 1...255, using: &random))
            } else {
                bytes += Array(Self.pieces.randomElement(using: &random)!.utf8)
            }
            if Bool.random(using: &random) { bytes.append(0x20) }
        }
        return bytes
    }

    @Test(arguments: 0..<3000)
    func skimmingSplitsAsReadingEveryToken(_ seed: Int) {
        Self.expectSkimmingSplitsAsReading(Self.generate(UInt64(seed)), "seed \(seed)")
    }

    /// Splits `bytes` both ways, statement by statement, and expects the same places, query
    /// strings and syntax error; a skimmed statement's tokens begin those read in full.
    static func expectSkimmingSplitsAsReading(_ bytes: [UInt8], _ label: String) {
        bytes.withUnsafeBufferPointer { buffer in
            var whole = StatementSplitter(bytes: buffer)
            var skimming = StatementSplitter(bytes: buffer)
            while true {
                let read = whole.next()
                let skimmed = skimming.next(keepingTokensOf: { _ in false })
                #expect(read?.range == skimmed?.range, "\(label)")
                #expect(read?.terminator == skimmed?.terminator, "\(label)")
                #expect(read?.sharesQueryWithPrevious == skimmed?.sharesQueryWithPrevious, "\(label)")
                if let read, let skimmed {
                    #expect(read.tokens.starts(with: skimmed.tokens), "\(label)")
                    #expect(skimmed.isSkimmed || read.tokens == skimmed.tokens, "\(label)")
                }
                guard read != nil, skimmed != nil else { break }
            }
            #expect(whole.error == skimming.error, "\(label)")
        }
    }

    @Test func onlyTheLeadingWordsOfASkimmedStatementAreKept() {
        let bytes = Array(
            "CREATE TABLE t (a int); create or replace function f() returns int begin atomic select 1; end; SELECT 1 \\set x 1\n, 2;"
                .utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var splitter = StatementSplitter(bytes: buffer)
            let text = { (token: Token) in String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self) }
            let table = splitter.next(keepingTokensOf: { _ in false })
            #expect(table?.isSkimmed == true)
            #expect(table?.tokens.map(text) == ["CREATE", "TABLE"])
            let routine = splitter.next(keepingTokensOf: { _ in false })
            #expect(routine?.isSkimmed == false)
            #expect(routine?.tokens.last.map(text) == "end")
            let select = splitter.next(keepingTokensOf: { _ in false })
            #expect(select?.tokens.map(text) == ["SELECT"])
            #expect(
                select.map { String(decoding: bytes[$0.range.start..<$0.range.end], as: UTF8.self) }
                    == "SELECT 1 \\set x 1\n, 2")
        }
    }

    /// The real migrations of the shared corpus split the same both ways.
    @Test func theSharedCorpusSplitsTheSameSkimmed() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/sql")
        guard let walker = FileManager.default.enumerator(atPath: corpus.path) else {
            Issue.record("the shared corpus is not beside the project at \(corpus.path)")
            return
        }
        var files = 0
        for case let relative as String in walker where relative.hasSuffix(".sql") {
            let bytes = try [UInt8](Data(contentsOf: corpus.appendingPathComponent(relative)))
            Self.expectSkimmingSplitsAsReading(bytes, relative)
            files += 1
        }
        #expect(files > 600)
    }
}
