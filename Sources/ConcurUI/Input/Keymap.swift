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
        .character("i"): .ignore,
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

    /// This keymap with some actions bound to other keys (from configuration): each named action
    /// loses its old keys; a key taken by an action not rebound is an error, as are unknown
    /// actions and keys. The error names the action and what is allowed.
    public func rebinding(_ overrides: [(action: String, key: String)]) -> Result<Keymap, KeymapError> {
        var bindings = self.bindings
        var rebound: [Action: Key] = [:]
        for override in overrides {
            guard let action = Action(rawValue: override.action) else {
                return .failure(
                    KeymapError(
                        action: override.action,
                        message: "unknown action; actions: " + Action.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            guard let key = Key(label: override.key) else {
                return .failure(
                    KeymapError(
                        action: override.action,
                        message:
                            "unknown key '\(override.key)'; use one character, Enter, Tab, Shift-Tab, Esc, Space, Backspace, Up, Down, Left, Right, PgUp, PgDn, Home, End or Ctrl-<letter>"
                    ))
            }
            rebound[action] = key
        }
        for (action, key) in rebound {
            bindings = bindings.filter { $0.value != action }
            if let other = bindings[key], rebound[other] == nil {
                return .failure(
                    KeymapError(
                        action: action.rawValue,
                        message: "\(key.label) is already the key of \(other.rawValue); rebind that action too"))
            }
            bindings[key] = action
        }
        return .success(Keymap(bindings: bindings))
    }

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

/// A key binding from configuration that cannot be used.
public struct KeymapError: Error, Equatable, Sendable {
    public var action: String
    public var message: String
}

extension Key {
    /// The key a label names, as written in help texts and configuration.
    public init?(label: String) {
        let named: [String: Key] = [
            "enter": .enter, "tab": .tab, "shift-tab": .backTab, "esc": .escape, "escape": .escape,
            "space": .character(" "), "backspace": .backspace, "up": .up, "down": .down, "left": .left,
            "right": .right, "pgup": .pageUp, "pgdn": .pageDown, "home": .home, "end": .end,
        ]
        if label.count == 1, let character = label.first {
            self = .character(character)
        } else if let key = named[label.lowercased()] {
            self = key
        } else if label.lowercased().hasPrefix("ctrl-"), label.count == 6, let letter = label.last?.lowercased().first,
            letter.isLetter
        {
            self = .control(letter)
        } else {
            return nil
        }
    }
}
