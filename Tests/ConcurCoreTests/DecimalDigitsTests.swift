import Testing

@testable import ConcurCore

/// Line and column numbers are written as digits straight into the report's buffer: the short
/// forms for numbers under 10,000 and the general loop must both write what `String(_:)` writes.
@Suite("Decimal digits")
struct DecimalDigitsTests {
    static func written(_ value: Int) -> String {
        let target = UnsafeMutablePointer<UInt8>.allocate(capacity: DecimalDigits.maximumCount)
        defer { target.deallocate() }
        let count = DecimalDigits.write(value, into: target)
        return String(decoding: UnsafeBufferPointer(start: target, count: count), as: UTF8.self)
    }

    @Test func everyNumberUpToTwentyThousand() {
        for value in 0...20_000 where Self.written(value) != String(value) {
            Issue.record("\(value) written as \(Self.written(value))")
        }
    }

    @Test func negativeAndExtremeNumbers() {
        var values = [-1, -9, -10, -9_999, -10_000, 99_999, 100_000, 1 << 40, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power, 7 * power + 42, -(power - 1)]
        }
        for value in values {
            #expect(Self.written(value) == String(value))
        }
    }
}

/// Messages and fix titles that name a line are made in one allocation; they must read as the
/// interpolation they replace.
@Suite("Text with a number")
struct NumberedTextTests {
    @Test(arguments: [0, 7, 42, 999, 1_000, 9_999, 10_000, 123_456_789, -1, Int.max, Int.min])
    func readsAsTheInterpolation(_ number: Int) {
        #expect(String("on line ", number, " ends)") == "on line \(number) ends)")
        #expect(String("", number, "") == "\(number)")
        #expect(String("café ☕ ", number, " — é") == "café ☕ \(number) — é")
        let long = String(repeating: "x", count: 300)
        #expect(String(long, number, long) == "\(long)\(number)\(long)")
    }
}
