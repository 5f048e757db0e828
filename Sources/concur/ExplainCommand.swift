import ArgumentParser
import ConcurCore
import ConcurSystem

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a rule's documentation: why it matters, the rewrite, and the caveats."
    )

    @Argument(help: "The rule to explain (default: require-concurrent-index-deletion). See `concur rules`.")
    var rule: String = RequireConcurrentIndexDeletion.description.identifier

    func validate() throws {
        guard RuleCatalog.description(of: rule) != nil else {
            let known = RuleCatalog.descriptions.map(\.identifier).joined(separator: ", ")
            throw ValidationError("unknown rule '\(rule)'; known rules: \(known)")
        }
    }

    func run() throws {
        guard let description = RuleCatalog.description(of: rule) else { return }
        Output.standardOutput(RuleDocumentation.markdown(for: description))
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules with their default severity."
    )

    func run() throws {
        let rules = RuleCatalog.descriptions
        let width = rules.map(\.identifier.count).max() ?? 0
        for rule in rules {
            let padded = rule.identifier + String(repeating: " ", count: max(0, width - rule.identifier.count))
            let name = rule.severity.rawValue
            let severity = name + String(repeating: " ", count: max(0, 7 - name.count))
            Output.standardOutput("\(padded)  \(severity)  \(rule.summary)\n")
        }
        Output.standardOutput("\nRun `concur explain RULE` for the full documentation.\n")
    }
}

struct GenerateDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-docs",
        abstract: "Write docs/rules/<rule>.md from the rule declarations.",
        shouldDisplay: false
    )

    @Argument(help: "The folder to write the pages to.")
    var directory: String = "docs/rules"

    func run() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for rule in RuleCatalog.descriptions {
            let path = "\(directory)/\(rule.identifier).md"
            try Data(RuleDocumentation.markdown(for: rule).utf8).write(to: URL(fileURLWithPath: path))
            Output.standardOutput("wrote \(path)\n")
        }
    }
}
