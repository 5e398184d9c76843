import Foundation

/// What a message to a resident says about their request, kept beside its text in the
/// outbox: when the chat can no longer reach them (WeChat allows customer-service messages
/// only within 48 hours of their last message), the delivery service can say it again as a
/// 订阅通知, whose template has fields rather than free text.
public struct RequestNotice: Sendable, Codable, Equatable {
    /// The change the message tells of; each kind has its own template in the configuration.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Someone took the request (接单).
        case claimed
        /// Staff wrote to the resident (回复).
        case replied
        /// The request was done (办结).
        case resolved
        /// It was opened again.
        case reopened
        /// Its deadline was moved (延期).
        case deadlineMoved = "deadline_moved"
    }

    /// The change.
    public var kind: Kind
    /// The request's number.
    public var number: Int
    /// Words a template's fields are filled from, by name: `number`, `intent_name`, `status`,
    /// `staff_name`, `note`, `place`, `time` (the local time of the change), and for a moved
    /// deadline `due`.
    public var values: [String: String]

    /// Creates a notice.
    public init(kind: Kind, number: Int, values: [String: String]) {
        self.kind = kind
        self.number = number
        self.values = values
    }

    /// The notice as the stores keep it: JSON with sorted keys.
    public var stored: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A stored notice read back; nil for nil, and for text that is not one (a row written by
    /// a later version with a kind this one does not know is sent as plain text only).
    public init?(stored: String?) {
        guard let stored, let notice = try? JSONDecoder().decode(Self.self, from: Data(stored.utf8)) else { return nil }
        self = notice
    }
}
