import Foundation
import LinliCore
@testable import LinliPostgres
@testable import LinliSQLite
import PostgresNIO
import Testing

/// Store errors and messages name neither a database password nor a whole user id.
@Suite("Redaction in store errors")
struct RedactionTests {
    @Test(arguments: [
        ("postgress://linli:Sup3rSecret@127.0.0.1:1/linli", "postgress://linli:***@127.0.0.1:1/linli"),
        ("postgres://linli:Sup3rSecret@db.internal/linli?sslmode=require", "postgres://linli:***@db.internal/linli?sslmode=require"),
        ("postgres://linli:Sup/3r@Secret@db/linli", "postgres://linli:***@db/linli"),
        ("postgres://linli@db/linli?password=Sup3rSecret&sslmode=require", "postgres://linli@db/linli?password=***&sslmode=require"),
        ("postgres://db/linli", "postgres://db/linli"),
        ("sqlite:linli.sqlite", "sqlite:linli.sqlite"),
    ])
    func databaseURLsLoseTheirPassword(url: String, redacted: String) {
        #expect(Redaction.databaseURL(url) == redacted)
    }

    @Test func aMisspeltURLDoesNotShowItsPassword() throws {
        let url = "postgress://linli:Sup3rSecret@127.0.0.1:1/linli"
        let postgres = try #require(throws: CoreError.self) { try PostgresStore.Configuration(url: url) }
        #expect(!postgres.message.contains("Sup3rSecret"))
        #expect(postgres.message.contains("postgress://linli:***@127.0.0.1:1/linli"))
        let sqlite = try #require(throws: CoreError.self) { try SQLiteStore(url: url) }
        #expect(!sqlite.message.contains("Sup3rSecret"))
        #expect(sqlite.message.contains("postgress://linli:***@"))
    }

    static let openID = "wechat:o6_bmjrPTlm6_2sgVt7hMZOPfL2M"

    @Test(arguments: Backend.all)
    func anUnknownRequestErrorShortensTheFollower(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let error = try #require(throws: CoreError.self) {
                    try store.write { try $0.addFollower(Self.openID, toRequest: 404) }
                }
                #expect(error.code == .unknownRequest)
                #expect(error.message.contains("wechat:o6_b…"))
                #expect(!error.message.contains(Self.openID))
            }
        }
    }

    /// (SQLite's side is in LinliSQLiteTests, which can write the database directly.)
    @Test(arguments: Backend.postgresOnly)
    func aConversationThatCannotBeReadIsNamedShortened(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let store = try database.open()
                try store.write { try $0.save(Conversation(userID: Self.openID, updatedAt: t0)) }
                _ = try PostgresAdmin.withConnection(schema: database.postgresName) { connection in
                    try connection.query("UPDATE conversation SET state = 'not json'", logger: PostgresAdmin.logger).wait()
                }
                let error = try #require(throws: CoreError.self) {
                    try store.read { try $0.conversation(for: Self.openID) }
                }
                #expect(error.code == .storeFailure)
                #expect(error.message.contains("conversation of wechat:o6_b…"))
                #expect(!error.message.contains(Self.openID))
            }
        }
    }

    @Test func heldWritesNameTheirUsersShortened() {
        let held = HeldWrites()
        held.save(HeldWrites.SavedConversation(userID: Self.openID, state: "{}", updatedAt: t0))
        held.enqueue(OutboundMessage(recipient: Self.openID, text: "您好"), at: t0)
        let context = held.take().map(\.context).joined()
        #expect(context.contains("wechat:o6_b…"))
        #expect(!context.contains(Self.openID))
    }
}
