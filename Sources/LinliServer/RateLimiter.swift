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

    /// The buckets, and the count above which they are pruned next: twice what the last
    /// pruning kept, so that pruning (a pass over every bucket, under the lock) runs once per
    /// that many new users, not on every message once the active users alone pass the
    /// threshold.
    private struct State {
        var buckets: [String: Bucket] = [:]
        var pruneAbove = RateLimiter.pruneThreshold
    }

    /// The policy in force.
    public let policy: Policy
    private let state = Mutex(State())

    /// Creates a limiter.
    public init(policy: Policy) {
        self.policy = policy
    }

    /// Takes one token for `key` at `now`; false when the user has none left.
    public func allow(_ key: String, now: Date) -> Bool {
        guard policy.messages > 0, policy.window > 0 else { return true }
        let capacity = Double(policy.messages)
        let rate = capacity / policy.window
        return state.withLock { state in
            if state.buckets.count > state.pruneAbove {
                state.buckets = state.buckets.filter { refilled($0.value, now: now, rate: rate, capacity: capacity) < capacity }
                state.pruneAbove = max(Self.pruneThreshold, 2 * state.buckets.count)
            }
            var bucket = state.buckets[key].map {
                Bucket(tokens: refilled($0, now: now, rate: rate, capacity: capacity), updatedAt: max($0.updatedAt, now))
            } ?? Bucket(tokens: capacity, updatedAt: now)
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            state.buckets[key] = bucket
            return allowed
        }
    }

    /// How many users have a bucket now; for tests of the pruning.
    var trackedUsers: Int {
        state.withLock { $0.buckets.count }
    }

    private func refilled(_ bucket: Bucket, now: Date, rate: Double, capacity: Double) -> Double {
        // max(0, …): a clock stepping backwards must not drain a bucket.
        min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updatedAt)) * rate)
    }
}
