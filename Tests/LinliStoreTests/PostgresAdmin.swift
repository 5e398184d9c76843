import Foundation
import PostgresNIO

/// Creates and drops the per-test databases on the server `LINLI_TEST_POSTGRES_URL` names.
enum PostgresAdmin {
    static let logger = Logger(label: "linli.tests.postgres-admin")

    /// The admin URL; only called when the environment sets it.
    static var adminURL: String { Backend.postgresURL! }

    /// The URL of database `name` on the test server.
    static func url(database name: String) -> String {
        var components = URLComponents(string: adminURL)!
        components.path = "/\(name)"
        components.query = nil
        return components.string!
    }

    /// Runs `sql` (which binds nothing) on the admin database and returns its rows.
    @discardableResult
    static func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        let components = URLComponents(string: adminURL)!
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()).isEmpty ? "postgres" : String(components.path.dropFirst()),
            tls: .disable)
        let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(),
                                                        configuration: configuration, id: 0, logger: logger).wait()
        defer { try? connection.close().wait() }
        return try connection.query(query, logger: logger).wait().rows
    }

    /// Creates an empty database with a random name and returns the name.
    static func createDatabase() throws -> String {
        let name = "linli_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        // Identifiers cannot be bound; the name is made here of hex digits only.
        try run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        return name
    }

    /// Drops database `name`, ending its sessions.
    static func dropDatabase(_ name: String) {
        _ = try? run(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }

    /// Ends every other session on database `name`, as a server restart would.
    static func terminateSessions(on name: String) throws -> Int {
        try run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(name) AND pid <> pg_backend_pid()").count
    }
}
