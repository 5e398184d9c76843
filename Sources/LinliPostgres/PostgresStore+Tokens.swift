import Foundation
import LinliCore
import Logging
import PostgresNIO

/// Access tokens in the `access_token` table, shared by every server on the database; the
/// blocking parts (a session, a connection check-out) run on the server's one executor.
///
/// `withTokenLock` holds the token's row lock (`SELECT … FOR UPDATE`) while `refresh` runs,
/// HTTP fetch included, so a second server asking for the same token waits and then reads
/// what the first stored, instead of fetching one that would invalidate it.
struct PostgresTokens: TokenStore {
    let store: PostgresStore
    let executor: BlockingExecutor

    private var pool: ConnectionPool { store.pool }
    private var logger: Logger { store.logger }

    /// The token stored under `name`, if any.
    public func storedToken(_ name: String) async throws -> StoredToken? {
        try await offload {
            try store.withSession("reading access token \(name)") { session in
                try session.run("SELECT value, expires_at FROM access_token WHERE name = \(name)").rows.first
                    .flatMap(PostgresTokens.token)
            }
        }
    }

    /// Runs `refresh` with the stored token (nil when none) while holding the token's row
    /// lock, stores what it returns when that differs, and returns it. When `refresh` throws,
    /// the transaction rolls back, the stored token is unchanged and the error comes back
    /// unchanged.
    public func withTokenLock(
        _ name: String, _ refresh: @escaping @Sendable (StoredToken?) async throws -> StoredToken
    ) async throws -> StoredToken {
        let context = "refreshing access token \(name)"
        // Checked out on a Dispatch thread, since it may wait for a free connection; the
        // queries then run through PostgresNIO's async interface, so no thread is blocked
        // while `refresh` fetches.
        let connection = try await offload { try withStoreErrors(context) { try pool.checkout() } }
        let logger = self.logger
        @discardableResult
        func run(_ query: PostgresQuery) async throws -> PostgresQueryResult {
            try await connection.query(query, logger: logger).get()
        }
        var began = false
        do {
            try await run("BEGIN")
            began = true
            try await run("INSERT INTO access_token (name, value, expires_at) VALUES (\(name), NULL, NULL) ON CONFLICT DO NOTHING")
            let stored = try await run("SELECT value, expires_at FROM access_token WHERE name = \(name) FOR UPDATE")
                .rows.first.flatMap(PostgresTokens.token)
            let fresh = try await refresh(stored)
            if fresh != stored {
                try await run("""
                    UPDATE access_token SET value = \(fresh.value), expires_at = \(fresh.expiresAt.millisecondsSince1970)
                    WHERE name = \(name)
                    """)
            }
            try await run("COMMIT")
            pool.checkin(connection, broken: false)
            return fresh
        } catch {
            var broken = isConnectionFailure(error) || connection.isClosed
            if began && !broken {
                do { try await run("ROLLBACK") } catch { broken = true }
            }
            pool.checkin(connection, broken: broken)
            throw storeError(error, context)
        }
    }

    /// A token from a row of (value, expires_at); nil for the placeholder row.
    private static func token(_ row: PostgresRow) -> StoredToken? {
        guard let (value, expiresAt) = try? row.decode((String?, Int64?).self), let value, let expiresAt else { return nil }
        return StoredToken(value: value, expiresAt: Date(millisecondsSince1970: expiresAt))
    }

    /// Runs blocking `work` on the executor, off the cooperative pool.
    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await executor.run(work)
    }
}
