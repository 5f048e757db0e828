/// Path patterns as people write them in configuration: `*` matches within one path segment,
/// `**` matches any number of segments, `?` one character.
///
/// Every file found is matched against the `[files]` patterns, and every file analysed against
/// the `[tools]` and `[execution]` ones: a path is matched from its bytes, without splitting it
/// into strings, and an ASCII segment byte by byte; a segment with other characters is matched
/// character by character (a character may take several bytes, or join a mark to a letter).
public struct Glob: Hashable, Sendable {
    /// The pattern as written.
    public let pattern: String
    private let segments: [Segment]

    private enum Segment: Hashable, Sendable {
        /// `**`: any number of segments.
        case anyDepth
        /// A segment with `*` and `?` in it, or none.
        case name(bytes: [UInt8], characters: [Character], isASCII: Bool)
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            if segment == "**" { return .anyDepth }
            let bytes = Array(segment.utf8)
            return .name(bytes: bytes, characters: Array(segment), isASCII: bytes.allSatisfy { $0 < 0x80 })
        }
    }

    /// Whether a relative path (segments separated by `/`) matches.
    public func matches(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { match(0, $0, from: 0) }
    }

    /// Whether the segments from `index` on match the path's segments from `offset` on.
    private func match(_ index: Int, _ path: UnsafeBufferPointer<UInt8>, from offset: Int) -> Bool {
        let start = Self.segmentStart(in: path, from: offset)
        guard index < segments.count else { return start == path.count }
        switch segments[index] {
        case .anyDepth:
            var position = start
            while true {
                if match(index + 1, path, from: position) { return true }
                guard position < path.count else { return false }
                position = Self.segmentStart(in: path, from: Self.segmentEnd(in: path, from: position))
            }
        case .name(let bytes, let characters, let isASCII):
            guard start < path.count else { return false }
            let end = Self.segmentEnd(in: path, from: start)
            let text = UnsafeBufferPointer(rebasing: path[start..<end])
            let matched =
                isASCII && text.allSatisfy({ $0 < 0x80 })
                ? Self.matchASCII(bytes, text)
                : Self.matchCharacters(characters[...], Array(String(decoding: text, as: UTF8.self))[...])
            return matched && match(index + 1, path, from: end)
        }
    }

    /// The first byte at or after `offset` that is not a `/` (empty segments are skipped).
    private static func segmentStart(in path: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
        var index = offset
        while index < path.count, path[index] == UInt8(ascii: "/") { index += 1 }
        return index
    }

    /// The `/` that ends the segment starting at `offset`, or the path's end.
    private static func segmentEnd(in path: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
        var index = offset
        while index < path.count, path[index] != UInt8(ascii: "/") { index += 1 }
        return index
    }

    /// An ASCII segment against an ASCII pattern: a `*` is tried against ever longer runs, the
    /// last one only (an earlier `*` never needs to take more once a later one matched).
    private static func matchASCII(_ pattern: [UInt8], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var patternIndex = 0
        var textIndex = 0
        var star: (pattern: Int, text: Int)?
        while textIndex < text.count {
            if patternIndex < pattern.count, pattern[patternIndex] == UInt8(ascii: "*") {
                star = (patternIndex, textIndex)
                patternIndex += 1
            } else if patternIndex < pattern.count,
                pattern[patternIndex] == UInt8(ascii: "?") || pattern[patternIndex] == text[textIndex]
            {
                patternIndex += 1
                textIndex += 1
            } else if let last = star {
                // The last `*` takes one byte more.
                star = (last.pattern, last.text + 1)
                patternIndex = last.pattern + 1
                textIndex = last.text + 1
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == UInt8(ascii: "*") { patternIndex += 1 }
        return patternIndex == pattern.count
    }

    private static func matchCharacters(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            let rest = pattern.dropFirst()
            for skip in 0...text.count where matchCharacters(rest, text.dropFirst(skip)) { return true }
            return false
        case "?":
            return !text.isEmpty && matchCharacters(pattern.dropFirst(), text.dropFirst())
        default:
            return text.first == first && matchCharacters(pattern.dropFirst(), text.dropFirst())
        }
    }
}
