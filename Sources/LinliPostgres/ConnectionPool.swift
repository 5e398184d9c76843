import Foundation
import LinliCore
import Logging
import PostgresNIO

/// A fixed-size pool of PostgreSQL connections for callers that block (Dispatch threads).
///
/// Connections are opened on demand, up to `size`. A caller that finds none free waits
/// (up to the configured checkout timeout). A connection that failed is closed instead of
/// returned, and so are the idle ones, which most likely died with it (a server restart
/// ends them all); the next caller opens a fresh one. So the store throws while the
/// database is away, and works again, without a restart, once it is back.
final class ConnectionPool: @unchecked Sendable {
    private let configuration: PostgresStore.Configuration
    /// PostgresNIO's settings for every connection, TLS context included (made once).
    private let connectionConfiguration: PostgresConnection.Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    private let condition = NSCondition()
    /// Open connections nobody holds.
    private var idle: [PostgresConnection] = []
    /// Connections that exist or are being opened, held or idle.
    private var count = 0
    private var isShutDown = false
    private var nextID = 0

    /// - Throws: `CoreError(.storeFailure)` when the connections' TLS cannot be set up.
    init(configuration: PostgresStore.Configuration, eventLoopGroup: any EventLoopGroup, logger: Logger) throws {
        self.configuration = configuration
        connectionConfiguration = try configuration.connection()
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Runs `body` on a connection held for the call. A connection failure inside it
    /// (`isConnectionFailure`) retires the connection; any error comes back unchanged.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkout()
        do {
            let result = try body(connection)
            checkin(connection, broken: false)
            return result
        } catch {
            checkin(connection, broken: isConnectionFailure(error) || connection.isClosed)
            throw error
        }
    }

    /// Takes an idle connection or opens one, waiting while `size` are held.
    ///
    /// - Throws: `CoreError(.storeFailure)` when the pool is shut down, no connection frees
    ///   up in time, or a new connection cannot be opened.
    func checkout() throws -> PostgresConnection {
        let deadline = Date().addingTimeInterval(configuration.checkoutTimeout)
        condition.lock()
        while true {
            if isShutDown {
                condition.unlock()
                throw CoreError(.storeFailure, "the PostgreSQL store at \(configuration.endpoint) is closed")
            }
            if let connection = idle.popLast() {
                if connection.isClosed {
                    count -= 1
                    continue
                }
                condition.unlock()
                return connection
            }
            if count < configuration.poolSize {
                count += 1
                nextID += 1
                let id = nextID
                condition.unlock()
                do {
                    return try connect(id: id)
                } catch {
                    condition.lock()
                    count -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            if !condition.wait(until: deadline) {
                // A connection handed back as the wait ran out woke this caller alone: pass
                // the wake-up on, or it is lost while others wait.
                if !idle.isEmpty { condition.signal() }
                condition.unlock()
                throw CoreError(.storeFailure, "no free connection to PostgreSQL at \(configuration.endpoint) "
                                + "after \(Int(configuration.checkoutTimeout)) s (pool size \(configuration.poolSize))")
            }
        }
    }

    /// Gives `connection` back; a broken one is closed, with every idle one.
    func checkin(_ connection: PostgresConnection, broken: Bool) {
        condition.lock()
        var retired: [PostgresConnection] = []
        if broken || isShutDown || connection.isClosed {
            retired = [connection] + idle
            count -= retired.count
            idle = []
            // Room for that many new connections: every waiter may open one.
            condition.broadcast()
        } else {
            idle.append(connection)
            // One connection for one waiter. Waking them all would send dozens of threads
            // through the lock for each query under load, to find it taken and sleep again.
            condition.signal()
        }
        condition.unlock()
        if broken {
            logger.warning("linli.postgres.connection.retired", metadata: ["linli.postgres.retired": "\(retired.count)"])
        }
        for connection in retired { Self.close(connection) }
    }

    /// Whether `shutdown` was called.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isShutDown
    }

    /// Closes the idle connections and refuses further checkouts; held connections close
    /// as they come back. Waits for the closing unless `wait` is false (from `deinit`,
    /// which may run on an event loop, where waiting would deadlock).
    func shutdown(wait: Bool = true) {
        condition.lock()
        isShutDown = true
        let closing = idle
        count -= idle.count
        idle = []
        condition.broadcast()
        condition.unlock()
        for connection in closing {
            let closed = Self.close(connection)
            if wait { try? closed.wait() }
        }
    }

    /// Closes `connection`, keeping it alive until it is closed: PostgresNIO checks that a
    /// connection is closed before it is released.
    @discardableResult
    static func close(_ connection: PostgresConnection) -> EventLoopFuture<Void> {
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
        return closed
    }

    /// Opens connection `id`.
    private func connect(id: Int) throws -> PostgresConnection {
        do {
            return try PostgresConnection.connect(on: eventLoopGroup.next(), configuration: connectionConfiguration,
                                                  id: id, logger: logger).wait()
        } catch {
            throw CoreError(.storeFailure, "cannot connect to PostgreSQL at \(configuration.endpoint): \(Self.reason(error))")
        }
    }

    /// Why a connection attempt failed, without the password (which PostgresNIO never puts
    /// in its errors anyway).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError { return describe(error) }
        return "\(error)"
    }
}
