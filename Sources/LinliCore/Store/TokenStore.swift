import Foundation

/// A gateway access token as kept in the store, where every server of one deployment
/// reads it.
public struct StoredToken: Sendable, Equatable {
    /// The token.
    public var value: String
    /// Until when servers use it: the platform's expiry less a safety margin, after which
    /// the next server that needs it fetches a new one.
    public var expiresAt: Date

    /// Creates a stored token.
    public init(value: String, expiresAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
    }
}

/// Access tokens shared by several servers on one database.
///
/// Fetching a WeChat or WeCom token invalidates the previous one, so servers that each
/// fetched their own would keep invalidating each other's. With a token store one server at
/// a time refreshes a token, under a lock held in the database, and the others use what it
/// stored.
public protocol TokenStore: Sendable {
    /// The token stored under `name`, if any.
    func storedToken(_ name: String) async throws -> StoredToken?

    /// Holds the lock of `name` (waiting while another server holds it), passes the stored
    /// token (nil when none) to `refresh`, stores what `refresh` returns when it differs,
    /// releases the lock and returns it. `refresh` returns the stored token when it is still
    /// good, or fetches a new one; when it throws, the stored token is unchanged.
    func withTokenLock(
        _ name: String, _ refresh: @escaping @Sendable (StoredToken?) async throws -> StoredToken
    ) async throws -> StoredToken
}
