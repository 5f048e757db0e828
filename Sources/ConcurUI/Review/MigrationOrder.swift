import ConcurCore

/// Orders migration files the way migration tools run them: by the version or timestamp in the
/// file name (or, for tools that use one folder per migration, in the folder name), then by path.
public enum MigrationOrder {
    /// The version a path carries: the first run of digits in its file name, else in its folder.
    public static func version(of path: String) -> String? {
        let components = path.split(separator: "/")
        for component in components.reversed().prefix(2) {
            if let digits = leadingVersion(in: component) { return digits }
        }
        return nil
    }

    /// Whether `lhs` runs before `rhs`.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        Key(lhs) < Key(rhs)
    }

    /// A path's place in migration order, computed once so that sorting thousands of files does
    /// not read every path's version again for each comparison.
    public struct Key: Comparable, Sendable {
        /// The version without its leading zeros, or nil when the path carries none.
        let version: Substring?
        let path: String

        public init(_ path: String) {
            self.path = path
            version = MigrationOrder.version(of: path).map(MigrationOrder.significantDigits)
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            switch (lhs.version, rhs.version) {
            case (let left?, let right?) where left != right:
                return left.count != right.count ? left.count < right.count : left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.path.precedesInByteOrder(rhs.path)
            }
        }

        public static func == (lhs: Key, rhs: Key) -> Bool { lhs.path == rhs.path }
    }

    private static func significantDigits(_ digits: String) -> Substring {
        digits.drop { $0 == "0" }
    }

    /// Digits at the start of a name, after an optional `V` (Flyway), e.g. `0003_x.sql`,
    /// `20240101120000_x`, `V2__x.sql`.
    private static func leadingVersion(in name: Substring) -> String? {
        var rest = name
        if rest.first == "V" || rest.first == "v", rest.dropFirst().first?.isASCII == true,
            rest.dropFirst().first?.isNumber == true
        {
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}
