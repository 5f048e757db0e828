import ConcurCore

/// The `concur learn` walkthrough: five steps, the third a practice review of a sandbox with the
/// real reviewer. Like `ReviewState`, it changes only through keys and never touches a file or
/// the terminal; the practice review's own state is kept by the caller and passed in.
public struct Lesson: Sendable {
    public enum Step: Int, CaseIterable, Sendable {
        case lock, concurrently, practice, caveats, atWork

        public var title: String {
            switch self {
            case .lock: return "What DROP INDEX does to a busy table"
            case .concurrently: return "CONCURRENTLY, and what it costs"
            case .practice: return "Practice: review a sandbox"
            case .caveats: return "The caveats"
            case .atWork: return "Using concur at work"
            }
        }
    }

    public private(set) var step: Step = .lock
    /// How far a text step is scrolled.
    public private(set) var scroll = 0
    /// What the coach says about the learner's last decision in the practice.
    public private(set) var feedback: String?
    /// Whether the learner has been through every step.
    public private(set) var finished = false

    public init() {}

    /// Handles a key; the practice step passes the review keys on to `practice`. Returns the
    /// effects to perform (writes in the sandbox, quitting).
    public mutating func handle(key: Key, practice: inout ReviewState) -> [ReviewEffect] {
        // While the practice reviewer is in a prompt (a reason, a search), every key is typing.
        if step == .practice, practice.mode != .browsing {
            let before = Snapshot(practice)
            let effects = practice.handle(key: key).filter { $0 != .quit }
            feedback = Coach.feedback(after: key, before: before, practice: practice) ?? feedback
            return effects
        }
        switch key {
        case .character("q"), .escape, .control("c"):
            return [.quit]
        case .right, .character(">"):
            return advance()
        case .left, .character("<"):
            goBack()
            return []
        default:
            break
        }
        if step == .practice {
            let before = Snapshot(practice)
            let action = practice.keymap.action(for: key)
            // The editor and quitting belong to the real reviewer; here q leaves the lesson.
            if action == .openEditor {
                feedback = "The editor is off in the walkthrough: in `concur review`, e opens the file at the finding."
                return []
            }
            let effects = practice.handle(key: key)
            feedback = Coach.feedback(after: key, before: before, practice: practice) ?? feedback
            return effects
        }
        switch key {
        case .enter, .character(" "), .character("n"), .character("l"): return advance()
        case .backspace, .character("b"), .character("h"): goBack()
        case .down, .character("j"): scroll += 1
        case .up, .character("k"): scroll = max(0, scroll - 1)
        case .pageDown: scroll += 10
        case .pageUp: scroll = max(0, scroll - 10)
        default: break
        }
        return []
    }

    /// Limits the scroll of a text step to what there is to show (the renderer knows).
    public mutating func clampScroll(to maximum: Int) {
        scroll = min(scroll, max(0, maximum))
    }

    private mutating func advance() -> [ReviewEffect] {
        guard let next = Step(rawValue: step.rawValue + 1) else {
            finished = true
            return [.quit]
        }
        step = next
        scroll = 0
        if step == .practice && feedback == nil { feedback = Coach.welcome }
        return []
    }

    private mutating func goBack() {
        guard let previous = Step(rawValue: step.rawValue - 1) else { return }
        step = previous
        scroll = 0
    }
}

/// What the practice looked like before a key, to tell what the key did.
struct Snapshot {
    var finding: Finding?
    var totals: (accepted: Int, skipped: Int, open: Int)
    var wasTypingReason: Bool

    init(_ practice: ReviewState) {
        finding = practice.currentFinding
        totals = practice.totals
        if case .ignoreReason = practice.mode { wasTypingReason = true } else { wasTypingReason = false }
    }
}

/// Feedback on each practice decision, drawn from the finding's own fix, reason and note.
enum Coach {
    static let welcome =
        "Review these migrations with the real keys: y accepts, n skips, i ignores with a reason, u undoes, "
        + "j/k move, ? lists every key. Try accepting the CASCADE drop too. > goes on when you are done."

    static func feedback(after key: Key, before: Snapshot, practice: ReviewState) -> String? {
        let action = before.wasTypingReason ? nil : practice.keymap.action(for: key)
        var text: String?
        if practice.totals.accepted > before.totals.accepted, let finding = before.finding, let fix = finding.fix {
            text = "Accepted: \(fix.title)."
            if let note = fix.note {
                text! += " Mind the trade-off: \(note)"
            } else if !fix.createdFiles.isEmpty, let context = finding.context {
                text! += " Why a new migration: \(context), and a concurrent drop must run on its own."
            } else if fix.title.contains("after") {
                text! += " CONCURRENTLY cannot run inside BEGIN … COMMIT, so the drop moves after the COMMIT."
            } else {
                text! += " IF EXISTS keeps a re-run safe if a concurrent drop is cancelled half-way."
            }
        } else if action == .accept, let finding = before.finding, finding.fix?.isSafe != true {
            text = "There is no automatic fix here: \(finding.fix?.reason ?? "concur has nothing safe to propose")"
        } else if practice.totals.skipped > before.totals.skipped {
            text =
                before.wasTypingReason
                ? "Ignored on purpose: a concur-ignore comment with your reason will be written, so the next reader knows why."
                : "Skipped: the finding stays, and `concur check` in CI would still report it. To accept the risk "
                    + "on purpose, press i and give a reason."
        } else if practice.totals.open > before.totals.open {
            text = "Undone: the finding is open again."
        } else if action == .write {
            text = "Written to the sandbox copy only: your own files are never touched."
        }
        if text != nil, practice.totals.open == 0 {
            text! += " Every finding is decided: press > for the next step."
        }
        return text
    }
}
