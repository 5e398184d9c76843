import Foundation

/// Rejects requests whose `timestamp` parameter is too far from the server's clock.
///
/// The platforms document no tolerance; a window bounds how long a captured,
/// validly signed request can be replayed.
public struct TimestampWindow: Sendable, Equatable {
    /// The largest accepted difference, in seconds, in either direction.
    public var tolerance: Int64

    /// Creates a window of `tolerance` seconds (five minutes by default).
    public init(tolerance: Int64 = 300) {
        self.tolerance = tolerance
    }

    /// Parses a decimal Unix-seconds parameter; anything but 1 to 12 ASCII digits is refused.
    public static func parse(_ timestamp: String) throws(GatewayError) -> Int64 {
        let bytes = Array(timestamp.utf8)
        guard (1...12).contains(bytes.count), bytes.allSatisfy({ (0x30...0x39).contains($0) }),
              let seconds = Int64(timestamp) else {
            throw GatewayError(.malformedParameter, "timestamp is not decimal Unix seconds", value: "timestamp")
        }
        return seconds
    }

    /// Throws ``GatewayError/Code/staleTimestamp`` unless `timestamp` lies within the window around `now`.
    public func check(_ timestamp: String, now: Date) throws(GatewayError) {
        let seconds = try Self.parse(timestamp)
        let current = Int64(now.timeIntervalSince1970.rounded(.down))
        let skew = seconds > current ? seconds - current : current - seconds
        guard skew <= tolerance else {
            throw GatewayError(.staleTimestamp, "timestamp is \(skew) s away from server time", value: timestamp)
        }
    }
}
