/// Comparison of secret-derived byte strings whose running time does not depend on
/// where they first differ.
public enum ConstantTime {
    /// True when both byte sequences are identical.
    ///
    /// Only the lengths leak through timing: signatures have a public, fixed length,
    /// so an early exit on a length mismatch reveals nothing an attacker lacks.
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }

    /// True when both strings have identical UTF-8 bytes.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(lhs.utf8, rhs.utf8)
    }
}
