import Foundation
import LinliCore
import PostgresNIO
@testable import LinliPostgres
import Synchronization
import Testing

/// URLs, unreachable servers, lost connections.
@Suite("PostgreSQL: URLs and connections")
struct PostgresConnectionTests {
    @Test func urlsNameServerRoleAndDatabase() async throws {
        try await blocking {
            let full = try PostgresStore.Configuration(url: "postgresql://linli:s%40cret@db.example:6543/linli_prod", poolSize: 3)
            #expect(full.host == "db.example")
            #expect(full.port == 6543)
            #expect(full.username == "linli")
            #expect(full.password == "s@cret")
            #expect(full.database == "linli_prod")
            #expect(full.poolSize == 3)
            #expect(full.endpoint == "db.example:6543/linli_prod")

            let short = try PostgresStore.Configuration(url: "postgres://postgres@127.0.0.1/x")
            #expect(short.port == 5432 && short.password == nil && short.poolSize == 8)

            let socket = try PostgresStore.Configuration(url: "postgres://postgres@/linli?host=/tmp/pg")
            #expect(socket.unixSocketPath == "/tmp/pg/.s.PGSQL.5432")
        }
    }

    @Test(arguments: ["sqlite:linli.sqlite", "mysql://u:secret@h/db", "postgres-ish", ""])
    func otherURLsAreRefusedWithoutTheirPassword(url: String) async throws {
        try await blocking {
            let error = try #require(throws: CoreError.self) { try PostgresStore.Configuration(url: url) }
            #expect(error.code == .storeFailure)
            #expect(error.message.contains("is not a PostgreSQL URL"))
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func aPoolOfNoConnectionsIsRefused() async throws {
        try await blocking {
            let error = try #require(throws: CoreError.self) {
                try PostgresStore.Configuration(url: "postgres://postgres@127.0.0.1/x", poolSize: 0)
            }
            #expect(error.message.contains("pool size 0"))
        }
    }

    @Test func anUnreachableServerFailsFastAndClearly() async throws {
        try await blocking {
            let started = Date()
            let error = try #require(throws: CoreError.self) {
                try PostgresStore(url: "postgres://linli:hunter2@127.0.0.1:1/linli")
            }
            #expect(Date().timeIntervalSince(started) < 6)
            #expect(error.code == .storeFailure)
            #expect(error.message.hasPrefix("cannot connect to PostgreSQL at 127.0.0.1:1/linli: "))
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func theStoreReconnectsAfterItsSessionsAreKilled(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres { $0.poolSize = 4 }
                // Open several connections, so that several die.
                onThreads(4) { _ in _ = try? store.write { try $0.nextRequestNumber() } }
                let killed = try PostgresAdmin.terminateSessions(application: database.postgresName!)
                #expect(killed >= 1)
                Thread.sleep(forTimeInterval: 0.2)
                // The next call may fail (as a store failure), the one after must work.
                do {
                    try store.ping()
                } catch let error as CoreError {
                    #expect(error.code == .storeFailure)
                }
                let started = Date()
                try store.ping()
                let number = try store.write { tx in
                    let number = try tx.nextRequestNumber()
                    try tx.save(sampleRequest(number))
                    return number
                }
                #expect(try store.read { try $0.request(number: number) } != nil)
                #expect(Date().timeIntervalSince(started) < 5)
            }
        }
    }

    /// A failover or `pg_terminate_backend` ends the session in the middle of a
    /// transaction whose body then fails: the rollback must give up on the dead connection
    /// (and the pool replace it), not wait for an answer that never comes.
    @Test(arguments: Backend.postgresOnly)
    func aTransactionWhoseSessionIsKilledMidwayFailsInsteadOfHanging(backend: Backend) async throws {
        struct BodyFailure: Error {}
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres { $0.poolSize = 1 }
                let application = database.postgresName!
                let finished = DispatchSemaphore(value: 0)
                let outcome = Mutex<(any Error)?>(nil)
                Thread.detachNewThread {
                    do {
                        try store.write { tx in
                            _ = try tx.nextRequestNumber()
                            _ = try PostgresAdmin.terminateSessions(application: application)
                            Thread.sleep(forTimeInterval: 0.2)
                            throw BodyFailure()
                        }
                    } catch {
                        outcome.withLock { $0 = error }
                    }
                    finished.signal()
                }
                let ended = finished.wait(timeout: .now() + 20) == .success
                #expect(ended, "the transaction's rollback hung on the killed session")
                guard ended else { return }
                #expect(outcome.withLock { $0 } is BodyFailure)
                // The pool's one connection was dead; the next write gets a new one.
                let number = try store.write { try $0.nextRequestNumber() }
                #expect(number >= 1)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func databaseErrorsCarryTheServersMessage(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                let error = try #require(throws: CoreError.self) {
                    try store.read { try $0.save(Conversation(userID: "wechat:alice", updatedAt: t0)) }
                }
                #expect(error.code == .storeFailure)
                #expect(error.message.hasPrefix("saving conversation of wechat:alic…: "))
                #expect(error.message.contains("read-only transaction"))
            }
        }
    }

    /// Writes are held back and sent without waiting; one that fails (here a trigger refuses
    /// it, as a full disk might) must still fail the whole transaction, with its own
    /// context, and keep nothing of it: neither what went in a statement before it nor what
    /// went with it. A read after it reports it, before running.
    @Test(arguments: Backend.postgresOnly)
    func aFailedWriteSentWithoutWaitingFailsTheWholeTransaction(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                _ = try PostgresAdmin.withConnection(schema: database.postgresName) { connection in
                    try connection.query("""
                        CREATE FUNCTION refuse_nul() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF NEW.text LIKE '%\u{FFFD}%' THEN RAISE EXCEPTION 'refused: text with a replaced NUL'; END IF;
                            RETURN NEW;
                        END $$
                        """, logger: PostgresAdmin.logger).wait()
                    try connection.query("CREATE TRIGGER refuse_nul BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_nul()",
                                         logger: PostgresAdmin.logger).wait()
                }
                let error = try #require(throws: CoreError.self) {
                    try store.write { tx in
                        try tx.save(sampleRequest(1))
                        try tx.save(Conversation(userID: "wechat:before", updatedAt: t0))
                        try tx.enqueue(OutboundMessage(recipient: "wechat:nul", text: "a\u{0}b"), at: t0)
                        try tx.save(Conversation(userID: "wechat:after", updatedAt: t0))
                    }
                }
                #expect(error.code == .storeFailure)
                #expect(error.message.hasPrefix("saving ") && error.message.contains("a message for wechat:nul"))
                #expect(error.message.contains("refused: text with a replaced NUL"))
                let read = try #require(throws: CoreError.self) {
                    try store.write { tx in
                        try tx.enqueue(OutboundMessage(recipient: "wechat:nul", text: "a\u{0}b"), at: t0)
                        _ = try tx.events(since: nil)
                    }
                }
                #expect(read.message.contains("a message for wechat:nul"))
                let counts = try store.counts()
                #expect(counts.requests == 0 && counts.conversations == 0 && counts.outbox == 0)
                // The connection is usable again: the next transaction commits.
                try store.write { try $0.save(Conversation(userID: "wechat:next", updatedAt: t0)) }
                #expect(try store.read { try $0.conversation(for: "wechat:next") } != nil)
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func aClosedStoreRefusesCalls(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.openPostgres()
                store.close()
                let error = try #require(throws: CoreError.self) { try store.ping() }
                #expect(error.code == .storeFailure)
                #expect(error.message.contains("closed"))
            }
        }
    }
}
