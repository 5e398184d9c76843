import Logging
import PostgresNIO

/// One held connection and the logger its queries log to, with a blocking `run`.
///
/// Blocking is right here: the `Store` protocol is synchronous and called from Dispatch
/// threads, never from an event loop, which would deadlock waiting on itself.
struct Session {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `query` and waits for all its rows.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try connection.query(query, logger: logger).wait()
    }

    /// Runs `body` between BEGIN (with `mode`, such as `READ ONLY`) and COMMIT; on any
    /// error, rolls back and rethrows it unchanged.
    func transaction<T>(_ mode: String = "", _ body: () throws -> T) throws -> T {
        try run(PostgresQuery(unsafeSQL: mode.isEmpty ? "BEGIN" : "BEGIN \(mode)"))
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

    /// Rolls back the open transaction. When even that fails the connection is in an
    /// unknown state, so it is closed, and the pool retires it.
    func rollback() {
        do {
            try run("ROLLBACK")
        } catch {
            _ = try? ConnectionPool.close(connection).wait()
        }
    }
}
