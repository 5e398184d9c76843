import Foundation
import LinliGateways
import Testing

@Suite("Outbound: access token cache")
struct OutboundTokenCacheTests {
    /// A fetch that hands out `T1`, `T2`, … and counts its calls.
    final class Issuer: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        let expiresIn: Duration
        var failNext = false

        init(expiresIn: Duration = .seconds(7200)) { self.expiresIn = expiresIn }

        var fetches: Int { lock.withLock { count } }

        func fetch() async throws -> AccessToken {
            let (number, fail) = lock.withLock { () -> (Int, Bool) in
                count += 1
                let fail = failNext
                failNext = false
                return (count, fail)
            }
            if fail { throw GatewayError(.invalidConfiguration, "token endpoint refused the request", value: "errcode -1") }
            return AccessToken(value: "T\(number)", expiresIn: expiresIn)
        }
    }

    @Test func aTokenIsReusedUntilFiveMinutesBeforeItExpires() async throws {
        let clock = ManualClock()
        let issuer = Issuer()
        let cache = AccessTokenCache(clock: clock) { try await issuer.fetch() }

        #expect(try await cache.token() == "T1")
        clock.advance(by: .seconds(6899))
        #expect(try await cache.token() == "T1")
        #expect(issuer.fetches == 1)
        clock.advance(by: .seconds(1))
        #expect(try await cache.token() == "T2")
        #expect(issuer.fetches == 2)
    }

    @Test func aShortLivedTokenIsUsedForHalfItsLifetime() async throws {
        let clock = ManualClock()
        let issuer = Issuer(expiresIn: .seconds(300))
        let cache = AccessTokenCache(clock: clock) { try await issuer.fetch() }

        #expect(try await cache.token() == "T1")
        clock.advance(by: .seconds(149))
        #expect(try await cache.token() == "T1")
        clock.advance(by: .seconds(1))
        #expect(try await cache.token() == "T2")
    }

    @Test func invalidatingTheRejectedTokenFetchesOnceAndAStaleRejectionIsIgnored() async throws {
        let clock = ManualClock()
        let issuer = Issuer()
        let cache = AccessTokenCache(clock: clock) { try await issuer.fetch() }

        #expect(try await cache.token() == "T1")
        await cache.invalidate("T1")
        #expect(try await cache.token() == "T2")
        // A second call that failed with the old token must not throw away the new one.
        await cache.invalidate("T1")
        #expect(try await cache.token() == "T2")
        #expect(issuer.fetches == 2)
        await cache.invalidate()
        #expect(try await cache.token() == "T3")
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let issuer = Issuer()
        let cache = AccessTokenCache { () async throws -> AccessToken in
            try await Task.sleep(for: .milliseconds(50))
            return try await issuer.fetch()
        }
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await cache.token() }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(tokens == Array(repeating: "T1", count: 20))
        #expect(issuer.fetches == 1)
    }

    @Test func aFailedFetchThrowsAndTheNextCallTriesAgain() async throws {
        let issuer = Issuer()
        issuer.failNext = true
        let cache = AccessTokenCache(clock: ManualClock()) { try await issuer.fetch() }

        await #expect(throws: GatewayError.self) { try await cache.token() }
        #expect(try await cache.token() == "T2")
        #expect(issuer.fetches == 2)
    }

    @Test func aTokenDoesNotShowInItsDescription() {
        let token = AccessToken(value: "SECRET-TOKEN-VALUE", expiresIn: .seconds(7200))
        #expect(!"\(token)".contains("SECRET-TOKEN-VALUE"))
    }
}
