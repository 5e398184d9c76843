import Foundation
import LinliCore
@testable import LinliPostgres
import Testing

/// Access tokens shared through the database.
@Suite("PostgreSQL: shared access tokens")
struct PostgresTokenTests {
    /// The executor the stores run their blocking token work on, as a server injects its own.
    static let executor = BlockingExecutor(label: "linli.test.tokens", maximumThreads: 4)

    /// A token fetch that counts how often it ran and takes a while, as an HTTP call does.
    final class Platform: @unchecked Sendable {
        let fetches = Counter()

        func refresh(_ stored: StoredToken?) async throws -> StoredToken {
            if let stored, stored.expiresAt > Date() { return stored }
            fetches.increment()
            try await Task.sleep(for: .milliseconds(200))
            return StoredToken(value: "token-\(fetches.value)", expiresAt: Date(millisecondsSince1970: 4_102_444_800_000))
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func twoStoresRefreshingAtOnceFetchOnce(backend: Backend) async throws {
        try await backend.withDatabase(async: twoStoresRefreshingAtOnceFetchOnce)
    }

    private func twoStoresRefreshingAtOnceFetchOnce(_ database: TestDatabase) async throws {
        let a = try #require(try await blocking { try database.openPostgres() }.tokens(on: Self.executor))
        let b = try #require(try await blocking { try database.openPostgres() }.tokens(on: Self.executor))
        #expect(try await a.storedToken("wechat") == nil)

        let platform = Platform()
        async let first = a.withTokenLock("wechat", platform.refresh)
        async let second = b.withTokenLock("wechat", platform.refresh)
        let tokens = try await [first, second]
        #expect(platform.fetches.value == 1)
        #expect(tokens[0] == tokens[1])
        #expect(try await b.storedToken("wechat") == tokens[0])
        #expect(try await a.storedToken("wecom") == nil)
    }

    @Test(arguments: Backend.postgresOnly)
    func aFailedRefreshLeavesTheStoredTokenAndItsError(backend: Backend) async throws {
        try await backend.withDatabase(async: aFailedRefreshLeavesTheStoredTokenAndItsError)
    }

    private func aFailedRefreshLeavesTheStoredTokenAndItsError(_ database: TestDatabase) async throws {
        let tokens = try #require(try await blocking { try database.openPostgres() }.tokens(on: Self.executor))
        let good = StoredToken(value: "good", expiresAt: Date(millisecondsSince1970: 1_000))
        _ = try await tokens.withTokenLock("wecom") { _ in good }

        await #expect(throws: HandlerFailure(reason: "HTTP 502")) {
            try await tokens.withTokenLock("wecom") { _ in throw HandlerFailure(reason: "HTTP 502") }
        }
        #expect(try await tokens.storedToken("wecom") == good)
        // The lock was released: the next refresh goes through at once.
        let next = try await tokens.withTokenLock("wecom") { stored in
            StoredToken(value: "\(stored?.value ?? "none")-renewed", expiresAt: Date(millisecondsSince1970: 2_000))
        }
        #expect(next.value == "good-renewed")
    }
}
