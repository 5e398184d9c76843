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
            try pool.withConnection { connection in try work(Session(connection: connection, logger: logger, counter: statements)) }
        }
    }

    /// Runs `work` in one transaction (BEGIN `mode`) on a pooled connection and commits or
    /// rolls back as it says; when it throws, rolls back and rethrows: the body's own errors
    /// unchanged, database errors as `CoreError(.storeFailure)` naming `context`.
    ///
    /// BEGIN is sent without waiting, so it costs no wake-up of its own: the body's first
    /// query waits for both. A pooled connection that turns out dead at BEGIN, before
    /// anything ran, is replaced once, so that the first call after a database restart does
    /// not fail needlessly.
    func transaction<T>(_ context: @autoclosure () -> String, mode: String,
                        _ work: (Session) throws -> Outcome<T>) throws -> T {
        var attempts = 0
        while true {
            attempts += 1
            do {
                return try pool.withConnection { connection in
                    let session = Session(connection: connection, logger: logger, counter: statements)
                    let begun = session.send(PostgresQuery(unsafeSQL: mode.isEmpty ? "BEGIN" : "BEGIN \(mode)"))
                    let outcome: Outcome<T>
                    do {
                        outcome = try work(session)
                    } catch {
                        do {
                            _ = try begun.wait()
                        } catch let failure {
                            throw BeginFailed(error: failure)
                        }
                        session.rollback()
                        throw error
                    }
                    // COMMIT waits for the statements the body sent; when one of them failed,
                    // the transaction was aborted, the COMMIT rolls it back, and `run`
                    // reports that failure.
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
