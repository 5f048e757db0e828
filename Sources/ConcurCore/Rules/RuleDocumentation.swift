/// Renders a rule's description as its Markdown documentation page (`docs/rules/<rule>.md` and
/// `concur explain`).
public enum RuleDocumentation {
    /// The page for one rule.
    public static func markdown(for rule: RuleDescription) -> String {
        var page = "# \(rule.identifier)\n\n"
        page += "\(rule.summary)\n\n"
        page += "Default severity: **\(rule.severity.rawValue)**.\n\n"
        page += rule.documentation.trimmingTrailingNewlines() + "\n\n"
        page += "## Reported\n\n"
        for example in rule.triggeringExamples { page += codeBlock(example.plainSQL) }
        page += "## Not reported\n\n"
        for example in rule.nonTriggeringExamples { page += codeBlock(example.plainSQL) }
        page += "## Fixes\n\n"
        for correction in rule.corrections {
            let before = correction.before.plainSQL
            if before == correction.after {
                page += "No automatic fix:\n\n" + codeBlock(before)
            } else {
                page += "Before:\n\n" + codeBlock(before) + "After:\n\n" + codeBlock(correction.after)
            }
        }
        page +=
            "<!-- Generated from Sources/ConcurCore/Rules by `swift run concur generate-docs docs/rules`; do not edit. -->\n"
        return page
    }

    private static func codeBlock(_ sql: String) -> String {
        "```sql\n" + sql.trimmingTrailingNewlines() + "\n```\n\n"
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
