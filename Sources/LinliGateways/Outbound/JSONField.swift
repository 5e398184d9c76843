import Foundation

/// Reading fields of `JSONSerialization` output the same way on Darwin and Linux.
enum JSONField {
    /// An integral number, whether it arrives as `Int`, `NSNumber` or a whole `Double`;
    /// `nil` for booleans, strings and fractions.
    static func integer(_ value: Any?) -> Int? {
        switch value {
        case let int as Int:
            return int
        case let double as Double:
            return double.rounded() == double && abs(double) < 1e15 ? Int(double) : nil
        case let number as NSNumber:
            return number.intValue
        default:
            return nil
        }
    }
}
