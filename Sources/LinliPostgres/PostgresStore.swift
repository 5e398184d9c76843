import Foundation
import LinliCore
import Logging
import PostgresNIO

/// `Store` on PostgreSQL, through a pool of PostgresNIO connections; several servers may
/// share one database.
///
/// It behaves as the SQLite store does (the same tests run against both), and adds what
/// sharing needs: a message key is handled once even when two servers receive it at once
/// (the second waits on the first's dedupe row), one user's messages are handled one at a
/// time (an advisory lock per user, taken when the transaction reads the conversation),
/// request numbers stay unique and gap-free (a counter row locked until commit), outbox rows
/// are leased to one server at a time (`claimOutbox`, `renewLease`), and access tokens are shared
/// (`tokens`).
///
/// The calls block their thread while the database works; call them from threads of their
/// own, never from a NIO event loop. Within a transaction, writes whose result is not needed
/// are sent without waiting (`Session.send`), so the calling thread wakes only for results
/// it needs (twice for a plain message: the claim and COMMIT). Each statement is a round
/// trip, so statements are folded together where they can be (`linli_claim_message`,
/// `HeldWrites`): 4 for a plain message, 7 for a report. Calls must not nest: a body that
/// calls the store again waits for a second connection and may wait for its own locks.
public final class PostgresStore: Store {
    /// Where the database is.
    public let configuration: Configuration
    /// Who this store is when it leases outbox rows: unique per instance.
    let owner = UUID().uuidString
    let pool: ConnectionPool
    let logger: Logger
    /// The statements this store has sent, for tests that hold it to its round trips.
    let statements = StatementCounter()

    /// Opens the store named by a `database.url` (`postgres://user:pass@host:port/db`),
    /// connects and brings the schema up to date.
    ///
    /// - Throws: `CoreError(.storeFailure)` when the URL is not a PostgreSQL URL, the database
    ///   cannot be reached (within the connect timeout) or it cannot be migrated.
    public convenience init(url: String, poolSize: Int = 8, logger: Logger = Logger(label: "linli.postgres")) throws {
        try self.init(configuration: Configuration(url: url, poolSize: poolSize), logger: logger)
    }

    /// Opens the store described by `configuration`, connects and brings the schema up to date.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming the server (never the password) when it
    ///   cannot be reached or migrated.
    public init(configuration: Configuration, logger: Logger = Logger(label: "linli.postgres")) throws {
        guard configuration.poolSize > 0 else {
            throw CoreError(.storeFailure, "database pool size \(configuration.poolSize) must be at least 1")
        }
        self.configuration = configuration
        self.logger = logger
        pool = try ConnectionPool(configuration: configuration, eventLoopGroup: PostgresConnection.defaultEventLoopGroup,
                              logger: logger)
        do {
            try pool.withConnection { connection in
                try Self.migrate(Session(connection: connection, logger: logger), schema: configuration.schema)
            }
        } catch {
            pool.shutdown()
            throw error
        }
    }

    deinit {
        pool.shutdown(wait: false)
    }

    /// Gives back this store's outbox leases, so that another server (or this one,
    /// restarted) sends those rows at once rather than after the lease, and closes the
    /// pool's connections; calls after this fail with `.storeFailure`.
    public func close() {
        guard !pool.isClosed else { return }
        do {
            try releaseLeases()
        } catch {
            logger.warning("linli.postgres.leases.kept", metadata: ["linli.postgres.error": "\(error)"])
        }
        pool.shutdown()
    }

    /// Runs `body` in one write transaction unless `key` was handled before (by any server),
    /// and records the replies under `key` in the same transaction.
    ///
    /// The dedupe row is inserted first: when another transaction is inserting the same key,
    /// this one waits for it, then finds the key handled and returns its replies. When
    /// `body` throws, nothing it wrote and no dedupe row is kept, and its error comes back
    /// unchanged.
    public func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        try handleOnce(key: key, readingConversationOf: nil, body)
    }

    /// `handleOnce` on the calling thread, with `userID`'s conversation locked and read in
    /// the round trip that inserts the dedupe row, so that the body's first read costs none.
    public func handleOnce(key: String, readingConversationOf userID: String,
                           _ body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                           completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void) {
        completion(Result { try handleOnce(key: key, readingConversationOf: userID, body) })
    }

    private func handleOnce(key: String, readingConversationOf userID: String?,
                            _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        try transaction("handling message \(Redaction.dedupeKey(key))", mode: "") { session in
            // One round trip (migration v3): the dedupe row, then, when it is new, the
            // user's lock (taken after the dedupe row, as the body would take it) and
            // conversation; when another transaction is inserting the same key, this one
            // waits for it and gets the replies it recorded.
            let rows = try session.run("""
                SELECT claimed, stored, roll
                FROM linli_claim_message(\(key), \(Date().millisecondsSince1970), \(userID), \(PostgresTransaction.userLockSpace))
                """).rows
            guard let (claimed, stored, roll) = try rows.first?.decode((Bool, String?, Int64?).self) else {
                throw CoreError(.storeFailure, "handling message \(Redaction.dedupeKey(key)): its dedupe row vanished")
            }
            guard claimed else {
                let replies = try StoredJSON.decode([String].self, from: stored ?? "[]")
                return .rollback(HandledMessage(replies: replies, duplicate: true))
            }
            let transaction = PostgresTransaction(session: session, writes: true)
            if let userID {
                transaction.keep(try stored.map(PostgresTransaction.conversation(fromState:)), of: userID)
            }
            if let roll { transaction.keep(memberRollVersion: Int(roll)) }
            let replies = try body(transaction)
            transaction.finish(recording: try StoredJSON.encode(replies), under: key)
            return .commit(HandledMessage(replies: replies, duplicate: false))
        }
    }

    /// Runs `body` in one write transaction; when it throws, nothing it wrote is kept.
    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try run(body, "writing to the store", mode: "", writes: true)
    }

    /// Runs `body` in a read-only transaction; a write inside it fails with `.storeFailure`.
    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try run(body, "reading the store", mode: "READ ONLY", writes: false)
    }

    /// Runs `body` in one transaction, sends what it held back, and commits.
    private func run<T>(_ body: (any StoreTransaction) throws -> T, _ context: String, mode: String, writes: Bool) throws -> T {
        try transaction(context, mode: mode) { session in
            let transaction = PostgresTransaction(session: session, writes: writes)
            let result = try body(transaction)
            transaction.finish()
            return .commit(result)
        }
    }

    /// Answers when the database does (`SELECT 1`).
    public func ping() throws {
        try withSession("pinging the store") { session in _ = try session.run("SELECT 1") }
    }

    /// Shared gateway access tokens: this store.
    public func tokens(on executor: BlockingExecutor) -> (any TokenStore)? {
        PostgresTokens(store: self, executor: executor)
    }

    /// The pool size: a caller beyond it would only wait for a connection.
    public var capacity: Int { configuration.poolSize }
}
