import CNcursesw
import ConcurUI

#if canImport(Glibc)
    import Glibc
#endif

/// What the terminal reports between frames.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case resize
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked concur to leave.
    case signal(Int32)
}

/// The thin ncurses adapter: turns key presses into `Key`s and blits `CellGrid`s with a theme.
/// It owns the terminal from `start()` to `stop()` and always gives it back as it found it.
public final class Terminal {
    private var theme: Theme
    private var pairs: [StyleRole: (attributes: attr_t, pair: Int16)] = [:]
    private var started = false

    public init(theme: Theme) {
        self.theme = theme
    }

    /// Why curses could not start: what is wrong with `TERM`, and what to do.
    public struct Unavailable: Error {
        public let message: String
    }

    /// Enters curses mode: alternate screen, no echo, keys one by one (Ctrl-C as a key). Throws,
    /// leaving the terminal as it is, when ncurses has no description of the terminal `TERM`
    /// names (ncurses' own `initscr()` would print a line and exit with status 1).
    public func start() throws(Unavailable) {
        setlocale(LC_ALL, "")
        guard concur_start_screen() != 0 else {
            let name = getenv("TERM").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            let problem =
                name.map { "ncurses has no description (terminfo entry) of the terminal type \"\($0)\"" }
                ?? "TERM is not set, so ncurses cannot tell what the terminal is"
            throw Unavailable(message: "\(problem): set TERM to a type this system knows, such as xterm-256color.")
        }
        started = true
        raw()
        noecho()
        keypad(concur_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        concur_install_signal_handlers()
        setUpColors()
    }

    /// Leaves curses mode and restores the terminal's settings; safe to call twice.
    public func stop() {
        guard started else { return }
        started = false
        curs_set(1)
        endwin()
    }

    /// The screen's size in cells.
    public var size: (width: Int, height: Int) { (Int(concur_columns()), Int(concur_lines())) }

    /// Waits up to `milliseconds` for input.
    public func read(timeout milliseconds: Int32) -> TerminalInput? {
        let signal = concur_take_pending_signal()
        if signal != 0 { return .signal(signal) }
        timeout(milliseconds)
        var value: wint_t = 0
        let status = concur_read_key(&value)
        let pending = concur_take_pending_signal()
        if pending != 0 { return .signal(pending) }
        if status == concur_key_code_yes() {
            if Int32(value) == concur_key_resize() { return .resize }
            return Self.functionKey(Int32(value)).map(TerminalInput.key)
        }
        guard status == OK else { return nil }
        return Self.characterKey(UInt32(value)).map(TerminalInput.key)
    }

    /// Draws a grid: one run of characters per role change.
    public func draw(_ grid: CellGrid) {
        erase()
        var buffer: [wchar_t] = []
        for row in 0..<grid.height {
            var column = 0
            while column < grid.width {
                let role = grid[row, column].role
                let start = column
                buffer.removeAll(keepingCapacity: true)
                while column < grid.width, grid[row, column].role == role {
                    let cell = grid[row, column]
                    if !cell.isContinuation {
                        for scalar in cell.character.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    column += 1
                }
                let style = pairs[role] ?? (concur_attr_normal(), 0)
                buffer.withUnsafeBufferPointer { pointer in
                    _ = concur_draw(
                        Int32(row), Int32(start), pointer.baseAddress, Int32(pointer.count), style.attributes,
                        style.pair)
                }
            }
        }
        if let cursor = grid.cursor {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        refresh()
    }

    /// Gives the terminal to another program (an editor) until `resume()`.
    public func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Takes the terminal back after `suspend()`.
    public func resume() {
        reset_prog_mode()
        refresh()
    }

    // MARK: - Colours

    private func setUpColors() {
        var nextPair: Int16 = 1
        var known: [String: Int16] = [:]
        let colors = has_colors() ? Int(concur_colors()) : 0
        if colors > 0 {
            start_color()
            use_default_colors()
        }
        for role in StyleRole.allCases {
            let style = theme[role]
            var attributes = concur_attr_normal()
            if style.attributes.contains(.bold) { attributes |= concur_attr_bold() }
            if style.attributes.contains(.dim) { attributes |= concur_attr_dim() }
            if style.attributes.contains(.underline) { attributes |= concur_attr_underline() }
            if style.attributes.contains(.reverse) { attributes |= concur_attr_reverse() }
            if style.attributes.contains(.italic) { attributes |= concur_attr_italic() }
            var pair: Int16 = 0
            if colors > 0 {
                let foreground = Int16(style.foreground.index(forTerminalWith: colors) ?? -1)
                let background = Int16(style.background.index(forTerminalWith: colors) ?? -1)
                if foreground != -1 || background != -1 {
                    let key = "\(foreground)/\(background)"
                    if let existing = known[key] {
                        pair = existing
                    } else if Int(nextPair) < Int(concur_color_pairs()) {
                        init_pair(nextPair, foreground, background)
                        known[key] = nextPair
                        pair = nextPair
                        nextPair += 1
                    }
                }
            }
            pairs[role] = (attributes, pair)
        }
    }

    // MARK: - Keys

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        default: return nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(value + 96)!))
        default:
            guard let scalar = UnicodeScalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
