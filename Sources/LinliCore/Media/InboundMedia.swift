/// A photo, voice message, video or file a user sent, as the platform names it: linli keeps
/// the reference in the message and fetches the bytes later (`MediaJob`).
public struct InboundMedia: Sendable, Equatable, Codable {
    /// What kind of media it is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case image, voice, video, file
    }

    /// The kind.
    public var kind: Kind
    /// The platform's media id, for `media/get`.
    public var mediaID: String
    /// The platform's own URL of the picture, when it gave one (WeChat's `PicUrl`).
    public var url: String?
    /// The platform's speech recognition of a voice message, when the account has it on.
    public var recognition: String?

    /// Creates a reference.
    public init(kind: Kind, mediaID: String, url: String? = nil, recognition: String? = nil) {
        self.kind = kind
        self.mediaID = mediaID
        self.url = url
        self.recognition = recognition
    }

    /// The recognised words, when there are any besides blanks.
    public var spokenText: String? {
        guard let recognition, !recognition.allSatisfy(\.isWhitespace) else { return nil }
        return recognition
    }
}
