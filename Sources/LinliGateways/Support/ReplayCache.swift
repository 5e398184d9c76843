import Crypto
import Foundation
import Synchronization

/// Remembers which body each signed query carried, for as long as the query's timestamp is
/// inside the window, so that a query can be used again only with the same body.
///
/// WeChat's plain-mode `signature` covers token, timestamp and nonce but not the body: one
/// observed query would otherwise authenticate any body. The platform's own retries resend
/// the same request, so a reuse with the same body is let through (the message id then
/// recognises it as a retry) and only a reuse with another body is refused.
///
/// Bounded: past ``capacity`` entries the oldest are forgotten first. Entries are only made
/// for requests whose signature held, so only someone who can sign can fill it.
public final class ReplayCache: Sendable {
    private struct Entry {
        let digest: [UInt8]
        let expires: Int64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Keys in the order they were added; expiry follows it closely, so pruning looks at the front.
        var order: [String] = []
        var head = 0
    }

    /// The most entries kept.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty cache holding at most `capacity` entries.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Records that `key` (the signed query) carried `body` until Unix second `expires`, or
    /// throws ``GatewayError/Code/replayedRequest`` when `key` is still remembered with another body.
    ///
    /// `now` is the server's time, which is what expiry is measured against.
    public func admit(key: String, body: some Collection<UInt8>, expires: Int64, now: Date) throws(GatewayError) {
        let digest = Array(SHA256.hash(data: Array(body)))
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let reused: Bool = state.withLock { state in
            Self.prune(&state, before: seconds, capacity: capacity)
            if let entry = state.entries[key], entry.expires >= seconds {
                return entry.digest != digest
            }
            if state.entries[key] == nil {
                state.order.append(key)
            }
            state.entries[key] = Entry(digest: digest, expires: expires)
            return false
        }
        if reused {
            throw GatewayError(.replayedRequest, "signed query was already used with another body")
        }
    }

    /// How many entries are held; for tests and metrics.
    public var count: Int {
        state.withLock { $0.entries.count }
    }

    /// Drops expired entries from the front, then the oldest ones beyond capacity (leaving room for one more).
    private static func prune(_ state: inout State, before seconds: Int64, capacity: Int) {
        while state.head < state.order.count {
            let key = state.order[state.head]
            guard let entry = state.entries[key] else {
                state.head += 1
                continue
            }
            guard entry.expires < seconds || state.entries.count >= capacity else { break }
            state.entries[key] = nil
            state.head += 1
        }
        // Compact now and then so the order array does not grow without bound.
        if state.head > 1024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}
