import ConcurUI
import Foundation
import Testing

@Suite("Themes")
struct ThemeTests {
    @Test("themes/<name>.toml equals the compiled-in copy", arguments: BuiltInThemes.names)
    func filesMatchCompiledThemes(_ name: String) throws {
        let url = UITestSupport.packageRoot.appendingPathComponent("themes/\(name).toml")
        let file = try String(contentsOf: url, encoding: .utf8)
        let compiled = try #require(BuiltInThemes.text(of: name))
        #expect(file.trimmingCharacters(in: .newlines) == compiled.trimmingCharacters(in: .newlines))
        #expect(throws: Never.self) { try ThemeFile.parse(file, file: url.path) }
        #expect(BuiltInThemes.theme(named: name) != nil)
    }

    @Test func aThemeFileOverridesOnlyWhatItNames() throws {
        let overrides = try ThemeFile.parse(
            "# mine\n[styles]\nkeyword = \"bold bright-magenta on 17\"\n", file: "mine.toml")
        let theme = BuiltInThemes.standard.overriding(overrides, name: "mine")
        #expect(theme[.keyword] == TextStyle(foreground: .indexed(13), background: .indexed(17), attributes: [.bold]))
        #expect(theme[.string] == BuiltInThemes.standard[.string])
    }

    @Test func monochromeHasNoColour() throws {
        let theme = try #require(BuiltInThemes.theme(named: "monochrome"))
        for role in StyleRole.allCases {
            #expect(theme[role].foreground == .terminalDefault && theme[role].background == .terminalDefault)
        }
    }

    @Test(
        arguments: [
            ("[styles]\nkeywrd = \"red\"", 2, "keywrd", "unknown role; allowed roles: normal, header"),
            ("[styles]\nkeyword = \"reddish\"", 2, "keyword", "unknown word 'reddish'; allowed: attributes (bold, dim"),
            ("[styles]\nkeyword = red", 2, "keyword", "the style must be a quoted string"),
            ("[colours]\n", 1, nil, "unknown section [colours]; known sections: [styles]"),
            ("keyword = \"red\"", 1, "keyword", "settings must follow a [styles] header"),
            ("[styles]\nkeyword = \"red on\"", 2, "keyword", "'on' must be followed by a colour"),
            ("[styles]\nkeyword = \"red blue\"", 2, "keyword", "two foreground colours"),
            ("[styles]\nkeyword = \"300\"", 2, "keyword", "unknown word '300'"),
        ] as [(String, Int, String?, String)])
    func badFilesNameTheLineKeyAndAllowedValues(_ text: String, _ line: Int, _ key: String?, _ message: String) {
        do {
            _ = try ThemeFile.parse(text, file: "bad.toml")
            Issue.record("parsed without error")
        } catch {
            #expect(error.file == "bad.toml")
            #expect(error.line == line)
            #expect(error.key == key)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func colorsFallBackOnEightColourTerminals() {
        #expect(TerminalColor.indexed(3).index(forTerminalWith: 8) == 3)
        #expect(TerminalColor.indexed(11).index(forTerminalWith: 8) == 3)
        #expect(TerminalColor.indexed(196).index(forTerminalWith: 8) == 1)  // pure red
        #expect(TerminalColor.indexed(196).index(forTerminalWith: 256) == 196)
        #expect(TerminalColor.terminalDefault.index(forTerminalWith: 256) == nil)
    }
}
