import ArgumentParser
import ConcurSystem

/// `--since REF`: only the files a branch changed.
struct BranchOptions: ParsableArguments {
    @Option(
        help:
            "Only files added or changed since the merge base of REF and HEAD, including uncommitted and untracked ones."
    )
    var since: String?

    func validate() throws {
        if let since, since.hasPrefix("-") || since.isEmpty {
            throw ValidationError("--since takes a git revision, not '\(since)'")
        }
    }

    /// Keeps the paths the branch changed (all of them without `--since`).
    func filter(_ paths: [String]) throws -> [String] {
        try BranchFiles.keep(paths, changedSince: since)
    }
}

/// Asks git, without a shell, which files changed on a branch.
enum BranchFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The paths the branch changed since `reference` (all of them when it is nil).
    static func keep(_ paths: [String], changedSince reference: String?) throws -> [String] {
        guard let reference else { return paths }
        let changed = try changed(since: reference)
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")
        return paths.filter { changed.contains(URL(fileURLWithPath: $0, relativeTo: base).standardizedFileURL.path) }
    }

    /// The absolute paths of files added, modified, renamed or untracked since the merge base of
    /// `reference` and HEAD.
    static func changed(since reference: String) throws -> Set<String> {
        let root = try git(
            ["rev-parse", "--show-toplevel"], failure: "--since needs a git repository, and this is not one"
        )
        .trimming(\.isNewline)
        _ = try git(
            ["rev-parse", "--verify", "--quiet", reference + "^{commit}"],
            failure: "--since: '\(reference)' does not name a commit")
        let base = try git(
            ["merge-base", reference, "HEAD"], failure: "--since: '\(reference)' and HEAD have no common ancestor"
        )
        .trimming(\.isNewline)
        let diff = try git(
            ["-C", root, "diff", "--name-only", "-z", "--diff-filter=ACMRT", base], failure: "git diff failed")
        let untracked = try git(
            ["-C", root, "ls-files", "--others", "--exclude-standard", "-z"], failure: "git ls-files failed")
        let names = (diff + untracked).split(separator: "\0").map(String.init)
        return Set(names.map { URL(fileURLWithPath: root + "/" + $0).standardizedFileURL.path })
    }

    private static func git(_ arguments: [String], failure: String) throws -> String {
        guard let executable = gitExecutable() else {
            throw Failure(description: "--since needs git, which is not installed")
        }
        let result = try ChildProcess.run(executable, arguments)
        guard result.status == 0 else { throw Failure(description: failure) }
        return String(decoding: result.output, as: UTF8.self)
    }

    private static func gitExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
