import ArgumentParser
import ConcurCore
import ConcurSystem

/// `--config`, shared by the commands that analyse files.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "The configuration file (default: the nearest .concur.toml in this folder or above).")
    var config: String?

    /// The project analyzer: migration tools detected from the disk, overridden by configuration.
    func projectAnalyzer() throws -> ProjectAnalyzer {
        try Self.projectAnalyzer(config: config)
    }

    /// The project analyzer, with the configuration file `config` (nil: the nearest `.concur.toml`).
    static func projectAnalyzer(config: String?) throws -> ProjectAnalyzer {
        let workingDirectory = SystemCalls.workingDirectory() ?? "."
        var found: String?
        if let config {
            guard SystemCalls.exists(config) else {
                throw ValidationError("no such configuration file: \(config)")
            }
            found = config
        } else {
            // The working directory and each folder above it, as path strings (URL's parsing cost
            // more than the rest of checking one migration).
            var directory = workingDirectory
            while true {
                let candidate = (directory.hasSuffix("/") ? directory : directory + "/") + ".concur.toml"
                if SystemCalls.exists(candidate) {
                    found = candidate
                    break
                }
                guard let slash = directory.dropLast().lastIndex(of: "/") else { break }
                directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
            }
        }
        guard let path = found else { return ProjectAnalyzer(files: DiskProjectFiles()) }
        let text = String(decoding: (try? FileStore.read(path).bytes) ?? [], as: UTF8.self)
        let configuration: Configuration
        do {
            configuration = try Configuration.parse(text, file: path)
        } catch {
            throw ValidationError("bad configuration: \(error.description)")
        }
        let paths = ConfigurationPaths(workingDirectory: workingDirectory, configurationFile: path)
        return ProjectAnalyzer(
            files: DiskProjectFiles(), configuration: configuration, configurationPath: { paths.relative($0) })
    }
}
