import Foundation
import GRDB
import LinliCore

/// `Store` on an embedded SQLite database, through one GRDB `DatabaseQueue`.
///
/// One connection serialises every call: a write transaction is the unit of work, and a
/// handled message, its dedupe row and its replies commit together or not at all. A file
/// database runs in WAL mode with `synchronous = FULL`, so a message that was answered is
/// on disk even after a power loss.
///
/// Calls must not nest: calling the store again from inside a transaction's body is a
/// programming error that GRDB stops the process for.
public final class SQLiteStore: Store {
    /// How long a write waits for another process holding the database lock.
    static let busyTimeout: TimeInterval = 5

    /// The one connection.
    let queue: DatabaseQueue
    /// Batches concurrent messages into one commit.
    private let groupCommit: GroupCommit

    /// Opens the store named by a `database.url`: `sqlite:PATH` or `sqlite::memory:`.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming the URL when it is not an SQLite URL, or
    ///   when the database cannot be opened or migrated.
    public convenience init(url: String) throws {
        let scheme = "sqlite:"
        guard url.hasPrefix(scheme) else {
            throw CoreError(.storeFailure, "database URL \(Redaction.databaseURL(url)) is not an SQLite URL (sqlite:PATH or sqlite::memory:)")
        }
        let path = String(url.dropFirst(scheme.count))
        guard !path.isEmpty else {
            throw CoreError(.storeFailure, "database URL \(Redaction.databaseURL(url)) names no file (sqlite:PATH or sqlite::memory:)")
        }
        try self.init(path: path)
    }

    /// Opens or creates the database file at `path` (`:memory:` for a private in-memory
    /// database), and brings its schema up to date.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming the path when it cannot be opened or migrated.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(Self.busyTimeout)
        let inMemory = path == ":memory:"
        if !inMemory {
            // Set here rather than with `journalMode = .wal`, which would lower `synchronous`
            // to NORMAL: that loses the last commits on power loss, and those are answered messages.
            configuration.prepareDatabase { db in
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw CoreError(.storeFailure, "database \(path) cannot use WAL journal mode (it stays in \(mode ?? "an unknown mode"))")
                }
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        let queue = try withStoreErrors("opening database \(path)") {
            inMemory ? try DatabaseQueue(configuration: configuration)
                     : try DatabaseQueue(path: path, configuration: configuration)
        }
        try withStoreErrors("migrating database \(path)") {
            try Self.migrator.migrate(queue)
        }
        self.queue = queue
        groupCommit = GroupCommit(queue: queue)
    }

    /// Runs `body` in one write transaction unless `key` was handled before, and records the
    /// replies under `key` in the same transaction.
    ///
    /// When `body` throws, nothing it wrote and no dedupe row is kept, and its error comes
    /// back unchanged, so the message can be handled again.
    public func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        try groupCommit.handle(key: key, body: body)
    }

    /// `handleOnce` without blocking: the message joins the next group commit, and
    /// `completion` runs on the committing thread once it is on disk.
    public func handleOnce(key: String, _ body: @escaping @Sendable (any StoreTransaction) throws -> [String],
                           completion: @escaping @Sendable (Result<HandledMessage, any Error>) -> Void) {
        groupCommit.handle(key: key, body: body, completion: completion)
    }

    /// Runs `body` in one write transaction; when it throws, nothing it wrote is kept.
    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withStoreErrors("writing to the store") {
            try queue.write { db in try body(SQLiteTransaction(db: db)) }
        }
    }

    /// Runs `body` in a read-only transaction; a write inside it fails with `.storeFailure`.
    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try withStoreErrors("reading the store") {
            try queue.read { db in try body(SQLiteTransaction(db: db)) }
        }
    }

    /// Up to `limit` pending outbox rows, oldest first. One process owns the database, so
    /// nothing is leased: this is a plain read.
    public func claimOutbox(limit: Int) throws -> [OutboxEntry] {
        try withStoreErrors("reading up to \(limit) pending outbox rows") {
            try queue.read { db in
                try OutboxRecord
                    .fetchAll(db, sql: "SELECT * FROM outbox WHERE state = ? ORDER BY id LIMIT ?",
                              arguments: [OutboxEntry.State.pending.rawValue, max(limit, 0)])
                    .map { try $0.entry() }
            }
        }
    }

    /// How many outbox rows are in each state, counted by the database.
    public func outboxCounts() throws -> OutboxCounts {
        try withStoreErrors("counting the outbox") {
            try queue.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT state, count(*) AS count FROM outbox GROUP BY state")
                return try OutboxCounts(byState: rows.map { (state: $0["state"], count: $0["count"]) })
            }
        }
    }

    /// How many requests there are, and how many are resolved, counted by the database.
    public func requestCounts() throws -> RequestCounts {
        try withStoreErrors("counting requests") {
            try queue.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT count(*) AS opened, count(resolved_at) AS resolved FROM request")
                return RequestCounts(opened: row?["opened"] ?? 0, resolved: row?["resolved"] ?? 0)
            }
        }
    }

    /// Records a delivery attempt of row `id`: its new state, one more attempt, the error if
    /// any (an earlier error is kept when `error` is nil), and the time when delivered.
    /// Always true: one process owns every row.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming `id` when there is no such row.
    @discardableResult
    public func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool {
        try withStoreErrors("recording delivery of outbox row \(id)") {
            try queue.write { db in try Self.record(db, id: id, state: state, error: error) }
        }
        return true
    }

    /// Marks row `id` failed and queues `notice` in one transaction: the sender is told
    /// exactly when the failure is recorded.
    ///
    /// - Throws: `CoreError(.storeFailure)` naming `id` when there is no such row; then no
    ///   notice is queued either.
    @discardableResult
    public func recordFailure(id: Int64, error: String, notice: OutboundMessage?, event: RequestEvent?, at date: Date) throws -> Bool {
        try withStoreErrors("recording failure of outbox row \(id)") {
            try queue.write { db in
                try Self.record(db, id: id, state: .failed, error: error)
                if let notice {
                    try SQLiteTransaction(db: db).enqueue(notice, at: date)
                }
                if let event {
                    try SQLiteTransaction(db: db).append(event)
                }
            }
        }
        return true
    }

    private static func record(_ db: Database, id: Int64, state: OutboxEntry.State, error: String?) throws {
        try db.execute(
            sql: """
                UPDATE outbox
                SET state = ?, attempts = attempts + 1, last_error = coalesce(?, last_error),
                    delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END
                WHERE id = ?
                """,
            arguments: [state.rawValue, error, state == .delivered, Date().millisecondsSince1970, id])
        guard db.changesCount == 1 else {
            throw CoreError(.storeFailure, "cannot record delivery of outbox row \(id): no such row")
        }
    }

    /// Answers when the database does (`SELECT 1`).
    public func ping() throws {
        try withStoreErrors("pinging the store") {
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        }
    }
}
