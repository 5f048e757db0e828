import ConcurCore

/// A theme file that cannot be used, with the place and the allowed values.
public typealias ThemeError = SettingsError

/// Reads theme files: a small, hand-editable subset of TOML.
///
/// ```toml
/// # comments start with '#'
/// [styles]
/// finding-marker = "bold red"
/// status-bar = "black on white"
/// diff-added = "green"
/// keyword = "bold 33"        # a 256-colour index
/// ```
///
/// A style lists attributes (`bold`, `dim`, `underline`, `reverse`, `italic`), a foreground colour
/// and, after `on`, a background colour. Colours are the 8 basic names, `bright-` and a basic
/// name, `default`, or a 256-colour index (0–255). Roles not named keep the base theme's style.
public enum ThemeFile {
    /// The overrides a theme file's text names.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> [StyleRole: TextStyle] {
        var overrides: [StyleRole: TextStyle] = [:]
        for entry in try SettingsFile.entries(text, file: file, sections: ["styles"], example: "role = \"style\"") {
            guard let role = StyleRole(rawValue: entry.key) else {
                let allowed = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(
                    file: file, line: entry.line, key: entry.key, message: "unknown role; allowed roles: \(allowed)")
            }
            guard let value = entry.value else {
                throw ThemeError(
                    file: file, line: entry.line, key: entry.key,
                    message: "the style must be a quoted string, e.g. \"bold red on default\"")
            }
            overrides[role] = try parseStyle(value, file: file, line: entry.line, key: entry.key)
        }
        return overrides
    }

    /// Parses `"bold red on black"`.
    public static func parseStyle(_ text: String, file: String, line: Int, key: String) throws(ThemeError) -> TextStyle
    {
        var style = TextStyle()
        var expectBackground = false
        var sawForeground = false
        for word in text.lowercased().split(separator: " ").map(String.init) {
            if word == "on" {
                expectBackground = true
                continue
            }
            if !expectBackground, let attribute = TextAttributes.names.first(where: { $0.0 == word })?.1 {
                style.attributes.insert(attribute)
                continue
            }
            guard let color = parseColor(word) else {
                let attributes = TextAttributes.names.map(\.0).joined(separator: ", ")
                throw ThemeError(
                    file: file, line: line, key: key,
                    message: "unknown word '\(word)'; allowed: attributes (\(attributes)), colours (default, "
                        + TerminalColor.basicNames.joined(separator: ", ")
                        + ", bright-<colour>, 0-255), and 'on <colour>'")
            }
            if expectBackground {
                style.background = color
                expectBackground = false
            } else if !sawForeground {
                style.foreground = color
                sawForeground = true
            } else {
                throw ThemeError(
                    file: file, line: line, key: key,
                    message: "two foreground colours; write 'on' before the background")
            }
        }
        if expectBackground {
            throw ThemeError(file: file, line: line, key: key, message: "'on' must be followed by a colour")
        }
        return style
    }

    static func parseColor(_ word: String) -> TerminalColor? {
        if word == "default" { return .terminalDefault }
        if let index = TerminalColor.basicNames.firstIndex(of: word) { return .indexed(index) }
        if word.hasPrefix("bright-"), let index = TerminalColor.basicNames.firstIndex(of: String(word.dropFirst(7))) {
            return .indexed(index + 8)
        }
        if let number = Int(word), (0...255).contains(number) { return .indexed(number) }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}
