/// An integer's decimal digits written as ASCII bytes, without an intermediate String: every
/// report format writes line and column numbers by the thousand.
enum DecimalDigits {
    /// The most bytes `write` may write: a sign and 20 digits.
    static let maximumCount = 21

    /// Writes `value` at `target` (room for `maximumCount` bytes); returns how many bytes it wrote.
    @inline(__always)
    static func write(_ value: Int, into target: UnsafeMutablePointer<UInt8>) -> Int {
        // Lines, columns and offsets: mostly one to four digits, written without a loop.
        if value >= 0 && value < 10_000 {
            let digits = UInt8(truncatingIfNeeded: value)
            if value < 10 {
                target[0] = UInt8(ascii: "0") &+ digits
                return 1
            }
            let small = UInt32(truncatingIfNeeded: value)
            if value < 100 {
                target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small / 10)
                target[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small % 10)
                return 2
            }
            if value < 1_000 {
                target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small / 100)
                target[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small / 10 % 10)
                target[2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small % 10)
                return 3
            }
            target[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small / 1_000)
            target[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small / 100 % 10)
            target[2] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small / 10 % 10)
            target[3] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: small % 10)
            return 4
        }
        return writeAnyLength(value, into: target)
    }

    private static func writeAnyLength(_ value: Int, into target: UnsafeMutablePointer<UInt8>) -> Int {
        var index = 0
        if value < 0 {
            target[0] = UInt8(ascii: "-")
            index = 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var scan = magnitude
        while scan >= 10 {
            scan /= 10
            digits += 1
        }
        var position = index + digits - 1
        repeat {
            target[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            position -= 1
        } while magnitude > 0
        return index + digits
    }
}
