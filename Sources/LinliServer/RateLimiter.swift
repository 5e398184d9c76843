import Foundation
import Synchronization

/// A token bucket per user: a burst of ``Policy/messages`` and then one message every
/// `window / messages`, so a resident typing normally is never stopped and a flood is.
///
/// Kept in memory: a restart forgives everyone, which is the right way round for a limit
/// meant to protect the engine rather than to bill anyone.
public final class RateLimiter: Sendable {
    /// How many messages a user may send, and over how long.
    public struct Policy: Sendable, Equatable {
        /// The burst size and the number of messages per window.
        public var messages: Int
        /// The window, in seconds.
        public var window: TimeInterval

        /// Creates a policy; the default is 20 messages per minute.
        public init(messages: Int = 20, window: TimeInterval = 60) {
            self.messages = messages
            self.window = window
        }
    }

    private struct Bucket {
        var tokens: Double
        var updatedAt: Date
    }

    /// Above this many tracked users, full buckets are forgotten, so memory stays bounded
    /// by the number of users who are active within one window.
    static let pruneThreshold = 10_000

    /// The policy in force.
    public let policy: Policy
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Creates a limiter.
    public init(policy: Policy) {
        self.policy = policy
    }

    /// Takes one token for `key` at `now`; false when the user has none left.
    public func allow(_ key: String, now: Date) -> Bool {
        guard policy.messages > 0, policy.window > 0 else { return true }
        let capacity = Double(policy.messages)
        let rate = capacity / policy.window
        return buckets.withLock { buckets in
            if buckets.count > Self.pruneThreshold {
                buckets = buckets.filter { refilled($0.value, now: now, rate: rate, capacity: capacity) < capacity }
            }
            var bucket = buckets[key].map {
                Bucket(tokens: refilled($0, now: now, rate: rate, capacity: capacity), updatedAt: max($0.updatedAt, now))
            } ?? Bucket(tokens: capacity, updatedAt: now)
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            return allowed
        }
    }

    private func refilled(_ bucket: Bucket, now: Date, rate: Double, capacity: Double) -> Double {
        // max(0, …): a clock stepping backwards must not drain a bucket.
        min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updatedAt)) * rate)
    }
}
