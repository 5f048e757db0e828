import ArgumentParser
import ConcurCore
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
        // Worked out from the text (`URL` cost more per path than checking the file).
        let directory = SystemCalls.workingDirectory() ?? FileManager.default.currentDirectoryPath
        return paths.filter { changed.contains(LexicalPath.absolute($0, in: directory)) }
    }

    /// The absolute paths of files added, modified, renamed or untracked since the merge base of
    /// `reference` and HEAD.
    static func changed(since reference: String) throws -> Set<String> {
        guard let executable = gitExecutable() else {
            throw Failure(description: "--since needs git, which is not installed")
        }
        func git(_ arguments: [String], failure: String) throws -> [UInt8] {
            let result = try ChildProcess.run(executable, arguments)
            guard result.status == 0 else { throw Failure(description: failure) }
            return result.output
        }
        func line(_ output: [UInt8]) -> String { String(decoding: output, as: UTF8.self).trimming(\.isNewline) }
        let root = line(
            try git(["rev-parse", "--show-toplevel"], failure: "--since needs a git repository, and this is not one"))
        _ = try git(
            ["rev-parse", "--verify", "--quiet", reference + "^{commit}"],
            failure: "--since: '\(reference)' does not name a commit")
        let base = line(
            try git(
                ["merge-base", reference, "HEAD"], failure: "--since: '\(reference)' and HEAD have no common ancestor"))
        let diff = try git(
            ["-C", root, "diff", "--name-only", "-z", "--diff-filter=ACMRT", base], failure: "git diff failed")
        let untracked = try git(
            ["-C", root, "ls-files", "--others", "--exclude-standard", "-z"], failure: "git ls-files failed")
        // The names, split at their NUL bytes (a string split at a character would look for
        // character boundaries through every name: most of the time --since took on a large tree).
        var changed = Set<String>()
        for output in [diff, untracked] {
            for name in output.split(separator: 0) {
                changed.insert(LexicalPath.absolute(String(decoding: name, as: UTF8.self), in: root))
            }
        }
        return changed
    }

    /// The first `git` on the `PATH`.
    private static func gitExecutable() -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
