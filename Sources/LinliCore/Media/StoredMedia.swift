import Foundation

/// Bytes linli keeps: a photo, recording, video or file, once per content (SHA-256).
public struct StoredMedia: Sendable, Equatable {
    /// The store's id, the one signed links name.
    public var id: Int64
    /// The SHA-256 of `bytes`, lower-case hex.
    public var sha256: String
    /// The content type the bytes were recognised as (`image/jpeg`).
    public var contentType: String
    /// The bytes.
    public var bytes: Data
    /// When they were first stored.
    public var createdAt: Date

    /// Creates a record.
    public init(id: Int64 = 0, sha256: String, contentType: String, bytes: Data, createdAt: Date) {
        self.id = id
        self.sha256 = sha256
        self.contentType = contentType
        self.bytes = bytes
        self.createdAt = createdAt
    }
}
