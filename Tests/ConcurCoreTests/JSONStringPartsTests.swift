import Foundation
import Testing

@testable import ConcurCore

/// SARIF's message text is written from several parts (message, context, reason) as one JSON
/// string, without joining them first: it must read back as the joined text.
@Suite("JSON strings written in parts")
struct JSONStringPartsTests {
    @Test func partsReadBackAsTheJoinedText() throws {
        var random = SplitMix64(state: 0x5A21)
        let pieces = ["", "a", "\"quoted\"", "back\\slash", "line\nbreak\r\t", "\u{1}\u{1f}", "café ☕", ". ", "12345678"]
        for _ in 0..<500 {
            let parts = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            var json = JSONWriter()
            json.beginArray()
            json.string(ofParts: { part in parts.forEach(part) })
            json.string(ofParts: { part in part("next") })
            json.endArray()
            let read = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
            #expect(read == [parts.joined(), "next"], "\(parts)")
        }
    }
}
