import Foundation

/// A one-time console sign-in token as the store keeps it: the digest of the token, never
/// the token itself, so that a copy of the database signs nobody in.
public struct SignInToken: Sendable, Equatable {
    /// The token's digest (`SignInTokenMinter.digest(of:)`).
    public var digest: String
    /// The staff member it signs in (a directory id).
    public var staff: String
    /// After this it signs nobody in.
    public var expiresAt: Date

    /// Creates a stored token.
    public init(digest: String, staff: String, expiresAt: Date) {
        self.digest = digest
        self.staff = staff
        self.expiresAt = expiresAt
    }
}

/// A signed-in console session as the store keeps it: the digest of the session id (the
/// cookie's value), whose it is, its anti-forgery token and when it ends.
public struct ConsoleSession: Sendable, Equatable {
    /// The session id's digest.
    public var digest: String
    /// The staff member signed in (a directory id).
    public var staff: String
    /// The token every state-changing request of this session must send back.
    public var csrfToken: String
    /// When the session ends unless it is used before (an idle timeout, moved on by use).
    public var expiresAt: Date

    /// Creates a stored session.
    public init(digest: String, staff: String, csrfToken: String, expiresAt: Date) {
        self.digest = digest
        self.staff = staff
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// The console's sign-in records inside one store transaction: one-time sign-in tokens,
/// sessions and admins' password hashes. Every `StoreTransaction` has them, so that the
/// `登录` command writes its token in the same transaction as the message it answers.
public protocol ConsoleCredentials {
    /// Stores a sign-in token, and deletes the tokens that expired before `date`.
    func saveSignInToken(_ token: SignInToken, at date: Date) throws
    /// Marks the token with `digest` used and returns its staff id, when it exists, is
    /// unused and has not expired at `date`; nil (changing nothing) otherwise.
    func useSignInToken(digest: String, at date: Date) throws -> String?

    /// Inserts or replaces a session by digest, and deletes the sessions that expired
    /// before `date`.
    func saveConsoleSession(_ session: ConsoleSession, at date: Date) throws
    /// The session with `digest` when it exists and has not expired at `date`.
    func consoleSession(digest: String, at date: Date) throws -> ConsoleSession?
    /// Ends the session with `digest` (nothing when there is none).
    func deleteConsoleSession(digest: String) throws

    /// Sets the console password hash of `staff` (a directory id), replacing any.
    func savePasswordHash(_ hash: String, staff: String, at date: Date) throws
    /// The console password hash of `staff`, if one is set.
    func passwordHash(staff: String) throws -> String?
}
