/// Which key does which action, in normal mode. Overridable later from configuration; the help
/// overlay lists the keys from here.
public struct Keymap: Sendable {
    public private(set) var bindings: [Key: Action]

    public init(bindings: [Key: Action]) {
        self.bindings = bindings
    }

    /// The default keys, after `git add -p`, tig and lazygit.
    public static let standard = Keymap(bindings: [
        .character("y"): .accept,
        .character("n"): .skip,
        .character("a"): .acceptRestOfFile,
        .character("d"): .skipRestOfFile,
        .character("u"): .undo,
        .character("j"): .nextFinding,
        .character("k"): .previousFinding,
        .down: .moveDown,
        .up: .moveUp,
        .character("J"): .nextFile,
        .character("K"): .previousFile,
        .tab: .nextPane,
        .backTab: .previousPane,
        .pageDown: .pageDown,
        .pageUp: .pageUp,
        .character(" "): .pageDown,
        .character("e"): .openEditor,
        .character("/"): .search,
        .character("w"): .write,
        .character("r"): .reload,
        .character("x"): .toggleExplanation,
        .character("f"): .toggleAllFiles,
        .character("?"): .help,
        .character("q"): .quit,
        .control("c"): .quit,
    ])

    /// The action bound to a key.
    public func action(for key: Key) -> Action? { bindings[key] }

    /// The keys bound to an action, in a stable order (letters first).
    public func keys(for action: Action) -> [Key] {
        bindings.filter { $0.value == action }.map(\.key).sorted { lhs, rhs in
            let lhsIsCharacter = { if case .character = lhs { return true } else { return false } }()
            let rhsIsCharacter = { if case .character = rhs { return true } else { return false } }()
            if lhsIsCharacter != rhsIsCharacter { return lhsIsCharacter }
            return lhs.label < rhs.label
        }
    }
}
