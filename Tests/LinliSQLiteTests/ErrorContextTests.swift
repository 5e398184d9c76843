import Foundation
import GRDB
import LinliCore
@testable import LinliSQLite
import Testing

/// Store errors end up in logs: they name users by a shortened id only.
@Suite("SQLite error contexts")
struct ErrorContextTests {
    static let openID = "wechat:o6_bmjrPTlm6_2sgVt7hMZOPfL2M"

    @Test func aConversationThatCannotBeReadIsNamedShortened() throws {
        let store = try memoryStore()
        try store.write { try $0.save(Conversation(userID: Self.openID, updatedAt: t0)) }
        try store.queue.write { try $0.execute(sql: "UPDATE conversation SET state = 'not json'") }
        let error = try #require(throws: CoreError.self) {
            try store.read { try $0.conversation(for: Self.openID) }
        }
        #expect(error.code == .storeFailure)
        #expect(error.message.contains("conversation of wechat:o6_b…"))
        #expect(!error.message.contains(Self.openID))
    }

    @Test func aMessageThatCannotBeQueuedNamesItsRecipientShortened() throws {
        let store = try memoryStore()
        // A trigger stands in for a disk error: the insert fails inside the database.
        try store.queue.write { try $0.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'refused'); END") }
        let error = try #require(throws: CoreError.self) {
            try store.write { try $0.enqueue(OutboundMessage(recipient: Self.openID, text: "您好"), at: t0) }
        }
        #expect(error.message.contains("queueing a message for wechat:o6_b…"))
        #expect(!error.message.contains(Self.openID))
    }
}
