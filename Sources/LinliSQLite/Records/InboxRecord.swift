import Foundation
import GRDB
import LinliCore

/// A row of `inbox`: an inbound message already handled, with the replies it got, so that a
/// gateway's retry gets the same answer without being handled twice.
struct InboxRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "inbox"

    /// The gateway's message key (`wechat:MSGID`).
    var key: String
    /// The replies, as a JSON array of strings.
    var replies: String
    /// When it was handled, Unix milliseconds.
    var handledAt: Int64

    enum CodingKeys: String, CodingKey {
        case key, replies
        case handledAt = "handled_at"
    }

    init(key: String, replies: [String], handledAt: Date) throws {
        self.key = key
        self.replies = try StoredJSON.encode(replies)
        self.handledAt = handledAt.millisecondsSince1970
    }

    func decodedReplies() throws -> [String] {
        try StoredJSON.decode([String].self, from: replies)
    }
}
