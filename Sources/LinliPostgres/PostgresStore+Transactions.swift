import Foundation
import LinliCore
import PostgresNIO

extension PostgresStore {
    /// How a transaction's work ends.
    enum Outcome<T> {
        /// Commit, then return the value.
        case commit(T)
        /// Roll back, then return the value.
        case rollback(T)
    }

    /// Runs `work` on a pooled connection, database errors as `CoreError(.storeFailure)`
    /// naming `context`.
    func withSession<T>(_ context: @autoclosure () -> String, _ work: (Session) throws -> T) throws -> T {
        try withStoreErrors(context()) {
            try pool.withConnection { connection in try work(Session(connection: connection, logger: logger)) }
        }
    }

    /// Runs `work` in one transaction (BEGIN `mode`) on a pooled connection and commits or
    /// rolls back as it says; when it throws, rolls back and rethrows: the body's own errors
    /// unchanged, database errors as `CoreError(.storeFailure)` naming `context`.
    ///
    /// A pooled connection that turns out dead at BEGIN, before anything ran, is replaced
    /// once, so that the first call after a database restart does not fail needlessly.
    func transaction<T>(_ context: @autoclosure () -> String, mode: String,
                        _ work: (Session) throws -> Outcome<T>) throws -> T {
        var attempts = 0
        while true {
            attempts += 1
            do {
                return try pool.withConnection { connection in
                    let session = Session(connection: connection, logger: logger)
                    do {
                        try session.run(PostgresQuery(unsafeSQL: mode.isEmpty ? "BEGIN" : "BEGIN \(mode)"))
                    } catch {
                        throw BeginFailed(error: error)
                    }
                    let outcome: Outcome<T>
                    do {
                        outcome = try work(session)
                    } catch {
                        session.rollback()
                        throw error
                    }
                    switch outcome {
                    case .commit(let value):
                        try session.run("COMMIT")
                        return value
                    case .rollback(let value):
                        try session.run("ROLLBACK")
                        return value
                    }
                }
            } catch let failure as BeginFailed {
                if attempts < 2 && isConnectionFailure(failure.error) { continue }
                throw storeError(failure.error, context())
            } catch {
                throw storeError(error, context())
            }
        }
    }
}
