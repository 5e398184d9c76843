import Foundation
import LinliCore
import Testing

@Suite("dates as stored milliseconds")
struct DateMillisecondsTests {
    @Test("ordinary dates round-trip to the millisecond")
    func roundTrip() {
        let date = Date(millisecondsSince1970: 1_765_000_000_123)
        #expect(date.millisecondsSince1970 == 1_765_000_000_123)
        #expect(Date(timeIntervalSince1970: 0).millisecondsSince1970 == 0)
    }

    @Test("a date from outside far beyond any stored value saturates instead of trapping", arguments: [
        1e300, -1e300, Double.infinity, -Double.infinity, 9.3e15,
    ])
    func saturates(seconds: Double) {
        let millis = Date(timeIntervalSinceReferenceDate: seconds).millisecondsSince1970
        #expect(seconds > 0 ? millis > 1_765_000_000_000 : millis < 0)
        #expect(abs(millis) <= 1 << 62)
    }
}
