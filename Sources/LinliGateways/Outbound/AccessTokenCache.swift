/// Caches one app's access token, fetching a new one shortly before it expires.
///
/// There is one cache per app credential (a WeChat AppID, a WeCom corp id with one app's
/// secret): each credential has its own token. Concurrent callers share one fetch, because
/// with `/cgi-bin/token` every fetch invalidates the previous token and the daily quota is
/// small. A token is used until `refreshMargin` before `expires_in` runs out; the platform
/// keeps the old token valid for five minutes after a refresh, so five minutes is the default.
public actor AccessTokenCache {
    /// Fetches a new token from the platform.
    public typealias Fetch = @Sendable () async throws -> AccessToken

    private let fetch: Fetch
    private let refreshMargin: Duration
    /// Time since the cache was created, on the injected clock.
    private let elapsed: @Sendable () -> Duration
    private var current: (token: AccessToken, freshUntil: Duration)?
    private var inFlight: Task<AccessToken, any Error>?

    /// Creates an empty cache that fetches with `fetch` and measures time on `clock`.
    public init(
        clock: some Clock<Duration> = ContinuousClock(),
        refreshMargin: Duration = .seconds(300),
        fetch: @escaping Fetch
    ) {
        let origin = clock.now
        self.elapsed = { origin.duration(to: clock.now) }
        self.refreshMargin = refreshMargin
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
        let fetch = self.fetch
        let task = Task { try await fetch() }
        inFlight = task
        do {
            let token = try await task.value
            if inFlight == task {
                // Measured from the start of the fetch, so network time only shortens the use.
                current = (token, started + usableLifetime(of: token))
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
        self.current = nil
    }

    /// How long a token is used: `expires_in` minus the margin, but at least half of
    /// `expires_in`, since a stable token may come with as little as 300 seconds.
    private func usableLifetime(of token: AccessToken) -> Duration {
        let lifetime = token.expiresIn - refreshMargin
        let half = token.expiresIn / 2
        return lifetime > half ? lifetime : half
    }
}
