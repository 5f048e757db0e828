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

    /// Any other number: its digits counted first, then written two at a time from the last
    /// (offsets and lines of a large file run to seven or eight digits).
    private static func writeAnyLength(_ value: Int, into target: UnsafeMutablePointer<UInt8>) -> Int {
        var index = 0
        if value < 0 {
            target[0] = UInt8(ascii: "-")
            index = 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var power: UInt = 10
        while digits < 20, magnitude >= power {
            digits += 1
            if digits < 20 { power &*= 10 }
        }
        var position = index + digits
        let pairs = digitPairs.utf8Start
        while magnitude >= 100 {
            let pair = Int(magnitude % 100) &* 2
            magnitude /= 100
            position -= 2
            target[position] = pairs[pair]
            target[position + 1] = pairs[pair + 1]
        }
        if magnitude >= 10 {
            let pair = Int(magnitude) &* 2
            target[position - 2] = pairs[pair]
            target[position - 1] = pairs[pair + 1]
        } else {
            target[position - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
        }
        return index + digits
    }

    /// "00" to "99", one after the other.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
}
