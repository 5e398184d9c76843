import Foundation
import GRDB
import LinliCore

/// A row of `outbox`: a message waiting for delivery, or the record of its delivery.
struct OutboxRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "outbox"

    /// Assigned by SQLite, increasing, so delivery follows the order messages were written.
    var id: Int64?
    var recipient: String
    var text: String
    /// Unix milliseconds.
    var createdAt: Int64
    /// An `OutboxEntry.State` raw value.
    var state: String
    var attempts: Int
    var lastError: String?
    /// Unix milliseconds, set when delivered.
    var deliveredAt: Int64?
    /// The staff member to tell if the row cannot be delivered (migration v3).
    var origin: String?
    /// The `RequestNotice` it carries, as stored JSON (migration outbox-notice).
    var notice: String?

    enum CodingKeys: String, CodingKey {
        case id, recipient, text, state, attempts, origin, notice
        case createdAt = "created_at"
        case lastError = "last_error"
        case deliveredAt = "delivered_at"
    }

    init(_ message: OutboundMessage, createdAt: Date) {
        id = nil
        recipient = message.recipient
        text = message.text
        self.createdAt = createdAt.millisecondsSince1970
        state = OutboxEntry.State.pending.rawValue
        attempts = 0
        lastError = nil
        deliveredAt = nil
        origin = message.origin
        notice = message.notice?.stored
    }

    func entry() throws -> OutboxEntry {
        guard let id else {
            throw CoreError(.storeFailure, "outbox row for \(recipient) was read without an id")
        }
        guard let state = OutboxEntry.State(rawValue: state) else {
            throw CoreError(.storeFailure, "outbox row \(id) has unknown state \(state)")
        }
        return OutboxEntry(id: id, message: OutboundMessage(recipient: recipient, text: text, origin: origin,
                                                            notice: RequestNotice(stored: notice)),
                           createdAt: Date(millisecondsSince1970: createdAt), state: state,
                           attempts: attempts, lastError: lastError)
    }
}
