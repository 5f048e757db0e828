import ConcurCore
import ConcurSystem

/// Points where the end-to-end tests may stop concur, set through the environment. They do nothing
/// unless the test's variables are set.
enum TestHooks {
    /// What the writer does at each point of writing `path`: nothing, unless a test asked for a
    /// pause or a failure.
    static func writing(_ path: String) -> (FileStore.WritePoint) throws(FileAccessError) -> Void {
        { point throws(FileAccessError) in
            pause(at: point)
            if point == .halfWritten, let failure = injectedWriteFailure(path: path) { throw failure }
        }
    }

    /// With CONCUR_TEST_PAUSE_AT=POINT (a `FileStore.WritePoint`, e.g. `half-written`) and
    /// CONCUR_TEST_PAUSE_FLAG=FILE, the writer creates FILE the first time it reaches POINT, then
    /// waits (to be killed).
    static func pause(at point: FileStore.WritePoint) {
        guard let pause = requestedPause, pause.point == point.rawValue else { return }
        let flag = pause.flag
        _ = FileManager.default.createFile(atPath: flag, contents: Data())
        WorkerThread.sleep(seconds: 30)
    }

    /// The pause asked for, read once: every point of every write asks, and ProcessInfo's
    /// environment builds a dictionary of every variable each time (four fifths of the
    /// instructions of `concur fix` on 200 files).
    private static let requestedPause: (point: String, flag: String)? = {
        guard let point = variable("CONCUR_TEST_PAUSE_AT"), let flag = variable("CONCUR_TEST_PAUSE_FLAG") else {
            return nil
        }
        return (point, flag)
    }()

    /// The failure asked for, read once.
    private static let injectedFailureName = variable("CONCUR_TEST_FAIL_WRITES")

    private static func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// With CONCUR_TEST_SHOW_RUN set, `check` and `fix` print what they were asked to do, and
    /// which reader read their command line, instead of running: for the test that runs the quick
    /// reader and ArgumentParser over the same lines. getenv(3), not ProcessInfo: its environment
    /// builds a dictionary of every variable first, on every `check`. The fields are described
    /// only then: describing an array or an enumeration goes through reflection, which cost a
    /// third of the instructions of checking one migration.
    static func showsRun(reader: String, _ fields: () -> KeyValuePairs<String, String>) -> Bool {
        guard getenv("CONCUR_TEST_SHOW_RUN") != nil else { return false }
        var text = "reader: \(reader)\n"
        for (name, value) in fields() { text += "\(name): \(value)\n" }
        Output.standardOutput(text)
        return true
    }

    /// With CONCUR_TEST_FAIL_WRITES=ERRNO-NAME (ENOSPC, EACCES, EROFS), every write of an existing
    /// file fails as the system would with that error, after the temporary file was created: for
    /// testing what a full disk or a read-only file system gets, as root.
    static func injectedWriteFailure(path: String) -> FileAccessError? {
        guard let name = injectedFailureName else { return nil }
        let code: Int32
        switch name {
        case "ENOSPC": code = ENOSPC
        case "EACCES": code = EACCES
        case "EROFS": code = EROFS
        default: code = EIO
        }
        return FileAccessError(path: path, message: "cannot write file: " + String(cString: strerror(code)))
    }

    /// With CONCUR_TEST_CRASH_REVIEW=1, the reviewer hits an internal error (a trap) after its
    /// first frame: the terminal must still be restored.
    static var crashesReview: Bool { ProcessInfo.processInfo.environment["CONCUR_TEST_CRASH_REVIEW"] == "1" }
}
