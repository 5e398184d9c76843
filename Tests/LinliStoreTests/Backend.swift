import Foundation
import LinliCore
@testable import LinliPostgres
@testable import LinliSQLite
import Testing

/// A store the shared tests can also look inside (row counts, delivered rows).
protocol TestableStore: Store {
    func counts() throws -> (inbox: Int, conversations: Int, requests: Int, events: Int, outbox: Int)
    func outboxRow(_ id: Int64) throws -> (entry: OutboxEntry, deliveredAt: Date?)?
    func requestBody(_ number: Int) throws -> String?
    /// Lets go of the database (connections), so that it can be dropped.
    func closeForTest()
}

extension SQLiteStore: TestableStore {
    func closeForTest() {}
}

extension PostgresStore: TestableStore {
    func closeForTest() { close() }
}

/// A kind of store every behaviour test runs against.
enum Backend: String, Sendable, CustomTestStringConvertible {
    /// SQLite in memory: one store per database, never reopened.
    case sqliteMemory
    /// SQLite on a file in a temporary directory.
    case sqliteFile
    /// PostgreSQL, a fresh schema per test on the server `LINLI_TEST_POSTGRES_URL` names.
    case postgres

    /// The admin URL of the test server, when the environment names one.
    static let postgresURL: String? = ProcessInfo.processInfo.environment["LINLI_TEST_POSTGRES_URL"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// Every backend available here: both SQLite kinds always, PostgreSQL when configured.
    static let all: [Backend] = [.sqliteMemory, .sqliteFile] + (postgresURL == nil ? [] : [.postgres])
    /// The backends whose database outlives a store, for restart tests.
    static let durable: [Backend] = all.filter { $0 != .sqliteMemory }
    /// PostgreSQL alone, when configured (else no case runs).
    static let postgresOnly: [Backend] = all.filter { $0 == .postgres }

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty database of this kind, removed afterwards.
    func withDatabase<T>(_ body: (TestDatabase) throws -> T) throws -> T {
        let database = try TestDatabase(self)
        defer { database.remove() }
        return try body(database)
    }

    /// Runs async `body` with a fresh, empty database of this kind, made and removed on
    /// `StoreTestThreads`.
    func withDatabase<T>(async body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await blocking { try TestDatabase(self) }
        do {
            let result = try await body(database)
            try await blocking { database.remove() }
            return result
        } catch {
            try? await blocking { database.remove() }
            throw error
        }
    }

    /// Runs `body` with a store on a fresh, empty database of this kind.
    func withStore<T>(_ body: (any TestableStore) throws -> T) throws -> T {
        try withDatabase { database in try body(try database.open()) }
    }
}

/// One empty database for one test; `open` gives stores on it (a new one each time, but
/// for SQLite in memory, which cannot be reopened).
final class TestDatabase {
    let backend: Backend
    private var directory: URL?
    private(set) var postgresName: String?
    private var opened: [any TestableStore] = []

    init(_ backend: Backend) throws {
        self.backend = backend
        switch backend {
        case .sqliteMemory:
            break
        case .sqliteFile:
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("linli-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            directory = url
        case .postgres:
            postgresName = try PostgresAdmin.createSchema()
        }
    }

    /// The `database.url` of this database (PostgreSQL only: its own schema).
    var postgresURL: String? { postgresName.map(PostgresAdmin.url(schema:)) }

    /// A store on this database.
    func open() throws -> any TestableStore {
        let store: any TestableStore
        switch backend {
        case .sqliteMemory:
            if let first = opened.first { return first }
            store = try SQLiteStore(url: "sqlite::memory:")
        case .sqliteFile:
            store = try SQLiteStore(url: "sqlite:\(directory!.appendingPathComponent("linli.sqlite").path)")
        case .postgres:
            store = try openPostgres()
        }
        opened.append(store)
        return store
    }

    /// A `PostgresStore` on this database with `configure` applied to its configuration;
    /// its sessions are named after the schema, so that a test can end them.
    func openPostgres(_ configure: (inout PostgresStore.Configuration) -> Void = { _ in }) throws -> PostgresStore {
        var configuration = try PostgresStore.Configuration(url: postgresURL!)
        configuration.applicationName = postgresName!
        configure(&configuration)
        let store = try PostgresStore(configuration: configuration)
        opened.append(store)
        return store
    }

    /// Closes the stores and removes the database.
    func remove() {
        for store in opened { store.closeForTest() }
        opened = []
        if let directory { try? FileManager.default.removeItem(at: directory) }
        if let postgresName { PostgresAdmin.dropSchema(postgresName) }
    }
}
