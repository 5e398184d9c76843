import Hummingbird
import LinliCore

/// A staff member signed in to the console, as one HTTP request sees them.
struct ConsoleIdentity: Sendable, Equatable {
    /// The staff member, as the directory lists them; their role and grids decide what they see.
    let staff: Directory.Staff
    /// The session's anti-forgery token: every form the console serves carries it, and every
    /// state-changing request must send it back (form field `csrf` or header `X-CSRF-Token`).
    let csrfToken: String
}

/// How console pages learn who is signed in. The real one reads the session cookie; tests of
/// the pages may use a double.
protocol ConsoleSignIn: Sendable {
    /// The signed-in staff member for `request`, or nil when it carries no live session
    /// (no cookie, an unknown or expired session, a staff member no longer in the directory).
    func identity(for request: Request) async throws -> ConsoleIdentity?

    /// Throws `HTTPError(.forbidden)` unless `submitted` is the session's anti-forgery token,
    /// compared in constant time.
    func checkCSRF(_ identity: ConsoleIdentity, submitted: String?) throws
}
