import Foundation
import GRDB
import LinliCore

/// A row of `conversation`: one user's `Conversation`, kept whole as JSON because only the
/// engine reads it, always by user id.
struct ConversationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "conversation"

    /// The channel-qualified user id.
    var userID: String
    /// The `Conversation` as JSON.
    var state: String
    /// When the user last wrote, Unix milliseconds; a column so that expiry can be swept by SQL.
    var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case state
        case updatedAt = "updated_at"
    }

    init(_ conversation: Conversation) throws {
        userID = conversation.userID
        state = try StoredJSON.encode(conversation)
        updatedAt = conversation.updatedAt.millisecondsSince1970
    }

    func conversation() throws -> Conversation {
        try StoredJSON.decode(Conversation.self, from: state)
    }
}
