/// A terminal colour: the terminal's default, one of the 8 basic colours (plus their bright
/// variants), or an index into the 256-colour palette.
public enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)

    /// The basic colour names, in ANSI order.
    public static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// The colour as a palette index for a terminal with `colors` colours; nil for the default.
    public func index(forTerminalWith colors: Int) -> Int? {
        guard case .indexed(let value) = self else { return nil }
        if value < colors { return value }
        if value < 16 { return value - 8 }  // bright → basic on 8-colour terminals
        return Self.nearestBasic(to: value)
    }

    /// The nearest of the 8 basic colours to a 256-palette entry.
    static func nearestBasic(to index: Int) -> Int {
        let rgb: (Int, Int, Int)
        if index >= 232 {
            let level = (index - 232) * 10 + 8
            rgb = (level, level, level)
        } else {
            let cube = index - 16
            let steps = [0, 95, 135, 175, 215, 255]
            rgb = (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
        }
        let bits = (rgb.0 > 127 ? 1 : 0) | (rgb.1 > 127 ? 2 : 0) | (rgb.2 > 127 ? 4 : 0)
        return bits
    }
}

/// Text attributes a terminal can show without colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    /// The names used in theme files.
    public static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
}

/// How one role looks: foreground, background and attributes.
public struct TextStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
        attributes: TextAttributes = []
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
