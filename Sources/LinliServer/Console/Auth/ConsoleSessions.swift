import Foundation
import Hummingbird
import LinliCore
import LinliGateways

/// Console sessions kept in the store, found by the session cookie: the real
/// `ConsoleSignIn`.
///
/// The cookie carries a random session id; the store keeps only its SHA-256, with the
/// staff id, the anti-forgery token and the expiry. A session ends after `idleTimeout`
/// without use; each use moves the end on (writing at most once a minute per session).
/// Who the staff member is, and whether they still are, comes from the current directory,
/// read in the session's own transaction: someone removed from it (or a member whose 双报到
/// was cancelled, on any server) loses the console at their next request, and a member
/// approved on another server signs in at once.
struct ConsoleSessions: ConsoleSignIn {
    /// The cookie's name.
    static let cookieName = "linli_console"
    /// How long an unused session lives.
    static let idleTimeout: TimeInterval = 12 * 3600
    /// A session is moved on only when it has been this long since it last was.
    static let extendEvery: TimeInterval = 60

    let store: any Store
    /// The directory as a transaction has it.
    let directory: @Sendable (any StoreTransaction) throws -> Directory
    let executor: BlockingExecutor
    let secrets: SecretTokens
    let now: @Sendable () -> Date

    /// Sessions over the engine's store and directory, on the pipeline's executor and clock.
    init(pipeline: MessagePipeline, secrets: SecretTokens = SecretTokens()) {
        let engine = pipeline.engine
        self.init(store: engine.store, directory: { try engine.directory(in: $0) }, executor: pipeline.executor,
                  secrets: secrets, now: pipeline.now)
    }

    /// Sessions over `store` with a fixed `directory` (tests of the pages).
    init(store: any Store, directory: Directory, executor: BlockingExecutor, secrets: SecretTokens = SecretTokens(),
         now: @escaping @Sendable () -> Date) {
        self.init(store: store, directory: { _ in directory }, executor: executor, secrets: secrets, now: now)
    }

    init(store: any Store, directory: @escaping @Sendable (any StoreTransaction) throws -> Directory, executor: BlockingExecutor,
         secrets: SecretTokens = SecretTokens(), now: @escaping @Sendable () -> Date) {
        self.store = store
        self.directory = directory
        self.executor = executor
        self.secrets = secrets
        self.now = now
    }

    func identity(for request: Request) async throws -> ConsoleIdentity? {
        guard let digest = sessionDigest(request) else { return nil }
        let now = now()
        let (store, directory) = (self.store, self.directory)
        guard let (session, member) = try await executor.run({ try store.read { tx in
                  try tx.consoleSession(digest: digest, at: now).flatMap { session in try directory(tx).member(session.staff).map { (session, $0) } }
              } }) else { return nil }
        if session.expiresAt.timeIntervalSince(now) < Self.idleTimeout - Self.extendEvery {
            let moved = ConsoleSession(digest: session.digest, staff: session.staff, csrfToken: session.csrfToken,
                                       expiresAt: now.addingTimeInterval(Self.idleTimeout))
            try await executor.run { try store.write { try $0.saveConsoleSession(moved, at: now) } }
        }
        return ConsoleIdentity(staff: member, csrfToken: session.csrfToken)
    }

    func checkCSRF(_ identity: ConsoleIdentity, submitted: String?) throws {
        guard let submitted, ConstantTime.equals(submitted, identity.csrfToken) else { throw HTTPError(.forbidden) }
    }

    /// Starts a session for `staff` (a directory id) and returns its id, the cookie's value.
    func start(for staff: String) async throws -> String {
        let id = secrets.token()
        let now = now()
        let session = ConsoleSession(digest: secrets.digest(of: id), staff: staff, csrfToken: secrets.token(),
                                     expiresAt: now.addingTimeInterval(Self.idleTimeout))
        let store = self.store
        try await executor.run { try store.write { try $0.saveConsoleSession(session, at: now) } }
        return id
    }

    /// Ends the session `request` carries, if any.
    func end(_ request: Request) async throws {
        guard let digest = sessionDigest(request) else { return }
        let store = self.store
        try await executor.run { try store.write { try $0.deleteConsoleSession(digest: digest) } }
    }

    /// Marks the sign-in token `token` used and returns the staff member it signs in: nil
    /// when it is unknown, used, expired, or its staff member left the directory.
    func useSignInToken(_ token: String) async throws -> Directory.Staff? {
        guard Self.isPlausibleSecret(token) else { return nil }
        let digest = secrets.digest(of: token)
        let now = now()
        let (store, directory) = (self.store, self.directory)
        return try await executor.run {
            try store.write { tx in try tx.useSignInToken(digest: digest, at: now).flatMap { try directory(tx).member($0) } }
        }
    }

    /// The digest of the session id in `request`'s cookie, when it carries a plausible one.
    private func sessionDigest(_ request: Request) -> String? {
        guard let id = request.cookies[Self.cookieName]?.value, Self.isPlausibleSecret(id) else { return nil }
        return secrets.digest(of: id)
    }

    /// Whether `text` could be one of our tokens (43 base64url characters): anything else is
    /// refused before it costs a hash and a query.
    static func isPlausibleSecret(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
