import Foundation
import LinliCore
import PostgresNIO

extension PostgresStore {
    /// Where the database is and how the store talks to it.
    public struct Configuration: Sendable {
        /// The server's host name or address (TCP); ignored when `unixSocketPath` is set.
        public var host: String
        /// The server's TCP port.
        public var port: Int
        /// The path of the server's Unix socket (`…/.s.PGSQL.5432`), when connecting through one.
        public var unixSocketPath: String?
        /// The role to log in as.
        public var username: String
        /// The role's password, if the server asks for one. Never logged nor put in errors.
        public var password: String?
        /// The database name.
        public var database: String
        /// How many connections the store keeps at most.
        public var poolSize: Int
        /// How long opening a connection may take before it fails.
        public var connectTimeout: TimeInterval
        /// How long a call waits for a free connection when all `poolSize` are busy.
        public var checkoutTimeout: TimeInterval
        /// How long outbox rows returned by `pendingOutbox` stay leased to this store.
        public var outboxLease: TimeInterval

        /// Creates a configuration; everything but the server's address has a default.
        public init(host: String = "127.0.0.1", port: Int = 5432, unixSocketPath: String? = nil,
                    username: String = "postgres", password: String? = nil, database: String = "postgres",
                    poolSize: Int = 8, connectTimeout: TimeInterval = 5, checkoutTimeout: TimeInterval = 30,
                    outboxLease: TimeInterval = 60) {
            self.host = host
            self.port = port
            self.unixSocketPath = unixSocketPath
            self.username = username
            self.password = password
            self.database = database
            self.poolSize = poolSize
            self.connectTimeout = connectTimeout
            self.checkoutTimeout = checkoutTimeout
            self.outboxLease = outboxLease
        }

        /// Reads a `database.url`: `postgres://user:pass@host:port/db` or `postgresql://…`;
        /// `?host=/socket/dir` connects through the Unix socket in that folder instead.
        ///
        /// - Throws: `CoreError(.storeFailure)` naming the URL, without its password, when it
        ///   is not a PostgreSQL URL.
        public init(url: String, poolSize: Int = 8) throws {
            guard let components = URLComponents(string: url),
                  let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
                throw CoreError(.storeFailure,
                                "database URL \(Self.redacted(url)) is not a PostgreSQL URL (postgres://user:pass@host:port/db)")
            }
            let database = String(components.path.drop(while: { $0 == "/" }))
            self.init(host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
                      port: components.port ?? 5432,
                      username: components.user.flatMap { $0.removingPercentEncoding } ?? "postgres",
                      password: components.password.flatMap { $0.removingPercentEncoding },
                      database: database.isEmpty ? "postgres" : (database.removingPercentEncoding ?? database),
                      poolSize: poolSize)
            if let socketDirectory = components.queryItems?.first(where: { $0.name == "host" })?.value,
               socketDirectory.hasPrefix("/") {
                unixSocketPath = "\(socketDirectory)/.s.PGSQL.\(port)"
            }
            guard poolSize > 0 else {
                throw CoreError(.storeFailure, "database pool size \(poolSize) must be at least 1")
            }
        }

        /// `host:port/db` (or the socket path), for messages: never the password.
        public var endpoint: String {
            "\(unixSocketPath ?? "\(host):\(port)")/\(database)"
        }

        /// The URL with any password replaced by `***`, for messages.
        static func redacted(_ url: String) -> String {
            guard var components = URLComponents(string: url), components.password != nil else { return url }
            components.password = "***"
            return components.string ?? "(unreadable URL)"
        }

        /// PostgresNIO's settings for one connection.
        var connection: PostgresConnection.Configuration {
            var configuration: PostgresConnection.Configuration
            if let unixSocketPath {
                configuration = .init(unixSocketPath: unixSocketPath, username: username, password: password, database: database)
            } else {
                configuration = .init(host: host, port: port, username: username, password: password, database: database,
                                      tls: .disable)
            }
            configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
            configuration.options.additionalStartupParameters = [("application_name", "linli")]
            return configuration
        }
    }
}
