/// The command lines CI jobs and hooks run most, `concur check [PATH…]` with `--format`,
/// `--fail-on`, `--config` and `--since`, read without ArgumentParser.
///
/// ArgumentParser reflects over the whole command tree on every start: about 16 M instructions,
/// two to three milliseconds, more than checking a pull request's migrations takes. This reader
/// takes only lines it is sure of and returns nil for anything else — help, an unknown or
/// repeated option, a missing value, a value that looks like an option, a value the option does
/// not accept — so that ArgumentParser reads those and says what is wrong as it always has.
/// A test runs both readers over the same command lines and compares what they read.
enum QuickCheckArguments {
    /// What `arguments` (without the program name) ask `check` to do, or nil.
    static func parse(_ arguments: [String]) -> CheckRun? {
        guard arguments.first == "check" else { return nil }
        var run = CheckRun()
        var seen: Set<String> = []
        var index = 1
        var onlyPaths = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPaths || !argument.hasPrefix("-") {
                run.paths.append(argument)
                continue
            }
            if argument == "--" {
                onlyPaths = true
                continue
            }
            // `--name value` or `--name=value`.
            let name: Substring
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.count else { return nil }
                name = Substring(argument)
                value = arguments[index]
                index += 1
            }
            guard !value.isEmpty, !value.hasPrefix("-"), seen.insert(String(name)).inserted else { return nil }
            switch name {
            case "--format":
                guard let format = CheckCommand.Format(rawValue: value) else { return nil }
                run.format = format
            case "--fail-on":
                guard let level = CheckCommand.FailOn(rawValue: value) else { return nil }
                run.failOn = level
            case "--config": run.config = value
            case "--since": run.since = value
            default: return nil
            }
        }
        return run
    }
}
