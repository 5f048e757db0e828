import ConcurCore

/// The text of the walkthrough's reading steps. What the rule's documentation already says is
/// taken from it (by section), never copied; the lesson adds the timelines and the how-to.
enum LessonText {
    static var ruleDocumentation: String { RequireConcurrentIndexDeletion.description.documentation }

    /// The body of the `## name` section of a Markdown document.
    static func section(_ name: String, of markdown: String) -> String {
        var lines: [Substring] = []
        var inside = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                inside = line.dropFirst(3) == name
                continue
            }
            if inside { lines.append(line) }
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: "\n")
    }

    /// The paragraphs of a section (split at blank lines).
    static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n\n").map(String.init)
    }

    static func markdown(for step: Lesson.Step) -> String {
        let why = paragraphs(section("Why it matters", of: ruleDocumentation))
        switch step {
        case .lock:
            return """
                Four sessions use the `orders` table. A reads it in a long report; B runs a plain \
                `DROP INDEX`; C and D arrive a moment later:

                ```text
                time ─────────────────────────────────────────────────────────▶
                A  SELECT … (a two-minute report) ██████████████████ COMMIT
                B  DROP INDEX     waits for A's lock ░░░░░░░░░░░░░░░ ▌drop
                C  SELECT            queued behind B ░░░░░░░░░░░░░░░░░░░░░ runs
                D  INSERT               queued behind B ░░░░░░░░░░░░░░░░░░ runs
                ```

                B needs an `ACCESS EXCLUSIVE` lock, which waits for A. C and D only need weak locks, \
                but they queue behind B's request: for two minutes nobody can read or write `orders`.

                \(why.first ?? "")
                """
        case .concurrently:
            return """
                The same four sessions, with `DROP INDEX CONCURRENTLY`:

                ```text
                time ─────────────────────────────────────────────────────────▶
                A  SELECT … (a two-minute report) ██████████████████ COMMIT
                B  DROP INDEX CONCURRENTLY  invalid, waits ░░░░░░░░░ ▌drop
                C  SELECT            runs at once
                D  INSERT               runs at once
                ```

                \(why.dropFirst().first ?? "")

                What it costs:

                - it waits for every transaction that may still use the index, so it can take long \
                on a busy database (set a `lock_timeout` or watch it);
                - it works in two steps (mark invalid, then drop), each in its own transaction: \
                if it is cancelled in between, an invalid index stays behind;
                - PostgreSQL accepts it only under conditions that step 4 lists.
                """
        case .practice:
            return ""
        case .caveats:
            return section("Caveats", of: ruleDocumentation)
        case .atWork:
            return """
                - **Before you push:** `concur review --since main` opens this reviewer on the \
                migrations your branch added or changed; accept, skip or ignore each finding, then \
                `w` writes.
                - **In CI:** `concur check --since origin/main --format github` annotates the pull \
                request (`--format sarif` for code scanning, `json`, `gcc`, `gitlab` too); the exit \
                status fails the build on findings (`--fail-on error|warning|never`).
                - **Fix without the reviewer:** `concur fix --diff` prints the rewrites as a patch; \
                `concur fix` writes them, each file atomically.
                - **Accept a risk on purpose:** `-- concur-ignore require-concurrent-index-deletion: \
                the table has ten rows` on the line before the statement (`# concur-ignore …` in \
                Alembic). concur reports an ignore comment that names no known rule or hides \
                nothing.
                - **Read the rule:** `concur explain require-concurrent-index-deletion`; `concur \
                rules` lists every rule.
                - **Your migration tool:** concur detects Prisma, diesel, golang-migrate, dbmate, \
                sqitch, Flyway, Atlas, graphile-migrate, postgres-migrations and Alembic, and only \
                proposes rewrites that run under it; `.concur.toml` (`concur init`) sets what it \
                cannot guess.

                Press → to finish. `concur learn` is here whenever you want it again.
                """
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
