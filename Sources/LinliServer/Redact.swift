import LinliCore

/// Shortened identifiers for logs at info level and above.
enum Redact {
    /// The channel and the first few characters of the channel's id: enough to follow one
    /// user through a log, not enough to contact them.
    static func user(_ userID: String) -> String {
        // The stores shorten ids in their errors the same way.
        Redaction.user(userID)
    }
}
