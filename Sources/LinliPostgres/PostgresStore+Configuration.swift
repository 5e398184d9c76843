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
        /// The schema the store's tables live in (created when missing); nil for the role's
        /// default `search_path` (normally `public`). Lets several deployments, or tests,
        /// share one database.
        public var schema: String?
        /// The `application_name` the server shows for the store's sessions.
        public var applicationName: String
        /// How many connections the store keeps at most.
        public var poolSize: Int
        /// How long opening a connection may take before it fails.
        ///
        /// Both timeouts stay below the server's 4-second reply deadline: a database that
        /// swallows packets then fails a message with 503, which the platform retries, rather
        /// than after the deadline, when the platform has been told "success".
        public var connectTimeout: TimeInterval
        /// How long a call waits for a free connection when all `poolSize` are busy.
        public var checkoutTimeout: TimeInterval
        /// How long outbox rows returned by `claimOutbox` (or renewed by `renewLease`) stay
        /// leased to this store.
        public var outboxLease: TimeInterval
        /// Whether connections over TCP are encrypted, and what is checked of the server.
        public var tls: TLSMode
        /// A PEM file of the authorities `verify-ca` and `verify-full` trust instead of the
        /// system's (`sslrootcert` in the URL).
        public var rootCertificatePath: String?
        /// The time outbox leases are measured in; a test moves it to let leases run out.
        var clock: @Sendable () -> Date = { Date() }

        /// Creates a configuration; everything but the server's address has a default.
        public init(host: String = "127.0.0.1", port: Int = 5432, unixSocketPath: String? = nil,
                    username: String = "postgres", password: String? = nil, database: String = "postgres",
                    schema: String? = nil, applicationName: String = "linli", poolSize: Int = 8, connectTimeout: TimeInterval = 2, checkoutTimeout: TimeInterval = 3,
                    outboxLease: TimeInterval = 60, tls: TLSMode? = nil, rootCertificatePath: String? = nil) {
            self.host = host
            self.port = port
            self.unixSocketPath = unixSocketPath
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.applicationName = applicationName
            self.poolSize = poolSize
            self.connectTimeout = connectTimeout
            self.checkoutTimeout = checkoutTimeout
            self.outboxLease = outboxLease
            self.tls = tls ?? TLSMode.defaultMode(host: host, unixSocketPath: unixSocketPath)
            self.rootCertificatePath = rootCertificatePath
        }

        /// Reads a `database.url`: `postgres://user:pass@host:port/db` or `postgresql://…`;
        /// `?host=/socket/dir` connects through the Unix socket in that folder instead,
        /// `?schema=NAME` keeps the tables in schema NAME, `?sslmode=` is one of `TLSMode`
        /// (by default `disable` to loopback hosts and sockets, `require` to any other) and
        /// `?sslrootcert=FILE` names the authorities that `verify-ca`/`verify-full` trust.
        ///
        /// - Throws: `CoreError(.storeFailure)` naming the URL, without its password, when it
        ///   is not a PostgreSQL URL.
        public init(url: String, poolSize: Int = 8) throws {
            guard let components = URLComponents(string: url),
                  let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
                throw CoreError(.storeFailure,
                                "database URL \(Redaction.databaseURL(url)) is not a PostgreSQL URL (postgres://user:pass@host:port/db)")
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
            if let schema = components.queryItems?.first(where: { $0.name == "schema" })?.value {
                guard Self.isPlainIdentifier(schema) else {
                    throw CoreError(.storeFailure, "database URL schema \(schema) must be lower-case letters, digits and _")
                }
                self.schema = schema
            }
            let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
            tls = try sslmode.map(TLSMode.parse) ?? TLSMode.defaultMode(host: host, unixSocketPath: unixSocketPath)
            rootCertificatePath = components.queryItems?.first(where: { $0.name == "sslrootcert" })?.value
            guard poolSize > 0 else {
                throw CoreError(.storeFailure, "database pool size \(poolSize) must be at least 1")
            }
        }

        /// Whether `name` can stand in SQL unquoted (it is put there as an identifier, which
        /// cannot be a bound parameter).
        static func isPlainIdentifier(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63,
                  first == "_" || ("a"..."z").contains(first) else { return false }
            return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }

        /// `host:port/db` (or the socket path), for messages: never the password.
        public var endpoint: String {
            "\(unixSocketPath ?? "\(host):\(port)")/\(database)"
        }

        /// PostgresNIO's settings for one connection (a Unix socket is never encrypted: nothing
        /// crosses a network).
        ///
        /// - Throws: `CoreError(.storeFailure)` when TLS cannot be set up.
        func connection() throws -> PostgresConnection.Configuration {
            var configuration: PostgresConnection.Configuration
            if let unixSocketPath {
                configuration = .init(unixSocketPath: unixSocketPath, username: username, password: password, database: database)
            } else {
                configuration = .init(host: host, port: port, username: username, password: password, database: database,
                                      tls: try PostgresStore.tls(tls, rootCertificatePath: rootCertificatePath))
            }
            configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
            configuration.options.additionalStartupParameters = [("application_name", applicationName)]
            if let schema { configuration.options.additionalStartupParameters.append(("search_path", schema)) }
            return configuration
        }
    }
}
