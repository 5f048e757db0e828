// libFuzzer target for the settings readers: `.concur.toml` (Configuration) and theme files
// (ThemeFile), which share the TOML subset. Built by scripts/fuzz.sh in the ConcurUI module, on
// top of a ConcurCore built for fuzzing. Beyond "no crash": an error names a line of the text and
// a non-empty message, parsing is deterministic, and a parsed configuration answers queries.
import ConcurCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    do {
        let configuration = try Configuration.parse(text, file: "fuzz.toml")
        _ = configuration.includes("db/migrations/001.sql")
        _ = configuration.tool(for: "db/migrations/001.sql")
        _ = configuration.execution(for: "x/y.sql")
        let again = try? Configuration.parse(text, file: "fuzz.toml")
        check(again != nil, "parsing is not deterministic")
    } catch {
        check(error.line >= 0 && error.line <= lines, "configuration error outside the text")
        check(!error.message.isEmpty, "configuration error without a message")
    }
    do {
        let styles = try ThemeFile.parse(text, file: "fuzz-theme.toml")
        check(((try? ThemeFile.parse(text, file: "fuzz-theme.toml")) ?? [:]) == styles, "theme parsing is not deterministic")
    } catch {
        check(!error.message.isEmpty, "theme error without a message")
    }
    return 0
}

private func check(_ condition: Bool, _ message: StaticString) {
    if !condition { fatalError("invariant broken: \(message)") }
}
