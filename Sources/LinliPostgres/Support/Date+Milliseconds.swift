import Foundation

extension Date {
    /// Milliseconds from 1970 to 2001, the reference date `Date` counts from.
    private static let referenceDateMilliseconds: Int64 = 978_307_200_000

    /// A date from Unix time in milliseconds, the one unit the store keeps dates in.
    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSinceReferenceDate: Double(milliseconds - Self.referenceDateMilliseconds) / 1000)
    }

    /// Unix time in whole milliseconds, rounded to the nearest; computed from the reference
    /// date so that it rounds once (see the SQLite store's twin).
    var millisecondsSince1970: Int64 {
        Int64((timeIntervalSinceReferenceDate * 1000).rounded()) + Self.referenceDateMilliseconds
    }
}
