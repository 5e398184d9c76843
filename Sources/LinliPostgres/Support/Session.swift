import Foundation
import LinliCore
import Logging
import PostgresNIO

/// One held connection and the logger its queries log to, with a blocking `run` and a
/// non-blocking `send`.
///
/// Blocking is right here: the `Store` protocol is synchronous and called from threads of
/// its own, never from an event loop, which would deadlock waiting on itself.
///
/// A connection runs its queries one after another in the order they were sent, so a
/// statement whose result is not needed (BEGIN, an upsert, a lock taken before a read) can
/// be sent without waiting, and the next `run` waits for it together with its own query:
/// one wake-up of the calling thread instead of one per statement. On the wire each
/// statement is still a round trip of its own (PostgresNIO sends the next one when the
/// previous has ended), which is why the store folds statements together where it can.
/// A failed sent statement is reported by the next `run`, before that query's own result;
/// inside a transaction the failure has aborted the transaction, so a COMMIT sent after it
/// rolls back, and nothing after it is kept.
final class Session {
    let connection: PostgresConnection
    let logger: Logger
    /// Counts the statements this session sends, when given.
    let counter: StatementCounter?
    /// Statements sent and not yet waited for, oldest first, with what each was doing.
    private var sent: [(result: EventLoopFuture<PostgresQueryResult>, context: String?)] = []

    init(connection: PostgresConnection, logger: Logger, counter: StatementCounter? = nil) {
        self.connection = connection
        self.logger = logger
        self.counter = counter
    }

    /// Sends `query` without waiting for it; the next `run` or `settle` reports its failure,
    /// as `CoreError(.storeFailure)` naming `context` when there is one (else unchanged).
    /// Only for statements that fail with a database error or not at all: a check of the
    /// result (such as a row count) needs `run`.
    @discardableResult
    func send(_ query: PostgresQuery, _ context: String? = nil) -> EventLoopFuture<PostgresQueryResult> {
        counter?.add()
        let result = connection.query(query, logger: logger)
        sent.append((result, context))
        return result
    }

    /// Runs `query` and waits for all its rows, after the statements sent before it.
    ///
    /// - Throws: the first failure among the statements sent before it, else its own.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        counter?.add()
        let result = connection.query(query, logger: logger)
        try settle()
        return try result.wait()
    }

    /// Waits for every statement sent so far.
    ///
    /// - Throws: the first of their failures (the later ones are that failure's echo:
    ///   "current transaction is aborted" or the same lost connection).
    func settle() throws {
        guard !sent.isEmpty else { return }
        let waiting = sent
        sent = []
        var failure: (any Error)?
        for statement in waiting {
            do {
                _ = try statement.result.wait()
            } catch {
                if failure == nil { failure = statement.context.map { storeError(error, $0) } ?? error }
            }
        }
        if let failure { throw failure }
    }

    /// Runs `body` between BEGIN (with `mode`, such as `READ ONLY`) and COMMIT; on any
    /// error, rolls back and rethrows it unchanged.
    func transaction<T>(_ mode: String = "", _ body: () throws -> T) throws -> T {
        send(PostgresQuery(unsafeSQL: mode.isEmpty ? "BEGIN" : "BEGIN \(mode)"))
        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }
        try run("COMMIT")
        return result
    }

    /// Rolls back the open transaction, whatever the statements sent before did. When even
    /// that fails the connection is in an unknown state, so it is closed, and the pool
    /// retires it.
    ///
    /// A session the server ended in the middle of the transaction (`pg_terminate_backend`,
    /// a failover) may never answer, not even by failing, so every wait here is bounded by
    /// `rollbackPatience`; past it the connection is given up.
    func rollback() {
        let waiting = sent
        sent = []
        do {
            for statement in waiting { _ = try? bounded(statement.result) }
            counter?.add()
            _ = try bounded(connection.query("ROLLBACK", logger: logger))
        } catch {
            _ = try? bounded(ConnectionPool.close(connection))
        }
    }

    /// How long a rollback waits for the server before giving the connection up.
    static let rollbackPatience = TimeAmount.seconds(3)

    /// `future`'s value, or a `CoreError(.storeFailure)` once `rollbackPatience` has passed
    /// without one.
    private func bounded<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let loop = future.eventLoop
        let answer = loop.makePromise(of: T.self)
        let once = Once()
        let timer = loop.scheduleTask(in: Self.rollbackPatience) {
            if once.take() { answer.fail(CoreError(.storeFailure, "PostgreSQL did not answer within \(Self.rollbackPatience.nanoseconds / 1_000_000_000) s")) }
        }
        future.whenComplete { result in
            timer.cancel()
            if once.take() { answer.completeWith(result) }
        }
        return try answer.futureResult.wait()
    }
}

/// A flag that lets exactly one of several callers through.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false

    /// True for the first caller only.
    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if taken { return false }
        taken = true
        return true
    }
}

/// How many statements a store's sessions have sent: each is a round trip to the database.
final class StatementCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    /// The statements sent so far.
    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
