/// An integer's decimal digits written as ASCII bytes, without an intermediate String: every
/// report format writes line and column numbers by the thousand.
enum DecimalDigits {
    /// The most bytes `write` may write: a sign and 20 digits.
    static let maximumCount = 21

    /// Writes `value` at `target` (room for `maximumCount` bytes); returns how many bytes it wrote.
    static func write(_ value: Int, into target: UnsafeMutablePointer<UInt8>) -> Int {
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
