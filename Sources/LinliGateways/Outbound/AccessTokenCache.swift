import Foundation
import LinliCore

/// Caches one app's access token, fetching a new one shortly before it expires.
///
/// There is one cache per app credential (a WeChat AppID, a WeCom corp id with one app's
/// secret): each credential has its own token. Concurrent callers share one fetch, because
/// with `/cgi-bin/token` every fetch invalidates the previous token and the daily quota is
/// small. A token is used until `refreshMargin` before `expires_in` runs out; the platform
/// keeps the old token valid for five minutes after a refresh, so five minutes is the default.
///
/// When several servers share one database, the cache goes through a ``Shared`` token store:
/// one server at a time refreshes, under the store's lock, and the others take the token it
/// stored instead of fetching their own (which would invalidate the first one's).
public actor AccessTokenCache {
    /// Fetches a new token from the platform.
    public typealias Fetch = @Sendable () async throws -> AccessToken

    /// Where servers sharing a database keep the token of this credential.
    public struct Shared: Sendable {
        /// The store.
        public var store: any TokenStore
        /// The token's name in the store, one per credential (`wechat:APPID`).
        public var name: String
        /// Wall-clock time, which every server reads the stored expiry against.
        public var now: @Sendable () -> Date

        /// Creates a shared-token setting.
        public init(store: any TokenStore, name: String, now: @escaping @Sendable () -> Date = { Date() }) {
            self.store = store
            self.name = name
            self.now = now
        }
    }

    private let fetch: Fetch
    private let refreshMargin: Duration
    private let shared: Shared?
    /// Time since the cache was created, on the injected clock.
    private let elapsed: @Sendable () -> Duration
    private var current: (token: AccessToken, freshUntil: Duration)?
    private var inFlight: Task<AccessToken, any Error>?
    /// The last token an API call rejected: a shared store may still hold it.
    private var rejected: String?

    /// Creates an empty cache that fetches with `fetch` and measures time on `clock`; with
    /// `shared`, tokens are read from and refreshed through a store shared with other servers.
    public init(
        clock: some Clock<Duration> = ContinuousClock(),
        refreshMargin: Duration = .seconds(300),
        shared: Shared? = nil,
        fetch: @escaping Fetch
    ) {
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        self.refreshMargin = refreshMargin
        self.shared = shared
        self.fetch = fetch
    }

    /// A token that is still fresh, fetching one if needed; a failed fetch throws its error
    /// and the next call tries again.
    public func token() async throws -> String {
        if let current, elapsed() < current.freshUntil {
            return current.token.value
        }
        if let inFlight {
            return try await inFlight.value.value
        }
        let started = elapsed()
        let task = Task { [fetch, shared, rejected, refreshMargin] in
            guard let shared else { return try await fetch() }
            return try await Self.sharedToken(shared, rejected: rejected, margin: refreshMargin, fetch: fetch)
        }
        inFlight = task
        do {
            let token = try await task.value
            if inFlight == task {
                // Measured from the start of the fetch, so network time only shortens the use.
                // A shared token comes with what is left of its use as its lifetime.
                current = (token, started + (shared == nil ? Self.usableLifetime(of: token, margin: refreshMargin) : token.expiresIn))
                inFlight = nil
            }
            return token.value
        } catch {
            if inFlight == task {
                inFlight = nil
            }
            throw error
        }
    }

    /// Forgets the cached token so that the next ``token()`` fetches a new one.
    ///
    /// Pass the token an API call rejected (40001/40014/42001): the cache is cleared only if
    /// it still holds that token, so several calls failing with the same old token cause one
    /// refresh, not one each.
    public func invalidate(_ rejected: String? = nil) {
        guard let current else { return }
        if let rejected, rejected != current.token.value { return }
        self.rejected = current.token.value
        self.current = nil
    }

    /// The stored token while it is fresh and not the one just rejected; otherwise a new
    /// one, fetched and stored under the store's lock. Returned with the time left to use it.
    private static func sharedToken(
        _ shared: Shared, rejected: String?, margin: Duration, fetch: @escaping Fetch
    ) async throws -> AccessToken {
        let stored = try await shared.store.withTokenLock(shared.name) { stored in
            let now = shared.now()
            if let stored, stored.value != rejected, stored.expiresAt > now {
                return stored
            }
            let token = try await fetch()
            let seconds = usableLifetime(of: token, margin: margin) / .seconds(1)
            return StoredToken(value: token.value, expiresAt: now.addingTimeInterval(seconds))
        }
        let left = stored.expiresAt.timeIntervalSince(shared.now())
        return AccessToken(value: stored.value, expiresIn: .seconds(max(left, 0)))
    }

    /// How long a token is used: `expires_in` minus the margin, but at least half of
    /// `expires_in`, since a stable token may come with as little as 300 seconds.
    private static func usableLifetime(of token: AccessToken, margin: Duration) -> Duration {
        let lifetime = token.expiresIn - margin
        let half = token.expiresIn / 2
        return lifetime > half ? lifetime : half
    }
}
