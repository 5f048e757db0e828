/// Everything a reviewer can ask for. Keys map to actions (`Keymap`); the help overlay and the
/// status-bar hints are drawn from this table, so they always tell the truth.
public enum Action: String, CaseIterable, Sendable, Hashable {
    case accept
    case skip
    case ignore
    case acceptRestOfFile = "accept-rest-of-file"
    case skipRestOfFile = "skip-rest-of-file"
    case undo
    case nextFinding = "next-finding"
    case previousFinding = "previous-finding"
    case nextFile = "next-file"
    case previousFile = "previous-file"
    case nextPane = "next-pane"
    case previousPane = "previous-pane"
    case moveDown = "move-down"
    case moveUp = "move-up"
    case pageDown = "page-down"
    case pageUp = "page-up"
    case openEditor = "open-editor"
    case search
    case write
    case reload
    case toggleExplanation = "toggle-explanation"
    case toggleAllFiles = "toggle-all-files"
    case help
    case quit

    /// One line of help.
    public var help: String {
        switch self {
        case .accept: return "accept this rewrite (written on w or quit)"
        case .skip: return "skip this finding"
        case .ignore: return "ignore it on purpose: write a concur-ignore comment, with a reason you type"
        case .acceptRestOfFile: return "accept every remaining safe rewrite in this file"
        case .skipRestOfFile: return "skip the rest of this file"
        case .undo: return "undo the last decision"
        case .nextFinding: return "next finding"
        case .previousFinding: return "previous finding"
        case .nextFile: return "next file"
        case .previousFile: return "previous file"
        case .nextPane: return "focus the next pane"
        case .previousPane: return "focus the previous pane"
        case .moveDown: return "down in the focused pane (next finding, file or line)"
        case .moveUp: return "up in the focused pane"
        case .pageDown: return "scroll the explanation (or the source) down"
        case .pageUp: return "scroll the explanation (or the source) up"
        case .openEditor: return "open $EDITOR at this line, then re-check the file"
        case .search: return "search file paths"
        case .write: return "write accepted rewrites now"
        case .reload: return "reload this file from disk (drops its unwritten decisions)"
        case .toggleExplanation: return "show or hide the rule's explanation"
        case .toggleAllFiles: return "show all files, or only files with findings"
        case .help: return "show all actions and keys"
        case .quit: return "quit (asks when rewrites are unwritten)"
        }
    }

    /// The short word used in the status-bar hints.
    public var hint: String {
        switch self {
        case .accept: return "accept"
        case .skip: return "skip"
        case .undo: return "undo"
        case .nextFinding: return "next"
        case .write: return "write"
        case .help: return "help"
        case .quit: return "quit"
        case .toggleExplanation: return "why"
        default: return rawValue
        }
    }

    /// The actions shown in the status bar, in order.
    public static let hinted: [Action] = [
        .accept, .skip, .undo, .nextFinding, .toggleExplanation, .write, .help, .quit,
    ]
}
