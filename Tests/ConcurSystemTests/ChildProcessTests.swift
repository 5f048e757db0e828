import ConcurSystem
import Testing

@Suite("Child processes, threads and locks without Foundation")
struct ChildProcessTests {
    @Test func capturesOutputErrorsAndTheExitStatus() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "printf 'out'; printf 'err' >&2; exit 3"])
        #expect(result.status == 3)
        #expect(result.output == Array("out".utf8))
        #expect(result.errors == Array("err".utf8))
    }

    /// Megabytes on both pipes at once: read one after the other, the child would block on the
    /// full pipe and never end.
    @Test func readsBothPipesTogether() throws {
        let script = "head -c 3000000 /dev/zero; head -c 2000000 /dev/zero >&2; head -c 1000000 /dev/zero"
        let result = try ChildProcess.run("/bin/sh", ["-c", script])
        #expect(result.status == 0)
        #expect(result.output.count == 4_000_000)
        #expect(result.errors.count == 2_000_000)
    }

    @Test func writesInputAndTheChildReadsItsEnd() throws {
        let child = try ChildProcess("/bin/sh", ["-c", "tr a-z A-Z"], input: .pipe, output: .pipe)
        child.write(Array("hello\n".utf8))
        child.closeInput()
        let (output, _) = child.readToEnd()
        #expect(child.waitUntilExit() == 0)
        #expect(output == Array("HELLO\n".utf8))
    }

    /// A child that has closed its input: writing to it says so instead of ending this process
    /// with SIGPIPE (set to its default action here, as it is in concur).
    @Test func writingToAChildThatStoppedReadingFailsWithoutASignal() throws {
        let previous = signal(SIGPIPE, SIG_DFL)
        defer { signal(SIGPIPE, previous) }
        let child = try ChildProcess("/bin/sh", ["-c", "exec 0<&-; exit 0"], input: .pipe)
        #expect(child.waitUntilExit() == 0)
        #expect(!child.write(Array(repeating: 0x41, count: 1 << 20)))
        var pending = sigset_t()
        sigpending(&pending)
        #expect(sigismember(&pending, SIGPIPE) == 0)
    }

    @Test func passesTheEnvironmentAndArgumentsAsGiven() throws {
        let result = try ChildProcess.run(
            "/bin/sh", ["-c", "printf '%s|%s' \"$CONCUR_VALUE\" \"$1\"", "sh", "an argument; with $pace"],
            environment: ["CONCUR_VALUE": "ünï"])
        #expect(String(decoding: result.output, as: UTF8.self) == "ünï|an argument; with $pace")
    }

    @Test func aChildEndedByASignalReportsIt() throws {
        let child = try ChildProcess("/bin/sleep", ["30"])
        #expect(child.isRunning)
        child.terminate()
        #expect(child.waitUntilExit() == 128 + SIGTERM)
        #expect(!child.isRunning)
    }

    /// An ignored signal stays ignored across exec(2) unless the child's are set back.
    @Test func theChildStartsWithDefaultSignals() throws {
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        let result = try ChildProcess.run("/bin/sh", ["-c", "grep '^SigIgn' /proc/self/status"])
        let line = String(decoding: result.output, as: UTF8.self)
        let mask = UInt64(line.split(separator: "\t").last?.trimmingWhitespace() ?? "", radix: 16)
        #expect(mask.map { $0 & (1 << (UInt64(SIGINT) - 1)) == 0 } == true, "SigIgn: \(line)")
    }

    @Test func aProgramThatCannotRunIsAnError() {
        #expect(throws: ChildProcess.LaunchFailure.self) { try ChildProcess.run("/no/such/program", []) }
    }

    @Test func workersRunUnderTheLockAndSignalTheCondition() {
        let condition = Condition()
        let lock = Lock()
        final class Counter: @unchecked Sendable { var value = 0 }
        let counter = Counter()
        let finished = Counter()
        for _ in 0..<4 {
            WorkerThread.start(stackSize: 1 << 20) {
                for _ in 0..<10_000 { lock.withLock { counter.value += 1 } }
                condition.lock()
                finished.value += 1
                condition.signal()
                condition.unlock()
            }
        }
        condition.lock()
        while finished.value < 4 { condition.wait() }
        condition.unlock()
        #expect(counter.value == 40_000)
    }

    @Test func trimsOnlyTheEnds() {
        #expect(" \t a b \n".trimmingWhitespace() == "a b")
        #expect("\n\nname \n".trimming(\.isNewline) == "name ")
        #expect("  ".trimmingWhitespace() == "")
    }
}
