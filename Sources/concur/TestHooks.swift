import Foundation

/// Points where the end-to-end tests may stop concur, set through the environment. They do nothing
/// unless the test's variable is set.
enum TestHooks {
    /// With CONCUR_TEST_PAUSE_BEFORE_REPLACING=FILE, the writer creates FILE once the new content
    /// is complete on disk, then waits (to be killed) before replacing the original.
    static func pauseBeforeReplacing() {
        guard let flag = ProcessInfo.processInfo.environment["CONCUR_TEST_PAUSE_BEFORE_REPLACING"] else { return }
        FileManager.default.createFile(atPath: flag, contents: Data())
        Thread.sleep(forTimeInterval: 30)
    }
}
