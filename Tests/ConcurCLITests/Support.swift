import Foundation
import Testing

/// The result of running a program.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum TestEnvironment {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The folder that holds the built products (the test bundle sits there too).
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The `concur` executable the tests start: the one built with them, or the one
    /// `CONCUR_BINARY` names (scripts/test.sh runs these tests again on the release binary, the
    /// static PIE the README installs).
    static var concur: URL {
        variables["CONCUR_BINARY"].map { URL(fileURLWithPath: $0) } ?? productsDirectory.appendingPathComponent("concur")
    }

    static let variables = ProcessInfo.processInfo.environment

    /// Whether the PostgreSQL and pglast tests were skipped on purpose (CONCUR_SKIP_INTEGRATION=1).
    /// Never true in CI: scripts/test.sh provides both, and their absence is a failure.
    static var skipsIntegration: Bool {
        variables["CONCUR_SKIP_INTEGRATION"] == "1" && variables["CI"] == nil
    }

    /// A fresh empty folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("concur-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Starts a program that leaves a daemon behind (such as a tmux server) and waits for the program
/// itself. It goes through system(3): Foundation's Process would wait for the daemon too, since the
/// daemon inherits the descriptor Process watches. Output goes to /dev/null.
func launchDetached(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> Int32 {
    func quoted(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
    var command = ([executable] + arguments).map(quoted).joined(separator: " ") + " </dev/null >/dev/null 2>&1"
    if let directory { command = "cd \(quoted(directory.path)) && " + command }
    let status = system(command)
    return status == -1 ? -1 : (status >> 8) & 0xFF
}

/// Runs a program with arguments, without a shell, and waits for it.
func run(
    _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
    input: String? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let inputPipe = Pipe()
    process.standardInput = inputPipe
    try process.run()
    if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inputPipe.fileHandleForWriting.close()
    // Read both pipes before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errorData = Data()
    group.enter()
    DispatchQueue.global().async {
        errorData = error.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData, as: UTF8.self))
}

/// Runs the built `concur`.
func concur(_ arguments: String..., in directory: URL? = nil) throws -> ProcessResult {
    try concur(arguments, in: directory)
}

/// Runs the built `concur` with arguments in an array.
func concur(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
    var environment = TestEnvironment.variables
    environment["NO_COLOR"] = "1"
    return try run(TestEnvironment.concur.path, arguments, in: directory, environment: environment)
}

/// Finds a program on PATH.
func which(_ name: String) -> String? {
    for directory in (TestEnvironment.variables["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
}

func read(_ url: URL) throws -> String {
    String(decoding: try Data(contentsOf: url), as: UTF8.self)
}
