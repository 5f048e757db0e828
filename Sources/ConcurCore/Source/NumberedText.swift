extension String {
    /// `head`, the decimal digits of `number`, then `tail`, written into a string of their size
    /// at once. An interpolation grows its string part by part, appending and reallocating: over
    /// a thousand instructions for a finding's message or fix title that names a line.
    init(_ head: String, _ number: Int, _ tail: String) {
        var head = head
        var tail = tail
        let capacity = head.utf8.count + DecimalDigits.maximumCount + tail.utf8.count
        self.init(unsafeUninitializedCapacity: capacity) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var count = head.withUTF8 { part in
                if let start = part.baseAddress { base.update(from: start, count: part.count) }
                return part.count
            }
            count += DecimalDigits.write(number, into: base + count)
            count += tail.withUTF8 { part in
                if let start = part.baseAddress { (base + count).update(from: start, count: part.count) }
                return part.count
            }
            return count
        }
    }
}
