/// A colour theme: a style for every role. Theme files are partial overrides of the built-in
/// default (see `ThemeFile`).
public struct Theme: Sendable, Equatable {
    /// The theme's name, for messages.
    public var name: String
    /// The style of each role.
    public private(set) var styles: [StyleRole: TextStyle]

    /// A theme where every role has `fallback` unless `styles` says otherwise.
    public init(name: String, styles: [StyleRole: TextStyle], fallback: TextStyle = TextStyle()) {
        self.name = name
        var complete: [StyleRole: TextStyle] = [:]
        for role in StyleRole.allCases { complete[role] = styles[role] ?? fallback }
        self.styles = complete
    }

    /// The style of a role.
    public subscript(role: StyleRole) -> TextStyle {
        styles[role] ?? TextStyle()
    }

    /// This theme with some roles replaced.
    public func overriding(_ overrides: [StyleRole: TextStyle], name: String) -> Theme {
        var copy = self
        copy.name = name
        for (role, style) in overrides { copy.styles[role] = style }
        return copy
    }
}
