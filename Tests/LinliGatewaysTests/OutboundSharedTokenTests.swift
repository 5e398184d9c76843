import Foundation
import LinliCore
import LinliGateways
import Testing

/// Two servers on one database: their token caches share one store.
@Suite("Outbound: access tokens shared through the store")
struct OutboundSharedTokenTests {
    /// A token store in memory whose lock is held across the refresh, as a database row lock is.
    actor MemoryTokenStore: TokenStore {
        private var tokens: [String: StoredToken] = [:]
        private var locked = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func storedToken(_ name: String) -> StoredToken? { tokens[name] }

        func withTokenLock(
            _ name: String, _ refresh: @escaping @Sendable (StoredToken?) async throws -> StoredToken
        ) async throws -> StoredToken {
            while locked {
                await withCheckedContinuation { waiters.append($0) }
            }
            locked = true
            defer {
                locked = false
                if !waiters.isEmpty { waiters.removeFirst().resume() }
            }
            let token = try await refresh(tokens[name])
            tokens[name] = token
            return token
        }
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func cache(_ store: MemoryTokenStore, _ issuer: OutboundTokenCacheTests.Issuer, clock: ManualClock,
                      wallClock: @escaping @Sendable () -> Date = { now }) -> AccessTokenCache {
        AccessTokenCache(clock: clock, shared: .init(store: store, name: "wechat:wx1", now: wallClock)) {
            try await Task.sleep(for: .milliseconds(20))
            return try await issuer.fetch()
        }
    }

    @Test func theSecondServerUsesTheStoredTokenInsteadOfFetching() async throws {
        let store = MemoryTokenStore()
        let issuer = OutboundTokenCacheTests.Issuer()
        let first = Self.cache(store, issuer, clock: ManualClock())
        let second = Self.cache(store, issuer, clock: ManualClock())

        #expect(try await first.token() == "T1")
        #expect(try await second.token() == "T1")
        #expect(issuer.fetches == 1)
        // 7200 s less the five-minute margin, on the wall clock every server shares.
        let stored = try #require(await store.storedToken("wechat:wx1"))
        #expect(stored.expiresAt == Self.now.addingTimeInterval(6900))
    }

    @Test func aRejectedTokenIsRefreshedOnceForAllServers() async throws {
        let store = MemoryTokenStore()
        let issuer = OutboundTokenCacheTests.Issuer()
        let first = Self.cache(store, issuer, clock: ManualClock())
        let second = Self.cache(store, issuer, clock: ManualClock())
        #expect(try await first.token() == "T1")
        #expect(try await second.token() == "T1")

        await second.invalidate("T1")
        #expect(try await second.token() == "T2")
        // The first server learns of the refresh when its own call is rejected: it takes the
        // stored T2 rather than fetching T3, which would invalidate T2 under the second.
        await first.invalidate("T1")
        #expect(try await first.token() == "T2")
        #expect(issuer.fetches == 2)
    }

    @Test func concurrentCallsOnTwoServersFetchOnce() async throws {
        let store = MemoryTokenStore()
        let issuer = OutboundTokenCacheTests.Issuer()
        let caches = [Self.cache(store, issuer, clock: ManualClock()), Self.cache(store, issuer, clock: ManualClock())]
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask { try await caches[index % 2].token() }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(tokens == Array(repeating: "T1", count: 20))
        #expect(issuer.fetches == 1)
    }

    @Test func anExpiredStoredTokenIsReplaced() async throws {
        let store = MemoryTokenStore()
        let issuer = OutboundTokenCacheTests.Issuer()
        let wall = OutboundSharedWallClock(Self.now)
        let first = Self.cache(store, issuer, clock: ManualClock(), wallClock: { wall.now })
        #expect(try await first.token() == "T1")
        wall.advance(6900)
        let second = Self.cache(store, issuer, clock: ManualClock(), wallClock: { wall.now })
        #expect(try await second.token() == "T2")
        #expect(issuer.fetches == 2)
    }
}

/// A wall clock the test moves.
final class OutboundSharedWallClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date
    init(_ date: Date) { self.date = date }
    var now: Date { lock.withLock { date } }
    func advance(_ seconds: TimeInterval) { lock.withLock { date += seconds } }
}
