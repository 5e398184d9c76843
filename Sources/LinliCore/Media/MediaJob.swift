import Foundation

/// A download owed: the media behind one attachment, to be fetched from its platform and
/// stored before the platform forgets it (WeChat keeps temporary media three days).
public struct MediaJob: Sendable, Equatable {
    /// Where a job stands.
    public enum State: String, Sendable, Codable {
        /// Waiting for its (next) attempt.
        case pending
        /// Fetched and stored: `media` names the stored bytes.
        case stored
        /// Never to be fetched: the platform no longer has it, or it broke a rule (size, type).
        case lost
    }

    /// The job's id, given by the store (0 before it is queued).
    public var id: Int64
    /// The platform the media lives on (`wechat`, `wecom`).
    public var channel: String
    /// The user who sent it (`wechat:OPENID`).
    public var user: String
    /// The media as the message named it.
    public var media: InboundMedia
    /// The attachment text it was kept under on the form or request, as `详情` finds it.
    public var attachment: String
    /// Where the job stands.
    public var state: State
    /// How many attempts failed so far.
    public var attempts: Int
    /// The request this photo is the closing evidence of (a staff member's photo after
    /// 办结 N): its residents are told once it is stored.
    public var closing: Int?
    /// The stored media's id once `stored`.
    public var storedMedia: Int64?
    /// Why the last attempt failed, or why the job is lost; never a secret.
    public var error: String?
    /// When the job was queued.
    public var createdAt: Date

    /// Creates a job; a new one is `pending` with no attempts.
    public init(id: Int64 = 0, channel: String, user: String, media: InboundMedia, attachment: String, closing: Int? = nil,
                state: State = .pending, attempts: Int = 0, storedMedia: Int64? = nil, error: String? = nil, createdAt: Date) {
        self.id = id
        self.channel = channel
        self.user = user
        self.media = media
        self.attachment = attachment
        self.closing = closing
        self.state = state
        self.attempts = attempts
        self.storedMedia = storedMedia
        self.error = error
        self.createdAt = createdAt
    }

    /// How an attempt ended, as the store records it.
    public enum Settlement: Sendable, Equatable {
        /// Stored as media `id`.
        case stored(Int64)
        /// Never to be fetched, and why.
        case lost(String)
        /// Try again at `at`, and why this attempt failed.
        case retry(String, at: Date)
    }
}
