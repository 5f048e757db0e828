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
