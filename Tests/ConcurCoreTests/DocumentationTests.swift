import ConcurCore
import Foundation
import Testing

@Suite("Rule documentation")
struct DocumentationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("docs/rules/<rule>.md is current", arguments: RuleCatalog.descriptions.map(\.identifier))
    func pageIsCurrent(_ identifier: String) throws {
        let rule = try #require(RuleCatalog.description(of: identifier))
        let url = Self.packageRoot.appendingPathComponent("docs/rules/\(identifier).md")
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(
            committed == RuleDocumentation.markdown(for: rule),
            "docs/rules/\(identifier).md is out of date: run `swift run concur generate-docs docs/rules`")
    }

    @Test func everyRuleIsDocumentedWithExamplesAndFixes() {
        for rule in RuleCatalog.descriptions {
            #expect(!rule.triggeringExamples.isEmpty, "\(rule.identifier) has no triggering example")
            #expect(!rule.nonTriggeringExamples.isEmpty, "\(rule.identifier) has no non-triggering example")
            #expect(!rule.corrections.isEmpty, "\(rule.identifier) has no correction")
            #expect(rule.documentation.contains("## Why it matters"))
        }
        #expect(Set(RuleCatalog.descriptions.map(\.identifier)).count == RuleCatalog.descriptions.count)
    }

    @Test func mainRuleCoversTheCaveats() throws {
        let docs = try #require(RuleCatalog.description(of: "require-concurrent-index-deletion")).documentation
        for topic in [
            "ACCESS EXCLUSIVE", "CASCADE", "transaction", "invalid", "constraint", "Partitioned", "autocommit_block",
            "postgresql_concurrently=True",
        ] {
            #expect(docs.contains(topic), "the documentation does not mention \(topic)")
        }
    }
}
