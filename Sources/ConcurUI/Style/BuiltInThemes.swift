/// The themes compiled into the binary, so that it works without the `themes/` folder. The files
/// in `themes/` hold the same text (a test keeps them equal); a user's theme file overrides the
/// default theme role by role.
public enum BuiltInThemes {
    /// The names of the built-in themes.
    public static let names = ["default", "light", "high-contrast", "monochrome"]

    /// The text of a built-in theme file.
    public static func text(of name: String) -> String? {
        switch name {
        case "default": return defaultText
        case "light": return lightText
        case "high-contrast": return highContrastText
        case "monochrome": return monochromeText
        default: return nil
        }
    }

    /// The default theme: the terminal's own foreground and background, colour only for meaning,
    /// so it reads on dark and light backgrounds alike.
    public static var standard: Theme {
        // The compiled-in text parses; a test proves it.
        let overrides = (try? ThemeFile.parse(defaultText, file: "default")) ?? [:]
        return Theme(name: "default", styles: overrides)
    }

    /// A built-in theme by name, applied over the default.
    public static func theme(named name: String) -> Theme? {
        guard let text = text(of: name), let overrides = try? ThemeFile.parse(text, file: name) else { return nil }
        if name == "monochrome" { return Theme(name: name, styles: overrides) }
        return standard.overriding(overrides, name: name)
    }

    static let defaultText = """
        # concur's default theme: the terminal's own colours for text, colour only where it means
        # something, so it reads on dark and light backgrounds. Roles: see themes/README.md.
        [styles]
        normal = "default"
        header = "bold"
        pane-title = "bold"
        pane-title-focused = "bold underline"
        border = "dim"
        selection = "reverse"
        file-count = "yellow"
        file-done = "green"
        line-number = "dim"
        finding-marker = "bold red"
        finding-current = "bold on yellow"
        finding-other = "underline"
        accepted-marker = "bold green"
        skipped-marker = "dim"
        keyword = "bold blue"
        string = "green"
        comment = "dim"
        number = "cyan"
        diff-added = "green"
        diff-removed = "red"
        diff-context = "default"
        fix-title = "bold"
        no-fix = "bold yellow"
        docs-heading = "bold magenta"
        docs-code = "cyan"
        docs-inline-code = "cyan"
        docs-strong = "bold"
        status-bar = "reverse"
        status-key = "bold reverse"
        message = "bold"
        message-error = "bold red"
        overlay = "default"
        overlay-title = "bold reverse"

        """

    static let lightText = """
        # For light backgrounds: darker colours for code and findings.
        [styles]
        keyword = "bold 25"
        string = "28"
        number = "30"
        comment = "244"
        finding-current = "bold on 229"
        finding-marker = "bold 160"
        diff-added = "28"
        diff-removed = "160"
        docs-heading = "bold 90"
        docs-code = "24"
        docs-inline-code = "24"
        status-bar = "black on 252"
        status-key = "bold black on 252"

        """

    static let highContrastText = """
        # Maximum contrast: bright colours, strong attributes.
        [styles]
        normal = "bright-white on black"
        header = "bold bright-white on blue"
        selection = "bold black on bright-yellow"
        finding-marker = "bold bright-red"
        finding-current = "bold black on bright-yellow"
        keyword = "bold bright-cyan"
        string = "bright-green"
        comment = "bright-white"
        diff-added = "bold bright-green"
        diff-removed = "bold bright-red"
        no-fix = "bold bright-yellow"
        status-bar = "bold black on bright-white"
        status-key = "bold bright-white on blue"
        overlay = "bright-white on black"

        """

    static let monochromeText = """
        # No colour at all: attributes only (also used when NO_COLOR is set).
        [styles]
        header = "bold"
        pane-title = "bold"
        pane-title-focused = "bold underline"
        border = "dim"
        selection = "reverse"
        line-number = "dim"
        finding-marker = "bold"
        finding-current = "reverse"
        finding-other = "underline"
        accepted-marker = "bold"
        skipped-marker = "dim"
        keyword = "bold"
        comment = "dim"
        diff-added = "bold"
        diff-removed = "dim"
        fix-title = "bold"
        no-fix = "bold underline"
        docs-heading = "bold underline"
        docs-strong = "bold"
        docs-inline-code = "underline"
        status-bar = "reverse"
        status-key = "bold reverse"
        message = "bold"
        message-error = "bold underline"
        overlay-title = "reverse"

        """
}
