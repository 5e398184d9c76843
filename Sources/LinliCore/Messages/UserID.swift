/// Who a message is from or for: the channel it travels on and the id that channel gives
/// the user, written `channel:id` (`wechat:OPENID`, `wecom:USERID`, `webhook:ID`, `repl:NAME`).
///
/// Built once where a message enters (a gateway, the REPL) and checked there: at most
/// ``maxBytes`` bytes of id and no control characters, since ids become database keys, rate
/// limiter keys and log fields. Two ids are equal when their bytes are: Swift's `String ==`
/// is canonical equivalence, under which a look-alike spelling of a staff id (a KELVIN SIGN
/// for K) would act as that staff member.
public struct UserID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The longest channel id accepted, in UTF-8 bytes; the platforms' ids are at most 64.
    public static let maxBytes = 128

    /// The channel: lower-case ASCII letters (`wechat`, `wecom`, `webhook`, `repl`).
    public let channel: String
    /// The channel's id of the user.
    public let id: String

    /// A checked id.
    ///
    /// - Throws: `CoreError(.invalidUserID)` naming the fault, without the id itself when
    ///   it is too long to log.
    public init(channel: String, id: String) throws(CoreError) {
        guard !channel.isEmpty, channel.utf8.count <= 16, channel.utf8.allSatisfy({ (0x61...0x7A).contains($0) }) else {
            throw CoreError(.invalidUserID, "the channel of a user id must be lower-case letters, not '\(channel.prefix(16))'")
        }
        guard !id.isEmpty else { throw CoreError(.invalidUserID, "a \(channel) user id is empty") }
        guard id.utf8.count <= Self.maxBytes else {
            throw CoreError(.invalidUserID, "a \(channel) user id is \(id.utf8.count) bytes, over \(Self.maxBytes)")
        }
        guard id.unicodeScalars.allSatisfy(Self.isAllowed) else {
            throw CoreError(.invalidUserID, "a \(channel) user id holds a control character")
        }
        self.channel = channel
        self.id = id
        // Kept rather than joined on each use: the engine reads it many times a message.
        self.rawValue = "\(channel):\(id)"
    }

    /// The id written `channel:id`, as configuration and the store keep it.
    public init(_ rawValue: String) throws(CoreError) {
        guard let colon = rawValue.firstIndex(of: ":") else {
            throw CoreError(.invalidUserID, "'\(rawValue.prefix(40))' is not a channel-qualified user id (wechat:…, repl:…)")
        }
        try self.init(channel: String(rawValue[..<colon]), id: String(rawValue[rawValue.index(after: colon)...]))
    }

    /// Whether an id may hold `scalar`: anything but a control character (C0, DEL, C1).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }

    /// `channel:id`, as configuration and the store keep it.
    public let rawValue: String

    public var description: String { rawValue }

    /// The channel and the first few characters of the id: enough to follow one user
    /// through a log, not enough to contact them.
    public var redacted: String { Redaction.user(rawValue) }

    /// The key under which the store records message `messageID` from this user as
    /// handled. The id is length-prefixed, so no choice of ids makes two different pairs
    /// meet in one key, and one user's message id can never answer another's message.
    public func dedupeKey(messageID: String) -> String {
        Self.dedupeKeyPrefix(of: rawValue) + messageID
    }

    /// The start shared by every dedupe key of the user written `rawUserID`, and by no other
    /// user's: the length prefix fixes where the user id ends. Erasing a user finds their
    /// dedupe rows by it.
    public static func dedupeKeyPrefix(of rawUserID: String) -> String {
        "\(rawUserID.utf8.count):\(rawUserID)|"
    }

    public static func == (lhs: UserID, rhs: UserID) -> Bool {
        lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(byte) }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
