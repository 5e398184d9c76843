import Foundation
import PostgresNIO

/// Creates and drops the per-test schemas on the server `LINLI_TEST_POSTGRES_URL` names.
///
/// A schema per test rather than a database: creating a database copies a template with
/// its fsyncs, and a hundred of those slow the whole test run down.
enum PostgresAdmin {
    static let logger = Logger(label: "linli.tests.postgres-admin")

    /// The admin URL; only called when the environment sets it.
    static var adminURL: String { Backend.postgresURL! }

    /// The URL of a store whose tables live in schema `name` of the admin database.
    static func url(schema name: String) -> String {
        var components = URLComponents(string: adminURL)!
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "schema", value: name)]
        return components.string!
    }

    /// Runs `query` on the admin database and returns its rows.
    @discardableResult
    static func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        try withConnection { connection in try connection.query(query, logger: logger).wait().rows }
    }

    /// Runs `body` on a new connection to the admin database, whose tables are those of
    /// `schema` when given.
    static func withConnection<T>(schema: String? = nil, _ body: (PostgresConnection) throws -> T) throws -> T {
        let components = URLComponents(string: adminURL)!
        var configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()).isEmpty ? "postgres" : String(components.path.dropFirst()),
            tls: .disable)
        if let schema { configuration.options.additionalStartupParameters.append(("search_path", schema)) }
        let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(),
                                                        configuration: configuration, id: 0, logger: logger).wait()
        defer { try? connection.close().wait() }
        return try body(connection)
    }

    /// Creates an empty schema with a random name and returns the name.
    static func createSchema() throws -> String {
        let name = "linli_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        // Identifiers cannot be bound; the name is made here of hex digits only.
        try run(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(name)"))
        return name
    }

    /// Drops schema `name` with everything in it.
    static func dropSchema(_ name: String) {
        _ = try? run(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE"))
    }

    /// Ends every session whose application name is `name`, as a server restart would.
    static func terminateSessions(application name: String) throws -> Int {
        try run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(name) AND pid <> pg_backend_pid()").count
    }
}
