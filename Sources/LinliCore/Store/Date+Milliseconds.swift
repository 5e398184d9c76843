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
    ///
    /// A date beyond ±2^62 ms (about 146 million years) saturates there instead of trapping:
    /// some dates come from outside (a platform's token lifetime), and no stored value needs
    /// more.
    public var millisecondsSince1970: Int64 {
        let scaled = (timeIntervalSinceReferenceDate * 1000).rounded()
        guard scaled.isFinite, abs(scaled) < Self.saturation else {
            return scaled.isNaN ? Self.referenceDateMilliseconds : (scaled < 0 ? -Int64(Self.saturation) : Int64(Self.saturation))
        }
        return Int64(scaled) + Self.referenceDateMilliseconds
    }

    /// Where ``millisecondsSince1970`` saturates: far enough from `Int64`'s ends that adding
    /// the reference offset cannot overflow.
    private static let saturation: Double = 0x1p62
}
