/// The command lines CI jobs and hooks run most, read without ArgumentParser:
/// `concur check [PATH…]` with `--format`, `--fail-on`, `--config` and `--since`, and
/// `concur fix [PATH…]` with `--diff`, `--config` and `--since`.
///
/// ArgumentParser reflects over the whole command tree on every start: about 10 M instructions,
/// two to three milliseconds, more than checking a pull request's migrations takes. This reader
/// takes only lines it is sure of and returns nil for anything else — help, an unknown or
/// repeated option, a missing value, a value that looks like an option, a value the option does
/// not accept, a value given to a flag — so that ArgumentParser reads those and says what is wrong
/// as it always has. A test runs both readers over the same command lines and compares what they
/// read.
enum QuickCheckArguments {
    /// A command line read: what to run.
    enum Run: Equatable {
        case check(CheckRun)
        case fix(FixRun)
    }

    /// What `arguments` (without the program name) ask `check` or `fix` to do, or nil.
    static func parse(_ arguments: [String]) -> Run? {
        switch arguments.first {
        case "check": read(CheckRun(), arguments.dropFirst()).map(Run.check)
        case "fix": read(FixRun(), arguments.dropFirst()).map(Run.fix)
        default: nil
        }
    }

    /// The options every quickly read command shares (`--config`, `--since`, the paths), and
    /// those `Command` reads itself.
    private static func read<Command: QuicklyRead>(_ start: Command, _ arguments: ArraySlice<String>) -> Command? {
        var run = start
        let read = readOptions(arguments, flags: Command.flags) { name, value in
            switch name {
            case "--config": run.config = value
            case "--since": run.since = value
            default: return run.accept(name, value)
            }
            return true
        }
        guard let paths = read else { return nil }
        run.paths = paths
        return run
    }

    /// Reads options (`--name value`, `--name=value`, or a flag of `flags` alone) with `accept`,
    /// which says whether it takes one, and returns the paths; nil for a line to leave to
    /// ArgumentParser.
    private static func readOptions(
        _ arguments: ArraySlice<String>, flags: [Substring], accept: (Substring, String) -> Bool
    ) -> [String]? {
        var paths: [String] = []
        // A handful of names: arrays, not sets (a set of substrings costs its generic set-up at
        // every start).
        var seen: [Substring] = []
        var index = arguments.startIndex
        var onlyPaths = false
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if onlyPaths || !argument.hasPrefix("-") {
                paths.append(argument)
                continue
            }
            if argument == "--" {
                onlyPaths = true
                continue
            }
            if flags.contains(Substring(argument)) {
                guard !seen.contains(Substring(argument)), accept(Substring(argument), "") else { return nil }
                seen.append(Substring(argument))
                continue
            }
            // `--name value` or `--name=value`.
            let name: Substring
            let value: String
            if let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard index < arguments.endIndex else { return nil }
                name = Substring(argument)
                value = arguments[index]
                index += 1
            }
            guard !flags.contains(name), !value.isEmpty, !value.hasPrefix("-"), !seen.contains(name),
                accept(name, value)
            else { return nil }
            seen.append(name)
        }
        return paths
    }
}

/// A command whose lines `QuickCheckArguments` reads: its paths, `--config` and `--since`, and
/// options of its own.
protocol QuicklyRead {
    var paths: [String] { get set }
    var config: String? { get set }
    var since: String? { get set }
    /// The options that take no value.
    static var flags: [Substring] { get }
    /// Takes an option of its own (`value` is empty for a flag); false for one it does not know
    /// or a value it does not accept.
    mutating func accept(_ name: Substring, _ value: String) -> Bool
}

extension CheckRun: QuicklyRead {
    static var flags: [Substring] { [] }

    mutating func accept(_ name: Substring, _ value: String) -> Bool {
        switch name {
        case "--format":
            guard let format = CheckCommand.Format(rawValue: value) else { return false }
            self.format = format
        case "--fail-on":
            guard let level = CheckCommand.FailOn(rawValue: value) else { return false }
            failOn = level
        default: return false
        }
        return true
    }
}

extension FixRun: QuicklyRead {
    static var flags: [Substring] { ["--diff"] }

    mutating func accept(_ name: Substring, _ value: String) -> Bool {
        guard name == "--diff" else { return false }
        diff = true
        return true
    }
}
