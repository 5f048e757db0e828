import Foundation
import Testing

/// concur against the real PostgreSQL parser: see Tests/Differential/pglast_differential.py.
@Suite("Differential test against pglast", .enabled(if: !TestEnvironment.skipsIntegration))
struct PglastDifferentialTests {
    @Test func findingsAndFixesAgreeWithPostgreSQLsParser() throws {
        guard let python = which("python3"),
            (try? run(python, ["-c", "import pglast"]))?.status == 0
        else {
            Issue.record(
                "python3 with pglast is not available: run the suite with scripts/test.sh, which installs it (CONCUR_SKIP_INTEGRATION=1 skips this on purpose outside CI)"
            )
            return
        }
        let root = TestEnvironment.packageRoot
        var arguments = [
            root.appendingPathComponent("Tests/Differential/pglast_differential.py").path,
            TestEnvironment.concur.path, "--generate", "400",
            root.appendingPathComponent("Tests/Fixtures").path,
            root.appendingPathComponent("Examples").path,
        ]
        // The shared corpus of real migrations sits beside the project, in CI too.
        let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/sql")
        if FileManager.default.fileExists(atPath: corpus.path) { arguments.append(corpus.path) }
        let result = try run(python, arguments)
        print(result.standardOutput)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains(", 0 disagreements"))
    }
}
