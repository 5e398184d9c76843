import Foundation

extension Date {
    /// Milliseconds from 1970 to 2001, the reference date `Date` counts from.
    private static let referenceDateMilliseconds: Int64 = 978_307_200_000

    /// A date from Unix time in milliseconds, the one unit the store keeps dates in.
    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSinceReferenceDate: Double(milliseconds - Self.referenceDateMilliseconds) / 1000)
    }

    /// Unix time in whole milliseconds, rounded to the nearest.
    ///
    /// Computed from the reference date, which is what `Date` stores, with the offset added
    /// as an integer: going through `timeIntervalSince1970` would round twice, and a date
    /// such as `t0 + 0.001` would come back one ulp off and no longer compare equal.
    public var millisecondsSince1970: Int64 {
        Int64((timeIntervalSinceReferenceDate * 1000).rounded()) + Self.referenceDateMilliseconds
    }
}
